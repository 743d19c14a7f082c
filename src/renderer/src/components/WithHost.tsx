import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { useHosts } from '../stores/hosts';
import { useUi } from '../stores/ui';

/** Renders its page for the selected host; picks the first host when none is selected. */
export function WithHost({ children }: { children: (host: string) => ReactNode }) {
  const { hosts, loaded } = useHosts();
  const host = useUi((s) => s.host);
  const selectHost = useUi((s) => s.selectHost);
  const go = useUi((s) => s.go);
  const valid = host && hosts.some((h) => h.name === host);
  useEffect(() => {
    if (loaded && !valid && hosts[0]) selectHost(hosts[0].name);
  }, [loaded, valid, hosts, selectHost]);
  if (!loaded)
    return (
      <Center h={200}>
        <Loader />
      </Center>
    );
  if (!hosts.length) {
    return (
      <Center h={300}>
        <Stack align="center">
          <Text c="dimmed">No PBX host yet.</Text>
          <Button onClick={() => go('hosts')}>Add a host</Button>
        </Stack>
      </Center>
    );
  }
  return valid ? <>{children(host)}</> : null;
}
