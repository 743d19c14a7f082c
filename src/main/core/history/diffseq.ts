/**
 * The middle-snake search of GNU diff (gnulib's diffseq.h, as diffutils 3.8 builds it: no
 * `--minimal`, no `--speed-large-files`). Which of several equally short scripts comes out is
 * decided by the exact order diagonals are scanned in and by where a too expensive search gives
 * up, so both are kept as GNU has them.
 */

const OFFSET_MAX = 0x7fffffff;

export interface SeqInput {
  /** Equivalence class of each line still compared, per side. */
  xv: Int32Array;
  yv: Int32Array;
  deleted: (x: number) => void;
  inserted: (y: number) => void;
}

/** GNU's TOO_EXPENSIVE: about the square root of the input size, at least 4096 steps. */
export function tooExpensive(diags: number): number {
  const floorLog2 = 31 - Math.clz32(diags);
  return Math.max(4096, 2 ** ((floorLog2 >> 1) + 1));
}

/** Marks, through `deleted`/`inserted`, the lines an edit script between xv and yv changes. */
export function compareSeq(s: SeqInput): void {
  const nx = s.xv.length;
  const ny = s.yv.length;
  const diags = nx + ny + 3;
  const search: Search = {
    ...s,
    fd: new Int32Array(diags),
    bd: new Int32Array(diags),
    base: ny + 1,
    tooExpensive: tooExpensive(diags),
    xmid: 0,
    ymid: 0,
    loMinimal: false,
    hiMinimal: false,
  };
  // GNU recurses; the halves are independent (they only set flags), so a stack does the same
  // work without a call depth that grows with the number of edits.
  const { xv, yv } = s;
  const todo: Array<[number, number, number, number, boolean]> = [[0, nx, 0, ny, false]];
  for (let task = todo.pop(); task; task = todo.pop()) {
    let [xoff, xlim, yoff, ylim] = task;
    while (xoff < xlim && yoff < ylim && xv[xoff] === yv[yoff]) {
      xoff++;
      yoff++;
    }
    while (xoff < xlim && yoff < ylim && xv[xlim - 1] === yv[ylim - 1]) {
      xlim--;
      ylim--;
    }
    if (xoff === xlim) for (let y = yoff; y < ylim; y++) s.inserted(y);
    else if (yoff === ylim) for (let x = xoff; x < xlim; x++) s.deleted(x);
    else {
      diag(search, xoff, xlim, yoff, ylim, task[4]);
      const { xmid, ymid, loMinimal, hiMinimal } = search;
      todo.push([xmid, xlim, ymid, ylim, hiMinimal], [xoff, xmid, yoff, ymid, loMinimal]);
    }
  }
}

interface Search extends SeqInput {
  /** Furthest x reached per diagonal (index diagonal + base), forward and backward. */
  fd: Int32Array;
  bd: Int32Array;
  base: number;
  tooExpensive: number;
  /** The split found: GNU's `struct partition`. */
  xmid: number;
  ymid: number;
  loMinimal: boolean;
  hiMinimal: boolean;
}

/**
 * Where the forward and backward searches meet, diagonals scanned high to low in each round,
 * forward first; past `tooExpensive` rounds (unless minimal) the better of the furthest
 * forward and backward points instead.
 */
function diag(
  s: Search,
  xoff: number,
  xlim: number,
  yoff: number,
  ylim: number,
  findMinimal: boolean,
): void {
  const { fd, bd, xv, yv, base: o } = s;
  const dmin = xoff - ylim;
  const dmax = xlim - yoff;
  const fmid = xoff - yoff;
  const bmid = xlim - ylim;
  let fmin = fmid;
  let fmax = fmid;
  let bmin = bmid;
  let bmax = bmid;
  const odd = ((fmid - bmid) & 1) !== 0;
  fd[fmid + o] = xoff;
  bd[bmid + o] = xlim;
  for (let c = 1; ; c++) {
    if (fmin > dmin) fd[--fmin - 1 + o] = -1;
    else fmin++;
    if (fmax < dmax) fd[++fmax + 1 + o] = -1;
    else fmax--;
    for (let d = fmax; d >= fmin; d -= 2) {
      const tlo = fd[d - 1 + o]!;
      const thi = fd[d + 1 + o]!;
      let x = tlo < thi ? thi : tlo + 1;
      let y = x - d;
      while (x < xlim && y < ylim && xv[x] === yv[y]) {
        x++;
        y++;
      }
      fd[d + o] = x;
      if (odd && bmin <= d && d <= bmax && bd[d + o]! <= x) return split(s, x, y, true, true);
    }
    if (bmin > dmin) bd[--bmin - 1 + o] = OFFSET_MAX;
    else bmin++;
    if (bmax < dmax) bd[++bmax + 1 + o] = OFFSET_MAX;
    else bmax--;
    for (let d = bmax; d >= bmin; d -= 2) {
      const tlo = bd[d - 1 + o]!;
      const thi = bd[d + 1 + o]!;
      let x = tlo < thi ? tlo : thi - 1;
      let y = x - d;
      while (xoff < x && yoff < y && xv[x - 1] === yv[y - 1]) {
        x--;
        y--;
      }
      bd[d + o] = x;
      if (!odd && fmin <= d && d <= fmax && x <= fd[d + o]!) return split(s, x, y, true, true);
    }
    if (!findMinimal && c >= s.tooExpensive) {
      return giveUp(s, { xoff, xlim, yoff, ylim, fmin, fmax, bmin, bmax });
    }
  }
}

interface Frontier {
  xoff: number;
  xlim: number;
  yoff: number;
  ylim: number;
  fmin: number;
  fmax: number;
  bmin: number;
  bmax: number;
}

/** GNU's "gone well beyond the call of duty": split at whichever search got further. */
function giveUp(s: Search, f: Frontier): void {
  const { fd, bd, base: o } = s;
  let fxybest = -1;
  let fxbest = 0;
  for (let d = f.fmax; d >= f.fmin; d -= 2) {
    let x = Math.min(fd[d + o]!, f.xlim);
    let y = x - d;
    if (f.ylim < y) {
      x = f.ylim + d;
      y = f.ylim;
    }
    if (fxybest < x + y) {
      fxybest = x + y;
      fxbest = x;
    }
  }
  let bxybest = OFFSET_MAX;
  let bxbest = 0;
  for (let d = f.bmax; d >= f.bmin; d -= 2) {
    let x = Math.max(f.xoff, bd[d + o]!);
    let y = x - d;
    if (y < f.yoff) {
      x = f.yoff + d;
      y = f.yoff;
    }
    if (x + y < bxybest) {
      bxybest = x + y;
      bxbest = x;
    }
  }
  if (f.xlim + f.ylim - bxybest < fxybest - (f.xoff + f.yoff))
    split(s, fxbest, fxybest - fxbest, true, false);
  else split(s, bxbest, bxybest - bxbest, false, true);
}

function split(s: Search, x: number, y: number, loMinimal: boolean, hiMinimal: boolean): void {
  s.xmid = x;
  s.ymid = y;
  s.loMinimal = loMinimal;
  s.hiMinimal = hiMinimal;
}
