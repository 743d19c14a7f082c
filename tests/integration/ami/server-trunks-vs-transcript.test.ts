import { afterEach, describe, expect, it } from 'vitest';
import type { AmiMessage } from '../../../src/main/core/ami/message';
import { amiGet } from '../../../src/main/core/ami/message';
import { AmiTestServer } from '../../support/ami-server/server';
import {
  DEFAULT_FILTER,
  filterMessages,
  normalise,
  recordedMessages,
  replay,
  type ReplayFilter,
  type ReplayHooks,
} from '../../support/ami-server/replay';
import { tempConfigDir } from '../../support/ami-server/fixture-dir';
import { transcriptFile } from '../../support/ami-server/transcripts';

/**
 * Acceptance 1 of issue 13: the test AMI server answers PJSIPShowRegistrationsOutbound,
 * PJSIPRegister and PJSIPUnregister and emits the Registry events of a trunk as the real
 * Asterisk 22.10.1 did in recordings 47 (register, wrong password, register/unregister now) and
 * 47b (provider not answering). Normalisations on top of replay.ts's, applied to both sides:
 *  - the trunk's own endpoint `provider-a` has a static AOR contact and an identify section,
 *    which the test server does not model: the PJSIPShowEndpoint provider-a answer (rec-5) and
 *    the PeerStatus/ContactStatus/DeviceStateChange of that static contact are left out;
 *  - the time in a ChallengeResponseFailed's `Challenge` (`<unix seconds>/<nonce>`) becomes <t>;
 *  - a run of unsolicited events (between two action answers) is compared as a set: Asterisk's
 *    registration thread and its contact/device-state threads interleave Registry, PeerStatus
 *    and ContactStatus differently from run to run (compare 47 rec-11 with rec-16).
 */

const TRUNK_CONTACT = (m: AmiMessage): boolean => {
  if (amiGet(m, 'ActionID') === 'rec-5') return true;
  const ep = amiGet(m, 'EndpointName') ?? amiGet(m, 'Peer') ?? amiGet(m, 'Device') ?? '';
  return ep === 'provider-a' || ep === 'PJSIP/provider-a';
};
const FILTER: ReplayFilter = { ...DEFAULT_FILTER, drop: TRUNK_CONTACT };

function comparable(texts: string[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = (): void => {
    out.push(...run.sort());
    run = [];
  };
  for (const raw of texts) {
    const t = raw.replace(/^Challenge: \d+\//m, 'Challenge: <t>/');
    const unsolicited = t.startsWith('Event: ') && !/^ActionID: /m.test(t);
    if (!unsolicited) flush();
    (unsolicited ? run : out).push(t);
  }
  flush();
  return out;
}

async function replayTrunk(
  server: AmiTestServer,
  name: string,
  hooks: ReplayHooks,
): Promise<{ recorded: string[]; replayed: string[]; raw: AmiMessage[] }> {
  const r = await replay(server.port, name, { ...hooks, filter: FILTER });
  return {
    recorded: comparable(normalise(recordedMessages(name, FILTER))),
    replayed: comparable(normalise(filterMessages(r.raw, FILTER))),
    raw: r.raw,
  };
}

const CONFIG_47 = transcriptFile('47_pjsip.conf.trunk');
const WITHOUT_TRUNK = CONFIG_47.slice(0, CONFIG_47.indexOf('[provider-a]'));
const WRONG_PASSWORD = CONFIG_47.replace(
  /(\[provider-a\]\ntype=auth\nauth_type=userpass\nusername=9900\npassword=)Provider-9900-pw/,
  '$1WRONG-pw',
);
const PROVIDER_DOWN = CONFIG_47.replace(
  'server_uri=sip:127.0.0.1:5060',
  'server_uri=sip:127.0.0.1:5999',
).replace('contact=sip:127.0.0.1:5060', 'contact=sip:127.0.0.1:5999');

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('test AMI server: trunks as recorded (47, 47b)', () => {
  let server: AmiTestServer | null = null;
  let cfg: ReturnType<typeof tempConfigDir> | null = null;
  afterEach(async () => {
    await server?.stop();
    cfg?.cleanup();
    server = null;
    cfg = null;
  });

  it('47: trunk added → Registered; wrong password → Rejected; register/unregister now; unknown registration', async () => {
    expect(WRONG_PASSWORD).not.toBe(CONFIG_47);
    cfg = tempConfigDir({ 'pjsip.conf': WITHOUT_TRUNK });
    server = await AmiTestServer.start({ configDir: cfg.dir, reloadCost: 'none' });
    server.register('1001', { viaPort: 5071 });
    server.register('1002', { viaPort: 5073 });
    const c = cfg;
    const r = await replayTrunk(server, '47_outbound_registration_trunk', {
      afterResponses: (i) => {
        if (i === 0) c.write('pjsip.conf', CONFIG_47);
        if (i === 4) c.write('pjsip.conf', WRONG_PASSWORD);
        if (i === 8) c.write('pjsip.conf', CONFIG_47);
      },
    });
    expect(r.replayed).toEqual(r.recorded);
    expect(r.raw.filter((m) => amiGet(m, 'Event') === 'Registry').length).toBe(10);
  });

  it('47b: provider not answering → Rejected only after the SIP timeout (scaled), logged as no response', async () => {
    const timeScale = 0.02;
    cfg = tempConfigDir({ 'pjsip.conf': CONFIG_47 });
    server = await AmiTestServer.start({
      configDir: cfg.dir,
      reloadCost: 'none',
      trunkTiming: { timeScale, attemptDelayMs: 20 },
    });
    const s = server;
    await until(() => s.trunks.get('provider-a')?.status === 'Registered');
    // After the recorded un-REGISTER the real Asterisk waited its random initial delay (up to
    // 10 s) before registering again: longer than the rest of the session.
    s.trunks.timing.attemptDelayMs = 10_000;
    const c = cfg;
    let registerSentAt = 0;
    const r = await replayTrunk(s, '47b_outbound_registration_provider_unreachable', {
      afterResponses: (i) => {
        if (i === 0) c.write('pjsip.conf', PROVIDER_DOWN);
        if (i === 2) registerSentAt = Date.now();
        if (i === 4) c.write('pjsip.conf', CONFIG_47);
      },
    });
    expect(r.replayed).toEqual(r.recorded);
    const rejected = r.raw.find((m) => amiGet(m, 'Status') === 'Rejected');
    expect(rejected && amiGet(rejected, 'Domain')).toBe('sip:127.0.0.1:5999');
    expect(s.logLines.join('\n')).toContain(
      "No response received from 'sip:127.0.0.1:5999' on registration attempt to 'sip:9900@127.0.0.1:5060', retrying in '20'",
    );
    const rejectedAt = s.trunks.history.find((h) => h.status === 'Rejected')!.at;
    // No earlier than the SIP timeout after the REGISTER, as recorded (~32 s, here scaled).
    expect(rejectedAt - registerSentAt).toBeGreaterThanOrEqual(32_000 * timeScale - 5);
    expect(rejectedAt - registerSentAt).toBeLessThan(32_000 * timeScale + 1000);
  });
});
