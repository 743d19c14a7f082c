import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { H256_FN } from '../../../src/main/core/ssh/file-ops';

/** The host-side hash the safe write relies on, with and without openssl on the PBX. */
describe('the sha256 the PBX computes for the concurrency check', () => {
  const data = Buffer.from('[1001]\ntype=endpoint\n'.repeat(5000) + 'é\u00ff\n');
  const expected = createHash('sha256').update(data).digest('hex');

  function hashWith(pathDirs: string[]): string {
    const out = execFileSync('/bin/sh', ['-c', `${H256_FN} x=$(h256); echo "\${x%% *}"`], {
      input: data,
      env: { PATH: pathDirs.join(':') },
    });
    return out.toString().trim();
  }

  it('uses openssl when the PBX has it', () => {
    expect(hashWith(['/usr/bin', '/bin'])).toBe(expected);
  });

  it('falls back to coreutils sha256sum when openssl is missing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-path-'));
    try {
      fs.symlinkSync('/usr/bin/sha256sum', path.join(dir, 'sha256sum'));
      expect(hashWith([dir])).toBe(expected);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
