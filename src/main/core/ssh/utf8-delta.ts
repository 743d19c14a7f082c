/**
 * What to send for an edit of a UTF-8 text, worked out on the strings, as binary-delta.ts does
 * for files that are not UTF-8. Encoding a 4.5 MB pjsip.conf whole, to compare and hash it,
 * cost more than everything else the client does in a write. Here the common head and tail of
 * the two texts are found on the strings (commonEnds: native compares of slices), turned
 * into byte counts of the bytes this connection holds for `prev` (the text is their decoding),
 * and only the changed middle is encoded. The new file's bytes are those held bytes around the
 * new middle, never joined, and hashed from the last hash state before the change (ByteParts).
 */
import type { DeltaRule, TextDelta } from './binary-delta';
import { ByteParts } from './byte-parts';
import { commonEnds } from './common-ends';

export interface Utf8Payload extends TextDelta {
  /** sha256 of the whole new file's bytes. */
  hash(): string;
  /** The whole new file's bytes, as the pieces they are made of (see ByteParts). */
  bytes(): ByteParts;
}

const wellFormed = (s: string): boolean =>
  (s as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * The delta of `next` against `prev`, whose UTF-8 bytes are `prevBytes`; null when it is not
 * worth it (too little in common, by `rule`) or cannot be done exactly (a lone surrogate in the
 * changed part: the caller encodes the whole text its own way).
 */
export function utf8Delta(
  next: string,
  prev: string,
  prevBytes: ByteParts,
  rule: DeltaRule,
): Utf8Payload | null {
  // Never cuts a surrogate pair (commonEnds).
  const { head, tail } = commonEnds(next, prev);
  const changed = next.slice(head, next.length - tail);
  if (!wellFormed(changed)) return null;
  // All ASCII (the usual config file): a character is a byte.
  const ascii = prevBytes.length === prev.length;
  let headBytes = ascii ? head : Buffer.byteLength(prev.slice(0, head), 'utf8');
  let tailBytes = ascii ? tail : Buffer.byteLength(prev.slice(prev.length - tail), 'utf8');
  if (headBytes + tailBytes > prevBytes.length) return null;
  if (headBytes + tailBytes < rule.minSaving) return null;
  let middle = Buffer.from(changed, 'utf8');
  // Each kept part costs a process on the host: a few KiB are cheaper sent than copied there.
  if (headBytes < rule.edgeMinKeep) {
    middle = Buffer.concat([prevBytes.slice(0, headBytes), middle]);
    headBytes = 0;
  }
  if (tailBytes < rule.edgeMinKeep) {
    middle = Buffer.concat([
      middle,
      prevBytes.slice(prevBytes.length - tailBytes, prevBytes.length),
    ]);
    tailBytes = 0;
  }
  const tailFrom = prevBytes.length - tailBytes;
  const bytes = ByteParts.spliced(prevBytes, headBytes, middle, tailFrom);
  return {
    keepHead: headBytes,
    middle,
    keepTail: tailBytes,
    tailFrom,
    hash: () => bytes.sha256(),
    bytes: () => bytes,
  };
}
