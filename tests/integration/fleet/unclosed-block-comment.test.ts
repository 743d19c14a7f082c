import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliPbx, type CliPbx } from '../../support/cli-pbx';

let rig: CliPbx;

// Line 5 opens a block comment nothing closes: Asterisk would read all that follows as comment.
const PJSIP =
  '[global]\ntype=global\n\n[transport-udp]\ntype=transport ;-- disabled for now\n' +
  'protocol=udp\nbind=0.0.0.0\n';

beforeAll(async () => {
  rig = await startCliPbx({ pjsip: PJSIP, extensions: '', ami: false });
});

afterAll(async () => {
  await rig?.close();
});

describe('rayanpbx ext add on a pjsip.conf that ends inside a ;-- block comment', () => {
  it('refuses, naming the file and the line that opens the comment, and writes nothing', async () => {
    const r = await rig.cli.run('ext', 'add', 'pbx', '1001', '--name', 'Ali');
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('Created');
    expect(r.stderr).toContain(`${rig.pbx.path('pjsip.conf')}: line 5`);
    expect(r.stderr).toContain('--;');
    expect(await rig.pbx.read('pjsip.conf')).toBe(PJSIP);
    expect(await rig.pbx.read('extensions.conf')).toBe('');
    expect((await rig.pbx.list()).sort()).toEqual(['extensions.conf', 'pjsip.conf']);
  });

  it('adds the extension once the comment is closed', async () => {
    await rig.pbx.write('pjsip.conf', PJSIP + '--;\n');
    const r = await rig.cli.run('ext', 'add', 'pbx', '1001', '--name', 'Ali');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await rig.pbx.read('pjsip.conf')).toContain('; BEGIN MANAGED - Extension 1001');
  });
});
