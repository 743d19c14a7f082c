import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryDelta } from '../../../src/main/core/ssh/binary-delta';
import { decodeBytes } from '../../../src/main/core/ssh/byte-text';
import { removeManagedBlock, upsertManagedBlock } from '../../../src/main/core/config/managed';

const RULE = { minSaving: 64, edgeMinKeep: 8 };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The file the host rebuilds: kept head, sent middle, kept tail of the old file. */
function rebuilt(prev: Buffer, d: ReturnType<typeof binaryDelta>): Buffer {
  return Buffer.concat([
    prev.subarray(0, d.keepHead),
    d.middle,
    prev.subarray(d.tailFrom, d.tailFrom + d.keepTail),
  ]);
}

/** Latin-1 comment lines (never UTF-8) around hand-written sections. */
const latin1File = fc
  .array(fc.constantFrom('; caf\xe9 \xf1\n', '[hand]\n', 'type=aor\n', '\n', 'x=\xff\xfe\n'), {
    minLength: 1,
    maxLength: 60,
  })
  .map((lines) => Buffer.from(lines.join('') + '; \xe9\n', 'latin1'));

describe('the delta of a binary text (a file that is not UTF-8)', () => {
  it('rebuilds exactly the new bytes, and hashes them, from the splice an edit recorded (property)', () => {
    fc.assert(
      fc.property(latin1File, fc.string({ maxLength: 40 }), (bytes, name) => {
        const prev = decodeBytes(bytes);
        const body = `callerid=${name.replace(/[\r\n]/g, '')}\n`;
        for (const next of [
          upsertManagedBlock(prev, 'Extension 1001', body),
          removeManagedBlock(upsertManagedBlock(prev, 'Extension 1001', body), 'Extension 1001'),
        ]) {
          const base =
            next.length > prev.length ? prev : upsertManagedBlock(prev, 'Extension 1001', body);
          const baseBytes = Buffer.from(base, 'latin1');
          const d = binaryDelta(next, base, RULE);
          const want = Buffer.from(next, 'latin1');
          expect(rebuilt(baseBytes, d)).toEqual(want);
          expect(d.hash()).toBe(sha(want));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds the delta by comparing when the edit recorded none, and sends the whole without a base', () => {
    const prev = decodeBytes(
      Buffer.from(`${'; caf\xe9\n'.repeat(100)}[a]\nx=1\n${'; \xf1\n'.repeat(100)}`, 'latin1'),
    );
    const next = prev.replace('x=1', 'x=22');
    const d = binaryDelta(next, prev, RULE);
    expect(d.middle.length).toBeLessThan(10);
    expect(rebuilt(Buffer.from(prev, 'latin1'), d)).toEqual(Buffer.from(next, 'latin1'));
    expect(d.hash()).toBe(sha(Buffer.from(next, 'latin1')));
    const whole = binaryDelta(next, null, RULE);
    expect(whole.keepHead + whole.keepTail).toBe(0);
    expect(whole.middle).toEqual(Buffer.from(next, 'latin1'));
  });

  it('refuses text inserted without its conversion to bytes rather than write it wrong', () => {
    const prev = decodeBytes(Buffer.from('; caf\xe9\n', 'latin1'));
    expect(() => binaryDelta(`${prev}name=\u0632\n`, prev, RULE)).toThrow(/not UTF-8/);
  });
});
