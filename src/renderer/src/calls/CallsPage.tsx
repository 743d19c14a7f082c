import { Alert, Badge, Button, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import type { CallRecord } from '../../../shared/types';
import { HostPicker } from '../components/HostPicker';
import { ListTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { WithHost } from '../components/WithHost';
import { useCalls } from '../stores/calls';

const when = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const COLOR: Record<string, string> = {
  ANSWERED: 'teal',
  'NO ANSWER': 'yellow',
  CANCEL: 'gray',
  BUSY: 'orange',
  FAILED: 'red',
  CHANUNAVAIL: 'red',
  CONGESTION: 'red',
};

export function CallsPage() {
  return <WithHost>{(host) => <HostCalls key={host} host={host} />}</WithHost>;
}

function duration(r: CallRecord): string {
  if (r.durationSec == null) return r.end ? '0:00' : 'in progress';
  const m = Math.floor(r.durationSec / 60);
  return `${m}:${String(r.durationSec % 60).padStart(2, '0')}`;
}

function HostCalls({ host }: { host: string }) {
  const data = useCalls((s) => s.byHost[host]);
  const load = useCalls((s) => s.load);
  useEffect(() => {
    void load(host);
  }, [host, load]);
  return (
    <div className="page">
      <PageHeader title="Calls" subtitle="Call records kept locally per host, from AMI events.">
        <HostPicker />
        <Button variant="default" onClick={() => void load(host)} loading={data?.loading}>
          Refresh
        </Button>
      </PageHeader>
      {data?.error ? <Alert color="red">{data.error}</Alert> : null}
      <div className="page-scroll">
        <ListTable
          columns={[
            'Started',
            'Caller',
            'Callee',
            'Answered',
            'Duration',
            'Disposition',
            'Hangup cause',
          ]}
          testId="calls-table"
          verticalSpacing="xs"
        >
          {(data?.records ?? []).slice(0, 1000).map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td className="mono">{when.format(r.start)}</Table.Td>
              <Table.Td className="mono">{r.caller ?? '—'}</Table.Td>
              <Table.Td className="mono">{r.callee}</Table.Td>
              <Table.Td className="mono">{r.answer ? when.format(r.answer) : '—'}</Table.Td>
              <Table.Td className="mono">{duration(r)}</Table.Td>
              <Table.Td>
                {r.disposition ? (
                  <Badge variant="light" color={COLOR[r.disposition] ?? 'gray'}>
                    {r.disposition}
                  </Badge>
                ) : (
                  <Badge variant="outline">ringing</Badge>
                )}
              </Table.Td>
              <Table.Td>
                {r.hangupCauseText ? `${r.hangupCauseText} (${r.hangupCause})` : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
        {data && !data.loading && !data.records.length ? (
          <Text c="dimmed" p="md" size="sm">
            No calls recorded on this host yet.
          </Text>
        ) : null}
      </div>
    </div>
  );
}
