import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  Drawer,
  Group,
  Menu,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import { notifications } from '@mantine/notifications';
import { amiTarget } from '../../../shared/ami-target';
import { hostHealth, hostStateLabel } from '../../../shared/fleet-health';
import { call, errorText } from '../api/client';
import { notifyError } from '../components/apply-notice';
import { ConfirmModal } from '../components/ConfirmButton';
import { ListTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { StatusDot } from '../components/StatusDot';
import { type HostView, useHosts } from '../stores/hosts';
import { useMutes } from '../stores/mutes';
import { useUi } from '../stores/ui';
import { FingerprintDialog } from './FingerprintDialog';
import { HostForm } from './HostForm';
import { RenameHostModal } from './RenameHostModal';
import { useHostEditor } from './useHostEditor';

function target(h: HostView): string {
  if (h.transport === 'local') return 'this machine';
  return `${h.user ? `${h.user}@` : ''}${h.host}${h.port ? `:${h.port}` : ''}`;
}

/** The supervisor's verdict with its time ("degraded (AMI TCP): … — since 10:42"). */
function stateText(h: HostView): string {
  const health = h.state.health;
  if (!health) return h.state.error ?? hostStateLabel(h.state);
  if (health.watched === false) return 'not watched';
  const since = new Date(health.asOf).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
  });
  return `${hostStateLabel(h.state)} — since ${since}`;
}

function stateFailed(h: HostView): boolean {
  const p = h.state.health?.phase;
  return p ? p === 'degraded' || p === 'unreachable' : !!h.state.error;
}

export function HostsPage() {
  const { hosts, error, loaded } = useHosts();
  const go = useUi((s) => s.go);
  const editor = useHostEditor();
  const [removing, setRemoving] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const mutes = useMutes();

  const remove = async (name: string) => {
    try {
      await call('hosts/remove', { name });
      notifications.show({
        color: 'teal',
        title: 'Host removed',
        message: `${name} and its keychain entries`,
      });
      await useHosts.getState().load();
    } catch (err) {
      notifyError('Remove', errorText(err));
    }
  };

  const reconnect = async (name: string) => {
    try {
      await call('hosts/reconnect', { name });
    } catch (err) {
      notifyError('Reconnect', errorText(err));
    }
  };

  const setWatch = async (name: string, watch: boolean) => {
    try {
      await call('hosts/update', { name, patch: { watch }, secrets: {} });
      await useHosts.getState().load();
    } catch (err) {
      notifyError('Update', errorText(err));
    }
  };

  return (
    <div className="page">
      <PageHeader
        title="Hosts"
        subtitle="PBX servers reached over SSH; AMI runs inside the same connection."
      >
        <Button onClick={editor.startAdd} data-testid="add-host">
          Add host
        </Button>
      </PageHeader>
      {error ? <Alert color="red">{error}</Alert> : null}
      {loaded && !hosts.length ? (
        <Alert variant="light" title="No hosts yet">
          Add your first PBX: its SSH address, how to log in, and the AMI user. The host key is
          shown for confirmation on first contact.
        </Alert>
      ) : null}
      <div className="page-scroll">
        <ListTable
          columns={[{ label: null, w: 28 }, 'Name', 'SSH', 'Config', 'AMI', 'Host key', null]}
          testId="hosts-table"
          striped={false}
          verticalSpacing="sm"
        >
          {hosts.map((h) => (
            <Table.Tr key={h.name} data-testid={`host-row-${h.name}`}>
              <Table.Td>
                <StatusDot status={hostHealth(h.state)} label={hostStateLabel(h.state)} />
              </Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  <Text fw={600}>{h.name}</Text>
                  <Text
                    size="xs"
                    c={stateFailed(h) ? 'red' : 'dimmed'}
                    data-testid="host-state"
                    maw={320}
                    lineClamp={3}
                  >
                    {stateText(h)}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td className="mono">{target(h)}</Table.Td>
              <Table.Td>
                <Group gap={6}>
                  <Text className="mono" size="sm">
                    {h.configDir}
                  </Text>
                  {mutes.hostMuted(h.name) ? (
                    <Badge size="xs" variant="outline" color="gray">
                      muted
                    </Badge>
                  ) : null}
                  {h.sudo ? (
                    <Badge size="xs" variant="outline">
                      sudo
                    </Badge>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td
                className="mono"
                data-testid="host-ami"
                title="On the PBX itself, through the SSH tunnel"
              >
                {h.amiUser ? (
                  amiTarget(h)
                ) : (
                  <Text size="sm" c="dimmed">
                    not configured
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {h.hostKey ? (
                  <Code title={h.hostKey}>{h.hostKey.slice(0, 17)}…</Code>
                ) : (
                  <Text size="sm" c="dimmed">
                    not pinned
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  {h.state.health?.phase !== 'connected' ? (
                    <Button
                      size="xs"
                      variant="default"
                      data-testid={`reconnect-${h.name}`}
                      onClick={() => void reconnect(h.name)}
                    >
                      {h.state.health ? 'Reconnect' : 'Connect'}
                    </Button>
                  ) : null}
                  <Button size="xs" variant="light" onClick={() => go('extensions', h.name)}>
                    Extensions
                  </Button>
                  <Menu position="bottom-end">
                    <Menu.Target>
                      <ActionIcon
                        variant="subtle"
                        aria-label={`Actions for ${h.name}`}
                        data-testid={`host-actions-${h.name}`}
                      >
                        ⋯
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => editor.startEdit(h)}>Edit</Menu.Item>
                      <Menu.Item
                        onClick={() => setRenaming(h.name)}
                        data-testid={`rename-${h.name}`}
                      >
                        Rename
                      </Menu.Item>
                      <Menu.Item onClick={() => void setWatch(h.name, h.watch === false)}>
                        {h.watch === false ? 'Watch in background' : 'Stop watching'}
                      </Menu.Item>
                      <Menu.Item onClick={() => void mutes.toggleHost(h.name)}>
                        {mutes.hostMuted(h.name) ? 'Unmute notifications' : 'Mute notifications'}
                      </Menu.Item>
                      <Menu.Item color="red" onClick={() => setRemoving(h.name)}>
                        Remove
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      </div>
      <Drawer
        opened={editor.open}
        onClose={editor.close}
        title={editor.editing ? `Edit ${editor.editing.name}` : 'Add a PBX host'}
        position="right"
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <HostForm
          key={editor.formKey}
          initial={editor.initial}
          editing={!!editor.editing}
          busy={editor.busy}
          error={editor.error}
          testing={editor.testing}
          testResult={editor.testResult}
          keychain={editor.keychain}
          onSubmit={(v) => void editor.submit(v)}
          onTest={(v) => void editor.test(v)}
        />
      </Drawer>
      <RenameHostModal
        name={renaming}
        onClose={() => setRenaming(null)}
        onRenamed={(newName) => {
          notifications.show({
            color: 'teal',
            title: 'Host renamed',
            message: `${renaming ?? ''} is now ${newName}`,
          });
          setRenaming(null);
          void useHosts.getState().load();
        }}
      />
      <ConfirmModal
        opened={!!removing}
        title={`Remove ${removing ?? ''}?`}
        message="The host leaves this app and its secrets leave the keychain. Nothing on the PBX changes."
        confirmLabel="Remove host"
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          const name = removing;
          setRemoving(null);
          if (name) void remove(name);
        }}
      />
      <FingerprintDialog
        probe={editor.pending?.probe ?? null}
        host={editor.pending?.values.host || editor.pending?.values.name || ''}
        name={editor.pending?.values.name ?? ''}
        pinned={editor.editing?.hostKey ?? null}
        busy={editor.busy}
        onConfirm={() => void editor.confirmFingerprint()}
        onCancel={editor.cancelFingerprint}
      />
    </div>
  );
}
