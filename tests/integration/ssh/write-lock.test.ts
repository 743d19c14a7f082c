import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyChange } from '../../../src/main/core/fleet/apply-change';
import { LocalTransport } from '../../../src/main/core/ssh/local-transport';
import { addExtensionEdit, bothFilesOf } from '../../support/add-extension-edit';
import { createPbxDir, type PbxDir } from '../../support/pbx-dir';
import { basicPjsip } from '../../support/pbx-host';

/**
 * write.sh locks the config dir from the targets' hashes to their renames, best effort: a write
 * that went without the lock says so, per file and in the change's notes, since another
 * console's change made at that moment may have been lost.
 */
describe('a write its directory could not be locked for', () => {
  let pbx: PbxDir;
  let bin: string;
  const path0 = process.env.PATH;

  beforeEach(async () => {
    pbx = await createPbxDir({ 'pjsip.conf': basicPjsip(5060), 'extensions.conf': '' });
    // A flock that cannot wait, as busybox's (no -w): the script goes on without the lock.
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-flock-'));
    fs.writeFileSync(
      path.join(bin, 'flock'),
      '#!/bin/sh\necho "flock: invalid option" >&2\nexit 1\n',
      {
        mode: 0o755,
      },
    );
    process.env.PATH = `${bin}:${path0}`;
  });

  afterEach(async () => {
    process.env.PATH = path0;
    fs.rmSync(bin, { recursive: true, force: true });
    await pbx.cleanup();
  });

  it('is marked unlocked, and the change says so in its notes', async () => {
    const t = new LocalTransport({ label: 'pbx' });
    const applied = await applyChange(
      t,
      null,
      bothFilesOf(pbx),
      addExtensionEdit('1777', 'Pw-1777-abcdefgh'),
      { host: 'pbx' },
    );
    expect(applied.apply.written).toHaveLength(2);
    expect(await pbx.read('pjsip.conf')).toContain('[1777]');
    expect(applied.apply.notes.join('\n')).toMatch(
      /pjsip\.conf and .*extensions\.conf on pbx were written without the write lock/,
    );
  });

  it('is not marked where the lock was had (the real flock)', async () => {
    process.env.PATH = path0;
    const t = new LocalTransport({ label: 'pbx' });
    const snap = await t.files.readFile(pbx.path('pjsip.conf'));
    const [res] = await t.files.writeFilesAtomic([
      { path: pbx.path('pjsip.conf'), content: `${snap.content}; x\n`, expectedHash: snap.hash },
    ]);
    expect(res!.unlocked).toBeUndefined();
  });
});
