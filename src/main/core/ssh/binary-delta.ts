/**
 * What to send for a binary text (a file that is not UTF-8, see byte-text.ts), worked out on the
 * strings themselves. The new file is never built as a whole Buffer: its common head and tail
 * with the text the edit was made on stay on the PBX, only the changed middle is encoded, and
 * the hash is taken over the string in slices. A 50 MB file is then held as its two one-byte
 * strings (before and after the edit), not as those plus their bytes.
 */
import { createHash } from 'node:crypto';
import { RayanError } from '../errors/rayan-error';
import { spliceOf } from '../config/text-splice';
import { commonEnds } from './common-ends';

export interface TextDelta {
  keepHead: number;
  middle: Buffer;
  keepTail: number;
  /** Where the kept tail starts in the file on the host. */
  tailFrom: number;
}

export interface DeltaRule {
  /** Below this many bytes saved, the whole file is sent. */
  minSaving: number;
  /** A kept head or tail shorter than this is sent instead. */
  edgeMinKeep: number;
}

/** Characters compared (or hashed) per slice: native compares, bounded temporaries. */
const SLICE = 64 * 1024;

/** [text, from, to]: a run of characters, hashed without cutting it out first. */
type Run = [string, number, number];

export interface BinaryPayload extends TextDelta {
  /** sha256 of the whole new file's bytes. */
  hash(): string;
}

export function binaryDelta(next: string, prev: string | null, rule: DeltaRule): BinaryPayload {
  const sp = prev === null ? null : spliceOf(next);
  if (prev !== null && sp !== null && sp.base === prev) {
    // The edit said what it changed: nothing else of `next` is read.
    const runs: Run[] = [
      [prev, 0, sp.start],
      [sp.inserted, 0, sp.inserted.length],
      [prev, sp.end, prev.length],
    ];
    const hash = () => sha256OfRuns(runs);
    let head = sp.start;
    let tail = prev.length - sp.end;
    if (head + tail < rule.minSaving) return { ...whole(next), hash };
    if (head < rule.edgeMinKeep) head = 0;
    if (tail < rule.edgeMinKeep) tail = 0;
    const middle =
      prev.slice(head, sp.start) + sp.inserted + prev.slice(sp.end, prev.length - tail);
    return {
      keepHead: head,
      middle: binaryBytes(middle),
      keepTail: tail,
      tailFrom: prev.length - tail,
      hash,
    };
  }
  return { ...diffed(next, prev, rule), hash: () => sha256OfRuns([[next, 0, next.length]]) };
}

function whole(next: string): TextDelta {
  return { keepHead: 0, middle: binaryBytes(next), keepTail: 0, tailFrom: 0 };
}

/** The delta found by comparing the two texts (an edit that recorded no splice). */
function diffed(next: string, prev: string | null, rule: DeltaRule): TextDelta {
  if (prev === null) return whole(next);
  let { head, tail } = commonEnds(next, prev);
  if (head + tail < rule.minSaving) return whole(next);
  if (head < rule.edgeMinKeep) head = 0;
  if (tail < rule.edgeMinKeep) tail = 0;
  return {
    keepHead: head,
    middle: binaryBytes(next.slice(head, next.length - tail)),
    keepTail: tail,
    tailFrom: prev.length - tail,
  };
}

/** sha256 of the bytes of binary text runs, in slices (no copy of the whole). */
function sha256OfRuns(runs: Run[]): string {
  const h = createHash('sha256');
  const step = SLICE * 16;
  for (const [text, from, to] of runs)
    for (let i = from; i < to; i += step) h.update(text.slice(i, Math.min(i + step, to)), 'latin1');
  return h.digest('hex');
}

/**
 * The bytes of a binary text. A character above U+00FF cannot be one (latin1 would keep only its
 * low byte): text that was inserted without `toBinary`, refused rather than written wrong.
 */
function binaryBytes(text: string): Buffer {
  if (/[^\x00-\xff]/.test(text)) {
    throw new RayanError(
      'UNENCODABLE_EDIT',
      'An edit of a file that is not UTF-8 inserted text that was not converted to its bytes; nothing was written (this is a bug in the console, please report it).',
    );
  }
  return Buffer.from(text, 'latin1');
}
