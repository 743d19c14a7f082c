import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmiTestServer } from '../../support/ami-server/server';
import { hostAddArgs } from '../../support/cli-harness';
import { filesVsLive } from '../../support/files-vs-live';
import { createPbxDir, type PbxDir } from '../../support/pbx-dir';
import { BASIC_EXTENSIONS, basicPjsip } from '../../support/pbx-host';
import { startSshd, type SshdHandle } from '../../support/sshd';

const BIN = path.resolve(import.meta.dirname, '../../../bin/rayanpbx.js');
const AMI_SECRET = 'cli-ami-secret-0815';
const ROUNDS = 20;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The installed command in its own process, as two admins' shells would run it. */
function rayanpbx(env: Record<string, string>, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let sshd: SshdHandle;
let pbx: PbxDir;
let ami: AmiTestServer;
let home: string;

beforeAll(async () => {
  sshd = await startSshd();
  pbx = await createPbxDir({
    'pjsip.conf': basicPjsip(15061),
    'extensions.conf': BASIC_EXTENSIONS,
  });
  // res_pjsip reloads take a little while, so the two processes' reloads do overlap and one is
  // refused as busy (transcript 46) and waits.
  ami = await AmiTestServer.start({
    configDir: pbx.dir,
    users: { admin: AMI_SECRET },
    reloadCost: () => 150,
  });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-cli-'));
});

afterAll(async () => {
  await ami?.stop();
  await pbx?.cleanup();
  await sshd?.stop();
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

describe('two rayanpbx processes adding extensions to one host at once', () => {
  it(`both end verified, and the files equal what Asterisk runs, ${ROUNDS} rounds in a row`, async () => {
    const env = { RAYANPBX_HOME: home, RAYANPBX_AMI_SECRET: AMI_SECRET };
    const add = await rayanpbx(
      env,
      hostAddArgs(
        'pbx',
        sshd,
        { configDir: pbx.dir, trust: sshd.fingerprint },
        '--ami-user',
        'admin',
        '--ami-port',
        String(ami.port),
      ),
    );
    expect(add.code, add.stderr).toBe(0);
    for (let round = 0; round < ROUNDS; round++) {
      const numbers = [`${4000 + round}`, `${5000 + round}`];
      const runs = await Promise.all(
        numbers.map((n) =>
          rayanpbx(env, ['ext', 'add', 'pbx', n, '--password', `Pw-${n}-abcdefgh`]),
        ),
      );
      for (const r of runs) {
        expect(r.code, `round ${round}: ${r.stderr}`).toBe(0);
        expect(r.stdout).toContain('verified: yes');
      }
      expect(await filesVsLive(pbx, ami), `round ${round}`).toEqual([]);
    }
    expect(ami.pjsip.endpoints.size).toBe(2 * ROUNDS);
  }, 900_000);
});
