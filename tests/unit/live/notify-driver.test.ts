import { describe, expect, it } from 'vitest';
import type { Scheduler } from '../../../src/main/core/live/scheduler';
import { AppSettingsService } from '../../../src/main/core/settings/app-settings';
import { startNotifyDriver } from '../../../src/main/core/live/notify-driver';
import type { NotificationShown } from '../../../src/shared/ipc';
import type { DomainEvent } from '../../../src/shared/types';
import { memorySettings, recordingFleet } from '../ipc/fleet-double';

/** A clock the test moves by hand. */
function manualScheduler() {
  let now = 1_000_000;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let seq = 0;
  const s: Scheduler & { advance(ms: number): void } = {
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clearTimeout: (h) => void timers.delete(h as number),
    advance(ms) {
      now += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now && timers.has(id)) {
          timers.delete(id);
          t.fn();
        }
      }
    },
  };
  return s;
}

const ring = (callee: string, host = 'pbx1'): DomainEvent => ({
  kind: 'ringing',
  host,
  at: 0,
  caller: '1001',
  callee,
  callId: `c-${callee}`,
});
const online = (number: string, host = 'pbx1'): DomainEvent => ({
  kind: 'registration',
  host,
  at: 0,
  previous: 'offline',
  status: {
    number,
    registration: 'online',
    contactUri: null,
    address: '10.0.0.2:5060',
    userAgent: 'x',
    roundTripMs: 1,
    callState: 'idle',
    updatedAt: 0,
  },
});

function setup() {
  const double = recordingFleet();
  const settings = new AppSettingsService(memorySettings());
  const scheduler = manualScheduler();
  const shown: NotificationShown[] = [];
  const driver = startNotifyDriver({
    fleet: double.fleet,
    settings,
    scheduler,
    show: (n) => shown.push(n),
  });
  return { ...double, settings, scheduler, shown, driver };
}

describe('native notifications from fleet events', () => {
  it('show a ringing phone at once, caller → callee', () => {
    const t = setup();
    t.emit(ring('1002'));
    expect(t.shown).toMatchObject([
      { kind: 'ringing', host: 'pbx1', number: '1002', title: '1001 → 1002' },
    ]);
  });

  it('hold registrations until the host settles, then show them', () => {
    const t = setup();
    t.emit(online('1002'));
    expect(t.shown).toEqual([]);
    t.scheduler.advance(2000);
    expect(t.shown).toMatchObject([{ kind: 'online', number: '1002', title: '1002 is online' }]);
  });

  it('turn a flood into one summary', () => {
    const t = setup();
    for (let i = 0; i < 400; i++) t.emit(online(String(2000 + i)));
    t.scheduler.advance(2000);
    expect(t.shown).toHaveLength(1);
    expect(t.shown[0]).toMatchObject({
      kind: 'summary',
      title: '400 extensions changed state on pbx1',
    });
  });

  it('respect the mutes kept in settings: everything, a host, an extension', () => {
    const t = setup();
    t.settings.patch({ notifications: { mutedHosts: ['pbx2'], mutedExtensions: ['pbx1/1003'] } });
    t.emit(ring('1003'));
    t.emit(ring('1002', 'pbx2'));
    expect(t.shown).toEqual([]);
    t.emit(ring('1004'));
    expect(t.shown.map((n) => n.number)).toEqual(['1004']);

    t.settings.patch({ notifications: { muted: true } });
    t.emit(ring('1005'));
    expect(t.shown).toHaveLength(1);

    t.settings.patch({ notifications: { muted: false, mutedHosts: [] } });
    t.emit(ring('1006', 'pbx2'));
    expect(t.shown.map((n) => n.number)).toEqual(['1004', '1006']);
  });

  it('stop listening when disposed', () => {
    const t = setup();
    t.driver.dispose();
    t.emit(ring('1002'));
    expect(t.shown).toEqual([]);
    expect(t.listenerCount()).toBe(0);
  });
});
