import { Select } from '@mantine/core';
import { useHosts } from '../stores/hosts';

/** The "All hosts" dropdown of the pages that show several hosts' records at once. */
export function HostFilter({
  value,
  onChange,
  w,
  testId,
}: {
  value: string | null;
  onChange: (host: string | null) => void;
  w: number;
  testId?: string;
}) {
  const hosts = useHosts((s) => s.hosts);
  return (
    <Select
      placeholder="All hosts"
      aria-label="Filter by host"
      clearable
      data={hosts.map((h) => h.name)}
      value={value}
      onChange={onChange}
      w={w}
      data-testid={testId}
    />
  );
}
