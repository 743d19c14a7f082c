import { Badge } from '@mantine/core';
import { fleetHealth } from '../../../shared/fleet-health';
import { useBridge } from '../stores/bridge';
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
  const bridgeUp = useBridge((s) => s.connected);
  const health = fleetHealth(hosts.map((h) => h.state));
  // Without the link to the core nothing below is current: say that, not the last verdict.
  if (!bridgeUp)
    return (
      <Badge color="red" variant="filled" data-testid="fleet-health" data-health="bridge-lost">
        App connection lost — states unknown
      </Badge>
    );
  return (
    <Badge color={COLOR[health]} variant="light" data-testid="fleet-health" data-health={health}>
      {LABEL[health]}
    </Badge>
  );
}
