import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../../src/main/core/history/unified-diff';
import { generatePjsipConf } from '../../support/generate-conf';

const dir = mkdtempSync(path.join(os.tmpdir(), 'udiff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }), 60_000);

/** What the real `diff -u` prints for these two texts, with these labels. */
function realDiff(a: string, b: string): string {
  const fa = path.join(dir, 'a');
  const fb = path.join(dir, 'b');
  writeFileSync(fa, a);
  writeFileSync(fb, b);
  try {
    return execFileSync('diff', ['-u', '--label', 'old', '--label', 'new', fa, fb], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { status: number; stdout: string };
    if (e.status !== 1) throw err;
    return e.stdout;
  }
}

/**
 * The real `diff -u` of many pairs at once: one shell loop instead of a process spawn from node
 * per pair keeps a thousand comparisons within seconds.
 */
function realDiffs(pairs: Array<[string, string]>): string[] {
  const batch = mkdtempSync(path.join(dir, 'batch-'));
  try {
    pairs.forEach(([a, b], i) => {
      writeFileSync(path.join(batch, `${i}.a`), a);
      writeFileSync(path.join(batch, `${i}.b`), b);
    });
    const script =
      'i=0; while [ "$i" -lt "$1" ]; do ' +
      'diff -u --label old --label new "$i.a" "$i.b" > "$i.out"; ' +
      '[ $? -le 1 ] || exit 2; i=$((i + 1)); done';
    execFileSync('sh', ['-c', script, 'sh', String(pairs.length)], { cwd: batch });
    return pairs.map((_, i) => readFileSync(path.join(batch, `${i}.out`), 'utf8'));
  } finally {
    rmSync(batch, { recursive: true, force: true });
  }
}

/**
 * Every pair `arb` yields in `numRuns` draws gets the real diff's bytes. The seed is new each run
 * and named in a failure, with the pair, so a counterexample can be replayed.
 */
function sameOnAll<T>(
  arb: fc.Arbitrary<T>,
  pair: (v: T) => [string, string],
  numRuns: number,
  seed = Math.floor(Math.random() * 2 ** 31),
) {
  const pairs = fc.sample(arb, { numRuns, seed }).map(pair);
  const gnu = realDiffs(pairs);
  pairs.forEach(([a, b], i) => {
    const ours = unifiedDiff(a, b, 'old', 'new');
    if (ours !== gnu[i]) expect(ours, `seed ${seed}: ${JSON.stringify([a, b])}`).toBe(gnu[i]);
  });
}

const same = (a: string, b: string) => expect(unifiedDiff(a, b, 'old', 'new')).toBe(realDiff(a, b));

/** Lines joined into a file; `eol` false leaves the last line without its newline. */
const joined = (lines: string[], eol: boolean, nl = '\n') =>
  lines.length ? lines.join(nl) + (eol ? nl : '') : '';

/** A file of lines drawn from `alphabet`; some files lack the last newline. */
const fileOf = (alphabet: string[], maxLength: number) =>
  fc
    .tuple(fc.array(fc.constantFrom(...alphabet), { maxLength }), fc.boolean())
    .map(([ls, eol]) => joined(ls, eol));

/** The same with some lines ending in CR, as a file edited on Windows has them. */
const crlfFileOf = (alphabet: string[], maxLength: number) =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom(...alphabet), fc.boolean()), { maxLength }),
      fc.boolean(),
    )
    .map(([ls, eol]) =>
      joined(
        ls.map(([l, cr]) => (cr ? `${l}\r` : l)),
        eol,
      ),
    );

/** `base` with a few runs of lines deleted and others put in: the shape of real edits. */
function edited(base: string[], edits: Array<[number, number, string[]]>): string[] {
  const out = base.slice();
  for (const [at, del, ins] of edits) out.splice(at % (out.length + 1), del, ...ins);
  return out;
}

describe('unifiedDiff is byte for byte the real diff -u', () => {
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

  it('on CRLF lines, a last line without a newline and empty files', () => {
    same('a\r\nb\r\nc', 'a\r\nB\r\nc');
    same('a\nb\nc', 'a\nb\nc\n');
    same('a\nb\nc\n', 'a\nb\nc');
    same('x', 'y');
    same('', 'x');
    same('x', '');
    same('\n', '');
    same('a\r\n', 'a\n');
    // GNU compares bytes: the identical ends must come out the same on UTF-8 text.
    same('x\nä😀b\nz\n', 'y\nä😀b\nz\n');
    same('ä\n😀\n', 'ä\n😀\nä\n😀\n');
  });

  it('on every pair of short files of empty and equal lines (identical ends overlapping)', () => {
    // Files made of "" and "a" lines only, up to 3 lines, with and without a last newline: the
    // identical head and tail overlap, start with an empty line, or are one whole file.
    const files = [''];
    for (let n = 1; n <= 3; n++)
      for (let bits = 0; bits < 2 ** n; bits++) {
        const lines = Array.from({ length: n }, (_, i) => ((bits >> i) & 1 ? 'a' : ''));
        files.push(joined(lines, true), joined(lines, false));
      }
    const pairs = files.flatMap((a) => files.map((b): [string, string] => [a, b]));
    const gnu = realDiffs(pairs);
    pairs.forEach(([a, b], i) =>
      expect(unifiedDiff(a, b, 'old', 'new'), JSON.stringify([a, b])).toBe(gnu[i]),
    );
  }, 60_000);

  it('where several shortest scripts tie (the seed that broke the old relaxed property)', () => {
    // Seed 542224396 of the old property: the old code put an inserted END line before an equal
    // END where GNU puts it after, among others.
    const twoFiles = fc.tuple(fileOf(CONFIG_LINES, 40), fileOf(CONFIG_LINES, 40));
    sameOnAll(twoFiles, (p) => p, 300, 542224396);
  }, 60_000);

  it('on random files over 2 to 4 distinct lines (ties everywhere)', () => {
    const twoFiles = fc.integer({ min: 2, max: 4 }).chain((k) => {
      const alphabet = ['a', 'b', '', 'a b'].slice(0, k);
      return fc.tuple(fileOf(alphabet, 30), fileOf(alphabet, 30));
    });
    sameOnAll(twoFiles, (p) => p, 800);
  }, 60_000);

  it('on random files of config-like lines, some with CRLF', () => {
    const twoFiles = fc.tuple(crlfFileOf(CONFIG_LINES, 40), crlfFileOf(CONFIG_LINES, 40));
    sameOnAll(twoFiles, (p) => p, 400);
  }, 60_000);

  it('on a few edits of a longer file (context merging, identical ends kept for sliding)', () => {
    const line = fc.constantFrom('a', 'b', 'c', '', 'type=aor', '[1001]');
    const edit = fc.tuple(fc.nat(400), fc.nat(4), fc.array(line, { maxLength: 4 }));
    const change = fc.tuple(
      fc.array(line, { minLength: 20, maxLength: 200 }),
      fc.array(edit, { minLength: 1, maxLength: 5 }),
      fc.boolean(),
      fc.boolean(),
    );
    sameOnAll(
      change,
      ([base, edits, eolA, eolB]) => [joined(base, eolA), joined(edited(base, edits), eolB)],
      400,
    );
  }, 60_000);

  it('on files where one line repeats hundreds of times (provisional discards)', () => {
    const line = fc.oneof(
      { weight: 6, arbitrary: fc.constant('type=aor') },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 60 }).map((n) => `[${n}]`) },
      { weight: 1, arbitrary: fc.constantFrom('', 'allow=ulaw') },
    );
    const edit = fc.tuple(fc.nat(800), fc.nat(30), fc.array(line, { maxLength: 30 }));
    const change = fc.tuple(
      fc.array(line, { minLength: 100, maxLength: 600 }),
      fc.array(edit, { minLength: 1, maxLength: 8 }),
    );
    sameOnAll(
      change,
      ([base, edits]) => [joined(base, true), joined(edited(base, edits), true)],
      200,
    );
  }, 60_000);

  it('on a large pjsip.conf with a few changes anywhere, first and last lines included', () => {
    const base = generatePjsipConf(2000).split('\n');
    const line = fc.constantFrom('max_contacts=3', 'allow=alaw', '', '; note', 'type=aor');
    const edit = fc.tuple(
      fc.oneof(fc.constant(0), fc.nat(base.length), fc.constant(base.length)),
      fc.nat(12),
      fc.array(line, { maxLength: 6 }),
    );
    const edits = fc.array(edit, { minLength: 1, maxLength: 4 });
    sameOnAll(edits, (e) => [base.join('\n'), edited(base, e).join('\n')], 40);
  }, 60_000);

  it('when the edit script is too expensive to make minimal (GNU gives up halfway)', () => {
    // Thousands of edits between two long random texts over few lines: past 4096 steps in one
    // middle-snake search GNU diff stops and splits at its best diagonals, not at a true middle.
    const rand = lcg(7);
    for (const [n, k] of [
      [16000, 4],
      [3000, 2],
    ] as const) {
      const a = Array.from({ length: n }, () => `l${Math.floor(rand() * k)}`);
      const b = Array.from({ length: n }, () => `l${Math.floor(rand() * k)}`);
      same(joined(a, true), joined(b, true));
    }
  }, 120_000);
});

const CONFIG_LINES = [
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
];

/** A small deterministic generator, so the expensive case is the same on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}
