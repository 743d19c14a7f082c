import { Alert, Card, Loader, Modal, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { OutputOf } from '../../../shared/ipc';
import { call, errorText } from '../api/client';
import { CopyField } from './CopyField';

type Softphone = OutputOf<'extensions/softphone'>;

/** What to hand the phone's user, with the names MicroSIP and Zoiper give those fields. */
export function SoftphoneCard(props: { host: string; number: string | null; onClose(): void }) {
  const [data, setData] = useState<Softphone | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setData(null);
    setError(null);
    if (!props.number) return;
    call('extensions/softphone', { host: props.host, number: props.number }).then(
      setData,
      (e: unknown) => setError(errorText(e)),
    );
  }, [props.host, props.number]);

  const transport = data?.protocol.toUpperCase() ?? '';
  const server = data ? (data.port === 5060 ? data.server : `${data.server}:${data.port}`) : '';
  return (
    <Modal
      opened={!!props.number}
      onClose={props.onClose}
      title={`Softphone settings — ${props.number ?? ''}`}
      size="xl"
      centered
    >
      {error ? <Alert color="red">{error}</Alert> : null}
      {!data && !error ? <Loader /> : null}
      {data ? (
        <Stack data-testid="softphone-card">
          <Card withBorder>
            <Table withRowBorders={false} verticalSpacing={4}>
              <Table.Tbody>
                <Row label="Server" value={data.server} />
                <Row label="Port" value={String(data.port)} />
                <Row label="Transport" value={transport} />
                <Row label="Username" value={data.number} />
                <Row label="Password" value={data.password} testId="softphone-password" />
                <Row label="Display name" value={data.displayName || data.number} />
              </Table.Tbody>
            </Table>
          </Card>
          <SimpleGrid cols={2}>
            <Card withBorder>
              <Title order={5} mb="xs">
                MicroSIP — Add Account
              </Title>
              <FieldMap
                rows={[
                  ['SIP Server', server],
                  ['Username', data.number],
                  ['Domain', server],
                  ['Login', data.number],
                  ['Password', '(the password above)'],
                  ['Display Name', data.displayName || data.number],
                  ['Transport', transport],
                ]}
              />
            </Card>
            <Card withBorder>
              <Title order={5} mb="xs">
                Zoiper 5 — SIP account
              </Title>
              <FieldMap
                rows={[
                  ['Username', `${data.number}@${server}`],
                  ['Password', '(the password above)'],
                  ['Domain / Hostname', server],
                  ['Authentication username', data.number],
                  ['Caller ID', data.displayName || data.number],
                  ['Transport type', transport],
                ]}
              />
            </Card>
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            The password is read from the PBX&apos;s pjsip.conf on request and not kept by the app.
          </Text>
        </Stack>
      ) : null}
    </Modal>
  );
}

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Table.Tr>
      <Table.Td w={140}>
        <Text size="sm" c="dimmed">
          {label}
        </Text>
      </Table.Td>
      <Table.Td>
        <CopyField value={value} testId={testId} />
      </Table.Td>
    </Table.Tr>
  );
}

function FieldMap({ rows }: { rows: Array<[string, string]> }) {
  return (
    <Table withRowBorders={false} verticalSpacing={2} fz="sm">
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Td c="dimmed" w="45%">
              {k}
            </Table.Td>
            <Table.Td className="mono">{v}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
