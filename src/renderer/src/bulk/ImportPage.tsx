import { Alert, Button, Checkbox, Group, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { BulkProgress, ImportPlan, ImportResult } from '../../../shared/types';
import { call, subscribe } from '../api/client';
import { ConfirmButton } from '../components/ConfirmButton';
import { HostPicker } from '../components/HostPicker';
import { PageHeader } from '../components/PageHeader';
import { WithHost } from '../components/WithHost';
import { ImportPlanView } from './ImportPlanView';

export function ImportPage() {
  return <WithHost>{(host) => <ImportForHost key={host} host={host} />}</WithHost>;
}

const PHASES: Record<BulkProgress['phase'], string> = {
  read: 'Reading the file',
  plan: 'Planning on the PBX’s files',
  write: 'Writing pjsip.conf and extensions.conf',
  reload: 'Reloading res_pjsip',
  verify: 'Verifying each object',
  done: 'Done',
};

function ImportForHost({ host }: { host: string }) {
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [update, setUpdate] = useState(false);
  const [deleteMissing, setDeleteMissing] = useState(false);
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  useEffect(
    () =>
      subscribe('bulk/progress', (batch) => {
        const mine = batch.filter((p) => p.host === host).at(-1);
        if (mine) setProgress(mine);
      }),
    [host],
  );

  const input = () => ({ host, content: file!.content, update, deleteMissing });
  const check = async () => {
    setChecking(true);
    setError(null);
    setResult(null);
    try {
      setPlan(await call('bulk/plan', input()));
    } catch (e) {
      setPlan(null);
      setError((e as Error).message);
    } finally {
      setChecking(false);
    }
  };
  const run = async () => {
    setError(null);
    setProgress(null);
    try {
      const r = await call('bulk/import', input());
      setResult(r);
      setPlan(r.plan);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const changes = plan ? plan.create.length + plan.update.length + plan.delete.length : 0;

  return (
    <Stack>
      <PageHeader
        title="Import extensions"
        subtitle="CSV or JSON in the export's format. The dry run checks every row; the import is one write and one reload, verified, all or nothing."
      >
        <HostPicker />
      </PageHeader>
      <Group align="flex-end">
        <label>
          <Text size="sm" fw={500}>
            File
          </Text>
          <input
            type="file"
            accept=".csv,.json,text/csv,application/json"
            data-testid="import-file"
            onChange={async (e) => {
              const f = e.currentTarget.files?.[0];
              setPlan(null);
              setResult(null);
              setFile(f ? { name: f.name, content: await f.text() } : null);
            }}
          />
        </label>
        <Checkbox
          label="Update existing extensions"
          checked={update}
          onChange={(e) => setUpdate(e.currentTarget.checked)}
          data-testid="import-update"
        />
        <Checkbox
          label="Delete managed extensions the file does not list"
          checked={deleteMissing}
          onChange={(e) => setDeleteMissing(e.currentTarget.checked)}
          data-testid="import-delete-missing"
        />
        <Button
          onClick={() => void check()}
          disabled={!file}
          loading={checking}
          data-testid="import-check"
        >
          Check (dry run)
        </Button>
        <ConfirmButton
          color="indigo"
          disabled={!plan?.ok || changes === 0 || result !== null}
          title={`Import into ${host}`}
          message={`Create ${plan?.create.length ?? 0}, update ${plan?.update.length ?? 0}, delete ${plan?.delete.length ?? 0} on ${host}, in one write and one reload. If any object does not verify, everything is rolled back.`}
          confirmLabel="Import"
          onConfirm={run}
          data-testid="import-run"
        >
          Import
        </ConfirmButton>
      </Group>
      {error ? (
        <Alert color="red" title="Not imported" data-testid="import-error">
          {error}
        </Alert>
      ) : null}
      {progress && !result ? (
        <Stack gap={4} data-testid="import-progress">
          <Text size="sm">
            {PHASES[progress.phase]}{' '}
            {progress.total > 1 ? `${progress.done}/${progress.total}` : ''}
          </Text>
          <Progress value={progress.total ? (100 * progress.done) / progress.total : 0} />
        </Stack>
      ) : null}
      {result?.apply ? <ImportOutcome result={result} /> : null}
      {result && !result.apply ? (
        <Alert color="gray" data-testid="import-outcome" data-outcome="nothing">
          Nothing to change: the PBX already has every row.
        </Alert>
      ) : null}
      {plan ? <ImportPlanView plan={plan} /> : null}
    </Stack>
  );
}

function ImportOutcome({ result }: { result: ImportResult }) {
  const a = result.apply!;
  if (a.rolledBack)
    return (
      <Alert
        color="red"
        title="Rolled back: nothing was changed"
        data-testid="import-outcome"
        data-outcome="rolled-back"
      >
        {a.reason}
      </Alert>
    );
  return (
    <Alert
      color={a.verified ? 'teal' : 'yellow'}
      title={a.verified ? 'Imported and verified' : 'Written, not verified'}
      data-testid="import-outcome"
      data-outcome={a.verified ? 'verified' : 'written'}
    >
      {`${result.plan.create.length} created, ${result.plan.update.length} updated, ${result.plan.delete.length} deleted — ${a.written.length} file(s) written in ${a.sshRoundTrips} SSH round trip(s), reloaded ${a.reloadedModules.join(', ') || 'nothing'}, ${a.verified ? 'every object verified' : (a.reason ?? '')} (${(a.durationMs / 1000).toFixed(1)} s)`}
    </Alert>
  );
}
