import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CallLog } from '../../../src/main/core/live/call-log';
import { HostLive } from '../../../src/main/core/live/host-live';
import type { DomainEvent } from '../../../src/shared/types';
import { FakeSource } from './fake-source';
import { liveEvents, listItems, transcript, withFields } from './transcripts';

const REGISTERED = () =>
  new FakeSource()
    .answer('PJSIPShowContacts', listItems('12_PJSIPShowContacts'))
    .answer('PJSIPShowEndpoints', listItems('10_PJSIPShowEndpoints'))
    .answer('CoreShowChannels', listItems('26_CoreShowChannels_idle'));

const UNREGISTERED = () =>
  new FakeSource()
    .answer('PJSIPShowContacts', listItems('06b_PJSIPShowContacts_noreg'))
    .answer('PJSIPShowEndpoints', listItems('06_PJSIPShowEndpoints_noreg'))
    .answer('CoreShowChannels', listItems('26_CoreShowChannels_idle'));

/** PJSIPShowEndpoint answers as recorded for 1001 (11); 1002's is derived from it. */
function endpointDetail(fields?: Record<string, string>) {
  const items = listItems('11_PJSIPShowEndpoint_1001');
  if (fields?.Endpoint === '1001') return items;
  return items.map((m) =>
    withFields(m, {
      ...(m.fields.some(([k]) => k === 'URI')
        ? { URI: 'sip:1002-0x5611991ad450@127.0.0.1:5073' }
        : {}),
      ...(m.fields.some(([k]) => k === 'ViaAddress') ? { ViaAddress: '127.0.0.1:5073' } : {}),
      ...(m.fields.some(([k]) => k === 'EndpointName') ? { EndpointName: '1002' } : {}),
      ...(m.fields.some(([k]) => k === 'AOR') ? { AOR: '1002' } : {}),
    }),
  );
}

const lives: HostLive[] = [];
function live(source: FakeSource, extra: Partial<ConstructorParameters<typeof HostLive>[0]> = {}) {
  const l = new HostLive({ host: 'pbx1', source, ...extra });
  lives.push(l);
  return l;
}
afterEach(() => {
  for (const l of lives.splice(0)) l.stop();
});

const until = async (cond: () => boolean, ms = 1000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 1));
  }
};

describe('HostLive: one host, from the list actions and the events', () => {
  it('syncs on start from ONE PJSIPShowContacts and ONE PJSIPShowEndpoints, then says connected', async () => {
    const source = REGISTERED();
    source.connected = true;
    const l = live(source);
    await l.start();
    expect(l.state).toBe('live');
    expect(source.requests.map((r) => r.action).sort()).toEqual([
      'CoreShowChannels',
      'PJSIPShowContacts',
      'PJSIPShowEndpoints',
    ]);
    expect(l.statuses().map((s) => [s.number, s.registration, s.address])).toEqual([
      ['1001', 'online', '127.0.0.1:5071'],
      ['1002', 'online', '127.0.0.1:5073'],
    ]);
    expect(l.recent().map((e) => e.kind)).toEqual(['host-connected']);
  });

  it('waits for the connection when started before it, then syncs', async () => {
    const source = REGISTERED();
    const l = live(source);
    await l.start();
    expect(l.state).toBe('waiting');
    source.connect();
    await l.idle();
    expect(l.state).toBe('live');
    expect(l.status('1001')?.registration).toBe('online');
  });

  it('shows a registration online with ip:port at once and its user agent within 100 ms (30)', async () => {
    const source = UNREGISTERED().answer('PJSIPShowEndpoint', endpointDetail);
    source.connected = true;
    const l = live(source);
    await l.start();
    const seen: DomainEvent[] = [];
    l.on((e) => seen.push(e));
    const t0 = performance.now();
    source.emit(...liveEvents('30_events_register'));
    expect(l.status('1001')).toMatchObject({ registration: 'online', address: '127.0.0.1:5071' });
    await until(() => l.status('1002')?.userAgent !== null && l.status('1001')?.userAgent !== null);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(100);
    expect(l.status('1002')).toMatchObject({
      userAgent: 'baresip v1.0.0 (x86_64/linux)',
      address: '127.0.0.1:5073',
    });
    // One detail look-up per newly registered phone, no list-everything.
    expect(
      source.requests
        .filter((r) => r.action === 'PJSIPShowEndpoint')
        .map((r) => r.fields?.Endpoint)
        .sort(),
    ).toEqual(['1001', '1002']);
    const regs = seen.flatMap((e) =>
      e.kind === 'registration' ? [[e.status.number, e.previous, e.status.registration]] : [],
    );
    expect(regs.slice(0, 2)).toEqual([
      ['1001', 'offline', 'online'],
      ['1002', 'offline', 'online'],
    ]);
    console.log(`host-live: register → online with user agent in ${ms.toFixed(1)} ms`);
  });

  it('uses one PJSIPShowContacts instead of many PJSIPShowEndpoint after a burst of registrations', async () => {
    const source = UNREGISTERED().answer('PJSIPShowEndpoint', endpointDetail);
    source.connected = true;
    const l = live(source, { detailLookupLimit: 1 });
    await l.start();
    source.answer('PJSIPShowContacts', listItems('12_PJSIPShowContacts'));
    source.requests = [];
    source.emit(...liveEvents('30_events_register'));
    await until(() => l.status('1002')?.userAgent !== null);
    expect(source.requests.map((r) => r.action)).toEqual(['PJSIPShowContacts']);
  });

  it('shows offline on un-REGISTER (35) and contact expiry (37)', async () => {
    const source = REGISTERED();
    source.connected = true;
    const l = live(source);
    await l.start();
    source.emit(...liveEvents('35_events_unregister'));
    expect(l.status('1002')?.registration).toBe('offline');
    source.emit(...liveEvents('37_events_contact_expired'));
    expect(l.status('1001')?.registration).toBe('offline');
    await l.idle();
    expect(source.requests.some((r) => r.action === 'PJSIPShowEndpoint')).toBe(false);
  });

  it('never keeps a stale online: unknown while disconnected, offline after a reconnect if it unregistered meanwhile', async () => {
    const source = REGISTERED();
    source.connected = true;
    const l = live(source);
    await l.start();
    const seen: DomainEvent[] = [];
    l.on((e) => seen.push(e));

    source.drop('socket closed');
    expect(l.statuses().map((s) => s.registration)).toEqual(['unknown', 'unknown']);
    // While the connection was down, 1002 unregistered; Asterisk's lists no longer have it.
    source.answer('PJSIPShowContacts', [listItems('12_PJSIPShowContacts')[0]!]);
    source.connect();
    await l.idle();

    expect(l.status('1001')?.registration).toBe('online');
    expect(l.status('1002')?.registration).toBe('offline');
    expect(seen.map((e) => e.kind)).toEqual([
      'host-disconnected',
      'host-connected',
      'registration',
    ]);
    expect(seen[0]).toMatchObject({ reason: 'socket closed' });
    expect(seen[2]).toMatchObject({
      previous: 'online',
      status: { number: '1002', registration: 'offline' },
    });
  });

  it('holds events that arrive during a sync and applies them after it', async () => {
    const source = REGISTERED();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    source.answer('PJSIPShowContacts', async () => {
      await gate;
      return listItems('12_PJSIPShowContacts');
    });
    source.connected = true;
    const l = live(source);
    const started = l.start();
    await Promise.resolve();
    source.emit(...liveEvents('35_events_unregister'));
    release();
    await started;
    expect(l.status('1002')?.registration).toBe('offline');
  });

  it('re-reads the lists after a res_pjsip reload when asked to (resyncOnReload)', async () => {
    const source = REGISTERED();
    source.connected = true;
    const l = live(source, { resyncOnReload: true });
    await l.start();
    const reload = transcript('23_Reload_res_pjsip').find((m) => m.fields[0]?.[1] === 'Reload')!;
    source.answer('PJSIPShowEndpoints', [listItems('10_PJSIPShowEndpoints')[0]!]);
    source.answer('PJSIPShowContacts', [listItems('12_PJSIPShowContacts')[0]!]);
    source.emit(reload);
    await until(() => l.status('1002') === undefined, 2000);
    expect(l.statuses().map((s) => s.number)).toEqual(['1001']);
  });

  it('does not re-read the lists on a reload by default (no extra AMI work per apply)', async () => {
    const source = REGISTERED();
    source.connected = true;
    const l = live(source);
    await l.start();
    source.requests = [];
    source.emit(transcript('23_Reload_res_pjsip').find((m) => m.fields[0]?.[1] === 'Reload')!);
    await new Promise((r) => setTimeout(r, 400));
    await l.idle();
    expect(source.requests).toEqual([]);
  });

  it('retries a failed sync while connected', async () => {
    const source = REGISTERED().answer('PJSIPShowEndpoints', new Error('Permission denied'));
    source.connected = true;
    const logs: string[] = [];
    const fast = {
      now: () => Date.now(),
      setTimeout: (fn: () => void) => setTimeout(fn, 1),
      clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
    };
    const l = live(source, { scheduler: fast, log: (x) => logs.push(x) });
    await l.start();
    expect(l.state).toBe('waiting');
    expect(logs[0]).toContain('Permission denied');
    source.answer('PJSIPShowEndpoints', listItems('10_PJSIPShowEndpoints'));
    await until(() => l.state === 'live');
  });
});

describe('HostLive: calls', () => {
  let dir: string;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('publishes ringing then hangup (31), shows the callee ringing, and logs the record', async () => {
    const source = REGISTERED();
    source.connected = true;
    const l = live(source);
    await l.start();
    const events = liveEvents('31_events_call_ring_then_caller_hangup');
    const dialState = events.findIndex((e) => e.fields[0]?.[1] === 'DialState');
    source.emit(...events.slice(0, dialState + 1));
    expect(l.status('1002')?.callState).toBe('ringing');
    expect(l.status('1001')?.callState).toBe('in-call');
    expect(l.activeCalls()).toMatchObject([{ caller: '1001', callee: '1002', end: null }]);
    source.emit(...events.slice(dialState + 1));
    expect(l.status('1002')?.callState).toBe('idle');
    expect(l.recent().map((e) => e.kind)).toEqual(['host-connected', 'ringing', 'hangup']);
    expect(l.calls()).toMatchObject([
      { caller: '1001', callee: '1002', disposition: 'CANCEL', hangupCause: 127 },
    ]);
  });

  it('keeps call records across a restart of the app (call log on disk)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rayan-live-'));
    const source = REGISTERED();
    source.connected = true;
    const first = live(source, { callLog: await CallLog.open(dir, 'pbx1') });
    await first.start();
    source.emit(...liveEvents('33_events_call_answered_then_callee_hangup'));
    await first.idle();
    first.stop();

    const second = live(REGISTERED(), { callLog: await CallLog.open(dir, 'pbx1') });
    expect(second.calls()).toMatchObject([
      {
        id: '1795849402.6',
        caller: '1001',
        callee: '1002',
        disposition: 'ANSWERED',
        hangupCause: 16,
        hangupCauseText: 'Normal Clearing',
      },
    ]);
  });
});

describe('HostLive: SIP passwords never leave the core', () => {
  it('keeps AuthDetail / AuthList passwords (11, 15) out of every domain event and status', async () => {
    const source = UNREGISTERED().answer('PJSIPShowEndpoint', endpointDetail);
    source.connected = true;
    const l = live(source);
    const delivered: string[] = [];
    l.on((e) => delivered.push(JSON.stringify(e)));
    await l.start();
    // Registrations trigger PJSIPShowEndpoint, whose answer holds AuthDetail with the password.
    source.emit(...liveEvents('30_events_register'));
    await until(() => l.status('1001')?.userAgent !== null && l.status('1002')?.userAgent !== null);
    // Even if password-bearing items reached the event path, they must go nowhere.
    source.emit(...listItems('15_PJSIPShowAuths'), ...listItems('11_PJSIPShowEndpoint_1001'));
    source.emit(...liveEvents('33_events_call_answered_then_callee_hangup'));
    await l.idle();

    const everything = [
      ...delivered,
      JSON.stringify(l.recent()),
      JSON.stringify(l.statuses()),
      JSON.stringify(l.calls()),
    ].join('\n');
    expect(delivered.length).toBeGreaterThan(3);
    for (const secret of ['pw1001secret', 'pw1002secret']) expect(everything).not.toContain(secret);
    // The recorded answers really do contain them (the test would be vacuous otherwise).
    expect(JSON.stringify(listItems('15_PJSIPShowAuths'))).toContain('pw1002secret');
  });
});
