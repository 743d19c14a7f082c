import { describe, expect, it } from 'vitest';
import { NotifyPolicy } from '../../../src/main/core/live/notify-policy';
import { offlineStatus } from '../../../src/shared/live-status';
import type {
  DomainEvent,
  ExtensionLiveStatus,
  RegistrationState,
} from '../../../src/shared/types';

function clock() {
  let t = 0;
  const now = () => t;
  now.set = (v: number) => (t = v);
  return now;
}

function reg(
  host: string,
  number: string,
  previous: RegistrationState,
  registration: RegistrationState,
  at = 0,
): DomainEvent {
  const status: ExtensionLiveStatus = { ...offlineStatus(number, at), registration };
  return { kind: 'registration', host, at, status, previous };
}

function ring(host: string, caller: string | null, callee: string): DomainEvent {
  return { kind: 'ringing', host, at: 0, caller, callee, callId: `${callee}.1` };
}

describe('NotifyPolicy', () => {
  it('announces came online and went offline once the host has settled', () => {
    const now = clock();
    const p = new NotifyPolicy({ now });
    expect(p.offer(reg('pbx1', '1001', 'offline', 'online'))).toEqual([]);
    expect(p.due()).toEqual([]);
    now.set(1500);
    expect(p.nextDueAt()).toBe(1500);
    expect(p.due()).toEqual([
      {
        host: 'pbx1',
        kind: 'online',
        number: '1001',
        title: '1001 is online',
        body: 'Registered on pbx1',
      },
    ]);
    p.offer(reg('pbx1', '1001', 'online', 'offline'));
    now.set(3000);
    expect(p.due().map((n) => n.title)).toEqual(['1001 went offline']);
    expect(p.nextDueAt()).toBeNull();
  });

  it('turns a flood into ONE summary', () => {
    const now = clock();
    const p = new NotifyPolicy({ now });
    for (let i = 0; i < 37; i++) {
      now.set(i * 20);
      expect(p.offer(reg('pbx1', String(1000 + i), 'offline', 'online'))).toEqual([]);
    }
    now.set(10_000);
    const shown = p.due();
    expect(shown).toEqual([
      {
        host: 'pbx1',
        kind: 'summary',
        title: '37 extensions changed state on pbx1',
        body: '37 online',
      },
    ]);
    expect(p.due()).toEqual([]);
  });

  it('summarises a flood that lasts longer than the hold after at most maxHoldMs', () => {
    const now = clock();
    const p = new NotifyPolicy({ now, maxHoldMs: 10_000 });
    for (let i = 0; i < 1000; i++) {
      now.set(i * 15);
      p.offer(reg('pbx1', String(i), 'online', 'offline'));
    }
    now.set(10_000);
    // The flood is still going at 10 s: one summary for what came so far, not per change.
    const early = p.due();
    expect(early).toHaveLength(1);
    expect(early[0]?.kind).toBe('summary');
  });

  it('says nothing for a phone that flaps back within the settle time', () => {
    const now = clock();
    const p = new NotifyPolicy({ now });
    p.offer(reg('pbx1', '1001', 'online', 'offline'));
    now.set(500);
    p.offer(reg('pbx1', '1001', 'offline', 'online'));
    now.set(5000);
    expect(p.due()).toEqual([]);
  });

  it('shows ringing at once (caller → callee) and folds a ringing flood into the summary', () => {
    const now = clock();
    const p = new NotifyPolicy({ now, ringingPerWindow: 2 });
    expect(p.offer(ring('pbx1', '1001', '1002'))).toEqual([
      {
        host: 'pbx1',
        kind: 'ringing',
        number: '1002',
        title: '1001 → 1002',
        body: 'Ringing on pbx1',
      },
    ]);
    expect(p.offer(ring('pbx1', null, '1003'))[0]?.title).toBe('Unknown caller → 1003');
    expect(p.offer(ring('pbx1', '1001', '1004'))).toEqual([]);
    now.set(2000);
    expect(p.due()).toEqual([
      {
        host: 'pbx1',
        kind: 'summary',
        title: '1 more calls rang on pbx1',
        body: 'Open RayanPBX Console for the call log',
      },
    ]);
    now.set(20_000);
    expect(p.offer(ring('pbx1', '1001', '1002'))).toHaveLength(1);
  });

  it('can be muted per host and per extension', () => {
    const now = clock();
    const p = new NotifyPolicy({ now });
    p.setMuted('pbx1', '1001', true);
    p.setMuted('pbx2', null, true);
    p.offer(reg('pbx1', '1001', 'offline', 'online'));
    p.offer(reg('pbx2', '2001', 'offline', 'online'));
    p.offer(reg('pbx1', '1002', 'offline', 'online'));
    expect(p.offer(ring('pbx2', '2002', '2001'))).toEqual([]);
    now.set(5000);
    expect(p.due().map((n) => `${n.host}:${n.number}`)).toEqual(['pbx1:1002']);
    p.setMuted('pbx1', '1001', false);
    expect(p.isMuted('pbx1', '1001')).toBe(false);
    expect(p.isMuted('pbx2', '2001')).toBe(true);
  });

  it('ignores the unknown state of a lost connection (the host event says it once)', () => {
    const now = clock();
    const p = new NotifyPolicy({ now });
    p.offer(reg('pbx1', '1001', 'online', 'unknown'));
    now.set(5000);
    expect(p.due()).toEqual([]);
  });
});
