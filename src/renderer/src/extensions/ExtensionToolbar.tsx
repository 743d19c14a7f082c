import { Group, SegmentedControl, Text, TextInput } from '@mantine/core';
import type { StatusFilter } from './view-model';

export function ExtensionToolbar(props: {
  search: string;
  onSearch(s: string): void;
  filter: StatusFilter;
  onFilter(f: StatusFilter): void;
  counts: Record<StatusFilter, number>;
  shown: number;
}) {
  const c = props.counts;
  return (
    <Group justify="space-between" wrap="nowrap">
      <Group wrap="nowrap">
        <TextInput
          placeholder="Search number, name, IP, user agent"
          aria-label="Search extensions"
          value={props.search}
          onChange={(e) => props.onSearch(e.currentTarget.value)}
          w={320}
          data-testid="ext-search"
        />
        <SegmentedControl
          aria-label="Status filter"
          value={props.filter}
          onChange={(f) => props.onFilter(f as StatusFilter)}
          data-testid="ext-filter"
          data={[
            { value: 'all', label: `All ${c.all}` },
            { value: 'online', label: `Online ${c.online}` },
            { value: 'unreachable', label: `Unreachable ${c.unreachable}` },
            { value: 'offline', label: `Offline ${c.offline}` },
            ...(c.unknown ? [{ value: 'unknown', label: `Unknown ${c.unknown}` }] : []),
            { value: 'disabled', label: `Disabled ${c.disabled}` },
          ]}
        />
      </Group>
      <Text size="sm" c="dimmed" data-testid="ext-shown">
        {props.shown} shown
      </Text>
    </Group>
  );
}
