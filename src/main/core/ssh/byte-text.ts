/**
 * Lossless bytes ⇄ string for configuration files.
 *
 * The config engine works on JS strings, but a hand-maintained file may hold bytes that are not
 * UTF-8 (a comment typed in Latin-1 or CP1256, a stray byte). `Buffer#toString('utf8')` turns
 * each of them into U+FFFD, and writing that back would change bytes the console never meant to
 * touch. So the decoding is UTF-8 with Python's "surrogateescape" rule: every byte that is not
 * part of a valid UTF-8 sequence (always 0x80–0xFF) becomes the lone surrogate U+DC80–U+DCFF,
 * and encoding turns such a lone surrogate back into that one byte.
 *
 * - Valid UTF-8 (the common case) decodes exactly as `toString('utf8')`, so the engine sees real
 *   text ("Zoë" is "Zoë"), and a well-formed string encodes exactly as `Buffer.from(s, 'utf8')`.
 * - decodeBytes → encodeText is the identity on every byte sequence, so text the engine copies
 *   verbatim (everything outside the managed block it edits) is written back byte for byte.
 * latin1 would also round-trip, but the engine would then see mojibake for real UTF-8 text, and
 * characters above U+00FF written by the console could not be encoded at all.
 */
import { isUtf8 } from 'node:buffer';

const ESCAPE_BASE = 0xdc00;
/** A low surrogate U+DC80–U+DCFF not preceded by a high surrogate: one escaped byte. */
const LONE_ESCAPE_RE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
const LONE_ESCAPE_RE_G = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/g;

/**
 * Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there cannot start
 * one (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
 */
function sequenceLength(buf: Buffer, i: number): number {
  const b0 = buf[i]!;
  if (b0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const b = buf[i + k];
    return b !== undefined && b >= lo && b <= hi;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xe1 && b0 <= 0xec) || b0 === 0xee || b0 === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** The file's bytes as text; bytes that are not valid UTF-8 become U+DC80–U+DCFF. */
export function decodeBytes(buf: Buffer): string {
  if (isUtf8(buf)) return buf.toString('utf8');
  const parts: string[] = [];
  let runStart = 0;
  let i = 0;
  while (i < buf.length) {
    const n = sequenceLength(buf, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (i > runStart) parts.push(buf.toString('utf8', runStart, i));
    parts.push(String.fromCharCode(ESCAPE_BASE + buf[i]!));
    i += 1;
    runStart = i;
  }
  if (i > runStart) parts.push(buf.toString('utf8', runStart, i));
  return parts.join('');
}

/** The bytes to write for `text`: UTF-8, with each escaped byte (see decodeBytes) restored. */
export function encodeText(text: string): Buffer {
  if (!LONE_ESCAPE_RE.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of text.matchAll(LONE_ESCAPE_RE_G)) {
    if (m.index > last) parts.push(Buffer.from(text.slice(last, m.index), 'utf8'));
    parts.push(Buffer.of(text.charCodeAt(m.index) - ESCAPE_BASE));
    last = m.index + 1;
  }
  if (last < text.length) parts.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(parts);
}
