import { describe, expect, it } from 'vitest';
import type { AmiMessage } from '../../../src/main/core/ami/message';
import type { TrunkEvent } from '../../../src/shared/types';
import { TrunkLive } from '../../../src/main/core/trunks/trunk-live';
import { FakeSource } from '../live/fake-source';

const msg = (fields: Array<[string, string]>): AmiMessage => ({ fields });
const detail = (status: string, serverUri = 'sip:127.0.0.1:5060') =>
  msg([
    ['Event', 'OutboundRegistrationDetail'],
    ['ObjectName', 'provider-a'],
    ['ClientUri', 'sip:9900@127.0.0.1:5060'],
    ['AuthRejectionPermanent', 'true'],
    ['ServerUri', serverUri],
    ['RetryInterval', '20'],
    ['Expiration', '120'],
    ['Transport', 'transport-udp'],
    ['ForbiddenRetryInterval', '30'],
    ['Status', status],
    ['NextReg', '0'],
  ]);
const registry = (status: string, domain = 'sip:127.0.0.1:5060') =>
  msg([
    ['Event', 'Registry'],
    ['Privilege', 'system,all'],
    ['ChannelType', 'PJSIP'],
    ['Username', 'sip:9900@127.0.0.1:5060'],
    ['Domain', domain],
    ['Status', status],
  ]);

async function setup(status = 'Registered') {
  let now = 1_000_000;
  const source = new FakeSource().answer('PJSIPShowRegistrationsOutbound', [detail(status)]);
  source.connected = true;
  const live = new TrunkLive({ host: 'pbx', source, now: () => now, sipTimeoutMs: 32_000 });
  const events: TrunkEvent[] = [];
  live.on((e) => events.push(e));
  await live.start();
  return { source, live, events, advance: (ms: number) => (now += ms) };
}

describe('trunk live status (Registry events of 47/47b)', () => {
  it('resyncs from PJSIPShowRegistrationsOutbound on start: unknown → registered, with a time', async () => {
    const { live, events } = await setup();
    expect(live.status('provider-a')).toMatchObject({ status: 'registered', asOf: 1_000_000 });
    expect(events).toEqual([
      expect.objectContaining({ name: 'provider-a', previous: 'unknown', status: 'registered' }),
    ]);
  });

  it("a refusal soon after the attempt is the provider's 401/403", async () => {
    const { source, live, advance } = await setup();
    live.noteAttempt('provider-a');
    advance(300);
    source.emit(registry('Rejected'));
    expect(live.status('provider-a')).toMatchObject({ status: 'rejected', nextRegSec: null });
    expect(live.status('provider-a')!.reason).toMatch(/401\/403/);
  });

  it('a Rejected after the SIP timeout is "no response" (47b), with the retry interval as next attempt', async () => {
    const { source, live, advance, events } = await setup();
    await live.afterReload();
    advance(32_100);
    source.emit(registry('Rejected'));
    const s = live.status('provider-a')!;
    expect(s).toMatchObject({ status: 'rejected', nextRegSec: 20 });
    expect(s.reason).toMatch(/^no response from sip:127.0.0.1:5060/);
    // The retry 20 s later times out again: still "no response".
    advance(20_000 + 32_000);
    source.emit(registry('Rejected'));
    expect(live.status('provider-a')!.reason).toMatch(/^no response/);
    // The same Registry again before the retry is due (repeated or late): a confirmation only.
    source.emit(registry('Rejected'));
    expect(live.status('provider-a')).toMatchObject({ nextRegSec: 20 });
    expect(live.status('provider-a')!.reason).toMatch(/^no response/);
    // The retry's start is only estimated (events come through a tunnel, maybe late): a timeout
    // seen 1 s "early" is still no response, with the retry interval as next attempt.
    advance(20_000 + 31_000);
    source.emit(registry('Rejected'));
    expect(live.status('provider-a')).toMatchObject({ nextRegSec: 20 });
    expect(live.status('provider-a')!.reason).toMatch(/^no response/);
    // Same state, same reason: confirmed (asOf moves), not a new change.
    expect(events.filter((e) => e.status === 'rejected')).toHaveLength(1);
    expect(live.status('provider-a')!.asOf).toBe(1_000_000 + 32_100 + 52_000 + 51_000);
  });

  it('the source lost: unknown at once (never the last value); resynced on reconnect', async () => {
    const { source, live, events } = await setup();
    source.drop();
    expect(live.status('provider-a')!.status).toBe('unknown');
    expect(events.at(-1)).toMatchObject({ previous: 'registered', status: 'unknown' });
    // While down, nothing revives it.
    source.emit(registry('Registered'));
    source.answer('PJSIPShowRegistrationsOutbound', [detail('Rejected')]);
    source.connect();
    await new Promise((r) => setTimeout(r, 10));
    expect(live.status('provider-a')!.status).toBe('rejected');
  });

  it('a Registry event for a registration not yet listed triggers a resync', async () => {
    const { source, live } = await setup();
    source.answer('PJSIPShowRegistrationsOutbound', [
      detail('Registered'),
      msg([
        ['Event', 'OutboundRegistrationDetail'],
        ['ObjectName', 'provider-b'],
        ['ClientUri', 'sip:acct@example.net'],
        ['ServerUri', 'sip:example.net'],
        ['Status', 'Registered'],
        ['NextReg', '0'],
      ]),
    ]);
    source.emit(
      msg([
        ['Event', 'Registry'],
        ['ChannelType', 'PJSIP'],
        ['Username', 'sip:acct@example.net'],
        ['Domain', 'sip:example.net'],
        ['Status', 'Registered'],
      ]),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(live.status('provider-b')?.status).toBe('registered');
  });
});
