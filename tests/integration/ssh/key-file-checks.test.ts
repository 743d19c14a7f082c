import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFleet } from '../../../src/main/core/fleet/create-fleet';
import { JsonFileSettings } from '../../../src/main/core/hosts/settings-backend';
import { KeychainSecretStore } from '../../../src/main/core/secrets/secret-store';
import { AppSettingsService } from '../../../src/main/core/settings/app-settings';
import { bindIpc } from '../../../src/main/ipc/bind-ipc';
import { cliHarness, hostAddArgs } from '../../support/cli-harness';
import { createPbxDir, type PbxDir } from '../../support/pbx-dir';
import { startSshd, type SshdHandle } from '../../support/sshd';

/**
 * A key file named anywhere (CLI --key, IdentityFile in ~/.ssh/config, the window's keyFile) must
 * be a regular file of at most 64 KiB. Unchecked, /dev/zero grew the process to 23 GB and a FIFO
 * hung it: each case must fail fast, naming the file and what is wrong with it.
 */
let sshd: SshdHandle;
let pbx: PbxDir;
let scratch = '';
let fifo = '';
let big = '';
const FAST_MS = 10_000;

/** The call's outcome, or a failure naming how long it hung (an unchecked FIFO never returns). */
async function fast<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${FAST_MS} ms`)), FAST_MS);
  });
  try {
    return await Promise.race([p, hang]);
  } finally {
    clearTimeout(timer);
  }
}

beforeAll(async () => {
  sshd = await startSshd();
  pbx = await createPbxDir({ 'pjsip.conf': '', 'extensions.conf': '' });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-keys-'));
  fifo = path.join(scratch, 'key.fifo');
  execFileSync('mkfifo', [fifo]);
  // A real key followed by junk: only the size may refuse it.
  big = path.join(scratch, 'big_key');
  fs.writeFileSync(
    big,
    Buffer.concat([fs.readFileSync(sshd.clientKeyPath), Buffer.alloc(65 * 1024, 0x0a)]),
  );
});

afterAll(async () => {
  // A reader stuck on the FIFO (a build that does not check) gets its EOF: nothing is left hanging.
  for (let i = 0; i < 4; i++) {
    try {
      fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
    } catch {
      break;
    }
  }
  await pbx?.cleanup();
  await sshd?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const CASES: Array<[string, () => string, RegExp]> = [
  ['a FIFO', () => fifo, /FIFO.*not a regular file/],
  ['/dev/zero', () => '/dev/zero', /character device, not a regular file/],
  ['a key file over 64 KiB', () => big, /\d{5} bytes, more than the 64 KiB allowed/],
  ['a directory', () => scratch, /directory, not a regular file/],
];

describe('CLI --key', () => {
  const cli = cliHarness();
  afterAll(() => cli.cleanup());

  it.each(CASES)('refuses %s at once, naming it', async (_what, keyPath, reason) => {
    const args = hostAddArgs('pbx', sshd, {
      configDir: pbx.dir,
      trust: sshd.fingerprint,
      key: keyPath(),
    });
    // host add checks the SSH login first: refused there, naming the key file and why.
    const refused = await fast(cli.run(...args));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Cannot read the private key file ${keyPath()}`);
    expect(refused.stderr).toMatch(reason);
    // Stored anyway (--no-check), every later connection refuses it the same way.
    const add = await cli.run(...args, '--no-check');
    try {
      expect(add.code).toBe(0);
      const list = await fast(cli.run('ext', 'list', 'pbx'));
      expect(list.code).toBe(1);
      expect(list.stderr).toContain(`Cannot read the private key file ${keyPath()}`);
      expect(list.stderr).toMatch(reason);
    } finally {
      await cli.run('host', 'rm', 'pbx');
    }
  });

  it('still logs in with a real key file', async () => {
    const add = await cli.run(
      ...hostAddArgs('pbx', sshd, { configDir: pbx.dir, trust: sshd.fingerprint }),
    );
    expect(add.code).toBe(0);
    const list = await cli.run('ext', 'list', 'pbx');
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    await cli.run('host', 'rm', 'pbx');
  });
});

describe('IdentityFile in ~/.ssh/config', () => {
  it.each(CASES)('refuses %s at once, naming it', async (_what, keyPath, reason) => {
    const config = path.join(scratch, 'ssh_config');
    fs.writeFileSync(
      config,
      `Host pbxalias\n  HostName ${sshd.host}\n  Port ${sshd.port}\n  User ${sshd.user}\n` +
        `  IdentityFile ${keyPath()}\n`,
    );
    const cli = cliHarness({ sshConfigPath: config });
    try {
      const add = await cli.run(
        'host',
        'add',
        'pbx',
        '--ssh',
        'pbxalias',
        '--config-dir',
        pbx.dir,
        '--trust',
        sshd.fingerprint,
        '--no-check',
      );
      expect(add.code).toBe(0);
      const list = await fast(cli.run('ext', 'list', 'pbx'));
      expect(list.code).toBe(1);
      expect(list.stderr).toContain(`Cannot read the private key file ${keyPath()}`);
      expect(list.stderr).toMatch(reason);
    } finally {
      await cli.cleanup();
    }
  });
});

describe('keyFile sent over IPC by the window', () => {
  it.each(CASES)('refuses %s at once, naming it', async (_what, keyPath, reason) => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-ipc-key-'));
    const settings = new JsonFileSettings(path.join(home, 'settings.json'));
    const fleet = createFleet({
      home,
      settings,
      secrets: new KeychainSecretStore(`rayanpbx-test-${path.basename(home)}`),
      sshConfigPath: null,
    });
    const handlers = new Map<string, (raw: unknown) => Promise<unknown>>();
    const binding = bindIpc(
      fleet,
      {
        handle: (ch, fn) => void handlers.set(ch, fn),
        removeHandler: (ch) => void handlers.delete(ch),
      },
      { settings: new AppSettingsService(settings) },
    );
    const invoke = (ch: string, raw: unknown) =>
      handlers.get(ch)!(raw) as Promise<{ ok: boolean; error?: { message: string } }>;
    try {
      const added = await invoke('hosts/add', {
        config: {
          name: 'pbx',
          transport: 'ssh',
          host: sshd.host,
          port: sshd.port,
          user: sshd.user,
          keyFile: keyPath(),
          auth: 'key',
          configDir: pbx.dir,
          sudo: false,
          hostKey: sshd.fingerprint,
          amiUser: null,
          amiPort: 5038,
          backupsToKeep: 5,
        },
        secrets: {},
      });
      expect(added.ok).toBe(true);
      const listed = await fast(invoke('extensions/list', { host: 'pbx' }));
      expect(listed.ok).toBe(false);
      expect(listed.error!.message).toContain(`Cannot read the private key file ${keyPath()}`);
      expect(listed.error!.message).toMatch(reason);
    } finally {
      binding.dispose();
      await fleet.close();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
