import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main';
import { createFleet, type CreateFleetOptions } from '../../src/main/core/fleet/create-fleet';
import {
  KeychainSecretStore,
  EnvOverlaySecretStore,
} from '../../src/main/core/secrets/secret-store';
import type { SshdHandle } from './sshd';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `rayanpbx …` in-process against a throw-away settings folder and a per-test keychain
 * service, exactly as the binary would (same argument parsing, same exit codes).
 */
export function cliHarness(extra: Partial<CreateFleetOptions> = {}) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-home-'));
  const secrets = new EnvOverlaySecretStore(
    new KeychainSecretStore(`rayanpbx-test-${path.basename(home)}`),
    {},
  );
  const run = async (...argv: string[]): Promise<CliRun> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, () =>
      createFleet({ home, secrets, sshConfigPath: null, ...extra }),
    );
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };
  return {
    home,
    secrets,
    run,
    settingsText: () => fs.readFileSync(path.join(home, 'settings.json'), 'utf8'),
    cleanup: async () => {
      for (const h of ['pbx', 'pbx1', 'pbx2']) await secrets.deleteHost(h).catch(() => undefined);
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * `host add <name>` for the harness sshd: its login and port, a client key (the harness's own by
 * default), the PBX config dir and the fingerprint the caller confirms; then any `extra`.
 */
export function hostAddArgs(
  name: string,
  sshd: SshdHandle,
  opts: { configDir: string; trust: string; key?: string },
  ...extra: string[]
): string[] {
  return [
    'host',
    'add',
    name,
    '--ssh',
    `${sshd.user}@${sshd.host}:${sshd.port}`,
    '--key',
    opts.key ?? sshd.clientKeyPath,
    '--config-dir',
    opts.configDir,
    '--trust',
    opts.trust,
    ...extra,
  ];
}

const BIN = path.resolve(import.meta.dirname, '../../bin/rayanpbx.js');

/**
 * The installed command in its own process, as an admin's shell runs it: `env` on top of this
 * process's, `stdin` written then closed. `closeStdout`: the reader of its stdout is gone before
 * it writes anything, as with `rayanpbx … | head -1` once head has its line.
 */
export function runBin(
  args: string[],
  opts: { env?: Record<string, string>; stdin?: string; closeStdout?: boolean } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (opts.closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}
