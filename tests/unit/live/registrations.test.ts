import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BlockItem, blockEventName } from '../../../src/main/core/ami/item';
import { AmiParser } from '../../../src/main/core/ami/parser';
import { Registrations } from '../../../src/main/core/live/registrations';
import {
  liveEvents,
  listItems,
  msg,
  registeredAsRecorded,
  testClock,
  TRANSCRIPTS,
  withFields,
} from './transcripts';

function noreg(now = testClock()) {
  const r = new Registrations(now);
  r.rebuild(listItems('06b_PJSIPShowContacts_noreg'), listItems('06_PJSIPShowEndpoints_noreg'));
  return r;
}

describe('Registrations: initial state from the two list actions', () => {
  it('shows both registered baresip phones online with contact, ip:port and user agent (12 + 10)', () => {
    const r = registeredAsRecorded();
    expect(r.isStale).toBe(false);
    expect(r.status('1001')).toMatchObject({
      number: '1001',
      registration: 'online',
      contactUri: 'sip:1001-0x55b9dc60e450@127.0.0.1:5071',
      address: '127.0.0.1:5071',
      userAgent: 'baresip v1.0.0 (x86_64/linux)',
      roundTripMs: null,
      callState: 'idle',
    });
    expect(r.status('1002')?.address).toBe('127.0.0.1:5073');
    expect(
      r
        .statuses()
        .map((s) => s.number)
        .sort(),
    ).toEqual(['1001', '1002']);
  });

  it('reads "No Contacts found" as no contacts: every endpoint offline (06b + 06)', () => {
    const r = noreg();
    expect(r.statuses().map((s) => [s.number, s.registration])).toEqual([
      ['1001', 'offline'],
      ['1002', 'offline'],
    ]);
  });

  it('shows a qualified contact with its round trip in ms, and an unreachable one (38a, 38e)', () => {
    const r = new Registrations(testClock());
    r.rebuild(
      listItems('38a_PJSIPShowContacts_qualify_enabled'),
      listItems('06_PJSIPShowEndpoints_noreg'),
    );
    expect(r.status('1001')).toMatchObject({ registration: 'online', roundTripMs: 0.178 });
    r.rebuild(
      listItems('38e_PJSIPShowContacts_contact_unreachable'),
      listItems('06_PJSIPShowEndpoints_noreg'),
    );
    expect(r.status('1001')).toMatchObject({ registration: 'unreachable', roundTripMs: null });
  });

  it('takes ip:port from the contact URI when ViaAddr is absent', () => {
    const [c] = listItems('12_PJSIPShowContacts');
    const r = new Registrations(testClock());
    r.rebuild([withFields(c!, { ViaAddr: '', ViaPort: '' })], listItems('10_PJSIPShowEndpoints'));
    expect(r.status('1001')?.address).toBe('127.0.0.1:5071');
  });

  it('takes the extension from the contact name (`1001;@…`) when Endpoint is absent', () => {
    const [c] = listItems('12_PJSIPShowContacts');
    const r = new Registrations(testClock());
    r.rebuild([withFields(c!, { Endpoint: '' })], listItems('10_PJSIPShowEndpoints'));
    expect(r.status('1001')).toMatchObject({ registration: 'online', address: '127.0.0.1:5071' });
  });

  it('reports statuses as unknown before the first sync', () => {
    const r = new Registrations(testClock());
    expect(r.isStale).toBe(true);
    expect(r.statuses()).toEqual([]);
  });
});

describe('Registrations: events keep the picture live', () => {
  it('turns both phones online on REGISTER (30), address parsed from the URI, user agent pending', () => {
    const now = testClock();
    const r = noreg(now);
    const changes = liveEvents('30_events_register')
      .map((e) => r.apply(e))
      .filter((c) => c !== null);
    expect(changes.map((c) => [c.status.number, c.previous, c.status.registration])).toEqual([
      ['1001', 'offline', 'online'],
      ['1002', 'offline', 'online'],
    ]);
    expect(r.status('1001')).toMatchObject({
      registration: 'online',
      contactUri: 'sip:1001-0x55b9dc60e450@127.0.0.1:5071',
      address: '127.0.0.1:5071',
      userAgent: null,
    });
    // ContactStatus carries no user agent: one PJSIPShowEndpoint per new contact fills it in.
    expect(r.takePending().sort()).toEqual(['1001', '1002']);
    expect(r.takePending()).toEqual([]);
  });

  it('fills user agent and via address from PJSIPShowEndpoint, ignoring its AuthDetail (11)', () => {
    const r = noreg();
    for (const e of liveEvents('30_events_register')) r.apply(e);
    const change = r.applyEndpointDetail('1001', listItems('11_PJSIPShowEndpoint_1001'));
    expect(change?.previous).toBe('online');
    expect(change?.status).toMatchObject({
      registration: 'online',
      userAgent: 'baresip v1.0.0 (x86_64/linux)',
      address: '127.0.0.1:5071',
    });
    expect(JSON.stringify(r.statuses())).not.toContain('pw1001secret');
    expect(r.takePending()).toEqual(['1002']);
  });

  it('fills in user agents of a burst from one PJSIPShowContacts snapshot (30 + 12)', () => {
    const r = noreg();
    for (const e of liveEvents('30_events_register')) r.apply(e);
    const changes = r.applyContactSnapshot(listItems('12_PJSIPShowContacts'));
    expect(changes.map((c) => [c.status.number, c.status.userAgent])).toEqual([
      ['1001', 'baresip v1.0.0 (x86_64/linux)'],
      ['1002', 'baresip v1.0.0 (x86_64/linux)'],
    ]);
    // Authoritative when nothing happened meanwhile: a contact it lacks is gone.
    r.applyContactSnapshot(listItems('12_PJSIPShowContacts').slice(0, 1));
    expect(r.status('1002')?.registration).toBe('offline');
  });

  it('a snapshot older than a ContactStatus only fills in details, never brings a contact back (30, 35, 12)', () => {
    const r = noreg();
    for (const e of liveEvents('30_events_register')) r.apply(e);
    const since = r.contactVersion();
    // 1002 unregisters while the snapshot (taken before) is on its way.
    for (const e of liveEvents('35_events_unregister')) r.apply(e);
    const changes = r.applyContactSnapshot(listItems('12_PJSIPShowContacts'), since);
    expect(changes.map((c) => c.status.number)).toEqual(['1001']);
    expect(r.status('1001')?.userAgent).toBe('baresip v1.0.0 (x86_64/linux)');
    expect(r.status('1002')?.registration).toBe('offline');
  });

  it('turns 1002 offline on un-REGISTER and leaves 1001 online (35)', () => {
    const r = registeredAsRecorded();
    const changes = liveEvents('35_events_unregister')
      .map((e) => r.apply(e))
      .filter((c) => c !== null);
    expect(changes.map((c) => [c.status.number, c.previous, c.status.registration])).toEqual([
      ['1002', 'online', 'offline'],
    ]);
    expect(r.status('1002')).toMatchObject({ contactUri: null, address: null, userAgent: null });
    expect(r.status('1001')?.registration).toBe('online');
    expect(r.takePending()).toEqual([]);
  });

  it('turns 1001 offline when Asterisk expires its contact (37)', () => {
    const r = registeredAsRecorded();
    for (const e of liveEvents('37_events_contact_expired')) r.apply(e);
    expect(r.status('1001')?.registration).toBe('offline');
    expect(r.status('1002')?.registration).toBe('online');
  });

  it('follows qualify: NonQualified → Reachable (rtt) → Unreachable → Removed (38)', () => {
    const r = noreg();
    const steps = liveEvents('38_events_qualify_register_reachable_kill_unreachable_expire')
      .map((e) => r.apply(e))
      .filter((c) => c !== null)
      .map((c) => [c.previous, c.status.registration, c.status.roundTripMs]);
    expect(steps).toEqual([
      ['offline', 'online', null],
      ['online', 'online', 0.178],
      ['online', 'unreachable', null],
      ['unreachable', 'offline', null],
    ]);
  });

  it('keeps an AOR with several contacts online while any contact remains', () => {
    const r = noreg();
    const [reg] = liveEvents('30_events_register').filter(
      (e) => e.fields[0]?.[1] === 'ContactStatus',
    );
    const second = withFields(reg!, { URI: 'sip:1001-second@10.0.0.7:5060' });
    r.apply(reg!);
    r.apply(second);
    expect(r.status('1001')?.contactUri).toBe('sip:1001-second@10.0.0.7:5060');
    expect(r.apply(withFields(second, { ContactStatus: 'Removed' }))?.status).toMatchObject({
      registration: 'online',
      contactUri: 'sip:1001-0x55b9dc60e450@127.0.0.1:5071',
    });
    expect(r.apply(withFields(reg!, { ContactStatus: 'Removed' }))?.status.registration).toBe(
      'offline',
    );
  });

  it('adds an endpoint created after the sync when its first contact registers', () => {
    const r = noreg();
    const [reg] = liveEvents('30_events_register').filter(
      (e) => e.fields[0]?.[1] === 'ContactStatus',
    );
    const c = r.apply(
      withFields(reg!, { EndpointName: '1003', AOR: '1003', URI: 'sip:1003@10.1.1.1' }),
    );
    expect(c).toMatchObject({
      previous: 'offline',
      status: { number: '1003', address: '10.1.1.1:5060' },
    });
  });

  it('flags an endpoint for a look-up when PeerStatus contradicts what it holds (a missed ContactStatus)', () => {
    const r = noreg();
    const peer = liveEvents('30_events_register').find((e) => e.fields[0]?.[1] === 'PeerStatus');
    expect(r.apply(peer!)).toBeNull();
    expect(r.takePending()).toEqual(['1001']);
  });

  it('ignores PeerStatus/DeviceStateChange that the following ContactStatus confirms', () => {
    const r = registeredAsRecorded();
    for (const e of liveEvents('35_events_unregister')) r.apply(e);
    expect(r.takePending()).toEqual([]);
  });
});

describe('Registrations: reconnect rebuilds from scratch', () => {
  it('reads unknown while disconnected, then offline for a phone that unregistered during the outage', () => {
    const now = testClock();
    const r = registeredAsRecorded(now);
    r.markStale();
    expect(r.statuses().map((s) => s.registration)).toEqual(['unknown', 'unknown']);
    now.advance(5000);
    const changes = r.rebuild(
      listItems('06b_PJSIPShowContacts_noreg'),
      listItems('06_PJSIPShowEndpoints_noreg'),
    );
    expect(changes.map((c) => [c.status.number, c.previous, c.status.registration])).toEqual([
      ['1001', 'online', 'offline'],
      ['1002', 'online', 'offline'],
    ]);
    expect(r.statuses().every((s) => s.registration === 'offline')).toBe(true);
  });

  it('reports nothing for extensions whose state did not change across the reconnect', () => {
    const r = registeredAsRecorded();
    r.markStale();
    expect(
      r.rebuild(listItems('12_PJSIPShowContacts'), listItems('10_PJSIPShowEndpoints')),
    ).toEqual([]);
    expect(r.status('1001')?.registration).toBe('online');
  });

  it('drops an endpoint Asterisk no longer lists, reporting it offline', () => {
    const r = registeredAsRecorded();
    const [ep1] = listItems('06_PJSIPShowEndpoints_noreg');
    const changes = r.rebuild([], [ep1!]);
    expect(r.status('1002')).toBeUndefined();
    expect(changes.map((c) => [c.status.number, c.previous, c.status.registration]).sort()).toEqual(
      [
        ['1001', 'online', 'offline'],
        ['1002', 'online', 'offline'],
      ],
    );
  });
});

describe('Registrations: scale', () => {
  it('builds 10,000 contacts + endpoints in a few ms and applies an event in O(1)', () => {
    const [contact] = listItems('12_PJSIPShowContacts');
    const [endpoint] = listItems('10_PJSIPShowEndpoints');
    const contacts = [];
    const endpoints = [];
    for (let i = 0; i < 10_000; i++) {
      const n = String(100_000 + i);
      endpoints.push(withFields(endpoint!, { ObjectName: n, Aor: n, Auths: n }));
      contacts.push(
        withFields(contact!, {
          ObjectName: `${n};@h${i}`,
          Endpoint: n,
          Uri: `sip:${n}@10.0.${i >> 8}.${i & 255}:5060`,
        }),
      );
    }
    const r = new Registrations();
    // Best of several runs after a warm-up (JIT), since the machine is shared by parallel tests.
    let buildMs = Infinity;
    for (let run = 0; run < 6; run++) {
      const t0 = performance.now();
      r.rebuild(contacts, endpoints);
      if (run > 0) buildMs = Math.min(buildMs, performance.now() - t0);
    }
    expect(r.statuses().filter((s) => s.registration === 'online')).toHaveLength(10_000);

    const removes = contacts.map((c, i) =>
      msg({
        Event: 'ContactStatus',
        URI: `sip:${100_000 + i}@10.0.${i >> 8}.${i & 255}:5060`,
        ContactStatus: 'Removed',
        AOR: String(100_000 + i),
        EndpointName: String(100_000 + i),
        RoundtripUsec: '0',
      }),
    );
    const t1 = performance.now();
    for (const e of removes) r.apply(e);
    const perEventUs = ((performance.now() - t1) * 1000) / removes.length;
    expect(r.statuses().filter((s) => s.registration === 'offline')).toHaveLength(10_000);
    console.log(
      `registrations: build 10,000 in ${buildMs.toFixed(1)} ms; ${perEventUs.toFixed(2)} µs/event`,
    );
    // Generous bounds for a shared 2-core machine; the printed figure is the measurement.
    expect(buildMs).toBeLessThan(100);
    expect(perEventUs).toBeLessThan(50);
  });
});

describe('Registrations: a sync streamed item by item', () => {
  it('reads the same picture from the items read in place as from whole messages (12 + 10)', () => {
    const parser = new AmiParser();
    const item = new BlockItem((text) => parser.parse(text) ?? { fields: [] });
    const streamed = new Registrations(testClock());
    const sync = streamed.beginSync();
    for (const name of ['12_PJSIPShowContacts', '10_PJSIPShowEndpoints']) {
      parser.reset();
      parser.pushBlocks(readFileSync(`${TRANSCRIPTS}${name}.txt`), (buf, start, end) => {
        const text = buf.slice(start, end);
        const event = blockEventName(text);
        if (!text.includes('\r\nActionID: rec-2\r\n')) return;
        if (event === 'ContactList') sync.contact(item.reset(text, event));
        if (event === 'EndpointList') sync.endpoint(item.reset(text, event));
      });
    }
    expect(streamed.finishSync(sync)).toEqual([]);
    const whole = registeredAsRecorded();
    expect(streamed.statuses()).toEqual(whole.statuses());
    expect(streamed.statuses().filter((s) => s.registration === 'online')).toHaveLength(2);
  });
});
