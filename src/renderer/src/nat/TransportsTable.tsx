import { Badge, Group, Table, Text } from '@mantine/core';
import type { TransportInfo } from '../../../shared/types';

export function TransportsTable({ transports }: { transports: TransportInfo[] }) {
  return (
    <Table verticalSpacing="xs" data-testid="transports-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Transport</Table.Th>
          <Table.Th>Protocol</Table.Th>
          <Table.Th>Bind</Table.Th>
          <Table.Th>External media</Table.Th>
          <Table.Th>External signaling</Table.Th>
          <Table.Th>Local nets</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {transports.map((t) => (
          <Table.Tr key={t.name}>
            <Table.Td fw={600}>{t.name}</Table.Td>
            <Table.Td>
              <Badge variant="outline" size="sm">
                {t.protocol}
              </Badge>
            </Table.Td>
            <Table.Td className="mono">{t.bind}</Table.Td>
            <Table.Td className="mono">{t.nat.externalMediaAddress ?? '—'}</Table.Td>
            <Table.Td className="mono">{t.nat.externalSignalingAddress ?? '—'}</Table.Td>
            <Table.Td>
              <Group gap={4}>
                {t.handWrittenLocalNets.map((n) => (
                  <Badge
                    key={`h-${n}`}
                    size="sm"
                    color="gray"
                    variant="outline"
                    title="Written by hand: reported, not removable here"
                  >
                    {n}
                  </Badge>
                ))}
                {t.nat.localNets
                  .filter((n) => !t.handWrittenLocalNets.includes(n))
                  .map((n) => (
                    <Badge key={n} size="sm" variant="light">
                      {n}
                    </Badge>
                  ))}
                {!t.nat.localNets.length && !t.handWrittenLocalNets.length ? (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                ) : null}
              </Group>
            </Table.Td>
            <Table.Td>
              {t.managed ? (
                <Badge size="sm" variant="light">
                  managed
                </Badge>
              ) : (
                <Badge size="sm" variant="outline" color="gray">
                  hand-written
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
