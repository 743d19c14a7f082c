import { Badge } from '@mantine/core';
import { fleetHealth } from '../../../shared/fleet-health';
import { useHosts } from '../stores/hosts';

const LABEL = {
  connected: 'All connected',
  degraded: 'Some degraded',
  down: 'Some down',
  empty: 'No hosts',
} as const;
const COLOR = { connected: 'green', degraded: 'yellow', down: 'red', empty: 'gray' } as const;

export function FleetBadge() {
  const hosts = useHosts((s) => s.hosts);
  const health = fleetHealth(hosts.map((h) => h.state));
  return (
    <Badge color={COLOR[health]} variant="light" data-testid="fleet-health" data-health={health}>
      {LABEL[health]}
    </Badge>
  );
}
