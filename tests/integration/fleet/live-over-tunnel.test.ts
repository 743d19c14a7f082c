import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';
import type { DomainEvent } from '../../../src/shared/types';
import { AMI_SECRET, startPbxHost, type PbxHost } from '../../support/pbx-host';
import { startSshd, type SshdHandle } from '../../support/sshd';

let sshd: SshdHandle;

/** The newest status the event stream gave for an extension (what a UI or the CLI sees). */
function lastStatus(events: DomainEvent[], number: string) {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.kind === 'registration' && e.status.number === number) return e.status;
  }
  return undefined;
}
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

const ext = (number: string, extra: Record<string, unknown> = {}) => ({
  number,
  displayName: `Phone ${number}`,
  password: `Pw-${number}-abcdefgh12`,
  ...extra,
});

describe('apply → reload → verify → rollback, through the SSH tunnel', () => {
  it('creates an extension: written, reloaded, verified live', async () => {
    h = await startPbxHost(sshd);
    const r = await h.fleet.createExtension('pbx', ext('1001'));
    expect(r.apply).toMatchObject({
      reloaded: true,
      verified: true,
      rolledBack: false,
      mismatches: [],
    });
    expect(r.apply.written).toEqual([h.pbx.path('pjsip.conf'), h.pbx.path('extensions.conf')]);
    expect(h.ami.pjsip.endpoints.get('1001')?.context).toBe('from-internal');
    expect(h.ami.dialplan.has('from-internal')).toBe(true);
    // SSH: one read, one write (temps, checks, renames) for both files. AMI: one `module reload
    // res_pjsip.so`, the four dialplan lines added live (sent back to back), then ShowDialPlan
    // and PJSIPShowEndpoint to verify: 7 actions, no pbx_config reload.
    expect(r.apply.sshRoundTrips).toBe(2);
    expect(r.apply.amiRoundTrips).toBe(7);
    expect(r.apply.reloadedModules).toEqual(['res_pjsip.so']);
    // The next change edits the bytes this connection just wrote: the commit's hash check
    // stands in for the read.
    const next = await h.fleet.createExtension('pbx', ext('1002'));
    expect(next.apply).toMatchObject({ reloaded: true, verified: true, rolledBack: false });
    expect(next.apply.sshRoundTrips).toBe(1);
    expect(next.apply.amiRoundTrips).toBe(7);
    expect(h.ami.pjsip.endpoints.has('1002')).toBe(true);
    expect(await h.pbx.read('pjsip.conf')).toContain('[1001]');
  });

  it('rolls back an edit Asterisk keeps the old object for, naming the fields', async () => {
    h = await startPbxHost(sshd);
    await h.fleet.createExtension('pbx', ext('1001'));
    const before = await h.pbx.read('pjsip.conf');
    // Asterisk refuses an unknown codec and keeps the endpoint's previous settings (transcript 42);
    // with no codec list to check against first, only the verify after reload can catch it.
    h.ami.answersCoreShowCodecs = false;
    const r = await h.fleet.updateExtension('pbx', '1001', {
      codecs: ['ulaw', 'nosuchcodec'],
      maxContacts: 2,
    });
    expect(r.apply.rolledBack).toBe(true);
    expect(r.apply.verified).toBe(false);
    expect(r.apply.mismatches).toContain('endpoint.allow: wrote ulaw|nosuchcodec, live ulaw|alaw');
    expect(r.apply.reason).toContain('endpoint.allow');
    expect(await h.pbx.read('pjsip.conf')).toBe(before);
  });

  it("suggests the host's own codecs (core show codecs), and the common ones when it cannot ask", async () => {
    h = await startPbxHost(sshd);
    const own = await h.fleet.knownCodecs('pbx');
    expect(own.source).toBe('asterisk');
    // Formats this Asterisk lists that no fixed list would: the suggestions are its own.
    expect(own.codecs).toEqual(expect.arrayContaining(['ulaw', 'g726aal2', 'slin16']));
    expect(own.codecs).not.toContain('all');
    expect(own.codecs).toEqual([...own.codecs].sort());
    await h.close();
    // No AMI user for this host: nothing to ask, the common codecs are suggested.
    h = await startPbxHost(sshd, { amiUser: null });
    const common = await h.fleet.knownCodecs('pbx');
    expect(common.source).toBe('common');
    expect(common.codecs.slice(0, 2)).toEqual(['ulaw', 'alaw']);
  });

  it('deletes an extension and confirms Asterisk no longer has it', async () => {
    h = await startPbxHost(sshd);
    await h.fleet.createExtension('pbx', ext('1001'));
    const r = await h.fleet.deleteExtension('pbx', '1001');
    expect(r.apply).toMatchObject({ reloaded: true, verified: true, rolledBack: false });
    expect(h.ami.pjsip.endpoints.has('1001')).toBe(false);
  });

  it('a host without AMI still takes edits and says nothing was reloaded or verified', async () => {
    h = await startPbxHost(sshd, { amiUser: null });
    const r = await h.fleet.createExtension('pbx', ext('1001'));
    expect(r.apply).toMatchObject({ reloaded: false, verified: false });
    expect(r.apply.reason).toMatch(/no AMI/);
    expect(await h.pbx.read('pjsip.conf')).toContain('[1001]');
  });
});

describe('live registrations', () => {
  const reg = (events: DomainEvent[], number: string, state: string) =>
    events.find(
      (e) =>
        e.kind === 'registration' && e.status.number === number && e.status.registration === state,
    );

  it('shows a register online with IP:port and user agent within 100 ms, then offline on unregister and expiry', async () => {
    h = await startPbxHost(sshd);
    await h.fleet.createExtension('pbx', ext('1001'));
    await h.fleet.createExtension('pbx', ext('1002'));
    expect((await h.fleet.liveStatus('pbx')).map((s) => s.registration)).toEqual([
      'offline',
      'offline',
    ]);

    const t0 = performance.now();
    h.ami.register('1001', { viaAddr: '192.0.2.10', viaPort: 5062, userAgent: 'MicroSIP/3.21.3' });
    const online = await h.waitFor(() => {
      const s = lastStatus(h.events, '1001');
      return s?.registration === 'online' && s.userAgent ? s : null;
    });
    const ms = performance.now() - t0;
    expect(online).toMatchObject({ address: '192.0.2.10:5062', userAgent: 'MicroSIP/3.21.3' });
    expect(ms).toBeLessThan(100);
    expect(reg(h.events, '1001', 'online')).toBeTruthy();

    h.ami.unregister('1001');
    await h.waitFor(() => reg(h.events, '1001', 'offline'));

    h.ami.register('1002', { viaAddr: '192.0.2.11', viaPort: 5064 });
    await h.waitFor(() => reg(h.events, '1002', 'online'));
    h.ami.expire('1002');
    await h.waitFor(() => reg(h.events, '1002', 'offline'));
    const rows = await h.fleet.listExtensions('pbx');
    expect(rows.map((r) => [r.number, r.live?.registration])).toEqual([
      ['1001', 'offline'],
      ['1002', 'offline'],
    ]);
  });

  it('never keeps a stale online: a phone that unregistered while AMI was down is offline after the reconnect', async () => {
    h = await startPbxHost(sshd);
    await h.fleet.createExtension('pbx', ext('1001'));
    await h.fleet.liveStatus('pbx');
    h.ami.register('1001', { viaAddr: '192.0.2.10', viaPort: 5062 });
    await h.waitFor(() => reg(h.events, '1001', 'online'));

    h.ami.setAccepting(false);
    h.ami.dropConnections();
    await h.waitFor(() => h.events.find((e) => e.kind === 'host-disconnected'));
    h.ami.unregister('1001'); // nobody is listening: the event is lost, as it would be for real
    h.ami.setAccepting(true);

    await h.waitFor(() => h.events.filter((e) => e.kind === 'host-connected').length >= 2, 10_000);
    const status = (await h.fleet.liveStatus('pbx')).find((s) => s.number === '1001');
    expect(status?.registration).toBe('offline');
  });
});

describe('rayanpbx monitor --json', () => {
  it('streams registration and call events as JSON lines until interrupted', async () => {
    h = await startPbxHost(sshd);
    await h.fleet.createExtension('pbx', ext('1001'));
    await h.fleet.createExtension('pbx', ext('1002'));
    const lines: string[] = [];
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(`ERR ${l}`) };
    const monitor = runCli(['monitor', 'pbx', '--json'], io, () => h.reopen(), stopped);
    await h.waitFor(() => lines.some((l) => l.includes('host-connected')));
    h.ami.register('1001', { viaAddr: '192.0.2.10', viaPort: 5062, userAgent: 'Zoiper' });
    h.ami.register('1002', { viaAddr: '192.0.2.11', viaPort: 5064 });
    const call = h.ami.ring('1001', '1002');
    h.ami.cancel(call.id);
    await h.waitFor(() => lines.some((l) => l.includes('"hangup"')));
    stop();
    expect(await monitor).toBe(0);
    const events = lines.map((l) => JSON.parse(l) as DomainEvent);
    expect(events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['host-connected', 'registration', 'ringing', 'hangup']),
    );
    expect(events.every((e) => e.host === 'pbx')).toBe(true);
  });
});

describe('calls', () => {
  it('ringing gives ringing state and a record; cancel and answer-then-hangup give the right disposition and cause; records survive a restart', async () => {
    h = await startPbxHost(sshd);
    await h.fleet.createExtension('pbx', ext('1001'));
    await h.fleet.createExtension('pbx', ext('1002'));
    await h.fleet.liveStatus('pbx');
    h.ami.register('1001', { viaAddr: '192.0.2.10', viaPort: 5062 });
    h.ami.register('1002', { viaAddr: '192.0.2.11', viaPort: 5064 });
    const callState = async (n: string) =>
      (await h.fleet.liveStatus('pbx')).find((x) => x.number === n)?.callState;

    const c1 = h.ami.ring('1001', '1002');
    await h.waitFor(() => h.events.find((e) => e.kind === 'ringing' && e.callee === '1002'));
    expect(await callState('1002')).toBe('ringing');
    h.ami.cancel(c1.id);
    const cancelled = await h.waitFor(() => h.events.find((e) => e.kind === 'hangup'));
    expect(cancelled.kind === 'hangup' && cancelled.record).toMatchObject({
      caller: '1001',
      callee: '1002',
      disposition: 'CANCEL',
      answer: null,
    });

    const c2 = h.ami.ring('1001', '1002');
    await h.waitFor(() => h.events.filter((e) => e.kind === 'ringing').length === 2);
    h.ami.answer(c2.id);
    await h.waitFor(() => h.events.find((e) => e.kind === 'answered'));
    expect(await callState('1002')).toBe('in-call');
    h.ami.hangup(c2.id, { by: 'callee', cause: 16 });
    await h.waitFor(() => h.events.filter((e) => e.kind === 'hangup').length === 2);
    expect(await callState('1002')).toBe('idle');

    const records = await h.fleet.calls('pbx');
    expect(records.map((r) => [r.disposition, r.hangupCause])).toEqual([
      ['ANSWERED', 16],
      ['CANCEL', expect.any(Number)],
    ]);
    expect(records[0]?.answer).not.toBeNull();

    // The app restarts: a new Fleet on the same settings folder reads the records from disk.
    await h.fleet.close();
    const again = await h.reopen().calls('pbx');
    expect(again.map((r) => r.disposition)).toEqual(['ANSWERED', 'CANCEL']);
  });
});

describe('doctor', () => {
  it('runs every check on the test host', async () => {
    h = await startPbxHost(sshd);
    await h.fleet.createExtension('pbx', ext('1001'));
    const seen: string[] = [];
    const checks = await h.fleet.runDoctor('pbx', (c) => seen.push(c.id));
    expect(seen).toEqual(checks.map((c) => c.id));
    expect(checks.map((c) => c.id)).toEqual([
      'asterisk',
      'ami-login',
      'ssh-forwarding',
      'config-files',
      'managed-markers',
      'udp-transport',
      'dialplan-context',
      'dialplan-collisions',
      'udp-port',
      'firewall',
      'endpoint-drift',
    ]);
    const failing = checks.filter((c) => c.level === 'fail');
    expect(failing, JSON.stringify(failing)).toEqual([]);
  });

  it('fails with a hint when there is no transport', async () => {
    h = await startPbxHost(sshd, { pjsip: () => '; nothing here\n' });
    const checks = await h.fleet.runDoctor('pbx');
    const t = checks.find((c) => c.id === 'udp-transport');
    expect(t?.level).toBe('fail');
    expect(t?.hint).toBeTruthy();
  });

  it('fails with a hint when the dialplan context is missing', async () => {
    h = await startPbxHost(sshd);
    await h.fleet.createExtension('pbx', ext('1001'));
    await h.pbx.write('extensions.conf', '[general]\nstatic=yes\n');
    h.ami.reloadAll();
    const checks = await h.fleet.runDoctor('pbx');
    const c = checks.find((x) => x.id === 'dialplan-context');
    expect(c?.level).toBe('fail');
    expect(c?.hint).toBeTruthy();
  });

  it('explains a refused tunnel as AllowTcpForwarding', async () => {
    const closed = await startSshd({ allowTcpForwarding: false });
    try {
      h = await startPbxHost(closed);
      const checks = await h.fleet.runDoctor('pbx');
      const c = checks.find((x) => x.id === 'ssh-forwarding');
      expect(c?.level).toBe('fail');
      expect(`${c?.detail} ${c?.hint}`).toMatch(/AllowTcpForwarding/);
    } finally {
      await h.close();
      await closed.stop();
      h = undefined as unknown as PbxHost;
    }
  });
});

describe('security', () => {
  it('keeps SIP passwords from AuthDetail out of the event stream and the CLI output', async () => {
    h = await startPbxHost(sshd);
    const secret = 'Pw-1001-abcdefgh12';
    await h.fleet.createExtension('pbx', ext('1001'));
    await h.fleet.liveStatus('pbx');
    h.ami.register('1001', { viaAddr: '192.0.2.10', viaPort: 5062, userAgent: 'Zoiper' });
    await h.waitFor(() => lastStatus(h.events, '1001')?.userAgent);
    expect(JSON.stringify(h.events)).not.toContain(secret);

    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    for (const argv of [
      ['ext', 'list', 'pbx', '--json'],
      ['ext', 'list', 'pbx'],
      ['doctor', 'pbx', '--json'],
      ['calls', 'pbx', '--json'],
    ])
      await runCli(argv, io, () => h.reopen());
    expect(out.join('\n')).toContain('1001');
    expect(out.join('\n')).not.toContain(secret);
  });

  it('keeps the AMI secret out of the settings file', async () => {
    h = await startPbxHost(sshd);
    await h.fleet.liveStatus('pbx');
    const settings = fs.readFileSync(path.join(h.home, 'settings.json'), 'utf8');
    expect(settings).toContain('"amiUser": "admin"');
    expect(settings).not.toContain(AMI_SECRET);
  });

  it('opens no local listening port for the AMI tunnel', async () => {
    h = await startPbxHost(sshd);
    // ss pads its columns to the widest socket listed: other processes' sockets coming and going
    // change the padding, so lines are compared by their fields.
    const listening = () =>
      execFileSync('ss', ['-Hltnp'], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => l.includes(`pid=${process.pid},`))
        .map((l) => l.trim().split(/\s+/).join(' '));
    const before = listening();
    await h.fleet.liveStatus('pbx');
    await h.fleet.createExtension('pbx', ext('1001'));
    // The AMI test server itself listens in this process; it was already listening before.
    expect(listening()).toEqual(before);
  });
});
