import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostAddArgs } from '../../support/cli-harness';
import { startCliPbx, type CliPbx } from '../../support/cli-pbx';

const BIN = path.resolve(import.meta.dirname, '../../../bin/rayanpbx.js');
const KEYCHAIN_STATUS = path.resolve(import.meta.dirname, '../../support/keychain-status.ts');
const SECRET = 'no-keyring-ami-secret-5521';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The installed command in its own process, on a desktop without a usable Secret Service:
 * `absent` points D-Bus at a socket where nothing listens (a headless box, no session bus);
 * `locked` gives it a fresh session bus with no keyring unlocked (dbus-run-session: the bus
 * may activate gnome-keyring, but it has no unlocked collection, as under a minimal WM).
 */
function rayanpbx(
  how: 'absent' | 'locked' | 'unlocked',
  home: string,
  args: string[],
  opts: { stdin?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, RAYANPBX_HOME: home, ...opts.env };
  delete env['RAYANPBX_AMI_SECRET'];
  delete env['GNOME_KEYRING_CONTROL'];
  // `args` starting with a .ts file run that script (with tsx) instead of the command.
  const program = args[0]?.endsWith('.ts') ? ['--import', 'tsx', ...args] : [BIN, ...args];
  const [cmd, argv] =
    how === 'absent'
      ? [process.execPath, program]
      : how === 'locked'
        ? ['dbus-run-session', ['--', process.execPath, ...program]]
        : [process.execPath, program];
  if (how === 'absent')
    env['DBUS_SESSION_BUS_ADDRESS'] = `unix:path=${path.join(home, 'no-such-bus')}`;
  else if (how === 'locked') delete env['DBUS_SESSION_BUS_ADDRESS'];
  // 'unlocked': the session scripts/with-keyring.sh gives the test run, as it is.
  const control = process.env['GNOME_KEYRING_CONTROL'];
  if (how === 'unlocked' && control) env['GNOME_KEYRING_CONTROL'] = control;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}

/** Every file under `dir` (settings, call logs…) except the admin's own secret file. */
function filesHolding(dir: string, text: string, except: string[]): string[] {
  const hits: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(e.parentPath, e.name);
    if (!e.isFile() || except.includes(file)) continue;
    if (fs.readFileSync(file, 'utf8').includes(text)) hits.push(file);
  }
  return hits;
}

let rig: CliPbx;

beforeAll(async () => {
  rig = await startCliPbx({
    sipPort: 15092,
    amiSecret: SECRET,
    ami: { reloadCost: 'realistic' },
    cli: false,
  });
});
afterAll(async () => {
  await rig?.close();
});

describe('issue 11: host add where the Secret Service is absent or locked', () => {
  it('the app asks before the fingerprint dialog: secrets/status says unavailable (with how to fix) or available', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-keychain-status-'));
    try {
      for (const how of ['absent', 'locked'] as const) {
        const r = await rayanpbx(how, home, [KEYCHAIN_STATUS]);
        expect(r.code, r.stderr).toBe(0);
        // gnome-keyring, when the fresh bus starts it, prints its control socket first.
        const json = /\{.*\}\s*$/s.exec(r.stdout)?.[0] ?? r.stdout;
        const status = JSON.parse(json) as { available: boolean; message: string | null };
        expect(status.available).toBe(false);
        expect(status.message).toMatch(/unlock your login keyring/);
        expect(status.message).toContain('--ami-secret-env VAR');
      }
      const ok = await rayanpbx('unlocked', home, [KEYCHAIN_STATUS]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(JSON.parse(ok.stdout)).toEqual({ available: true, message: null });
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);

  for (const how of ['absent', 'locked'] as const) {
    it(`${how}: a keychain secret is refused with how to start or unlock one, and nothing is added`, async () => {
      const home = fs.mkdtempSync(path.join(os.tmpdir(), `rayanpbx-nokeyring-${how}-`));
      try {
        const r = await rayanpbx(
          how,
          home,
          [
            ...hostAddArgs('pbx', rig.sshd, {
              configDir: rig.pbx.dir,
              trust: rig.sshd.fingerprint,
            }),
            '--ami-user',
            'admin',
            '--ami-port',
            String(rig.ami.port),
            '--ami-secret-stdin',
          ],
          { stdin: `${SECRET}\n` },
        );
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('OS keychain is not reachable');
        // How to get a keychain on Linux, and the per-host way around it.
        expect(r.stderr).toMatch(/unlock your login keyring/);
        expect(r.stderr).toMatch(/gnome-keyring-daemon --unlock --components=secrets/);
        expect(r.stderr).toContain('--ami-secret-env VAR');
        expect(r.stderr).toContain('--ami-secret-file FILE');
        expect(r.stderr).not.toContain(SECRET);
        const settings = path.join(home, 'settings.json');
        if (fs.existsSync(settings))
          expect(fs.readFileSync(settings, 'utf8')).not.toContain('"pbx"');
        expect(filesHolding(home, SECRET, [])).toEqual([]);
      } finally {
        fs.rmSync(home, { recursive: true, force: true });
      }
    }, 120_000);
  }

  it('absent: --ami-secret-env and --ami-secret-file are accepted, used by later commands, and stored nowhere', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-nokeyring-sources-'));
    const secretFile = path.join(home, 'ami.secret');
    fs.writeFileSync(secretFile, `${SECRET}\n`, { mode: 0o600 });
    const env = { BRANCH_AMI_SECRET: SECRET };
    const amiArgs = ['--ami-user', 'admin', '--ami-port', String(rig.ami.port)];
    try {
      const viaEnv = await rayanpbx(
        'absent',
        home,
        [
          ...hostAddArgs('pbx1', rig.sshd, { configDir: rig.pbx.dir, trust: rig.sshd.fingerprint }),
          ...amiArgs,
          '--ami-secret-env',
          'BRANCH_AMI_SECRET',
        ],
        { env },
      );
      expect(viaEnv.stderr).toBe('');
      expect(viaEnv.code).toBe(0);
      const viaFile = await rayanpbx('absent', home, [
        ...hostAddArgs('pbx2', rig.sshd, { configDir: rig.pbx.dir, trust: rig.sshd.fingerprint }),
        ...amiArgs,
        '--ami-secret-file',
        secretFile,
      ]);
      expect(viaFile.stderr).toBe('');
      expect(viaFile.code).toBe(0);

      // A later process logs in to AMI from the named sources alone (live state, exit 0).
      const list1 = await rayanpbx('absent', home, ['ext', 'list', 'pbx1', '--json'], { env });
      expect(list1.code).toBe(0);
      const list2 = await rayanpbx('absent', home, ['status', '--json']);
      expect(list2.code).toBe(3); // pbx1's variable is not set in this process: named, not hidden
      expect(list2.stdout).toContain('pbx1');
      const withEnv = await rayanpbx('absent', home, ['status', '--json'], { env });
      expect(withEnv.code).toBe(0);

      const settings = fs.readFileSync(path.join(home, 'settings.json'), 'utf8');
      expect(settings).toContain('"amiSecretEnv": "BRANCH_AMI_SECRET"');
      expect(settings).toContain(`"amiSecretFile": ${JSON.stringify(secretFile)}`);
      expect(filesHolding(home, SECRET, [secretFile])).toEqual([]);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  }, 180_000);
});
