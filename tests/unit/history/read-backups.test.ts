import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBackups } from '../../../src/main/core/history/backups';
import { LocalTransport } from '../../../src/main/core/ssh/local-transport';

const NAME = 'pjsip.conf.rayanpbx-bak-20261206T231500.123Z-AAAAAAAAAAAA';

/** history.sh's read, run as root (as through sudo): only a backup a write could have left. */
describe('reading a backup', () => {
  let dir: string;
  const p = (n: string) => path.join(dir, n);
  const t = new LocalTransport({ label: 'pbx' });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-bak-'));
    fs.writeFileSync(p('pjsip.conf'), '[now]\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads one owned as its target with one link', async () => {
    fs.writeFileSync(p(NAME), '[then]\n');
    expect(await readBackups(t, p('pjsip.conf'), [p(NAME)])).toEqual(['[then]\n']);
  });

  it('refuses a sparse file over 64 MiB named like a backup, copying nothing', async () => {
    fs.writeFileSync(p(NAME), '');
    fs.truncateSync(p(NAME), 64 * 1048576 + 1);
    await expect(readBackups(t, p('pjsip.conf'), [p(NAME)])).rejects.toMatchObject({
      code: 'BACKUP_REFUSED',
      message: expect.stringContaining('(too-big)'),
    });
  }, 30_000);

  it('refuses one owned by another account, judged on the file opened', async () => {
    fs.writeFileSync(p(NAME), '[then]\n');
    fs.chownSync(p(NAME), 65534, 65534);
    await expect(readBackups(t, p('pjsip.conf'), [p(NAME)])).rejects.toMatchObject({
      code: 'BACKUP_REFUSED',
      message: expect.stringContaining('owner-or-links 65534:65534 1'),
    });
  });
});
