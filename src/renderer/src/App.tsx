import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { wireLive } from './api/live-wiring';
import { ApplyWaiting } from './components/ApplyWaiting';
import { AppFrame } from './shell/AppFrame';
import { useHosts } from './stores/hosts';
import { useSettings } from './stores/settings';

const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SF Mono", "Cascadia Mono", "DejaVu Sans Mono", monospace',
});

export function App() {
  const scheme = useSettings((s) => s.settings?.ui.colorScheme ?? 'auto');
  useEffect(() => {
    const off = wireLive();
    void useSettings.getState().load();
    void useHosts.getState().load();
    return off;
  }, []);
  return (
    // "auto" follows the system's light/dark setting, live.
    <MantineProvider
      theme={theme}
      defaultColorScheme="auto"
      forceColorScheme={scheme === 'auto' ? undefined : scheme}
    >
      {/* Bottom left: drawers open on the right and forms put their buttons right-aligned, so a
          notice never covers the button the admin is about to press. */}
      <Notifications position="bottom-left" limit={3} pauseResetOnHover="notification" />
      <AppFrame />
      <ApplyWaiting />
    </MantineProvider>
  );
}
