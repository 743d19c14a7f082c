/**
 * GNU diff's find_identical_ends on two texts: the identical head and tail are left out of the
 * comparison but for `horizon` lines each side, which stay in (they count among the discards
 * and change runs may slide into them). Only the lines compared, plus `context` more each side
 * for the hunks, are split out: a one-line change in a 4.5 MB file costs a scan, not 300,000
 * line objects.
 */

/** The lines of one text the diff looks at, numbered from `first` (0-based, whole file). */
export interface TextWindow {
  lines: string[];
  first: number;
  /** Lines in the whole text. */
  total: number;
  /** The text's last line has no "\n". */
  noEol: boolean;
  /** Window indexes of the lines compared: [from, to). */
  from: number;
  to: number;
}

const NL = 10;

export function identicalEnds(
  a: string,
  b: string,
  horizon: number,
  context: number,
): [TextWindow, TextWindow] {
  const noEolA = a !== '' && a.charCodeAt(a.length - 1) !== NL;
  const noEolB = b !== '' && b.charCodeAt(b.length - 1) !== NL;
  const totalA = lineCount(a, 0, a.length) + (noEolA ? 1 : 0);
  const totalB = lineCount(b, 0, b.length) + (noEolB ? 1 : 0);
  // A line is in the identical head when it and its "\n" are: a last line without one never is
  // (GNU backs off its appended newline).
  const head = commonPrefix(a, b);
  const headLines = lineCount(a, 0, head);
  const start = Math.max(0, headLines - horizon);
  let tail = 0;
  // GNU looks for no identical tail when only one text lacks its last newline.
  if (noEolA === noEolB) {
    const equalTail = tailLines(a, b, commonSuffix(a, b), noEolA);
    tail = Math.max(0, Math.min(equalTail, totalA - start, totalB - start) - horizon);
  }
  const first = Math.max(0, start - context);
  const window = (t: string, total: number, noEol: boolean): TextWindow => {
    const last = Math.min(total, total - tail + context);
    const from = lineStart(t, first, head, headLines);
    const to = lineEnd(t, total - last, noEol);
    const lines = t.slice(from, to).split('\n');
    // A window ending with a "\n" leaves an empty string after it, not a line.
    if (from === to || t.charCodeAt(to - 1) === NL) lines.pop();
    return { lines, first, total, noEol, from: start - first, to: total - tail - first };
  };
  return [window(a, totalA, noEolA), window(b, totalB, noEolB)];
}

/** How many "\n" t holds in [from, to). */
function lineCount(t: string, from: number, to: number): number {
  let n = 0;
  for (let i = t.indexOf('\n', from); i !== -1 && i < to; i = t.indexOf('\n', i + 1)) n++;
  return n;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let k = 0;
  while (k < n && a.charCodeAt(a.length - 1 - k) === b.charCodeAt(b.length - 1 - k)) k++;
  return k;
}

/**
 * Whole lines, equal in both, in the last `chars` characters of each text (the same characters):
 * every "\n" there ends one, and so does the end of a text without a last newline; the first
 * one counts only if it starts at a line start in both texts.
 */
function tailLines(a: string, b: string, chars: number, noEol: boolean): number {
  if (chars === 0) return 0;
  const atLineStart = (t: string) => {
    const s = t.length - chars;
    return s === 0 || t.charCodeAt(s - 1) === NL;
  };
  const ends = lineCount(a, a.length - chars, a.length) + (noEol ? 1 : 0);
  return ends - (atLineStart(a) && atLineStart(b) ? 0 : 1);
}

/** Index of the last "\n" before offset i, -1 if none. */
function newlineBefore(t: string, i: number): number {
  return i <= 0 ? -1 : t.lastIndexOf('\n', i - 1);
}

/** Offset of line `line` of t, walking back from the line after the last "\n" before `at`. */
function lineStart(t: string, line: number, at: number, known: number): number {
  let pos = newlineBefore(t, at) + 1;
  for (let l = known; l > line; l--) pos = newlineBefore(t, pos - 1) + 1;
  return pos;
}

/** Offset where the last `fromEnd` lines of t start (t.length for 0). */
function lineEnd(t: string, fromEnd: number, noEol: boolean): number {
  let pos = t.length;
  for (let k = fromEnd; k > 0; k--) {
    // The line before `pos` ends with the "\n" at pos - 1, but for a last line without one.
    pos = newlineBefore(t, k === fromEnd && noEol ? pos : pos - 1) + 1;
  }
  return pos;
}
