import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness, hostAddArgs } from '../../support/cli-harness';
import { createPbxDir, type PbxDir } from '../../support/pbx-dir';
import { proxyJumpSshConfig } from '../../support/proxy-jump';
import { startSshd, type SshdHandle } from '../../support/sshd';

const WRONG = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

let bastion: SshdHandle;
let target: SshdHandle;
let pbx: PbxDir;
let scratch = '';

beforeAll(async () => {
  [bastion, target] = await Promise.all([startSshd(), startSshd()]);
  pbx = await createPbxDir({ 'pjsip.conf': '', 'extensions.conf': '' });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-repin-'));
});

afterAll(async () => {
  await pbx?.cleanup();
  await Promise.all([bastion?.stop(), target?.stop()]);
  fs.rmSync(scratch, { recursive: true, force: true });
});

const hostOf = async (cli: ReturnType<typeof cliHarness>) =>
  (
    JSON.parse((await cli.run('host', 'list', '--json')).stdout) as Array<Record<string, unknown>>
  )[0]!;

describe('rayanpbx host set --trust: re-pinning a host key that changed', () => {
  it('shows the pinned and the presented key, re-pins only the confirmed one, and then connects', async () => {
    const cli = cliHarness();
    try {
      const old = target.fingerprint;
      const add = await cli.run(...hostAddArgs('pbx', target, { configDir: pbx.dir, trust: old }));
      expect(add.code).toBe(0);
      const fresh = await target.restartWithNewHostKey();
      expect(fresh).not.toBe(old);
      const refused = await cli.run('ext', 'list', 'pbx');
      expect(refused.code).toBe(1);

      const wrong = await cli.run('host', 'set', 'pbx', '--trust', WRONG);
      expect(wrong.code).toBe(1);
      expect(wrong.stdout).toContain(`pinned key ${old}, presents ${fresh}`);
      expect(wrong.stderr).toContain('mismatch');
      expect((await hostOf(cli)).hostKey).toBe(old);

      const ok = await cli.run('host', 'set', 'pbx', '--trust', fresh);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain(`pinned key ${old}, presents ${fresh}`);
      expect(ok.stdout).toContain(`Pinned host key ${fresh} for pbx`);
      expect((await hostOf(cli)).hostKey).toBe(fresh);
      const list = await cli.run('ext', 'list', 'pbx');
      expect(list.stderr).toBe('');
      expect(list.code).toBe(0);
    } finally {
      await cli.cleanup();
    }
  });
});

describe('rayanpbx host set --trust-jump: re-pinning a ProxyJump host key', () => {
  it('shows the pinned and the presented jump key, re-pins it, and then connects through it', async () => {
    const config = path.join(scratch, 'ssh_config');
    fs.writeFileSync(config, proxyJumpSshConfig(target, bastion));
    const cli = cliHarness({ sshConfigPath: config });
    try {
      const oldJump = bastion.fingerprint;
      const add = await cli.run(
        'host',
        'add',
        'behind',
        '--ssh',
        'pbx-behind',
        '--config-dir',
        pbx.dir,
        '--trust-jump',
        oldJump,
        '--trust',
        target.fingerprint,
      );
      expect(add.code, add.stderr).toBe(0);
      const freshJump = await bastion.restartWithNewHostKey();
      expect((await cli.run('ext', 'list', 'behind')).code).toBe(1);

      const wrong = await cli.run('host', 'set', 'behind', '--trust-jump', WRONG);
      expect(wrong.code).toBe(1);
      expect(wrong.stdout).toContain(`pinned key ${oldJump}, presents ${freshJump}`);
      expect((await hostOf(cli)).jumpHostKey).toBe(oldJump);

      const ok = await cli.run('host', 'set', 'behind', '--trust-jump', freshJump);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain(`Pinned jump host key ${freshJump} for behind`);
      const stored = await hostOf(cli);
      expect(stored).toMatchObject({ jumpHostKey: freshJump, hostKey: target.fingerprint });
      const list = await cli.run('ext', 'list', 'behind');
      expect(list.stderr).toBe('');
      expect(list.code).toBe(0);
    } finally {
      await cli.cleanup();
    }
  });
});
