/**
 * Lossless bytes ⇄ string for configuration files.
 *
 * The config engine works on JS strings, but a hand-maintained file may hold bytes that are not
 * UTF-8 (a comment typed in Latin-1 or CP1256, a stray byte). `Buffer#toString('utf8')` turns
 * each of them into U+FFFD, and writing that back would change bytes the console never meant to
 * touch. So a file has one of two representations:
 *
 * - Valid UTF-8 (the common case): the text itself, exactly `toString('utf8')`; the engine sees
 *   real text ("Zoë" is "Zoë") and it is written back as `Buffer.from(s, 'utf8')`.
 * - Anything else: a "binary string", one character per byte (Latin-1, U+0000–U+00FF). V8 keeps
 *   such a string at one byte per character, so a 50 MB file costs 50 MB, not the 100 MB of a
 *   two-byte string (the surrogate escapes below force two bytes per character on the whole
 *   file). It is exactly reversible, and marked (see `isBinaryText`) so that encoding knows to
 *   write it back byte for byte. The engine edits such a text in bytes: what it inserts goes
 *   through `toBinary`, what it reads from its own managed blocks through `fromBinary`.
 *
 * Inside a binary text, the console's own (small) managed blocks are read as UTF-8 with Python's
 * "surrogateescape" rule: every byte that is not part of a valid UTF-8 sequence (always
 * 0x80–0xFF) becomes the lone surrogate U+DC80–U+DCFF, and encoding turns such a lone surrogate
 * back into that one byte. So a name typed as "Zoë" is UTF-8 in every file, and a block that
 * holds a stray byte keeps it.
 */
import { isUtf8 } from 'node:buffer';

const ESCAPE_BASE = 0xdc00;
/** A low surrogate U+DC80–U+DCFF not preceded by a high surrogate: one escaped byte. */
const LONE_ESCAPE_RE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;

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

/** Code units decoded per piece: bounded scratch memory whatever the file's size. */
const PIECE_UNITS = 64 * 1024;

/**
 * UTF-8 with surrogate escapes: bytes that are not valid UTF-8 become U+DC80–U+DCFF.
 *
 * O(n) in bounded pieces: each 64 Ki code units are decoded into one reused scratch array and
 * turned into one string (Node's `ucs2` keeps lone surrogates). A string per invalid byte (the
 * first version) made a 50 MB Latin-1 file millions of tiny strings: 4.6 GB and a heap crash.
 */
export function decodeUtf8Escaped(buf: Buffer): string {
  if (isUtf8(buf)) return buf.toString('utf8');
  const units = Buffer.allocUnsafe(PIECE_UNITS * 2 + 8);
  const pieces: string[] = [];
  let k = 0;
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b0 = buf[i]!;
    let cp: number;
    if (b0 < 0x80) {
      cp = b0;
      i += 1;
    } else {
      const len = sequenceLength(buf, i);
      if (len === 0) {
        cp = ESCAPE_BASE + b0;
        i += 1;
      } else if (len === 2) {
        cp = ((b0 & 0x1f) << 6) | (buf[i + 1]! & 0x3f);
        i += 2;
      } else if (len === 3) {
        cp = ((b0 & 0x0f) << 12) | ((buf[i + 1]! & 0x3f) << 6) | (buf[i + 2]! & 0x3f);
        i += 3;
      } else {
        cp =
          ((b0 & 0x07) << 18) |
          ((buf[i + 1]! & 0x3f) << 12) |
          ((buf[i + 2]! & 0x3f) << 6) |
          (buf[i + 3]! & 0x3f);
        i += 4;
      }
    }
    if (cp > 0xffff) {
      cp -= 0x10000;
      units.writeUInt16LE(0xd800 + (cp >> 10), k * 2);
      units.writeUInt16LE(0xdc00 + (cp & 0x3ff), k * 2 + 2);
      k += 2;
    } else {
      units.writeUInt16LE(cp, k * 2);
      k += 1;
    }
    if (k >= PIECE_UNITS) {
      pieces.push(units.toString('ucs2', 0, k * 2));
      k = 0;
    }
  }
  if (k > 0) pieces.push(units.toString('ucs2', 0, k * 2));
  return pieces.length === 1 ? pieces[0]! : pieces.join('');
}

/** Characters encoded per piece (see decodeUtf8Escaped). */
const PIECE_CHARS = 64 * 1024;

/**
 * UTF-8, with each escaped byte (see decodeUtf8Escaped) restored. O(n) in bounded pieces; a
 * piece without an escape is encoded natively.
 */
export function encodeUtf8Escaped(text: string): Buffer {
  if (!LONE_ESCAPE_RE.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  const scratch = Buffer.allocUnsafe(PIECE_CHARS * 3 + 8);
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + PIECE_CHARS, text.length);
    // Never split a surrogate pair between two pieces.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end += 1;
    const piece = text.slice(start, end);
    parts.push(
      LONE_ESCAPE_RE.test(piece) ? Buffer.from(encodePiece(piece, scratch)) : Buffer.from(piece),
    );
    start = end;
  }
  return Buffer.concat(parts);
}

/** UTF-8 of `s` into `out` (≥ 3 bytes per char), escapes as their byte; lone others as U+FFFD. */
function encodePiece(s: string, out: Buffer): Buffer {
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
    } else if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        i += 1;
        out[o++] = 0xf0 | (c >> 18);
        out[o++] = 0x80 | ((c >> 12) & 0x3f);
        out[o++] = 0x80 | ((c >> 6) & 0x3f);
        out[o++] = 0x80 | (c & 0x3f);
      } else o = replacement(out, o);
    } else if (c >= 0xdc80 && c <= 0xdcff) {
      out[o++] = c - ESCAPE_BASE; // a lone low surrogate here: preceded by no high one
    } else if (c >= 0xd800 && c <= 0xdfff) {
      o = replacement(out, o);
    } else {
      out[o++] = 0xe0 | (c >> 12);
      out[o++] = 0x80 | ((c >> 6) & 0x3f);
      out[o++] = 0x80 | (c & 0x3f);
    }
  }
  return out.subarray(0, o);
}

/** What Buffer.from(s, 'utf8') writes for a lone surrogate: U+FFFD. */
function replacement(out: Buffer, o: number): number {
  out[o] = 0xef;
  out[o + 1] = 0xbf;
  out[o + 2] = 0xbd;
  return o + 3;
}

/**
 * The binary strings decoded or made lately. A string cannot carry a flag and cannot be held
 * weakly, so the mark is membership here, by identity of content (`===`, after a length check
 * that makes a miss free): a few entries, enough for the two files of a host being edited (what
 * was read, what an edit made of it). An unmarked derivative of a binary text is refused at
 * write time (see FileOps), never guessed.
 */
const BINARY_MARKS = 6;
const binaryTexts: string[] = [];

export function markBinary(text: string): string {
  const at = binaryTexts.indexOf(text);
  if (at !== -1) binaryTexts.splice(at, 1);
  binaryTexts.unshift(text);
  if (binaryTexts.length > BINARY_MARKS) binaryTexts.length = BINARY_MARKS;
  return text;
}

export function isBinaryText(text: string): boolean {
  for (const b of binaryTexts) if (b.length === text.length && b === text) return true;
  return false;
}

/** The file's bytes as text: the text itself when they are UTF-8, else a binary string. */
export function decodeBytes(buf: Buffer): string {
  if (isUtf8(buf)) return buf.toString('utf8');
  return markBinary(buf.toString('latin1'));
}

/** The bytes to write for a text `decodeBytes` made (or an edit of it, marked as binary too). */
export function encodeText(text: string): Buffer {
  return isBinaryText(text) ? Buffer.from(text, 'latin1') : encodeUtf8Escaped(text);
}

/** Text the engine inserts into a binary text: its UTF-8 bytes, one character each. */
export function toBinary(text: string): string {
  return encodeUtf8Escaped(text).toString('latin1');
}

/** Text the engine reads from a binary text (its own managed blocks): UTF-8, escaped. */
export function fromBinary(binary: string): string {
  // Plain ASCII is the same text either way (ids, most bodies): no copy.
  for (let i = 0; i < binary.length; i++)
    if (binary.charCodeAt(i) >= 0x80) return decodeUtf8Escaped(Buffer.from(binary, 'latin1'));
  return binary;
}
