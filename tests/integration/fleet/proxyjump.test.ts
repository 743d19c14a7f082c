import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../../support/cli-harness';
import { createPbxDir, type PbxDir } from '../../support/pbx-dir';
import { proxyJumpSshConfig } from '../../support/proxy-jump';
import { startSshd, type SshdHandle } from '../../support/sshd';

let bastion: SshdHandle;
let target: SshdHandle;
let pbx: PbxDir;
let configPath: string;
let cli: ReturnType<typeof cliHarness>;

beforeAll(async () => {
  [bastion, target] = await Promise.all([startSshd(), startSshd()]);
  pbx = await createPbxDir({ 'pjsip.conf': '', 'extensions.conf': '' });
  configPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-sshcfg-')), 'config');
  fs.writeFileSync(configPath, proxyJumpSshConfig(target, bastion));
  cli = cliHarness({ sshConfigPath: configPath });
});

afterAll(async () => {
  await cli?.cleanup();
  await pbx?.cleanup();
  await Promise.all([bastion?.stop(), target?.stop()]);
});

describe('a PBX behind a ProxyJump host from ~/.ssh/config', () => {
  it('asks to confirm the jump host key, then the PBX key, then works through the jump', async () => {
    const add = (...extra: string[]) =>
      cli.run('host', 'add', 'behind', '--ssh', 'pbx-behind', '--config-dir', pbx.dir, ...extra);

    const first = await add();
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('ProxyJump');
    expect(first.stderr).toContain(`--trust-jump ${bastion.fingerprint}`);

    const second = await add('--trust-jump', bastion.fingerprint);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`--trust ${target.fingerprint}`);

    const ok = await add('--trust-jump', bastion.fingerprint, '--trust', target.fingerprint);
    expect(ok.code, ok.stderr).toBe(0);
    const [host] = JSON.parse((await cli.run('host', 'list', '--json')).stdout);
    expect(host).toMatchObject({ hostKey: target.fingerprint, jumpHostKey: bastion.fingerprint });

    const ext = await cli.run('ext', 'add', 'behind', '1001', '--password', 'abcdefgh12345678');
    expect(ext.code, ext.stderr).toBe(0);
    expect(await pbx.read('pjsip.conf')).toContain('[1001]');
  });
});
