import { Badge, Button, Card, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { TrunkRow } from '../../../shared/types';
import { call, errorText } from '../api/client';
import { DismissibleAlert } from '../components/DismissibleAlert';
import { ListTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { StatusDot } from '../components/StatusDot';
import { WithHost } from '../components/WithHost';
import { useEvents } from '../stores/events';
import { useHosts } from '../stores/hosts';
import { dotOf, trunkEventsOf, withEvents } from './trunk-view';
import { TrunkForm } from './TrunkForm';

const time = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function TrunksView({ host }: { host: string }) {
  const [rows, setRows] = useState<TrunkRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const all = useEvents((s) => s.events);
  const events = useMemo(() => trunkEventsOf(all, host), [all, host]);
  const hostConfig = useHosts((s) => s.hosts.find((h) => h.name === host));

  const load = useCallback(async () => {
    try {
      setRows(await call('trunks/list', { host }));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, [host]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (what: string, run: () => Promise<unknown>) => {
    try {
      await run();
      setNotice(what);
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const shown = withEvents(rows, events);
  const managed = shown.find((r) => r.managed);
  const publicAddress = hostConfig?.host ?? host;

  return (
    <Stack>
      <PageHeader
        title="Trunks"
        subtitle={`${host}: registrations to SIP providers, live from Asterisk`}
      />
      <DismissibleAlert
        color="red"
        testId="trunks-error"
        message={error}
        onClose={() => setError(null)}
      />
      <DismissibleAlert
        color="teal"
        testId="trunks-notice"
        message={notice}
        onClose={() => setNotice(null)}
      />
      <ListTable
        columns={[null, 'Name', 'Server', 'Client', 'Status', 'Retry / expiry', null]}
        testId="trunks-table"
      >
        {shown.map((r) => (
          <Table.Tr key={r.name} data-testid={`trunk-row-${r.name}`}>
            <Table.Td>
              <StatusDot status={dotOf(r.live?.status)} label={r.live?.status ?? 'unknown'} />
            </Table.Td>
            <Table.Td>
              <Group gap={6}>
                <Text fw={500}>{r.name}</Text>
                {!r.managed ? (
                  <Badge size="xs" variant="light" color="gray" title="Written by hand: read-only">
                    read-only
                  </Badge>
                ) : null}
                {!r.enabled ? (
                  <Badge size="xs" color="gray">
                    disabled
                  </Badge>
                ) : null}
              </Group>
              <Text size="xs" c="dimmed">
                {r.transport}
              </Text>
            </Table.Td>
            <Table.Td>
              <Code>{r.serverUri}</Code>
            </Table.Td>
            <Table.Td>
              <Code>{r.clientUri}</Code>
            </Table.Td>
            <Table.Td data-testid={`trunk-status-${r.name}`}>
              <Text size="sm">{r.live?.status ?? (r.enabled ? 'unknown' : 'disabled')}</Text>
              {r.live?.reason ? (
                <Text size="xs" c="red.7">
                  {r.live.reason}
                </Text>
              ) : null}
              {r.live ? (
                <Text size="xs" c="dimmed">
                  since {time.format(r.live.changedAt)}
                  {r.live.nextRegSec ? ` · next attempt in ${r.live.nextRegSec} s` : ''}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td>
              <Text size="sm">
                {r.retryInterval} s / {r.expiration} s
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                <Button
                  size="xs"
                  variant="light"
                  disabled={!r.enabled}
                  data-testid={`trunk-register-${r.name}`}
                  onClick={() =>
                    act(`Registration sent for ${r.name}`, () =>
                      call('trunks/register', { host, name: r.name, register: true }),
                    )
                  }
                >
                  Register now
                </Button>
                <Button
                  size="xs"
                  variant="subtle"
                  disabled={!r.enabled}
                  onClick={() =>
                    act(`Unregistration sent for ${r.name}`, () =>
                      call('trunks/register', { host, name: r.name, register: false }),
                    )
                  }
                >
                  Unregister
                </Button>
                {r.managed ? (
                  <>
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() =>
                        act(`${r.enabled ? 'Disabled' : 'Enabled'} ${r.name}`, () =>
                          call('trunks/setEnabled', { host, name: r.name, enabled: !r.enabled }),
                        )
                      }
                    >
                      {r.enabled ? 'Disable' : 'Enable'}
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() =>
                        act(`Deleted ${r.name}`, () =>
                          call('trunks/delete', { host, name: r.name }),
                        )
                      }
                    >
                      Delete
                    </Button>
                  </>
                ) : null}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
      {shown.some((r) => !r.managed) ? (
        <Text size="xs" c="dimmed">
          Read-only trunks were written by hand in pjsip.conf; change them there (adopting them into
          managed sections is not available yet).
        </Text>
      ) : null}
      <Group align="flex-start" grow>
        <Card withBorder data-testid="trunk-history">
          <Title order={5}>Live history</Title>
          {events.length === 0 ? (
            <Text size="sm" c="dimmed">
              No changes since the console connected.
            </Text>
          ) : (
            <Stack gap={4} mt="xs">
              {events.slice(0, 12).map((e, i) => (
                <Group key={`${e.at}-${i}`} gap={8} wrap="nowrap">
                  <StatusDot status={dotOf(e.status)} />
                  <Text size="xs" c="dimmed">
                    {time.format(e.at)}
                  </Text>
                  <Text size="sm">
                    {e.name}: {e.previous} → {e.status}
                    {e.reason ? ` (${e.reason})` : ''}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
        </Card>
        <Card withBorder data-testid="trunk-provider-summary">
          <Title order={5}>What to give the provider</Title>
          <Stack gap={4} mt="xs">
            <Text size="sm">
              Our public address: <Code>{publicAddress}</Code> (allow REGISTER and calls from it)
            </Text>
            {managed ? (
              <>
                <Text size="sm">
                  Contact:{' '}
                  <Code>
                    sip:{managed.contactUser}@{publicAddress}
                  </Code>
                </Text>
                <Text size="sm">
                  Account: <Code>{managed.username}</Code> at <Code>{managed.server}</Code>
                </Text>
                <Text size="sm">
                  Codecs: <Code>{managed.codecs.join(', ')}</Code>; inbound calls accepted from:{' '}
                  <Code>{managed.match.join(', ') || 'the registration only'}</Code>
                </Text>
              </>
            ) : (
              <Text size="sm" c="dimmed">
                Add a trunk to see its contact and account.
              </Text>
            )}
          </Stack>
        </Card>
      </Group>
      <Card withBorder>
        <Title order={5} mb="sm">
          New trunk
        </Title>
        <TrunkForm
          host={host}
          onDone={(m) => {
            setNotice(m);
            void load();
          }}
        />
      </Card>
    </Stack>
  );
}

export function TrunksPage() {
  return <WithHost>{(host) => <TrunksView key={host} host={host} />}</WithHost>;
}
