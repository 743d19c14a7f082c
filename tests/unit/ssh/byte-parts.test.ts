import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteParts } from '../../../src/main/core/ssh/byte-parts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const CHECKPOINT = 256 * 1024;
/**
 * One splice: [start, end) of the current bytes replaced by `size` new random bytes; half of them
 * start within a few bytes of a hash checkpoint, where resuming from the wrong state would show.
 */
const splice = fc.record({
  a: fc.oneof(
    fc.nat(),
    fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: -3, max: 3 }))
      .map(([k, d]) => k * CHECKPOINT + d),
  ),
  b: fc.nat(4096),
  size: fc.nat(3000),
});

describe("a file's bytes kept as the pieces a chain of splices made them of", () => {
  it('hold exactly the spliced bytes and hash as a fresh sha256 does, change after change (property)', () => {
    fc.assert(
      fc.property(
        // Sizes around the 256 KiB hash checkpoints, so that splices land before, on and after them.
        fc.integer({ min: 0, max: 1_200_000 }),
        fc.array(splice, { minLength: 1, maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        (size, splices, hashEach) => {
          let want = randomBytes(size);
          let parts = ByteParts.of(Buffer.from(want));
          splices.forEach((s, i) => {
            const start = s.a <= want.length ? s.a : s.a % (want.length + 1);
            const end = Math.min(want.length, start + s.b);
            const middle = randomBytes(s.size);
            want = Buffer.concat([want.subarray(0, start), middle, want.subarray(end)]);
            parts = ByteParts.spliced(parts, start, middle, end);
            expect(parts.length).toBe(want.length);
            // Not hashing some versions: the next one then resumes from an older state, or none.
            if (hashEach[i]) expect(parts.sha256()).toBe(sha(want));
          });
          expect(parts.sha256()).toBe(sha(want));
          const from = Math.floor(want.length / 3);
          expect(
            parts.slice(from, want.length - from).equals(want.subarray(from, want.length - from)),
          ).toBe(true);
          expect(parts.join().equals(want)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('re-hashes only what follows the last checkpoint before an append to a 4.5 MB file', () => {
    const big = randomBytes(4_500_000);
    const first = ByteParts.spliced(
      ByteParts.of(big),
      big.length,
      Buffer.from('[8000]\n'),
      big.length,
    );
    first.sha256();
    const t = performance.now();
    const second = ByteParts.spliced(first, first.length, Buffer.from('[8001]\n'), first.length);
    const hash = second.sha256();
    const resumed = performance.now() - t;
    expect(hash).toBe(sha(Buffer.concat([big, Buffer.from('[8000]\n[8001]\n')])));
    // A whole sha256 of 4.5 MB reads every byte; resuming reads at most 256 KiB of it. Compared
    // with the same machine's whole hash, not with a fixed time.
    const t2 = performance.now();
    sha(Buffer.concat([big, Buffer.from('[8000]\n[8001]\n')]));
    const whole = performance.now() - t2;
    expect(resumed).toBeLessThan(whole);
  });
});
