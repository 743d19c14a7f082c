import { useState } from 'react';
import type { z } from 'zod';
import { useFocusFirstInvalid } from './focus-invalid';
import { fieldErrors } from './zod-form';

/**
 * A form's field errors and where the focus goes after a refusal. `check` marks what the shared
 * schema refuses before anything is sent (main checks again with the same schema); `show` marks
 * the errors a failed call named. Either way the first invalid field gets the focus.
 */
export function useFormErrors() {
  const { ref, focusFirstInvalid } = useFocusFirstInvalid();
  const [errors, setErrors] = useState<Record<string, string>>({});
  /** True when there is nothing to mark. */
  const show = (e: Record<string, string>): boolean => {
    setErrors(e);
    const ok = Object.keys(e).length === 0;
    if (!ok) focusFirstInvalid();
    return ok;
  };
  return {
    formRef: ref,
    errors,
    setErrors,
    focusFirstInvalid,
    show,
    check: (schema: z.ZodType, input: unknown): boolean => show(fieldErrors(schema, input)),
  };
}
