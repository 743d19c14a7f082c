import { compareSeq } from './diffseq';

/**
 * Which lines of two line sequences (equivalence classes, equal lines equal numbers) are
 * deleted and inserted, decided as GNU diff's analyze.c decides it: lines no better than noise
 * set aside first (`discard_confusing_lines`), the rest compared by the middle-snake search,
 * then change runs slid to where GNU shows them (`shift_boundaries`).
 *
 * The flag arrays returned have one false entry before line 0 and after the last line, as GNU's
 * do: the sliding reads just past both ends.
 */
export function changedLines(eqA: Int32Array, eqB: Int32Array, classes: number): Flags[] {
  const [discardsA, discardsB] = discardConfusingLines(eqA, eqB, classes);
  const x = compared(eqA, discardsA);
  const y = compared(eqB, discardsB);
  compareSeq({
    xv: x.classes,
    yv: y.classes,
    deleted: (i) => (x.changed[x.lines[i]! + 1] = 1),
    inserted: (j) => (y.changed[y.lines[j]! + 1] = 1),
  });
  shiftBoundaries(eqA, x.changed, y.changed);
  shiftBoundaries(eqB, y.changed, x.changed);
  return [x.changed, y.changed];
}

/** The lines kept for the comparison (their classes, their line numbers); discarded ones changed. */
function compared(eq: Int32Array, discards: Uint8Array) {
  const changed = newFlags(eq.length);
  const lines = new Int32Array(eq.length);
  const classes = new Int32Array(eq.length);
  let n = 0;
  for (let i = 0; i < eq.length; i++) {
    if (discards[i] === KEEP) {
      classes[n] = eq[i]!;
      lines[n++] = i;
    } else changed[i + 1] = 1;
  }
  return { changed, lines: lines.subarray(0, n), classes: classes.subarray(0, n) };
}

/** Line k's flag is at index k + 1; indexes 0 and length + 1 stay 0. */
export type Flags = Uint8Array;

const newFlags = (lines: number): Flags => new Uint8Array(lines + 2);

/** floor(log2(n)) for n >= 1. */
const floorLog2 = (n: number) => 31 - Math.clz32(n);

/**
 * Which lines of each side are left out of the comparison (non-zero). A line with no equal on
 * the other side is a change whatever the alignment; one with very many equals is too, but only
 * inside a run of such lines that starts and ends with a line with none (GNU's "confusing
 * lines").
 */
function discardConfusingLines(
  eqA: Int32Array,
  eqB: Int32Array,
  classes: number,
): [Uint8Array, Uint8Array] {
  const countsA = new Int32Array(classes + 1);
  const countsB = new Int32Array(classes + 1);
  for (let i = 0; i < eqA.length; i++) countsA[eqA[i]!]!++;
  for (let i = 0; i < eqB.length; i++) countsB[eqB[i]!]!++;
  const discardsA = provisionalDiscards(eqA, countsB);
  const discardsB = provisionalDiscards(eqB, countsA);
  keepProvisionalsInsideRuns(discardsA);
  keepProvisionalsInsideRuns(discardsB);
  return [discardsA, discardsB];
}

const KEEP = 0;
const DISCARD = 1;
const PROVISIONAL = 2;

/** 1 for a line with no equal on the other side, 2 for one with more than about sqrt(n). */
function provisionalDiscards(eq: Int32Array, otherCounts: Int32Array): Uint8Array {
  const end = eq.length;
  const many = 5 * 2 ** (end < 64 ? 0 : (floorLog2(end) >> 1) - 3);
  const discards = new Uint8Array(end);
  for (let i = 0; i < end; i++) {
    const nmatch = otherCounts[eq[i]!]!;
    if (nmatch === 0) discards[i] = DISCARD;
    else if (nmatch > many) discards[i] = PROVISIONAL;
  }
  return discards;
}

/** GNU's rules for which provisional discards stand, in its order. */
function keepProvisionalsInsideRuns(discards: Uint8Array): void {
  const end = discards.length;
  for (let i = 0; i < end; i++) {
    if (discards[i] === PROVISIONAL) discards[i] = KEEP;
    else if (discards[i] !== KEEP) {
      let provisional = 0;
      let j = i;
      for (; j < end && discards[j] !== KEEP; j++) if (discards[j] === PROVISIONAL) provisional++;
      while (j > i && discards[j - 1] === PROVISIONAL) {
        discards[--j] = KEEP;
        provisional--;
      }
      const length = j - i;
      if (length >> 2 < provisional) {
        while (j > i) if (discards[--j] === PROVISIONAL) discards[j] = KEEP;
      } else {
        cancelLongSubruns(discards, i, length);
        cancelNearEdge(discards, length, (k) => i + k);
        i += length - 1;
        const last = i;
        cancelNearEdge(discards, length, (k) => last - k);
      }
    }
  }
}

/** A subrun of about sqrt(length / 4) provisionals or more inside the run is compared after all. */
function cancelLongSubruns(discards: Uint8Array, i: number, length: number): void {
  const minimum = length < 4 ? 2 : 2 ** ((floorLog2(length) >> 1) - 1) + 1;
  let consec = 0;
  for (let j = 0; j < length; j++) {
    if (discards[i + j] !== PROVISIONAL) consec = 0;
    else if (minimum === ++consec) j -= consec;
    else if (minimum < consec) discards[i + j] = KEEP;
  }
}

/** From one end of the run: provisionals before 3 firm discards in a row (or 8 lines) stay. */
function cancelNearEdge(discards: Uint8Array, length: number, at: (k: number) => number): void {
  let consec = 0;
  for (let j = 0; j < length; j++) {
    const p = at(j);
    if (j >= 8 && discards[p] === DISCARD) break;
    if (discards[p] === PROVISIONAL) {
      consec = 0;
      discards[p] = KEEP;
    } else if (discards[p] === KEEP) consec = 0;
    else consec++;
    if (consec === 3) break;
  }
}

/**
 * GNU's boundary shifting for one side: a run of changed lines whose neighbour equals its other
 * end may take that neighbour instead. Runs go as far up as they can (merging with runs they
 * reach), then down as far as they can, then back up to the last point where they face a
 * change of the other side.
 */
function shiftBoundaries(eq: Int32Array, changed: Flags, other: Flags): void {
  // Indexes below are line numbers; flags sit one further on.
  const iEnd = eq.length;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < iEnd && !changed[i + 1]) {
      while (other[j++ + 1]);
      i++;
    }
    if (i === iEnd) return;
    let start = i;
    while (changed[++i + 1]);
    while (other[j + 1]) j++;
    let runLength: number;
    let corresponding: number;
    do {
      runLength = i - start;
      while (start > 0 && eq[start - 1] === eq[i - 1]) {
        changed[--start + 1] = 1;
        changed[--i + 1] = 0;
        while (changed[start - 1 + 1]) start--;
        while (other[--j + 1]);
      }
      corresponding = other[j - 1 + 1] ? i : iEnd;
      while (i !== iEnd && eq[start] === eq[i]) {
        changed[start++ + 1] = 0;
        changed[i++ + 1] = 1;
        while (changed[i + 1]) i++;
        while (other[++j + 1]) corresponding = i;
      }
    } while (runLength !== i - start);
    while (corresponding < i) {
      changed[--start + 1] = 1;
      changed[--i + 1] = 0;
      while (other[--j + 1]);
    }
  }
}
