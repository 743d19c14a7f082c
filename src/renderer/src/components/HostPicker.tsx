import { Select } from '@mantine/core';
import { useHosts } from '../stores/hosts';
import { useUi } from '../stores/ui';

export function HostPicker() {
  const hosts = useHosts((s) => s.hosts);
  const host = useUi((s) => s.host);
  const selectHost = useUi((s) => s.selectHost);
  return (
    <Select
      aria-label="Host"
      w={200}
      data={hosts.map((h) => h.name)}
      value={host}
      onChange={(v) => selectHost(v)}
      placeholder="Choose a host"
      allowDeselect={false}
    />
  );
}
