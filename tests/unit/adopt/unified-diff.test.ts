import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planAdopt } from '../../../src/main/core/adopt/adopt-plan';
import { maskSecrets } from '../../../src/main/core/adopt/adopt-host';
import { unifiedDiff } from '../../../src/main/core/diff/unified-diff';
import { fixture } from '../pjsip/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'rayan-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** GNU patch applies the diff to `a`: the result must be exactly `b`. */
function patched(a: string, b: string): string {
  const file = join(dir, 'f.conf');
  writeFileSync(file, a);
  const diff = unifiedDiff(a, b, { oldLabel: 'f.conf', newLabel: 'f.conf' });
  execFileSync('patch', ['--quiet', '--binary', file], { input: diff });
  return readFileSync(file, 'utf8');
}

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

describe('unifiedDiff', () => {
  it('is empty for equal texts and says what `diff -u` says for a simple change', () => {
    expect(unifiedDiff('a\n', 'a\n', { oldLabel: 'x', newLabel: 'y' })).toBe('');
    expect(unifiedDiff('a\nb\nc\n', 'a\nB\nc\n', { oldLabel: 'x', newLabel: 'y' })).toBe(
      '--- x\n+++ y\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n',
    );
    expect(unifiedDiff('a', 'b', { oldLabel: 'x', newLabel: 'y' })).toBe(
      '--- x\n+++ y\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n',
    );
  });

  it('an adopt diff (CRLF parts included) applied by GNU patch gives the adopted file', () => {
    const office = fixture('adopt/office-pjsip.conf');
    const mixed = office
      .replace('[2002-auth]\n', '[2002-auth]\r\n')
      .replace('; Bob\n', '; Bob\r\n');
    for (const text of [office, mixed, office.replace(/\n/g, '\r\n')]) {
      const after = planAdopt(text, 'all').text;
      expect(after).not.toBe(text);
      expect(patched(text, after)).toBe(after);
    }
  });

  it('random line edits round-trip through GNU patch', () => {
    const next = rng(7);
    for (let round = 0; round < 40; round++) {
      const a = Array.from(
        { length: 1 + Math.floor(next() * 40) },
        () => `l${Math.floor(next() * 6)}\n`,
      );
      const b = a
        .filter(() => next() > 0.2)
        .flatMap((l) => (next() > 0.85 ? [l, `n${round}\n`] : [l]));
      const at = a.join('');
      const bt = b.join('') + (next() > 0.7 ? 'tail-without-newline' : '');
      if (at === bt) continue;
      expect(patched(at, bt)).toBe(bt);
    }
  });
});

describe('maskSecrets', () => {
  it('hides credential values and nothing else', () => {
    const text = '[1]\r\ntype=auth\r\npassword = s3cret ; note\r\nusername=1\nmd5_cred=abc\n';
    expect(maskSecrets(text)).toBe(
      '[1]\r\ntype=auth\r\npassword =********\r\nusername=1\nmd5_cred=********\n',
    );
  });
});
