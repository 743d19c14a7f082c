import { AppShell, Divider, Group, NavLink, ScrollArea, Text } from '@mantine/core';
import { hostHealth, hostStateLabel } from '../../../shared/fleet-health';
import { StatusDot } from '../components/StatusDot';
import { useBridge } from '../stores/bridge';
import { useHosts } from '../stores/hosts';
import { type Page, useUi } from '../stores/ui';

const LINKS: Array<{ page: Page; label: string }> = [
  { page: 'hosts', label: 'Hosts' },
  { page: 'extensions', label: 'Extensions' },
  { page: 'import', label: 'Import' },
  { page: 'trunks', label: 'Trunks' },
  { page: 'nat', label: 'NAT & transport' },
  { page: 'events', label: 'Live events' },
  { page: 'calls', label: 'Calls' },
  { page: 'history', label: 'History' },
  { page: 'audit', label: 'Audit' },
  { page: 'diagnostics', label: 'Diagnostics' },
];

export function Navbar() {
  const { page, host, go, selectHost } = useUi();
  const hosts = useHosts((s) => s.hosts);
  // Without the link to the core no host state is current: grey, not its last colour.
  const bridgeUp = useBridge((s) => s.connected);
  return (
    <>
      <AppShell.Section>
        {LINKS.map((l) => (
          <NavLink
            key={l.page}
            component="button"
            label={l.label}
            active={page === l.page}
            onClick={() => go(l.page)}
            data-testid={`nav-${l.page}`}
          />
        ))}
      </AppShell.Section>
      <Divider my="sm" label="Hosts" labelPosition="left" />
      <AppShell.Section grow component={ScrollArea}>
        {hosts.length === 0 ? (
          <Text size="sm" c="dimmed" px="sm">
            No hosts yet
          </Text>
        ) : null}
        {hosts.map((h) => (
          <NavLink
            key={h.name}
            component="button"
            active={host === h.name}
            variant="light"
            data-testid={`nav-host-${h.name}`}
            onClick={() => {
              selectHost(h.name);
              if (page === 'hosts') go('extensions', h.name);
            }}
            label={
              <Group gap={8} wrap="nowrap">
                <StatusDot status={bridgeUp ? hostHealth(h.state) : 'unknown'} />
                <Text size="sm" truncate>
                  {h.name}
                </Text>
              </Group>
            }
            description={
              !bridgeUp ? (
                <Text size="xs" c="dimmed" truncate>
                  unknown — connection to the app lost
                </Text>
              ) : (
                <Text
                  size="xs"
                  c={h.state.error ? 'red.6' : 'dimmed'}
                  truncate
                  title={h.state.error ?? undefined}
                >
                  {h.state.error
                    ? `${hostStateLabel(h.state)}: ${h.state.error}`
                    : hostStateLabel(h.state)}
                </Text>
              )
            }
          />
        ))}
      </AppShell.Section>
    </>
  );
}
