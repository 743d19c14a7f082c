import { Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ImportPlan } from '../../../shared/types';

/** The dry run's plan: counts, then every row error, conflict and update, field by field. */
export function ImportPlanView({ plan }: { plan: ImportPlan }) {
  return (
    <Stack gap="sm" data-testid="import-plan">
      <Group gap="xs">
        <Badge color="teal" variant="light" data-testid="plan-create">
          create {plan.create.length}
        </Badge>
        <Badge color="blue" variant="light" data-testid="plan-update">
          update {plan.update.length}
        </Badge>
        <Badge color="orange" variant="light" data-testid="plan-delete">
          delete {plan.delete.length}
        </Badge>
        <Badge color="gray" variant="light" data-testid="plan-unchanged">
          unchanged {plan.unchanged}
        </Badge>
        <Badge
          color={plan.conflicts.length ? 'red' : 'gray'}
          variant="light"
          data-testid="plan-conflicts"
        >
          conflicts {plan.conflicts.length}
        </Badge>
        <Badge
          color={plan.errors.length ? 'red' : 'gray'}
          variant="light"
          data-testid="plan-errors"
        >
          row errors {plan.errors.length}
        </Badge>
        {plan.generatedPasswords ? (
          <Text size="sm" c="dimmed">
            {plan.generatedPasswords} new extension(s) without a password get a generated one (see
            each one&apos;s softphone card)
          </Text>
        ) : null}
      </Group>
      {plan.errors.length ? (
        <Section title="Row errors (nothing is imported until they are fixed)">
          <Table striped withTableBorder data-testid="plan-error-rows">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Row</Table.Th>
                <Table.Th>Column</Table.Th>
                <Table.Th>Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plan.errors.slice(0, 500).map((e, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{e.row}</Table.Td>
                  <Table.Td>{e.column}</Table.Td>
                  <Table.Td>{e.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Section>
      ) : null}
      {plan.conflicts.length ? (
        <Section title="Conflicts">
          {plan.conflicts.slice(0, 500).map((c, i) => (
            <Text key={i} size="sm">
              row {c.row}: {c.number} ({c.kind}) — {c.reason}
            </Text>
          ))}
        </Section>
      ) : null}
      {plan.update.length ? (
        <Section title="Updates">
          {plan.update.slice(0, 500).map((u) => (
            <Text key={u.number} size="sm">
              {u.number}:{' '}
              {u.changes
                .map((c) =>
                  c.field === 'password' ? 'password changed' : `${c.field} ${c.from} → ${c.to}`,
                )
                .join('; ')}
            </Text>
          ))}
        </Section>
      ) : null}
      {plan.delete.length ? (
        <Section title="Deletes">
          <Text size="sm">{plan.delete.join(', ')}</Text>
        </Section>
      ) : null}
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack gap={4}>
      <Title order={5}>{title}</Title>
      {children}
    </Stack>
  );
}
