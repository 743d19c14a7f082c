import { useEffect, useRef, useState } from 'react';

/**
 * After a refused submit, the first field marked invalid (Mantine sets `aria-invalid`) gets the
 * focus and is scrolled into view: in a long drawer the error may be far above the button the
 * admin pressed. Only on submit, never while typing (that would pull the cursor away).
 */
export function useFocusFirstInvalid<T extends HTMLElement = HTMLFormElement>() {
  const ref = useRef<T>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!attempt) return;
    const el =
      ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      ref.current?.querySelector<HTMLElement>('[data-form-error]');
    if (!el) return;
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'center' });
  }, [attempt]);
  return { ref, focusFirstInvalid: () => setAttempt((n) => n + 1) };
}
