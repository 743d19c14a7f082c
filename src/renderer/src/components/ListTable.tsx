import { Table, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';

/** A column's heading; null for a column without one (a status dot, a row's buttons). */
export type ListColumn = string | null | { label: string | null; w: number };

/**
 * The table of a list page (hosts, trunks, calls, history, audit): striped rows that highlight
 * on hover, one header row from `columns`, and the rows the page renders as `children`.
 */
export function ListTable({
  columns,
  testId,
  children,
  ...props
}: { columns: ListColumn[]; testId: string; children: ReactNode } & Omit<TableProps, 'children'>) {
  return (
    <Table striped highlightOnHover data-testid={testId} {...props}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((c, i) => {
            const col = c !== null && typeof c === 'object' ? c : { label: c, w: undefined };
            return (
              <Table.Th key={i} w={col.w}>
                {col.label}
              </Table.Th>
            );
          })}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>{children}</Table.Tbody>
    </Table>
  );
}
