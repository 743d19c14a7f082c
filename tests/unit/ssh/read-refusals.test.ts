import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalTransport } from '../../../src/main/core/ssh/local-transport';

/**
 * What a read as root refuses (the tests run as root, as the console does through sudo): the
 * config dir may be writable by an account that wants what root can read, or hang root's read.
 */
describe('reads as root refuse what is not a small regular file', () => {
  let dir: string;
  let t: LocalTransport;
  const p = (n: string) => path.join(dir, n);
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-read-'));
    t = new LocalTransport({ label: 'pbx' });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs as root', () => {
    expect(process.getuid?.()).toBe(0);
  });

  it('a symlinked pjsip.conf: refused with the write wording, its target never sent', async () => {
    fs.writeFileSync(p('secret'), 'root-only-bytes\n', { mode: 0o600 });
    fs.symlinkSync(p('secret'), p('pjsip.conf'));
    const err = (await t.files.readFile(p('pjsip.conf')).catch((e: unknown) => e)) as Error & {
      code: string;
    };
    expect(err.code).toBe('SYMLINK_TARGET');
    expect(err.message).toContain(`is a symlink (to ${p('secret')}); nothing was read`);
    expect(err.message).toMatch(/Fix: replace the link by the file/);
    expect(JSON.stringify(err)).not.toContain('root-only-bytes');
  });

  it('a symlink is refused even when its hash is already known (no "same" through it)', async () => {
    fs.writeFileSync(p('pjsip.conf'), 'a\n');
    await t.files.readFile(p('pjsip.conf'));
    fs.renameSync(p('pjsip.conf'), p('real'));
    fs.symlinkSync(p('real'), p('pjsip.conf'));
    await expect(t.files.readFile(p('pjsip.conf'))).rejects.toMatchObject({
      code: 'SYMLINK_TARGET',
    });
  });

  it('a fifo is refused at once, not waited on', async () => {
    execFileSync('mkfifo', [p('pjsip.conf')]);
    await expect(t.files.readFile(p('pjsip.conf'))).rejects.toMatchObject({
      code: 'NOT_REGULAR_FILE',
      message: expect.stringContaining(p('pjsip.conf')),
    });
  }, 10_000);

  it('a device (/dev/zero, as an #include could name) is refused', async () => {
    await expect(t.files.readFile('/dev/zero')).rejects.toMatchObject({ code: 'NOT_REGULAR_FILE' });
  }, 10_000);

  it('a sparse file over 64 MiB is refused naming it; one at the cap is read', async () => {
    fs.writeFileSync(p('big.conf'), '');
    fs.truncateSync(p('big.conf'), 64 * 1048576 + 1);
    await expect(t.files.readFile(p('big.conf'))).rejects.toMatchObject({
      code: 'FILE_TOO_BIG',
      message: expect.stringContaining(`${p('big.conf')} on pbx is over 64 MiB`),
    });
    fs.truncateSync(p('big.conf'), 64 * 1048576);
    expect((await t.files.readFile(p('big.conf'))).content.length).toBe(64 * 1048576);
  }, 60_000);

  it('a regular file and a missing one still read as before', async () => {
    fs.writeFileSync(p('pjsip.conf'), '[a]\n');
    const [a, b] = await t.files.readFiles([p('pjsip.conf'), p('none.conf')]);
    expect(a).toMatchObject({ content: '[a]\n', exists: true });
    expect(b).toMatchObject({ content: '', exists: false });
  });
});
