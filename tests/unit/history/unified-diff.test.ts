import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../../src/main/core/history/unified-diff';
import { generatePjsipConf } from '../../support/generate-conf';

const dir = mkdtempSync(path.join(os.tmpdir(), 'udiff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the real `diff -u` prints for these two texts, with these labels. */
function realDiff(a: string, b: string): string {
  const fa = path.join(dir, 'a');
  const fb = path.join(dir, 'b');
  writeFileSync(fa, a);
  writeFileSync(fb, b);
  try {
    return execFileSync('diff', ['-u', '--label', 'old', '--label', 'new', fa, fb], {
      encoding: 'utf8',
    });
  } catch (err) {
    const e = err as { status: number; stdout: string };
    if (e.status !== 1) throw err;
    return e.stdout;
  }
}

const same = (a: string, b: string) => expect(unifiedDiff(a, b, 'old', 'new')).toBe(realDiff(a, b));

describe('unifiedDiff against the real diff -u', () => {
  it('on edits of a generated pjsip.conf (blocks added, removed, changed)', () => {
    const base = generatePjsipConf(40);
    const sections = base.split('\n\n');
    same(base, base);
    same(base, sections.slice(0, 10).concat(sections.slice(11)).join('\n\n'));
    same(base, `${base}\n[9999]\ntype=endpoint\ncontext=from-internal\n`);
    same(base, base.replace('max_contacts=1', 'max_contacts=3'));
    same(base, base.replaceAll('allow=ulaw', 'allow=alaw'));
    same('', base);
    same(base, '');
    // Long runs of one line on both sides: the lines GNU diff sets aside as "confusing".
    const many = Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? `[${i}]` : 'type=aor'));
    const other = many.filter((_, i) => i % 11 !== 0).concat(['new'], many.slice(0, 40));
    same(`${many.join('\n')}\n`, `${other.join('\n')}\n`);
  });

  it('on CRLF lines and a last line without a newline', () => {
    same('a\r\nb\r\nc', 'a\r\nB\r\nc');
    same('a\nb\nc', 'a\nb\nc\n');
    same('a\nb\nc\n', 'a\nb\nc');
    same('x', 'y');
  });

  it('on random edits of files made of config-like lines', () => {
    const line = fc.constantFrom(
      '',
      '[1001]',
      '[1002]',
      'type=endpoint',
      'type=aor',
      'type=auth',
      'context=from-internal',
      'allow=ulaw',
      '; BEGIN MANAGED - Extension 1001',
      '; END MANAGED - Extension 1001',
      'max_contacts=1',
    );
    const text = fc
      .tuple(fc.array(line, { maxLength: 40 }), fc.boolean())
      .map(([ls, eol]) => (ls.length ? ls.join('\n') + (eol ? '\n' : '') : ''));
    // Where two minimal scripts tie, GNU's tie-breaking (its diagonal heuristics, then
    // shift_boundaries) is not reproduced in every case: seed 542224396 of this property found one
    // (an inserted END line placed before instead of after an equal END). So on random text the
    // property is what a reader relies on: the diff is as small as GNU's, and GNU patch applied to
    // the old text gives the new one byte for byte. Realistic edits above must equal GNU's exactly.
    fc.assert(
      fc.property(text, text, (a, b) => {
        const ours = unifiedDiff(a, b, 'old', 'new');
        const gnu = realDiff(a, b);
        expect(changedLines(ours)).toEqual(changedLines(gnu));
        expect(patched(a, ours)).toBe(b);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});

/** How many lines the diff takes away and adds. */
function changedLines(diff: string): { minus: number; plus: number } {
  const body = diff.split('\n').slice(2);
  return {
    minus: body.filter((l) => l.startsWith('-')).length,
    plus: body.filter((l) => l.startsWith('+')).length,
  };
}

/** GNU patch's reading of `diff` applied to `a`. */
function patched(a: string, diff: string): string {
  if (diff === '') return a;
  const file = path.join(dir, 'p');
  writeFileSync(file, a);
  execFileSync('patch', ['--quiet', '--binary', file], { input: diff });
  return readFileSync(file, 'utf8');
}
