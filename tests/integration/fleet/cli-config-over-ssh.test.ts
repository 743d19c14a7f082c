import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness, hostAddArgs } from '../../support/cli-harness';
import { block1002 } from '../../support/expected-blocks';
import { createPbxDir, type PbxDir } from '../../support/pbx-dir';
import { startSshd, type SshdHandle } from '../../support/sshd';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/conf');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');

let sshd: SshdHandle;
let cli: ReturnType<typeof cliHarness>;

beforeAll(async () => {
  sshd = await startSshd();
  cli = cliHarness();
});

afterAll(async () => {
  await cli?.cleanup();
  await sshd?.stop();
});

/** `rayanpbx host add` for the harness sshd, with the fingerprint the caller confirmed. */
async function addHost(name: string, pbx: PbxDir, trust: string) {
  return cli.run(...hostAddArgs(name, sshd, { configDir: pbx.dir, trust }));
}

describe('rayanpbx host add: trust on first use', () => {
  it('prints the host key fingerprint and adds nothing until it is confirmed, then pins it', async () => {
    const pbx = await createPbxDir({ 'pjsip.conf': '', 'extensions.conf': '' });
    const first = await cli.run(
      'host',
      'add',
      'pbx1',
      '--ssh',
      `${sshd.user}@${sshd.host}:${sshd.port}`,
      '--key',
      sshd.clientKeyPath,
      '--config-dir',
      pbx.dir,
    );
    expect(first.code).toBe(1);
    expect(first.stderr).toContain(sshd.fingerprint);
    expect((await cli.run('host', 'list', '--json')).stdout).toBe('[]');

    const wrong = await addHost('pbx1', pbx, 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('mismatch');

    const ok = await addHost('pbx1', pbx, sshd.fingerprint);
    expect(ok.code).toBe(0);
    const hosts = JSON.parse((await cli.run('host', 'list', '--json')).stdout);
    expect(hosts).toMatchObject([{ name: 'pbx1', hostKey: sshd.fingerprint, configDir: pbx.dir }]);
    expect((await cli.run('host', 'rm', 'pbx1')).code).toBe(0);
    await pbx.cleanup();
  });

  it('refuses a client key the server does not accept, saying which methods were tried', async () => {
    const pbx = await createPbxDir({ 'pjsip.conf': '', 'extensions.conf': '' });
    const stranger = await sshd.addClientKey({ authorize: false });
    const args = hostAddArgs('pbx2', sshd, {
      configDir: pbx.dir,
      trust: sshd.fingerprint,
      key: stranger.path,
    });
    // host add's checks log in: refused, naming the layer; --no-check stores it with a warning.
    const refused = await cli.run(...args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('fails at SSH auth');
    expect(refused.stderr).toContain('publickey');
    const add = await cli.run(...args, '--no-check');
    expect(add.code).toBe(0);
    expect(add.stderr).toContain('warning');
    const list = await cli.run('ext', 'list', 'pbx2');
    expect(list.code).toBe(1);
    expect(list.stderr).toMatch(/auth|authentication/i);
    expect(list.stderr).toContain('publickey');
    await cli.run('host', 'rm', 'pbx2');
    await pbx.cleanup();
  });
});

describe('rayanpbx ext: the extension lifecycle on a seed-style PBX over SSH', () => {
  let pbx: PbxDir;
  const seedPjsip = fixture('seed-pjsip.conf');
  const seedExt = fixture('seed-extensions.conf');

  beforeAll(async () => {
    pbx = await createPbxDir({ 'pjsip.conf': seedPjsip, 'extensions.conf': seedExt });
    expect((await addHost('pbx', pbx, sshd.fingerprint)).code).toBe(0);
  });
  afterAll(async () => {
    await cli.run('host', 'rm', 'pbx');
    await pbx.cleanup();
  });

  it('lists managed extensions and flags hand-written ones read-only', async () => {
    const r = await cli.run('ext', 'list', 'pbx', '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ number: string; managed: boolean; live: unknown }>;
    expect(rows.map((x) => [x.number, x.managed])).toEqual([
      ['1001', true],
      ['9000', false],
    ]);
    // No AMI configured: no live column is invented.
    expect(rows.every((x) => x.live === null)).toBe(true);
  });

  it('creates an extension: appends exactly one managed block and regenerates the dialplan, nothing else changes', async () => {
    const r = await cli.run(
      'ext',
      'add',
      'pbx',
      '1002',
      '--name',
      'Sara Ahmadi',
      '--password',
      'Str0ngPassw0rd99',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nothing was reloaded or verified');
    const pj = await pbx.read('pjsip.conf');
    expect(pj.startsWith(seedPjsip)).toBe(true);
    expect(pj.slice(seedPjsip.length).split('\n')).toEqual([
      '',
      ...block1002('Str0ngPassw0rd99', ''),
      '',
    ]);
    const ex = await pbx.read('extensions.conf');
    const handWritten = seedExt.slice(0, seedExt.indexOf('; BEGIN MANAGED'));
    expect(ex.startsWith(handWritten)).toBe(true);
    expect(ex.slice(handWritten.length).split('\n')).toEqual([
      '; BEGIN MANAGED - RayanPBX Internal Extensions',
      '[from-internal]',
      'exten => 1002,hint,PJSIP/1002',
      'exten => 1002,1,NoOp(Call to extension 1002)',
      ' same => n,Dial(PJSIP/1002,30)',
      ' same => n,Hangup()',
      '',
      '[internal]',
      'exten => 1001,hint,PJSIP/1001',
      'exten => 1001,1,NoOp(Call to extension 1001)',
      ' same => n,Dial(PJSIP/1001,30)',
      ' same => n,Hangup()',
      '; END MANAGED - RayanPBX Internal Extensions',
      '',
    ]);
    // A timestamped backup of each file sits beside it.
    const files = await pbx.list();
    expect(files.filter((f) => f.startsWith('pjsip.conf.rayanpbx-bak-'))).toHaveLength(1);
    expect(files.filter((f) => f.startsWith('extensions.conf.rayanpbx-bak-'))).toHaveLength(1);
  });

  it('refuses to create a number that exists, managed or hand-written, and changes nothing', async () => {
    const before = await pbx.read('pjsip.conf');
    for (const n of ['1002', '9000']) {
      const r = await cli.run('ext', 'add', 'pbx', n);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(n);
    }
    expect(await pbx.read('pjsip.conf')).toBe(before);
  });

  it('rejects hostile input with a message naming the field, and changes no file', async () => {
    const pj = await pbx.read('pjsip.conf');
    const ex = await pbx.read('extensions.conf');
    const cases: Array<[string[], RegExp]> = [
      [['ext', 'add', 'pbx', '10]04'], /number/],
      [['ext', 'add', 'pbx', '1004', '--name', 'Eve\n[evil]\ntype=endpoint'], /--name/],
      [['ext', 'add', 'pbx', '1004', '--password', 'abc;def12345678'], /password/],
      [['ext', 'add', 'pbx', '1004', '--codecs', 'ulaw,#include evil'], /codecs/],
      [['ext', 'add', 'pbx', '1004', '--context', 'from-internal => x'], /context/],
      [['ext', 'add', 'pbx', '1004', '--name', 'x'.repeat(10_000)], /--name/],
    ];
    for (const [argv, field] of cases) {
      const r = await cli.run(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toMatch(field);
      expect(r.stderr.split('\n')).toHaveLength(1);
    }
    expect(await pbx.read('pjsip.conf')).toBe(pj);
    expect(await pbx.read('extensions.conf')).toBe(ex);
  });

  it('generates a strong password when none is given and prints it once', async () => {
    const r = await cli.run('ext', 'add', 'pbx', '1003', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { password: string };
    expect(out.password.length).toBeGreaterThanOrEqual(16);
    expect(await pbx.read('pjsip.conf')).toContain(`password=${out.password}`);
    expect(cli.settingsText()).not.toContain(out.password);
  });

  it('updates only the fields given', async () => {
    const before = await pbx.read('pjsip.conf');
    const r = await cli.run(
      'ext',
      'set',
      'pbx',
      '1002',
      '--codecs',
      'alaw,g722',
      '--max-contacts',
      '3',
    );
    expect(r.code).toBe(0);
    const after = await pbx.read('pjsip.conf');
    // Exactly the codec and max_contacts lines of 1002's block changed; every other byte is the same.
    const begin = before.indexOf('; BEGIN MANAGED - Extension 1002');
    const finish = before.indexOf('; END MANAGED - Extension 1002');
    const block = before.slice(begin, finish);
    const edited = block
      .replace('allow=ulaw\nallow=alaw\n', 'allow=alaw\nallow=g722\n')
      .replace('max_contacts=1\n', 'max_contacts=3\n');
    expect(after).toBe(before.slice(0, begin) + edited + before.slice(finish));
  });

  it('disables an extension (kept, but not loadable) and removes it from the dialplan; enable restores it exactly', async () => {
    const enabled = await pbx.read('pjsip.conf');
    expect((await cli.run('ext', 'disable', 'pbx', '1002')).code).toBe(0);
    const disabled = await pbx.read('pjsip.conf');
    const block = disabled.slice(
      disabled.indexOf('; BEGIN MANAGED - Extension 1002'),
      disabled.indexOf('; END MANAGED - Extension 1002'),
    );
    expect(
      block
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .every((l) => l.startsWith(';')),
    ).toBe(true);
    expect(await pbx.read('extensions.conf')).not.toContain('PJSIP/1002');
    const list = JSON.parse((await cli.run('ext', 'list', 'pbx', '--json')).stdout) as Array<{
      number: string;
      enabled: boolean;
    }>;
    expect(list.find((e) => e.number === '1002')?.enabled).toBe(false);

    expect((await cli.run('ext', 'enable', 'pbx', '1002')).code).toBe(0);
    expect(await pbx.read('pjsip.conf')).toBe(enabled);
    expect(await pbx.read('extensions.conf')).toContain('exten => 1002,hint,PJSIP/1002');
  });

  it('refuses to edit or delete a hand-written endpoint', async () => {
    const before = await pbx.read('pjsip.conf');
    const r = await cli.run('ext', 'rm', 'pbx', '9000');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/written by hand/);
    expect(await pbx.read('pjsip.conf')).toBe(before);
  });

  it('deletes extensions: the file returns to the hand-written original byte for byte', async () => {
    expect((await cli.run('ext', 'rm', 'pbx', '1002')).code).toBe(0);
    expect((await cli.run('ext', 'rm', 'pbx', '1003')).code).toBe(0);
    expect(await pbx.read('pjsip.conf')).toBe(seedPjsip);
  });
});

describe('hand-written FreePBX-style files (templates, includes, (+), =>) survive edits byte for byte', () => {
  it('keeps every byte outside the managed blocks through create, update, disable, enable and delete', async () => {
    const pj = fixture('freepbx-pjsip.conf');
    const ex = fixture('freepbx-extensions.conf');
    const pbx = await createPbxDir({ 'pjsip.conf': pj, 'extensions.conf': ex });
    expect((await addHost('fpbx', pbx, sshd.fingerprint)).code).toBe(0);
    for (const argv of [
      [
        'ext',
        'add',
        'fpbx',
        '7001',
        '--name',
        'Desk',
        '--password',
        'Abcdefgh12345678',
        '--dialplan',
        'take-over',
      ],
      ['ext', 'set', 'fpbx', '7001', '--context', 'from-internal-custom'],
      ['ext', 'disable', 'fpbx', '7001'],
      ['ext', 'enable', 'fpbx', '7001'],
    ]) {
      const r = await cli.run(...argv);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
      expect((await pbx.read('pjsip.conf')).startsWith(pj)).toBe(true);
    }
    expect((await cli.run('ext', 'rm', 'fpbx', '7001')).code).toBe(0);
    expect(await pbx.read('pjsip.conf')).toBe(pj);
    await cli.run('host', 'rm', 'fpbx');
    await pbx.cleanup();
  }, 180_000);
});

describe('a changed host key', () => {
  it('is refused with both fingerprints named, and nothing is read or written', async () => {
    const pbx = await createPbxDir({ 'pjsip.conf': '', 'extensions.conf': '' });
    expect((await addHost('moved', pbx, sshd.fingerprint)).code).toBe(0);
    const old = sshd.fingerprint;
    const now = await sshd.restartWithNewHostKey();
    const r = await cli.run('ext', 'add', 'moved', '1001');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(old);
    expect(r.stderr).toContain(now);
    expect(await pbx.read('pjsip.conf')).toBe('');
    await cli.run('host', 'rm', 'moved');
    await pbx.cleanup();
  });
});
