import { AppShell, Burger, Group, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { CallsPage } from '../calls/CallsPage';
import { AuditPage } from '../history/AuditPage';
import { HistoryPage } from '../history/HistoryPage';
import { DiagnosticsPage } from '../diagnostics/DiagnosticsPage';
import { EventsPage } from '../events/EventsPage';
import { ExtensionsPage } from '../extensions/ExtensionsPage';
import { ImportPage } from '../bulk/ImportPage';
import { HostsPage } from '../hosts/HostsPage';
import { NatPage } from '../nat/NatPage';
import { TrunksPage } from '../trunks/TrunksPage';
import { type Page, useUi } from '../stores/ui';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { FleetBadge } from './FleetBadge';
import { Navbar } from './Navbar';

const PAGES: Record<Page, () => React.ReactNode> = {
  hosts: HostsPage,
  extensions: ExtensionsPage,
  import: ImportPage,
  trunks: TrunksPage,
  nat: NatPage,
  events: EventsPage,
  calls: CallsPage,
  history: HistoryPage,
  audit: AuditPage,
  diagnostics: DiagnosticsPage,
};

export function AppFrame() {
  const [opened, { toggle }] = useDisclosure();
  const page = useUi((s) => s.page);
  const PageView = PAGES[page];
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Title order={4}>RayanPBX Console</Title>
            <Text size="xs" c="dimmed" visibleFrom="md">
              the PBX is the source of truth
            </Text>
          </Group>
          <Group gap="sm">
            <FleetBadge />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <Navbar />
      </AppShell.Navbar>
      <AppShell.Main>
        <PageView />
      </AppShell.Main>
    </AppShell>
  );
}
