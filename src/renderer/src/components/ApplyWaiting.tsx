import { Alert, Loader, Portal, Stack } from '@mantine/core';
import { useEffect, useState } from 'react';
import { elapsedText, useApplyProgress } from '../stores/apply-progress';

/**
 * Changes waiting for someone else's reload, one line per host with the time waited so far.
 * Above every drawer and modal: the change was started from one of them and is still running.
 */
export function ApplyWaiting() {
  const byHost = useApplyProgress((s) => s.byHost);
  const hosts = Object.keys(byHost).sort();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (hosts.length === 0) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [hosts.length]);
  if (hosts.length === 0) return null;
  return (
    <Portal>
      <Stack
        gap="xs"
        // Top centre: error notices sit bottom-left, drawers' buttons bottom-right.
        style={{
          position: 'fixed',
          top: 64,
          left: '50%',
          transform: 'translateX(-50%)',
          zIndex: 1000,
          maxWidth: 520,
        }}
      >
        {hosts.map((host) => {
          const w = byHost[host]!;
          return (
            <Alert
              key={host}
              color="yellow"
              variant="filled"
              icon={<Loader size="xs" color="white" />}
              data-testid="apply-waiting"
              data-host={host}
            >
              {w.message} — {elapsedText(now - w.since)}; the change goes on by itself once it ends
            </Alert>
          );
        })}
      </Stack>
    </Portal>
  );
}
