import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DialplanPatternCollisionError } from '../../../src/main/core/dialplan';
import { filesVsLive } from '../../support/files-vs-live';
import { startAdminReload } from '../../support/ami-server/admin-reload';
import { AMI_SECRET, BASIC_EXTENSIONS, startPbxHost, type PbxHost } from '../../support/pbx-host';
import { startSshd, type SshdHandle } from '../../support/sshd';

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

const ext = (number: string, extra: Record<string, unknown> = {}) => ({
  number,
  displayName: `Phone ${number}`,
  password: `Pw-${number}-abcdefgh12`,
  ...extra,
});

/** Reloads Asterisk did since `mark()`: res_pjsip loads and pbx_config (dialplan) loads. */
function reloadCounter(host: PbxHost) {
  const pj0 = host.ami.reloadReports.length;
  const dp0 = host.ami.dialplanReports.length;
  return () => ({
    resPjsip: host.ami.reloadReports.length - pj0,
    pbxConfig: host.ami.dialplanReports.length - dp0,
  });
}

const liveNames = (host: PbxHost, ctx = 'from-internal') =>
  (host.ami.dialplan.get(ctx) ?? []).map((l) => `${l.extension},${l.priority}`);

describe('extension changes reach the dialplan live, without a pbx_config reload', () => {
  it('add, disable, enable and delete: 0 pbx_config reloads, one res_pjsip reload each, verified', async () => {
    h = await startPbxHost(sshd);
    await h.fleet.createExtension('pbx', ext('1001'));
    for (const [what, run] of [
      ['add', () => h.fleet.createExtension('pbx', ext('1002'))],
      ['disable', () => h.fleet.setExtensionEnabled('pbx', '1002', false)],
      ['enable', () => h.fleet.setExtensionEnabled('pbx', '1002', true)],
      ['delete', () => h.fleet.deleteExtension('pbx', '1002')],
    ] as const) {
      const count = reloadCounter(h);
      const r = await run();
      expect(r.apply, what).toMatchObject({ verified: true, rolledBack: false, mismatches: [] });
      expect(count(), what).toEqual({ resPjsip: 1, pbxConfig: 0 });
      expect(r.apply.reloadedModules, what).toEqual(['res_pjsip.so']);
      expect(await filesVsLive(h.pbx, h.ami), what).toEqual([]);
    }
    expect(liveNames(h)).toEqual(['1001,hint', '1001,1', '1001,2', '1001,3']);
  });

  it('a pjsip.conf-only change reloads res_pjsip and touches no dialplan', async () => {
    h = await startPbxHost(sshd);
    await h.fleet.createExtension('pbx', ext('1001'));
    const before = await h.pbx.read('extensions.conf');
    const adds = h.ami.actionCounts.get('dialplanextensionadd') ?? 0;
    const count = reloadCounter(h);
    const r = await h.fleet.updateExtension('pbx', '1001', { codecs: ['ulaw'] });
    expect(r.apply).toMatchObject({ verified: true, reloadedModules: ['res_pjsip.so'] });
    expect(r.apply.written).toEqual([h.pbx.path('pjsip.conf')]);
    expect(count()).toEqual({ resPjsip: 1, pbxConfig: 0 });
    expect(h.ami.actionCounts.get('dialplanextensionadd') ?? 0).toBe(adds);
    expect(await h.pbx.read('extensions.conf')).toBe(before);
  });

  it('nothing to change reloads nothing', async () => {
    h = await startPbxHost(sshd);
    await h.fleet.createExtension('pbx', ext('1001', { codecs: ['ulaw'] }));
    const count = reloadCounter(h);
    const r = await h.fleet.updateExtension('pbx', '1001', { codecs: ['ulaw'] });
    expect(r.apply).toMatchObject({ reloaded: false, written: [] });
    expect(count()).toEqual({ resPjsip: 0, pbxConfig: 0 });
  });

  it('a change Asterisk does not take restores the files and takes back the live dialplan lines', async () => {
    h = await startPbxHost(sshd);
    await h.fleet.createExtension('pbx', ext('1001'));
    const pj = await h.pbx.read('pjsip.conf');
    const ex = await h.pbx.read('extensions.conf');
    // An unknown codec makes Asterisk refuse the new endpoint (transcript 42); with no codec list
    // to check against first, only the verify after reload can catch it.
    h.ami.answersCoreShowCodecs = false;
    const r = await h.fleet.createExtension('pbx', ext('1002', { codecs: ['nosuchcodec'] }));
    expect(r.apply.rolledBack).toBe(true);
    expect(r.apply.liveDialplan).toEqual(['added 1002@from-internal']);
    expect(await h.pbx.read('pjsip.conf')).toBe(pj);
    expect(await h.pbx.read('extensions.conf')).toBe(ex);
    expect(liveNames(h)).toEqual(['1001,hint', '1001,1', '1001,2', '1001,3']);
    expect(await filesVsLive(h.pbx, h.ami)).toEqual([]);
  });

  it('a rollback after Replace: yes puts back the line Asterisk held before, not just removes it', async () => {
    h = await startPbxHost(sshd);
    const ex = await h.pbx.read('extensions.conf');
    // A line added live by someone else (not in the files) at the priority the managed lines use:
    // the add replaces it (Replace: yes), then Asterisk refuses the endpoint and all goes back.
    h.ami.dialplan.add(
      {
        context: 'from-internal',
        extension: '1001',
        priority: '1',
        application: 'Playback',
        appData: 'beep',
        registrar: 'pbx_config',
      },
      false,
    );
    // No codec list to check first: only the verify after reload catches the unknown codec.
    h.ami.answersCoreShowCodecs = false;
    const r = await h.fleet.createExtension('pbx', ext('1001', { codecs: ['nosuchcodec'] }));
    expect(r.apply.rolledBack).toBe(true);
    expect(h.ami.actionCounts.get('dialplanextensionadd')).toBeGreaterThan(4);
    expect(await h.pbx.read('extensions.conf')).toBe(ex);
    expect(liveNames(h)).toEqual(['1001,1']);
    expect(h.ami.dialplan.find('from-internal', '1001', 1)).toMatchObject({
      application: 'Playback',
      appData: 'beep',
    });
  });

  it('a dialplan line Asterisk does not hold after the add is a mismatch, and is rolled back', async () => {
    h = await startPbxHost(sshd);
    // Someone else's line at priority 4 of the same number: the managed lines are there, but
    // Asterisk runs more than the files say.
    const before = await h.pbx.read('extensions.conf');
    h.ami.dialplan.add(
      {
        context: 'from-internal',
        extension: '1001',
        priority: '4',
        application: 'Playback',
        appData: 'beep',
        registrar: 'pbx_config',
      },
      false,
    );
    const r = await h.fleet.createExtension('pbx', ext('1001'));
    expect(r.apply.rolledBack).toBe(true);
    expect(r.apply.mismatches.join()).toContain('dialplan 1001@from-internal');
    expect(await h.pbx.read('extensions.conf')).toBe(before);
    expect(h.ami.pjsip.endpoints.has('1001')).toBe(false);
  });

  it('dialplan show puts what Asterisk runs next to the files; dialplan reload reloads pbx_config once', async () => {
    h = await startPbxHost(sshd);
    await h.fleet.createExtension('pbx', ext('1001'));
    const [v] = await h.fleet.showDialplan('pbx', '1001');
    expect(v).toEqual({
      number: '1001',
      context: 'from-internal',
      handledBy: 'managed',
      files: [
        'hint,PJSIP/1001',
        '1,NoOp(Call to extension 1001)',
        '2,Dial(PJSIP/1001,30)',
        '3,Hangup()',
      ],
      live: [
        'hint,PJSIP/1001',
        '1,NoOp(Call to extension 1001)',
        '2,Dial(PJSIP/1001,30)',
        '3,Hangup()',
      ],
      same: true,
    });
    const count = reloadCounter(h);
    await h.fleet.reloadDialplan('pbx');
    expect(count()).toEqual({ resPjsip: 0, pbxConfig: 1 });
    expect(await filesVsLive(h.pbx, h.ami)).toEqual([]);
  });
});

describe('hand-written dialplan in the same context', () => {
  const withHand = (lines: string[]) =>
    BASIC_EXTENSIONS + ['[from-internal]', ...lines, ''].join('\n');

  it('exact: a number written by hand gets no managed lines; Asterisk keeps running the hand-written ones', async () => {
    h = await startPbxHost(sshd, {
      extensions: withHand(['exten => 1001,1,Dial(PJSIP/1001,20)']),
    });
    const r = await h.fleet.createExtension('pbx', ext('1001'));
    expect(r.apply).toMatchObject({ verified: true, rolledBack: false });
    expect(r.apply.notes.join()).toMatch(/1001: hand-written dialplan handles it .*line 6/);
    expect(await h.pbx.read('extensions.conf')).not.toContain('exten => 1001,hint');
    expect(h.ami.dialplan.find('from-internal', '1001', 1)?.appData).toBe('PJSIP/1001,20');
    const rows = await h.fleet.listExtensions('pbx');
    expect(rows[0]!.dialplan).toBe('hand-written: extensions.conf line 6');
    // Removing the extension must not remove the hand-written lines live.
    await h.fleet.deleteExtension('pbx', '1001');
    expect(h.ami.dialplan.find('from-internal', '1001', 1)?.appData).toBe('PJSIP/1001,20');
  });

  it('pattern: asks first; take-over adds managed lines, leave-pattern leaves the pattern in charge', async () => {
    h = await startPbxHost(sshd, {
      extensions: withHand(['exten => _2XX,1,VoiceMail(${EXTEN}@default)']),
    });
    const before = await h.pbx.read('extensions.conf');
    const asked = await h.fleet.createExtension('pbx', ext('202')).catch((e: unknown) => e);
    expect(asked).toBeInstanceOf(DialplanPatternCollisionError);
    expect((asked as Error).message).toContain('pattern _2XX → VoiceMail (extensions.conf line 6)');
    expect(await h.pbx.read('extensions.conf')).toBe(before);
    expect(h.ami.pjsip.endpoints.has('202')).toBe(false);

    const left = await h.fleet.createExtension('pbx', ext('203'), { dialplan: 'leave-pattern' });
    expect(left.apply.verified).toBe(true);
    expect(h.ami.dialplan.resolve('from-internal', '203')).toBe('_2XX');

    const taken = await h.fleet.createExtension('pbx', ext('202'), { dialplan: 'take-over' });
    expect(taken.apply).toMatchObject({
      verified: true,
      liveDialplan: ['added 202@from-internal'],
    });
    expect(h.ami.dialplan.resolve('from-internal', '202')).toBe('202');
    // A later change keeps each decision without asking again.
    await h.fleet.createExtension('pbx', ext('1001'));
    expect(h.ami.dialplan.resolve('from-internal', '203')).toBe('_2XX');
    expect(h.ami.dialplan.resolve('from-internal', '202')).toBe('202');
    const rows = Object.fromEntries(
      (await h.fleet.listExtensions('pbx')).map((r) => [r.number, r.dialplan]),
    );
    expect(rows).toEqual({
      '202': 'managed',
      '203': 'pattern _2XX → VoiceMail',
      '1001': 'managed',
    });
    expect(await filesVsLive(h.pbx, h.ami)).toEqual([]);
  });

  it('none: hand-written lines for other numbers change nothing', async () => {
    h = await startPbxHost(sshd, { extensions: withHand(['exten => 500,1,Playback(beep)']) });
    const r = await h.fleet.createExtension('pbx', ext('1001'));
    expect(r.apply).toMatchObject({ verified: true, notes: [] });
    expect(h.ami.dialplan.resolve('from-internal', '1001')).toBe('1001');
  });

  it('the doctor warns about managed lines Asterisk ignores', async () => {
    h = await startPbxHost(sshd);
    await h.fleet.createExtension('pbx', ext('1001'));
    // Someone writes 1001 by hand above the managed block afterwards: Asterisk keeps theirs.
    const conf = await h.pbx.read('extensions.conf');
    await h.pbx.write(
      'extensions.conf',
      conf.replace(
        '[globals]\n',
        '[globals]\n\n[from-internal]\nexten => 1001,1,Dial(PJSIP/1001,20)\n',
      ),
    );
    const checks = await h.fleet.runDoctor('pbx');
    const c = checks.find((x) => x.id === 'dialplan-collisions')!;
    expect(c.level).toBe('warn');
    expect(c.detail).toContain('1001@from-internal (extensions.conf line 7)');
  });
});

describe('two consoles changing one host at once', () => {
  it('both end applied and verified, and the files equal what Asterisk runs', async () => {
    h = await startPbxHost(sshd);
    const other = h.reopen();
    for (let round = 0; round < 5; round++) {
      const a = `${2000 + round}`;
      const b = `${3000 + round}`;
      const [ra, rb] = await Promise.all([
        h.fleet.createExtension('pbx', ext(a)),
        other.createExtension('pbx', ext(b)),
      ]);
      expect(ra.apply).toMatchObject({ verified: true, rolledBack: false });
      expect(rb.apply).toMatchObject({ verified: true, rolledBack: false });
      expect(await filesVsLive(h.pbx, h.ami)).toEqual([]);
    }
  });
});

describe("a change during someone else's reload", () => {
  // pbx_config reloads cost 6 s here (a 10,000-hint host's 25-48 s, shrunk); res_pjsip is free.
  const slowDialplan = {
    ami: {
      reloadCost: (i: { module: string }) => (i.module === 'pbx_config.so' ? 6000 : 0),
    },
  };

  it('waits, says so, and ends applied and verified after it', async () => {
    h = await startPbxHost(sshd, slowDialplan);
    await h.fleet.createExtension('pbx', ext('1001'));
    const admin = await startAdminReload(h.ami, 'module reload pbx_config.so', {
      username: 'admin',
      secret: AMI_SECRET,
    });
    const progress: string[] = [];
    const r = await h.fleet.createExtension('pbx', ext('1002'), {
      onProgress: (m) => progress.push(m),
      busyRetryMs: 50,
    });
    expect(progress).toEqual(['waiting for a reload already running on pbx']);
    expect(r.apply).toMatchObject({ verified: true, rolledBack: false });
    expect(r.apply.waitedMs).toBeGreaterThan(500);
    expect(await admin.output).toEqual(["Module 'pbx_config.so' reloaded successfully."]);
    expect(await filesVsLive(h.pbx, h.ami)).toEqual([]);
  });

  it('at the bound, restores the files and says so', async () => {
    h = await startPbxHost(sshd, {
      ami: { reloadCost: (i: { module: string }) => (i.module === 'pbx_config.so' ? 20_000 : 0) },
    });
    await h.fleet.createExtension('pbx', ext('1001'));
    const pj = await h.pbx.read('pjsip.conf');
    const ex = await h.pbx.read('extensions.conf');
    const admin = await startAdminReload(h.ami, 'module reload pbx_config.so', {
      username: 'admin',
      secret: AMI_SECRET,
    });
    const r = await h.fleet.createExtension('pbx', ext('1002'), {
      reloadWaitSeconds: 1,
      busyRetryMs: 50,
    });
    expect(r.apply).toMatchObject({ verified: false, rolledBack: true, reloaded: false });
    expect(r.apply.reason).toMatch(
      /still busy with another reload after 1 s.*the files were restored, nothing was changed/,
    );
    expect(await h.pbx.read('pjsip.conf')).toBe(pj);
    expect(await h.pbx.read('extensions.conf')).toBe(ex);
    await admin.output;
    expect(await filesVsLive(h.pbx, h.ami)).toEqual([]);
  });
});
