import { SegmentedControl } from '@mantine/core';
import { useSettings } from '../stores/settings';

/** "Auto" follows the system; the choice is kept in the settings file. */
export function ColorSchemeToggle() {
  const scheme = useSettings((s) => s.settings?.ui.colorScheme ?? 'auto');
  const patch = useSettings((s) => s.patch);
  return (
    <SegmentedControl
      size="xs"
      aria-label="Colour scheme"
      value={scheme}
      onChange={(v) => void patch({ ui: { colorScheme: v as 'auto' | 'light' | 'dark' } })}
      data={[
        { value: 'auto', label: 'Auto' },
        { value: 'light', label: 'Light' },
        { value: 'dark', label: 'Dark' },
      ]}
    />
  );
}
