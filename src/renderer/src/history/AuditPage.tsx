import { Alert, Badge, Button, Select, Table, Text, TextInput } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AuditOutcome, AuditRecord } from '../../../shared/types';
import { call, errorText } from '../api/client';
import { HostFilter } from '../components/HostFilter';
import { ListTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { outcomeColor, when } from './audit-format';

const OUTCOMES: AuditOutcome[] = ['verified', 'rolled-back', 'not-applied', 'unknown'];

/** Every change made from this workstation, newest first, filtered by host, outcome and text. */
export function AuditPage() {
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [host, setHost] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [text, setText] = useState('');
  const load = useCallback(async () => {
    setLoading(true);
    try {
      setRecords(await call('audit/list', {}));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const shown = useMemo(() => {
    const q = text.trim().toLowerCase();
    return records
      .filter((r) => !host || r.host === host)
      .filter((r) => !outcome || r.outcome === outcome)
      .filter(
        (r) =>
          !q ||
          [r.action, r.target, r.osUser, ...r.fieldsChanged].some((s) =>
            s.toLowerCase().includes(q),
          ),
      )
      .reverse();
  }, [records, host, outcome, text]);
  return (
    <div className="page">
      <PageHeader
        title="Audit"
        subtitle="Every change made from this workstation, and how it ended."
      >
        <HostFilter value={host} onChange={setHost} w={160} testId="audit-host" />
        <Select
          placeholder="Any outcome"
          clearable
          data={OUTCOMES}
          value={outcome}
          onChange={setOutcome}
          w={150}
          data-testid="audit-outcome"
        />
        <TextInput
          placeholder="Action, target, user, field"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          w={220}
          data-testid="audit-filter"
        />
        <Button variant="default" onClick={() => void load()} loading={loading}>
          Refresh
        </Button>
      </PageHeader>
      {error ? <Alert color="red">{error}</Alert> : null}
      <div className="page-scroll">
        <ListTable
          columns={[
            'Time',
            'Host',
            'User',
            'Action',
            'Target',
            'Fields',
            'Outcome',
            'Round trips',
            'ms',
          ]}
          testId="audit-table"
          verticalSpacing="xs"
        >
          {shown.slice(0, 2000).map((r, i) => (
            <Table.Tr key={`${r.at}-${i}`} data-testid="audit-row">
              <Table.Td className="mono">{when.format(new Date(r.at))}</Table.Td>
              <Table.Td>{r.host}</Table.Td>
              <Table.Td>{r.osUser}</Table.Td>
              <Table.Td className="mono">{r.action}</Table.Td>
              <Table.Td className="mono">{r.target}</Table.Td>
              <Table.Td>
                <Text size="xs">{r.fieldsChanged.join('; ') || '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Badge
                  variant="light"
                  color={outcomeColor(r.outcome)}
                  title={r.reason ?? undefined}
                >
                  {r.outcome}
                </Badge>
              </Table.Td>
              <Table.Td className="mono">
                ssh {r.roundTrips.ssh}, ami {r.roundTrips.ami}
              </Table.Td>
              <Table.Td className="mono">{r.durationMs}</Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
        {!loading && !shown.length ? (
          <Text c="dimmed" p="md" size="sm">
            {records.length ? 'No change matches these filters.' : 'No change recorded yet.'}
          </Text>
        ) : null}
      </div>
    </div>
  );
}
