import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness, hostAddArgs } from '../../support/cli-harness';
import { createPbxDir, type PbxDir } from '../../support/pbx-dir';
import { startSshd, type SshdHandle } from '../../support/sshd';

let sshd: SshdHandle;
let cli: ReturnType<typeof cliHarness>;
let pbx: PbxDir;

// Line 5 opens a block comment nothing closes: Asterisk would read all that follows as comment.
const PJSIP =
  '[global]\ntype=global\n\n[transport-udp]\ntype=transport ;-- disabled for now\n' +
  'protocol=udp\nbind=0.0.0.0\n';

beforeAll(async () => {
  sshd = await startSshd();
  cli = cliHarness();
  pbx = await createPbxDir({ 'pjsip.conf': PJSIP, 'extensions.conf': '' });
  const add = await cli.run(
    ...hostAddArgs('pbx', sshd, { configDir: pbx.dir, trust: sshd.fingerprint }),
  );
  expect(add.code).toBe(0);
});

afterAll(async () => {
  await cli?.cleanup();
  await pbx?.cleanup();
  await sshd?.stop();
});

describe('rayanpbx ext add on a pjsip.conf that ends inside a ;-- block comment', () => {
  it('refuses, naming the file and the line that opens the comment, and writes nothing', async () => {
    const r = await cli.run('ext', 'add', 'pbx', '1001', '--name', 'Ali');
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('Created');
    expect(r.stderr).toContain(`${pbx.path('pjsip.conf')}: line 5`);
    expect(r.stderr).toContain('--;');
    expect(await pbx.read('pjsip.conf')).toBe(PJSIP);
    expect(await pbx.read('extensions.conf')).toBe('');
    expect((await pbx.list()).sort()).toEqual(['extensions.conf', 'pjsip.conf']);
  });

  it('adds the extension once the comment is closed', async () => {
    await pbx.write('pjsip.conf', PJSIP + '--;\n');
    const r = await cli.run('ext', 'add', 'pbx', '1001', '--name', 'Ali');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await pbx.read('pjsip.conf')).toContain('; BEGIN MANAGED - Extension 1001');
  });
});
