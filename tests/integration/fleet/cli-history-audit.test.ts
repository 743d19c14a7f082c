import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliPbx, type CliPbx } from '../../support/cli-pbx';

const SECRET = 'history-ami-secret-7731';
const PW = 'Pw-1002-history-zz';
let rig: CliPbx;

beforeAll(async () => {
  rig = await startCliPbx({
    sipPort: 15097,
    amiSecret: SECRET,
    amiSecretIn: { env: 'HISTORY_AMI' },
    hostAdd: { extra: ['--backups', '5'] },
  });
});
afterAll(async () => {
  await rig?.close();
});

/** What the real `diff -u` prints for a backup against the current file. */
function realDiff(backup: string, current: string): string {
  try {
    execFileSync('diff', ['-u', '--label', backup, '--label', current, backup, current]);
    return '';
  } catch (err) {
    const e = err as { status: number; stdout: Buffer };
    if (e.status !== 1) throw err;
    return e.stdout.toString('utf8');
  }
}

interface Entry {
  id: string;
  at: string;
  files: string[];
  change: { action: string; target: string; outcome: string } | null;
}

async function history(): Promise<Entry[]> {
  const r = await rig.cli.run('history', 'pbx', '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Entry[];
}

describe('history and audit over SSH, against the AMI test server', () => {
  it('records each change in the audit log, never a secret, and history names what each backup was for', async () => {
    expect(
      (await rig.cli.run('ext', 'add', 'pbx', '1001', '--password', 'Pw-1001-history')).code,
    ).toBe(0);
    expect((await rig.cli.run('ext', 'add', 'pbx', '1002', '--password', PW)).code).toBe(0);
    expect((await rig.cli.run('ext', 'set', 'pbx', '1001', '--name', 'Alice')).code).toBe(0);

    const audit = await rig.cli.run('audit', 'pbx', '--json');
    expect(audit.code).toBe(0);
    expect(audit.stdout).not.toContain(PW);
    const recs = JSON.parse(audit.stdout) as Array<Record<string, unknown>>;
    expect(recs.map((r) => [r.action, r.target, r.outcome])).toEqual([
      ['ext.add', '1001', 'verified'],
      ['ext.add', '1002', 'verified'],
      ['ext.set', '1001', 'verified'],
    ]);
    expect(recs[1]!.fieldsChanged).toContain('password: changed');
    expect(recs[2]!.fieldsChanged).toContain('displayName: Alice');
    expect(recs[0]).toMatchObject({ host: 'pbx', osUser: expect.any(String) });
    expect((recs[0]!.roundTrips as { ssh: number }).ssh).toBeGreaterThan(0);
    const file = path.join(rig.cli.home, 'audit', 'pbx.jsonl');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const text = await rig.cli.run('audit');
    expect(text.stdout).toMatch(/ext\.set\s+1001\s+verified\s+displayName: Alice/);

    const entries = await history();
    expect(entries.map((e) => e.change && [e.change.action, e.change.target])).toEqual([
      ['ext.add', '1001'],
      ['ext.add', '1002'],
      ['ext.set', '1001'],
    ]);
    // Adding a number changes the managed dialplan too; a new display name only pjsip.conf.
    const both = [rig.pbx.path('pjsip.conf'), rig.pbx.path('extensions.conf')];
    expect(entries.map((e) => e.files)).toEqual([both, both, [rig.pbx.path('pjsip.conf')]]);
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort());
    const listing = await rig.cli.run('history', 'pbx');
    expect(listing.stdout).toContain('keeps 5 backup(s) per file');
  }, 240_000);

  it('history diff equals diff -u of the backup and the current file', async () => {
    const entries = await history();
    const before1002 = entries.find((e) => e.change?.target === '1002')!;
    const r = await rig.cli.run('history', 'diff', 'pbx', before1002.id, '--json');
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as {
      files: Array<{ path: string; backup: string; diff: string }>;
    };
    expect(d.files).toHaveLength(2);
    // diff -u's output with the credentials masked: 1001's unchanged, 1002's new one marked.
    const masked = (diff: string) =>
      diff
        .replace('password=Pw-1001-history', 'password=********')
        .replace(`+password=${PW}`, '+password=******** (changed)');
    for (const f of d.files) {
      expect(f.diff).not.toBe('');
      expect(f.diff).toBe(masked(realDiff(f.backup, f.path)));
    }
    expect(r.stdout).not.toContain(PW);
    expect(r.stdout).not.toContain('Pw-1001-history');
    expect(d.files[0]!.diff).toContain('+password=******** (changed)');
    const textual = await rig.cli.run('history', 'diff', 'pbx', before1002.id);
    expect(textual.stdout).not.toContain(PW);
    expect(textual.code).toBe(1); // like diff: 1 = the files differ
    expect(`${textual.stdout}\n`).toBe(d.files.map((f) => f.diff).join(''));
  }, 240_000);

  it('restore is a normal verified change, in the audit log and in history', async () => {
    const entries = await history();
    const before1002 = entries.find((e) => e.change?.target === '1002')!;
    const backup = fs.readFileSync(
      rig.pbx.path(`pjsip.conf.rayanpbx-bak-${before1002.id}`),
      'utf8',
    );
    const r = await rig.cli.run('history', 'restore', 'pbx', before1002.id, '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { apply: { verified: boolean; reloaded: boolean } };
    expect(out.apply).toMatchObject({ verified: true, reloaded: true });
    expect(await rig.pbx.read('pjsip.conf')).toBe(backup);
    // Asterisk (the test server reloaded from the files) no longer has 1002.
    const list = JSON.parse((await rig.cli.run('ext', 'list', 'pbx', '--json')).stdout) as Array<{
      number: string;
    }>;
    expect(list.map((e) => e.number)).toEqual(['1001']);

    const recs = JSON.parse((await rig.cli.run('audit', 'pbx', '--json')).stdout) as Array<{
      action: string;
      target: string;
      outcome: string;
    }>;
    expect(recs.at(-1)).toMatchObject({
      action: 'history.restore',
      target: before1002.id,
      outcome: 'verified',
    });
    const after = await history();
    expect(after.at(-1)!.change).toMatchObject({
      action: 'history.restore',
      target: before1002.id,
    });
    // The restored entry diffs clean now.
    const d = JSON.parse(
      (await rig.cli.run('history', 'diff', 'pbx', before1002.id, '--json')).stdout,
    ) as {
      files: Array<{ path: string; diff: string }>;
    };
    expect(d.files.find((f) => f.path.endsWith('pjsip.conf'))!.diff).toBe('');
  }, 240_000);

  it('lists only what a write could have made: no link, no other owner, no foreign name', async () => {
    const stamp = '20990101T000000.000Z';
    fs.symlinkSync('/etc/passwd', rig.pbx.path(`pjsip.conf.rayanpbx-bak-${stamp}-AAAAAAAAAAAA`));
    fs.writeFileSync(rig.pbx.path(`pjsip.conf.rayanpbx-bak-${stamp}-BBBBBBBBBBBB`), 'x\n');
    fs.chownSync(rig.pbx.path(`pjsip.conf.rayanpbx-bak-${stamp}-BBBBBBBBBBBB`), 65534, 65534);
    fs.linkSync('/etc/hostname', rig.pbx.path(`pjsip.conf.rayanpbx-bak-${stamp}-CCCCCCCCCCCC`));
    fs.writeFileSync(rig.pbx.path('pjsip.conf.rayanpbx-bak-evil'), 'x\n');
    const ids = (await history()).map((e) => e.id);
    expect(ids.some((id) => id.startsWith('2099'))).toBe(false);
    for (const s of ['AAAAAAAAAAAA', 'BBBBBBBBBBBB', 'CCCCCCCCCCCC']) {
      const r = await rig.cli.run('history', 'diff', 'pbx', `${stamp}-${s}`);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('No backup');
    }
    const bad = await rig.cli.run('history', 'diff', 'pbx', '../../etc/passwd');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('No backup');
    // write.sh's pruning counts these names too (see the report): gone before the next writes.
    for (const s of ['AAAAAAAAAAAA', 'BBBBBBBBBBBB', 'CCCCCCCCCCCC'])
      fs.rmSync(rig.pbx.path(`pjsip.conf.rayanpbx-bak-${stamp}-${s}`));
    fs.rmSync(rig.pbx.path('pjsip.conf.rayanpbx-bak-evil'));
  }, 240_000);

  it('records a rolled-back change and one that changed nothing, each with its reason', async () => {
    expect(
      (await rig.cli.run('ext', 'add', 'pbx', '1003', '--password', 'Pw-1003-history')).code,
    ).toBe(0);
    // No codec list to check first: only the verify after the reload catches the unknown codec.
    rig.ami.answersCoreShowCodecs = false;
    const bad = await rig.cli
      .run('ext', 'set', 'pbx', '1003', '--codecs', 'ulaw,nosuchcodec')
      .finally(() => (rig.ami.answersCoreShowCodecs = true));
    expect(bad.code).toBe(1);
    const same = await rig.cli.run('ext', 'enable', 'pbx', '1003');
    expect(same.code).toBe(0);
    const recs = JSON.parse((await rig.cli.run('audit', 'pbx', '--json')).stdout) as Array<{
      action: string;
      target: string;
      outcome: string;
      reason: string | null;
      backups: string[];
    }>;
    const [set, enable] = recs.slice(-2);
    expect(set).toMatchObject({ action: 'ext.set', target: '1003', outcome: 'rolled-back' });
    expect(set!.reason).toContain('nosuchcodec');
    expect(enable).toMatchObject({ action: 'ext.enable', target: '1003', outcome: 'not-applied' });
    expect(enable!.reason).toContain('nothing to change');
    // The write and the rollback's write each left a backup: both say what they were for.
    expect(set!.backups.length).toBeGreaterThanOrEqual(2);
    const entries = await history();
    const named = entries.filter(
      (e) => e.change?.action === 'ext.set' && e.change.target === '1003',
    );
    expect(named.map((e) => e.change!.outcome)).toEqual(['rolled-back', 'rolled-back']);
  }, 240_000);

  it('restore refuses a backup no audit record lists unless told --unrecorded, changing nothing', async () => {
    const id = '20991231T235959.000Z-PLANTEDPLANT';
    const planted = rig.pbx.path(`pjsip.conf.rayanpbx-bak-${id}`);
    fs.writeFileSync(planted, '[planted]\ntype=endpoint\n');
    const before = await rig.pbx.read('pjsip.conf');
    try {
      expect((await history()).find((e) => e.id === id)?.change).toBeNull();
      const r = await rig.cli.run('history', 'restore', 'pbx', id);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Backup "${id}" on pbx is in no audit record of this workstation`);
      expect(r.stderr).toContain('--unrecorded');
      expect(await rig.pbx.read('pjsip.conf')).toBe(before);
    } finally {
      fs.rmSync(planted);
    }
  }, 240_000);

  it('history diff refuses a pjsip.conf swapped for a link to a root-only file, printing none of it', async () => {
    const id = (await history()).at(-1)!.id;
    const real = rig.pbx.path('pjsip.conf.real');
    const victim = rig.pbx.path('root-only');
    fs.writeFileSync(victim, 'ROOT-ONLY-CONTENT\n', { mode: 0o600 });
    fs.renameSync(rig.pbx.path('pjsip.conf'), real);
    fs.symlinkSync(victim, rig.pbx.path('pjsip.conf'));
    try {
      for (const args of [[], ['--json']]) {
        const r = await rig.cli.run('history', 'diff', 'pbx', id, ...args);
        expect(r.code).toBe(1);
        expect(`${r.stdout}${r.stderr}`).not.toContain('ROOT-ONLY-CONTENT');
        expect(r.stderr).toContain(`${rig.pbx.path('pjsip.conf')} on`);
        expect(r.stderr).toContain(`is a symlink (to ${victim}); nothing was read`);
      }
    } finally {
      fs.rmSync(rig.pbx.path('pjsip.conf'));
      fs.renameSync(real, rig.pbx.path('pjsip.conf'));
      fs.rmSync(victim);
    }
  }, 240_000);
});
