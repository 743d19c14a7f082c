import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Delta } from '../../../src/main/core/ssh/utf8-delta';
import { ByteParts } from '../../../src/main/core/ssh/byte-parts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The file the host rebuilds: kept head, sent middle, kept tail of the old file. */
function rebuilt(prev: Buffer, d: NonNullable<ReturnType<typeof utf8Delta>>): Buffer {
  return Buffer.concat([
    prev.subarray(0, d.keepHead),
    d.middle,
    prev.subarray(d.tailFrom, d.tailFrom + d.keepTail),
  ]);
}

/** Lines of config text with one-, two-, three- and four-byte characters (pairs in UTF-16). */
const piece = fc.constantFrom(
  '[1001]\n',
  'type=endpoint\n',
  'callerid="Jos\u00e9" <1001>\n',
  '; \u0633\u0644\u0627\u0645\n',
  '; \ud83d\ude00\ud83d\ude01\n',
  '\ud83d\ude02',
  '\u00e9',
  'x',
  '\r\n',
);
const text = fc.array(piece, { maxLength: 80 }).map((p) => p.join(''));

describe('the delta of a UTF-8 text, worked out on the strings', () => {
  it('rebuilds exactly the new bytes and hashes them, or declines (property)', () => {
    fc.assert(
      fc.property(
        text,
        fc.nat(),
        fc.nat(),
        text,
        fc.record({ minSaving: fc.nat(64), edgeMinKeep: fc.nat(16) }),
        (prev, a, b, inserted, rule) => {
          // Any cut, even between the halves of a surrogate pair: the delta must not split one.
          const start = prev.length === 0 ? 0 : a % (prev.length + 1);
          const end = start + (prev.length - start === 0 ? 0 : b % (prev.length - start + 1));
          const next = prev.slice(0, start) + inserted + prev.slice(end);
          const prevBytes = Buffer.from(prev, 'utf8');
          if (Buffer.from(prevBytes.toString('utf8'), 'utf8').toString() !== prev) return;
          const d = utf8Delta(next, prevBytes.toString('utf8'), ByteParts.of(prevBytes), rule);
          const want = Buffer.from(next, 'utf8');
          if (!(next as string & { isWellFormed(): boolean }).isWellFormed()) return;
          if (d === null) {
            // Declined only when too little is in common (whole characters, counted naively).
            let h = 0;
            while (h < Math.min(prev.length, next.length) && prev[h] === next[h]) h++;
            if (h > 0 && /[\ud800-\udbff]/.test(prev[h - 1]!)) h--;
            let t = 0;
            while (
              t < Math.min(prev.length, next.length) - h &&
              prev.at(-1 - t) === next.at(-1 - t)
            )
              t++;
            if (t > 0 && /[\udc00-\udfff]/.test(prev[prev.length - t]!)) t--;
            const common =
              Buffer.byteLength(prev.slice(0, h)) + Buffer.byteLength(prev.slice(prev.length - t));
            expect(common).toBeLessThan(rule.minSaving);
            return;
          }
          expect(rebuilt(prevBytes, d).equals(want)).toBe(true);
          expect(d.bytes().join().equals(want)).toBe(true);
          expect(d.hash()).toBe(sha(want));
          expect(d.keepHead === 0 || d.keepHead >= rule.edgeMinKeep).toBe(true);
          expect(d.keepTail === 0 || d.keepTail >= rule.edgeMinKeep).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('sends only the changed lines of a large file', () => {
    const prev = '[1001]\ntype=endpoint\n; Jos\u00e9\n'.repeat(20_000);
    const at = prev.length / 2;
    const next = `${prev.slice(0, at)}[2002]\ntype=aor\n${prev.slice(at)}`;
    const prevBytes = Buffer.from(prev, 'utf8');
    const d = utf8Delta(next, prev, ByteParts.of(prevBytes), {
      minSaving: 65536,
      edgeMinKeep: 4096,
    })!;
    expect(d.middle.length).toBe('[2002]\ntype=aor\n'.length);
    expect(d.keepHead + d.keepTail).toBe(prevBytes.length);
    expect(rebuilt(prevBytes, d).equals(Buffer.from(next, 'utf8'))).toBe(true);
  });

  it('gives the tail the unit a surrogate pair cut gives back from the head (a found counterexample)', () => {
    // 😀😁 → 😁: the head first matches 😁's high half (same as 😀's), then must give it back;
    // the tail can then take the whole 😁, so 8 bytes are kept, not 4.
    const prev = 'x; \ud83d\ude00\ud83d\ude01\n';
    const next = 'x; \ud83d\ude01\n';
    const d = utf8Delta(next, prev, ByteParts.of(Buffer.from(prev)), {
      minSaving: 5,
      edgeMinKeep: 0,
    });
    expect(d).not.toBeNull();
    expect(d!.keepHead + d!.keepTail).toBe(8);
    expect(d!.bytes().join().equals(Buffer.from(next))).toBe(true);
  });

  it('declines a change that leaves a lone surrogate (the caller encodes it its own way)', () => {
    const prev = 'a'.repeat(100) + '\ud83d\ude00' + 'b'.repeat(100);
    const next = 'a'.repeat(100) + '\ud83d' + 'b'.repeat(100);
    expect(
      utf8Delta(next, prev, ByteParts.of(Buffer.from(prev)), { minSaving: 0, edgeMinKeep: 0 }),
    ).toBeNull();
  });
});
