import { Alert, Badge, Button, Card, Group, Loader, Progress, Stack, Text } from '@mantine/core';
import type { DoctorCheck, DoctorLevel } from '../../../shared/types';
import { HostPicker } from '../components/HostPicker';
import { PageHeader } from '../components/PageHeader';
import { WithHost } from '../components/WithHost';
import { useDoctor } from '../stores/doctor';

const LEVEL_COLOR: Record<DoctorLevel, string> = {
  ok: 'teal',
  warn: 'yellow',
  fail: 'red',
  skip: 'gray',
};
const LEVEL_ORDER: Record<DoctorLevel, number> = { fail: 0, warn: 1, ok: 2, skip: 3 };
/** Roughly how many checks the doctor runs, for the progress bar before it finishes. */
const EXPECTED_CHECKS = 10;

export function DiagnosticsPage() {
  return <WithHost>{(host) => <HostDoctor key={host} host={host} />}</WithHost>;
}

function HostDoctor({ host }: { host: string }) {
  const state = useDoctor((s) => s.byHost[host]);
  const run = useDoctor((s) => s.run);
  // While running, checks show as they arrive; once done, what needs fixing comes first.
  const checks = state?.running
    ? (state?.checks ?? [])
    : [...(state?.checks ?? [])].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
  const tally = (l: DoctorLevel) => checks.filter((c) => c.level === l).length;
  return (
    <div className="page">
      <PageHeader
        title="Diagnostics"
        subtitle="Asterisk, AMI, config, transport, dialplan, ports, firewall, drift, SSH forwarding."
      >
        <HostPicker />
        <Button onClick={() => void run(host)} loading={state?.running} data-testid="run-doctor">
          Run doctor
        </Button>
      </PageHeader>
      {state ? (
        <Group>
          <Progress
            value={state.running ? Math.min(95, (checks.length / EXPECTED_CHECKS) * 100) : 100}
            w={240}
            animated={state.running}
          />
          <Text size="sm" c="dimmed" data-testid="doctor-summary">
            {state.running
              ? `Running… ${checks.length} checks done`
              : `${tally('ok')} ok · ${tally('warn')} warn · ${tally('fail')} fail · ${tally('skip')} skipped`}
          </Text>
        </Group>
      ) : (
        <Text c="dimmed">
          Run the doctor to check this host end to end. Each check says what is wrong and how to fix
          it.
        </Text>
      )}
      {state?.error ? <Alert color="red">{state.error}</Alert> : null}
      <div className="page-scroll">
        <Stack gap="xs" data-testid="doctor-checks">
          {checks.map((c) => (
            <CheckCard key={c.id} check={c} />
          ))}
          {state?.running ? (
            <Group gap="xs" p="sm">
              <Loader size="xs" />
              <Text size="sm" c="dimmed">
                Checking…
              </Text>
            </Group>
          ) : null}
        </Stack>
      </div>
    </div>
  );
}

function CheckCard({ check }: { check: DoctorCheck }) {
  return (
    <Card withBorder padding="sm" data-check={check.id} data-level={check.level}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text fw={600}>{check.title}</Text>
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
            {check.detail}
          </Text>
          {check.hint && check.level !== 'ok' ? (
            <Text size="sm" mt={4}>
              <b>Fix:</b> {check.hint}
            </Text>
          ) : null}
        </div>
        <Badge
          color={LEVEL_COLOR[check.level]}
          variant={check.level === 'ok' ? 'light' : 'filled'}
          style={{ flex: 'none' }}
        >
          {check.level}
        </Badge>
      </Group>
    </Card>
  );
}
