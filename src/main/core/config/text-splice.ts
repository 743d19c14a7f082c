/**
 * How a text edit made its result from its input: `base` with [start, end) replaced by
 * `inserted`. Recorded for the edits of binary texts (files that are not UTF-8, see
 * ssh/byte-text.ts), so that the write can send and hash the change without reading the whole
 * result: a result built by `+` is a rope V8 only copies into one flat string when its
 * characters are read, and on a 50 MB file that copy is 50 MB more at the worst moment.
 *
 * Looked up by identity (a length check first, so a miss is free), a few entries: the result of
 * the edit being written is the last or the one before. Shared by every host rather than kept in
 * a host's ConfigMemo: a splice is a fact about two immutable strings, used only when its base
 * is the very text the write is based on, so one host's entry can never answer for another's
 * file; the bound keeps what a closed session leaves behind to these few entries.
 */
export interface TextSplice {
  base: string;
  start: number;
  end: number;
  inserted: string;
}

const KEEP = 4;
const splices: Array<{ next: string; splice: TextSplice }> = [];

export function recordSplice(next: string, splice: TextSplice): void {
  splices.unshift({ next, splice });
  if (splices.length > KEEP) splices.length = KEEP;
}

export function spliceOf(next: string): TextSplice | null {
  for (const s of splices) if (s.next.length === next.length && s.next === next) return s.splice;
  return null;
}
