/**
 * An extension that is deleted leaves the live list as `removed`, and the notify policy says
 * nothing about it: a deleted phone did not "go offline". Fed from the recorded list answers.
 */
import { describe, expect, it } from 'vitest';
import { NotifyPolicy } from '../../../src/main/core/live/notify-policy';
import { Registrations, type RegistrationChange } from '../../../src/main/core/live/registrations';
import type { DomainEvent } from '../../../src/shared/types';
import { listItems, registeredAsRecorded, testClock } from './transcripts';

const event = (c: RegistrationChange): DomainEvent => ({
  kind: 'registration',
  host: 'pbx1',
  at: c.status.updatedAt,
  status: c.status,
  previous: c.previous,
  ...(c.removed ? { removed: true as const } : {}),
});

/** What the tray would show once the host has settled. */
function notices(changes: RegistrationChange[], now: ReturnType<typeof testClock>) {
  const p = new NotifyPolicy({ now });
  for (const c of changes) p.offer(event(c));
  now.advance(20_000);
  return p.due();
}

describe('a deleted extension leaves the live list quietly', () => {
  it('a re-read that no longer lists a registered endpoint: removed, and no notice', () => {
    const now = testClock();
    const r = registeredAsRecorded(now);
    const [only1001] = listItems('10_PJSIPShowEndpoints');
    const [contact1001] = listItems('12_PJSIPShowContacts');
    const changes = r.rebuild([contact1001!], [only1001!]);
    expect(r.status('1002')).toBeUndefined();
    expect(changes).toEqual([
      expect.objectContaining({
        previous: 'online',
        removed: true,
        status: expect.objectContaining({ number: '1002', registration: 'offline' }),
      }),
    ]);
    expect(notices(changes, now)).toEqual([]);
  });

  it('forget(): the entry goes at once, said as removed; nothing for one offline or unknown', () => {
    const now = testClock();
    const r = registeredAsRecorded(now);
    const c = r.forget('1001');
    expect(c).toMatchObject({ previous: 'online', removed: true });
    expect(c!.status).toMatchObject({ number: '1001', registration: 'offline' });
    expect(r.status('1001')).toBeUndefined();
    expect(r.statuses().map((s) => s.number)).toEqual(['1002']);
    expect(r.forget('1001')).toBeNull();
    expect(r.forget('9999')).toBeNull();
    expect(notices([c!], now)).toEqual([]);

    const quiet = new Registrations(now);
    quiet.rebuild(
      listItems('06b_PJSIPShowContacts_noreg'),
      listItems('06_PJSIPShowEndpoints_noreg'),
    );
    expect(quiet.forget('1001')).toBeNull();
    expect(quiet.status('1001')).toBeUndefined();
  });

  it('a phone that came online and was deleted before the host settled: no notice at all', () => {
    const now = testClock();
    const p = new NotifyPolicy({ now });
    const r = registeredAsRecorded(now);
    p.offer(event({ status: r.status('1001')!, previous: 'offline' }));
    p.offer(event(r.forget('1001')!));
    now.advance(20_000);
    expect(p.due()).toEqual([]);
  });

  it('a phone that really unregisters is still announced', () => {
    const now = testClock();
    const r = registeredAsRecorded(now);
    const online = r.status('1002')!;
    const change: RegistrationChange = {
      status: { ...online, registration: 'offline', contactUri: null, address: null },
      previous: 'online',
    };
    expect(notices([change], now).map((n) => n.title)).toEqual(['1002 went offline']);
  });
});
