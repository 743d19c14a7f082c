import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent, TrunkStatus } from '../../../src/shared/types';
import { runCli } from '../../../src/cli/main';
import { TrunkAlerts } from '../../../src/main/core/trunks/trunk-alerts';
import type { NativeNotification } from '../../../src/shared/types';
import { startAdminReload } from '../../support/ami-server/admin-reload';
import type { AmiTestServerOptions } from '../../support/ami-server/server';
import { transcriptFile } from '../../support/ami-server/transcripts';
import { AMI_SECRET, startPbxHost, type PbxHost } from '../../support/pbx-host';
import { startSshd, type SshdHandle } from '../../support/sshd';

/**
 * Issue 13, acceptance 2 and 3: trunks through the real sshd (files) and the SSH tunnel (AMI),
 * against the test AMI server's trunk model (recordings 47 and 47b). The provider's SIP timeout
 * (32 s on a real Asterisk) runs 20× faster here, on both sides.
 */

const TIME_SCALE = 0.05;
const SIP_TIMEOUT_MS = 32_000 * TIME_SCALE;
const PROVIDER = 'sip.provider.test:5060';
const GOOD = 'Good-Provider-pw1';

let sshd: SshdHandle;
let h: PbxHost;

beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});
afterEach(async () => {
  await h?.close();
});

async function trunkHost(
  pjsip?: (sipPort: number) => string,
  ami: Partial<AmiTestServerOptions> = {},
): Promise<PbxHost> {
  const host = await startPbxHost(sshd, {
    pjsip,
    ami: { trunkTiming: { timeScale: TIME_SCALE, attemptDelayMs: 30 }, ...ami },
    trunkSipTimeoutMs: SIP_TIMEOUT_MS,
  });
  host.ami.setTrunkProvider(PROVIDER, { up: true, accounts: { acct1: GOOD } });
  return host;
}

const trunkInput = (extra: Record<string, unknown> = {}) => ({
  name: 'provider-b',
  server: PROVIDER,
  username: 'acct1',
  password: GOOD,
  retryInterval: 20,
  match: ['203.0.113.0/24', '198.51.100.7'],
  ...extra,
});

function trunkEvents(events: DomainEvent[], name: string) {
  return events.filter(
    (e): e is Extract<DomainEvent, { kind: 'trunk' }> => e.kind === 'trunk' && e.name === name,
  );
}

async function liveStatus(host: PbxHost, name: string): Promise<TrunkStatus | undefined> {
  const rows = await host.fleet.listTrunks('pbx');
  return rows.find((r) => r.name === name)?.live?.status;
}

describe('trunks over the SSH tunnel', () => {
  it('create: written, reloaded, verified by PJSIPShowRegistrationsOutbound, then live registered; delete: verified gone', async () => {
    h = await trunkHost();
    const r = await h.fleet.createTrunk('pbx', trunkInput());
    expect(r.apply).toMatchObject({ reloaded: true, verified: true, rolledBack: false });
    expect(r.apply.mismatches).toEqual([]);
    expect(r.trunk).toMatchObject({
      name: 'provider-b',
      managed: true,
      serverUri: 'sip:sip.provider.test:5060',
      clientUri: 'sip:acct1@sip.provider.test:5060',
    });
    const text = await h.pbx.read('pjsip.conf');
    expect(text).toContain('; BEGIN MANAGED - Trunk provider-b');
    expect(text).toContain('match=203.0.113.0/24');
    expect(h.ami.actionCounts.get('pjsipshowregistrationsoutbound')).toBeGreaterThanOrEqual(1);
    await h.waitFor(
      () => trunkEvents(h.events, 'provider-b').some((e) => e.status === 'registered'),
      5000,
    );
    expect(await liveStatus(h, 'provider-b')).toBe('registered');
    // What a listing sends out never holds the password.
    expect(JSON.stringify(await h.fleet.listTrunks('pbx'))).not.toContain(GOOD);

    const del = await h.fleet.deleteTrunk('pbx', 'provider-b');
    expect(del.apply).toMatchObject({ reloaded: true, verified: true, rolledBack: false });
    expect(h.ami.trunks.get('provider-b')).toBeUndefined();
    expect(await h.pbx.read('pjsip.conf')).not.toContain('provider-b');
  });

  it('a wrong password: verified (the config is right), then rejected with the reason and a notification', async () => {
    h = await trunkHost();
    const alerts = new TrunkAlerts();
    const shown: NativeNotification[] = [];
    h.fleet.onEvent((e) => shown.push(...alerts.offer(e)));
    await h.fleet.createTrunk('pbx', trunkInput());
    await h.waitFor(() => h.ami.trunks.get('provider-b')?.status === 'Registered');
    await h.waitFor(() =>
      trunkEvents(h.events, 'provider-b').some((e) => e.status === 'registered'),
    );

    const r = await h.fleet.updateTrunk('pbx', 'provider-b', { password: 'Wrong-Provider-pw' });
    expect(r.apply).toMatchObject({ verified: true, rolledBack: false });
    // The password alone changed: Asterisk keeps the registration until the next REGISTER (47 rec-6).
    await h.fleet.sendTrunkRegistration('pbx', 'provider-b', true);
    const ev = await h.waitFor(() =>
      trunkEvents(h.events, 'provider-b').find((e) => e.status === 'rejected'),
    );
    expect(ev.previous).toBe('registered');
    expect(ev.reason).toMatch(/401\/403/);
    const row = (await h.fleet.listTrunks('pbx')).find((t) => t.name === 'provider-b')!;
    expect(row.live).toMatchObject({ status: 'rejected' });
    expect(row.live!.reason).toMatch(/username and password/);
    expect(shown).toContainEqual(
      expect.objectContaining({ kind: 'trunk-down', trunk: 'provider-b', host: 'pbx' }),
    );
    expect(alerts.downTrunks()).toEqual([{ host: 'pbx', name: 'provider-b' }]);
    // Muted per trunk: the next change says nothing and the tray no longer counts it.
    alerts.setMuted('pbx', 'provider-b', true);
    expect(alerts.downTrunks()).toEqual([]);
    alerts.setMuted('pbx', 'provider-b', false);

    await h.fleet.updateTrunk('pbx', 'provider-b', { password: GOOD });
    await h.waitFor(() =>
      trunkEvents(h.events, 'provider-b').find(
        (e) => e.status === 'registered' && e.previous === 'rejected',
      ),
    );
    expect(shown).toContainEqual(
      expect.objectContaining({ kind: 'trunk-up', trunk: 'provider-b' }),
    );
    expect(alerts.downTrunks()).toEqual([]);
  });

  it('provider down: rejected only after the (scaled) SIP timeout, "no response"; then registered when it answers again', async () => {
    h = await trunkHost();
    h.ami.setTrunkProvider(PROVIDER, { up: false, accounts: { acct1: GOOD } });
    const t0 = Date.now();
    const r = await h.fleet.createTrunk('pbx', trunkInput());
    // Verified although nothing answers: the registration is loaded as written.
    expect(r.apply).toMatchObject({ verified: true, rolledBack: false });
    const rejected = await h.waitFor(
      () => trunkEvents(h.events, 'provider-b').find((e) => e.status === 'rejected'),
      SIP_TIMEOUT_MS * 4,
    );
    expect(rejected.at - t0).toBeGreaterThanOrEqual(SIP_TIMEOUT_MS);
    expect(rejected.reason).toMatch(/^no response from sip:sip\.provider\.test:5060/);
    const row = (await h.fleet.listTrunks('pbx')).find((t) => t.name === 'provider-b')!;
    expect(row.live).toMatchObject({ status: 'rejected', nextRegSec: 20 });
    expect(row.live!.reason).toMatch(/^no response/);
    expect(h.ami.logLines.join('\n')).toContain('No response received from');

    // The provider answers again: Asterisk's next retry (retry_interval, scaled) registers.
    h.ami.setTrunkProvider(PROVIDER, { up: true, accounts: { acct1: GOOD } });
    const back = await h.waitFor(
      () =>
        trunkEvents(h.events, 'provider-b').find(
          (e) => e.status === 'registered' && e.at > rejected.at,
        ),
      20_000 * TIME_SCALE + SIP_TIMEOUT_MS * 2,
    );
    expect(back.previous).toBe('rejected');
  });

  it('AMI lost: every trunk reads unknown at once, never its last value; back after the resync', async () => {
    h = await trunkHost();
    await h.fleet.createTrunk('pbx', trunkInput());
    await h.waitFor(() =>
      trunkEvents(h.events, 'provider-b').some((e) => e.status === 'registered'),
    );
    h.ami.setAccepting(false);
    h.ami.dropConnections();
    const lost = await h.waitFor(() =>
      trunkEvents(h.events, 'provider-b').find((e) => e.status === 'unknown'),
    );
    expect(lost.previous).toBe('registered');
    expect(await liveStatus(h, 'provider-b')).toBe('unknown');
    h.ami.setAccepting(true);
    await h.waitFor(
      () =>
        trunkEvents(h.events, 'provider-b').find(
          (e) => e.status === 'registered' && e.previous === 'unknown',
        ),
      5000,
    );
  });

  it('hand-written trunks (47_pjsip.conf.trunk) are listed read-only with live status', async () => {
    h = await trunkHost((sipPort) =>
      transcriptFile('47_pjsip.conf.trunk').replaceAll('127.0.0.1:5060', `127.0.0.1:${sipPort}`),
    );
    await h.waitFor(() => h.ami.trunks.get('provider-a')?.status === 'Registered');
    const rows = await h.fleet.listTrunks('pbx');
    const a = rows.find((t) => t.name === 'provider-a')!;
    expect(a).toMatchObject({
      managed: false,
      enabled: true,
      transport: 'transport-udp',
      contactUser: '9900',
      retryInterval: 20,
      forbiddenRetryInterval: 30,
      expiration: 120,
      codecs: ['ulaw'],
      context: 'from-internal',
      match: ['127.0.0.2'],
    });
    expect(a.serverUri).toMatch(/^sip:127\.0\.0\.1:\d+$/);
    await h.waitFor(async () => (await liveStatus(h, 'provider-a')) === 'registered');
    expect(await liveStatus(h, 'provider-a')).toBe('registered');
    const before = await h.pbx.read('pjsip.conf');
    await expect(h.fleet.updateTrunk('pbx', 'provider-a', { retryInterval: 30 })).rejects.toThrow(
      /written by hand/,
    );
    await expect(h.fleet.deleteTrunk('pbx', 'provider-a')).rejects.toThrow(/written by hand/);
    expect(await h.pbx.read('pjsip.conf')).toBe(before);
  });
});

describe('rayanpbx trunk (CLI) over the SSH tunnel', () => {
  it('add → list --json (documented shape, no password) → register → rm', async () => {
    h = await trunkHost();
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const cli = (argv: string[]) => runCli(argv, io, () => h.reopen());

    const add = [
      'trunk',
      'add',
      'pbx',
      'provider-c',
      '--server',
      PROVIDER,
      '--username',
      'acct1',
      '--password',
      GOOD,
      '--match',
      '203.0.113.0/24',
      '--retry',
      '30',
      '--context',
      'from-trunk',
    ];
    expect(await cli(add)).toBe(0);
    expect(out.join('\n')).toContain('Created trunk provider-c');
    expect(out.join('\n')).toContain('verified');

    await h.waitFor(() => h.ami.trunks.get('provider-c')?.status === 'Registered');
    // A change's --json: `asOf` an ISO time as everywhere else, `changedAt` milliseconds.
    out.length = 0;
    expect(await cli(['trunk', 'set', 'pbx', 'provider-c', '--retry', '60', '--json'])).toBe(0);
    const changed = JSON.parse(out.join('\n')) as { live: Record<string, unknown> | null };
    expect(changed.live).not.toBeNull();
    expect(changed.live!.asOf).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(typeof changed.live!.changedAt).toBe('number');
    out.length = 0;
    expect(await cli(['trunk', 'list', 'pbx', '--json'])).toBe(0);
    expect(out.join('\n')).not.toContain(GOOD);
    const list = JSON.parse(out.join('\n')) as Array<Record<string, unknown>>;
    expect(Object.keys(list[0]!)).toEqual([
      'name',
      'managed',
      'serverUri',
      'clientUri',
      'transport',
      'live',
    ]);
    expect(list[0]).toMatchObject({
      name: 'provider-c',
      managed: true,
      serverUri: 'sip:sip.provider.test:5060',
      clientUri: 'sip:acct1@sip.provider.test:5060',
      transport: 'transport-udp',
    });
    expect(Object.keys(list[0]!.live as object)).toEqual([
      'status',
      'reason',
      'nextRegSec',
      'asOf',
    ]);

    // Bad input: a clear error, exit 1, nothing changed.
    const before = await h.pbx.read('pjsip.conf');
    expect(await cli(['trunk', 'set', 'pbx', 'provider-c', '--match', '10.0.0.0/33'])).toBe(1);
    expect(err.join('\n')).toMatch(
      /--match entry 1: must be an IPv4 address or network in CIDR form/,
    );
    expect(await h.pbx.read('pjsip.conf')).toBe(before);

    expect(await cli(['trunk', 'unregister', 'pbx', 'provider-c'])).toBe(0);
    await h.waitFor(() => h.ami.trunks.get('provider-c')?.status === 'Unregistered');
    expect(await cli(['trunk', 'register', 'pbx', 'provider-c'])).toBe(0);
    await h.waitFor(() => h.ami.trunks.get('provider-c')?.status === 'Registered');

    expect(await cli(['trunk', 'rm', 'pbx', 'provider-c'])).toBe(0);
    expect(await h.pbx.read('pjsip.conf')).not.toContain('provider-c');
  });

  it("add, set and rm during someone else's reload: each waits, says so on stderr, ends verified", async () => {
    // pbx_config reloads cost 8 s here (a 10,000-hint host's 25-48 s, shrunk, and still longer
    // than a loaded machine takes to start the CLI and reach its reload); a trunk change's
    // res_pjsip reload is refused as busy meanwhile (transcript 46) and goes on once it ends.
    h = await trunkHost(undefined, {
      reloadCost: (i: { module: string }) => (i.module === 'pbx_config.so' ? 8000 : 0),
    });
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const cli = (argv: string[]) => runCli(argv, io, () => h.reopen());
    const changes = [
      ['trunk', 'add', 'pbx', 'provider-d', '--server', PROVIDER, '--username', 'acct1'],
      ['trunk', 'set', 'pbx', 'provider-d', '--retry', '90'],
      ['trunk', 'rm', 'pbx', 'provider-d'],
    ];
    changes[0]!.push('--password', GOOD);
    for (const argv of changes) {
      out.length = 0;
      err.length = 0;
      const admin = await startAdminReload(h.ami, 'module reload pbx_config.so', {
        username: 'admin',
        secret: AMI_SECRET,
      });
      expect(h.ami.dialplanReloadInProgress, argv[1]).toBe(true);
      expect(await cli(argv), `${argv[1]}: ${err.join('\n')}`).toBe(0);
      expect(err, argv[1]).toEqual(['waiting for a reload already running on pbx']);
      expect(out.join('\n'), argv[1]).toContain('verified: yes');
      expect(await admin.output).toEqual(["Module 'pbx_config.so' reloaded successfully."]);
    }
    expect(await h.pbx.read('pjsip.conf')).not.toContain('provider-d');
    expect(h.ami.trunks.get('provider-d')).toBeUndefined();
  });
});
