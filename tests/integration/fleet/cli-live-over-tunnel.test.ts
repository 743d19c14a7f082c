import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../../support/cli-harness';
import { startCliPbx, type CliPbx } from '../../support/cli-pbx';

const AMI_SECRET = 'cli-ami-secret-4711';

/** The installed command itself, in its own process, as an admin's shell would run it. */
const rayanpbx = (env: Record<string, string>, args: string[], stdin = '') =>
  runBin(args, { env, stdin });

let rig: CliPbx;
const homes: string[] = [];

beforeAll(async () => {
  rig = await startCliPbx({ sipPort: 15060, amiSecret: AMI_SECRET, cli: false });
});

afterAll(async () => {
  await rig?.close();
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
});

function newHome(): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-cli-'));
  homes.push(home);
  return home;
}

describe('rayanpbx against a PBX with AMI, through the SSH tunnel (the real binary)', () => {
  it('host add takes the AMI user and port, and the secret on stdin into the keychain only', async () => {
    const env = { RAYANPBX_HOME: newHome() };
    const add = await rayanpbx(env, rig.hostAddArgs('--ami-secret-stdin'), `${AMI_SECRET}\n`);
    expect(add.code).toBe(0);
    const settings = fs.readFileSync(path.join(env.RAYANPBX_HOME, 'settings.json'), 'utf8');
    expect(settings).toContain('"amiUser": "admin"');
    expect(settings).toContain(`"amiPort": ${rig.ami.port}`);
    expect(settings).not.toContain(AMI_SECRET);

    // The next, separate process finds the secret in the keychain: it logs in to AMI, reloads
    // and verifies.
    for (const args of [
      ['ext', 'add', 'pbx', '1009', '--password', 'Pw-1009-abcdefgh'],
      ['ext', 'rm', 'pbx', '1009'],
    ]) {
      const r = await rayanpbx(env, args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('reloaded: yes');
      expect(r.stdout).toContain('verified: yes');
    }
    expect((await rayanpbx(env, ['host', 'rm', 'pbx'])).code).toBe(0);
  });

  it('ext add / set / disable / enable / rm reload, verify and roll back; ext list shows live status', async () => {
    // Headless: the AMI secret from the environment, nothing stored.
    const env = { RAYANPBX_HOME: newHome(), RAYANPBX_AMI_SECRET: AMI_SECRET };
    expect((await rayanpbx(env, rig.hostAddArgs())).code).toBe(0);

    const add = await rayanpbx(env, [
      'ext',
      'add',
      'pbx',
      '1001',
      '--password',
      'Pw-1001-abcdefgh',
    ]);
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('reloaded: yes');
    expect(add.stdout).toContain('verified: yes');
    expect(add.stdout).toMatch(/round trips: ssh 2, ami 7/);
    expect(rig.ami.pjsip.endpoints.get('1001')?.context).toBe('from-internal');

    // A codec this Asterisk does not list in `core show codecs` is refused before anything is
    // written or reloaded, naming the flag, the entry and the codec (issue 14).
    const before = await rig.pbx.read('pjsip.conf');
    const reloads = rig.ami.reloadCounts.get('res_pjsip.so') ?? 0;
    const bad = await rayanpbx(env, ['ext', 'set', 'pbx', '1001', '--codecs', 'ulaw,g729x']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'rayanpbx: --codecs entry 2: "g729x" is not a codec this Asterisk knows (did you mean g729?)\n',
    );
    expect(await rig.pbx.read('pjsip.conf')).toBe(before);
    expect(rig.ami.reloadCounts.get('res_pjsip.so') ?? 0).toBe(reloads);

    let list = await rayanpbx(env, ['ext', 'list', 'pbx']);
    expect(list.stdout).toMatch(/1001.*offline/);
    rig.ami.register('1001', { viaAddr: '192.0.2.10', viaPort: 5062, userAgent: 'Zoiper 5' });
    list = await rayanpbx(env, ['ext', 'list', 'pbx']);
    expect(list.stdout).toMatch(/1001.*online.*192\.0\.2\.10:5062.*Zoiper 5/);

    for (const [cmd, loaded] of [
      ['disable', false],
      ['enable', true],
      ['rm', false],
    ] as const) {
      const r = await rayanpbx(env, ['ext', cmd, 'pbx', '1001']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('verified: yes');
      expect(rig.ami.pjsip.endpoints.has('1001')).toBe(loaded);
    }
    expect(fs.readFileSync(path.join(env.RAYANPBX_HOME, 'settings.json'), 'utf8')).not.toContain(
      AMI_SECRET,
    );
  }, 180_000);
});
