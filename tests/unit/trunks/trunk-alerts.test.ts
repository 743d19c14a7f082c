import { describe, expect, it } from 'vitest';
import type { DomainEvent, TrunkStatus } from '../../../src/shared/types';
import { TrunkAlerts } from '../../../src/main/core/trunks/trunk-alerts';
import { fleetHealth } from '../../../src/shared/fleet-health';

const ev = (
  name: string,
  previous: TrunkStatus,
  status: TrunkStatus,
  host = 'pbx',
): DomainEvent => ({
  kind: 'trunk',
  host,
  at: 1,
  name,
  previous,
  status,
  reason:
    status === 'rejected'
      ? 'refused by the provider (401/403: check the username and password)'
      : null,
});

describe('trunk alerts', () => {
  it('notifies when a trunk leaves registered and when it returns; unknown says nothing', () => {
    const a = new TrunkAlerts();
    expect(a.offer(ev('t', 'unknown', 'registered'))).toEqual([]);
    const down = a.offer(ev('t', 'registered', 'rejected'));
    expect(down).toEqual([
      expect.objectContaining({ kind: 'trunk-down', trunk: 't', title: 'Trunk t is rejected' }),
    ]);
    expect(down[0]!.body).toContain('401/403');
    expect(a.downTrunks()).toEqual([{ host: 'pbx', name: 't' }]);
    expect(a.offer(ev('t', 'rejected', 'registered'))).toEqual([
      expect.objectContaining({ kind: 'trunk-up', trunk: 't' }),
    ]);
    expect(a.downTrunks()).toEqual([]);
    expect(a.offer(ev('t', 'registered', 'unknown'))).toEqual([]);
    expect(a.downTrunks()).toEqual([]);
  });

  it('mutable per host and per trunk; a muted trunk does not turn the tray amber', () => {
    const a = new TrunkAlerts();
    a.setMuted('pbx', 't', true);
    expect(a.offer(ev('t', 'registered', 'unregistered'))).toEqual([]);
    expect(a.downTrunks()).toEqual([]);
    a.setMuted('pbx', 't', false);
    expect(a.downTrunks()).toEqual([{ host: 'pbx', name: 't' }]);
    a.setMuted('other', null, true);
    expect(a.offer(ev('u', 'registered', 'rejected', 'other'))).toEqual([]);
    expect(a.offer(ev('u', 'registered', 'rejected', 'pbx'))).toHaveLength(1);
  });

  it('the tray is amber while a watched trunk is down on an otherwise connected fleet', () => {
    const up = [{ connection: 'connected' as const, ami: 'connected' as const }];
    expect(fleetHealth(up, 0)).toBe('connected');
    expect(fleetHealth(up, 1)).toBe('degraded');
    expect(fleetHealth([{ connection: 'disconnected', ami: 'connected' }], 1)).toBe('down');
  });
});
