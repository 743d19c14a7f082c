import { Alert, Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { HistoryDiff, HistoryEntry, HistoryView } from '../../../shared/types';
import { call, errorText } from '../api/client';
import { ConfirmButton } from '../components/ConfirmButton';
import { HostPicker } from '../components/HostPicker';
import { ListTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { WithHost } from '../components/WithHost';
import { notifyApply } from '../components/apply-notice';
import { DiffView } from './DiffView';
import { outcomeColor, when } from './audit-format';
import { fileName, restoreConfirmation } from './restore-confirm';

export function HistoryPage() {
  return <WithHost>{(host) => <HostHistory key={host} host={host} />}</WithHost>;
}

function HostHistory({ host }: { host: string }) {
  const [view, setView] = useState<HistoryView | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [diff, setDiff] = useState<{ entry: HistoryEntry; diff: HistoryDiff | null } | null>(null);
  const load = useCallback(async () => {
    setLoading(true);
    try {
      setView(await call('history/list', { host }));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }, [host]);
  useEffect(() => {
    void load();
  }, [load]);

  const openDiff = async (entry: HistoryEntry) => {
    setDiff({ entry, diff: null });
    try {
      setDiff({ entry, diff: await call('history/diff', { host, id: entry.id }) });
    } catch (err) {
      setDiff(null);
      setError(errorText(err));
    }
  };
  const restore = async (entry: HistoryEntry) => {
    try {
      const r = await call('history/restore', { host, ...restoreConfirmation(entry).request });
      notifyApply(`Restore ${entry.id}`, r.apply);
    } catch (err) {
      setError(errorText(err));
    }
    setDiff(null);
    await load();
  };

  // Newest first on screen (the CLI lists newest last, like a log).
  const entries = [...(view?.entries ?? [])].reverse();
  const confirm = diff ? restoreConfirmation(diff.entry) : null;
  return (
    <div className="page">
      <PageHeader
        title="History"
        subtitle="The backups this console's writes left on the PBX, and the change that made each."
      >
        <HostPicker />
        <Button variant="default" onClick={() => void load()} loading={loading}>
          Refresh
        </Button>
      </PageHeader>
      {error ? (
        <Alert color="red" data-testid="history-error">
          {error}
        </Alert>
      ) : null}
      {view ? (
        <Text size="sm" c="dimmed" px="md" data-testid="history-retention">
          {host} keeps {view.backupsToKeep} backup(s) per file (change it in the host&apos;s
          settings, or `rayanpbx host set {host} --backups N`).
        </Text>
      ) : null}
      <div className="page-scroll">
        <ListTable
          columns={['Backed up', 'Files', 'Made by the change', null]}
          testId="history-table"
          verticalSpacing="xs"
        >
          {entries.map((e) => (
            <Table.Tr key={e.id} data-testid={`history-row-${e.id}`}>
              <Table.Td className="mono" title={e.id}>
                {when.format(new Date(e.at))}
              </Table.Td>
              <Table.Td className="mono">{e.files.map(fileName).join(', ')}</Table.Td>
              <Table.Td>
                {e.change ? (
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" className="mono">
                      {e.change.action} {e.change.target}
                    </Text>
                    <Badge variant="light" color={outcomeColor(e.change.outcome)}>
                      {e.change.outcome}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      {e.change.osUser}
                    </Text>
                  </Group>
                ) : (
                  <Text size="sm" c="dimmed">
                    not in this workstation&apos;s audit log
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Button size="xs" variant="default" onClick={() => void openDiff(e)}>
                  Diff
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
        {view && !view.entries.length ? (
          <Text c="dimmed" p="md" size="sm">
            No backups on this host yet: every change the console writes keeps one.
          </Text>
        ) : null}
      </div>
      <Modal
        opened={diff !== null}
        onClose={() => setDiff(null)}
        size="xl"
        title={
          diff ? `Backup of ${when.format(new Date(diff.entry.at))} against the files now` : ''
        }
      >
        {diff?.diff && confirm ? (
          <Stack>
            {diff.diff.files.map((f) => (
              <div key={f.path}>
                <Text fw={600} size="sm" className="mono">
                  {fileName(f.path)}
                </Text>
                <DiffView diff={f.diff} />
              </div>
            ))}
            <Group justify="flex-end">
              <ConfirmButton
                color="orange"
                title={confirm.title}
                message={confirm.message}
                confirmLabel={confirm.confirmLabel}
                onConfirm={() => restore(diff.entry)}
                data-testid="history-restore"
              >
                Restore
              </ConfirmButton>
            </Group>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            Reading the backup…
          </Text>
        )}
      </Modal>
    </div>
  );
}
