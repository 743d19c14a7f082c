/**
 * `diff -u` of two texts, line for line what GNU diff prints with `--label`: a shortest edit
 * script (Myers), its change runs slid the way GNU diff slides them (each run as far down as
 * identical lines allow, merging runs that touch, then back to where it meets a change of the
 * other file), hunks with 3 lines of context that merge when at most 6 unchanged lines part
 * them, and "\ No newline at end of file" after a last line without one. Lines keep their CR.
 */
export function unifiedDiff(
  oldText: string,
  newText: string,
  oldLabel: string,
  newLabel: string,
  context = 3,
): string {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  if (a.length === b.length && a.every((l, i) => l === b[i])) return '';
  const ids = new Map<string, number>();
  const id = (l: string) => {
    let n = ids.get(l);
    if (n === undefined) ids.set(l, (n = ids.size + 1));
    return n;
  };
  const x = a.map(id);
  const y = b.map(id);
  const [ca, cb] = changedFlags(x, y);
  slideRuns(x, ca, cb);
  slideRuns(y, cb, ca);
  return `--- ${oldLabel}\n+++ ${newLabel}\n${hunks(a, b, ca, cb, context)}`;
}

/** Lines with their terminator removed; a last line without "\n" is marked by `noEol`. */
interface Line {
  text: string;
  noEol: boolean;
}

function splitLines(t: string): string[] {
  if (t === '') return [];
  const parts = t.split('\n');
  const last = parts.pop()!;
  // The last line keeps a marker char when it had no newline, so it never equals one that did.
  if (last !== '') parts.push(`${last}\u0000noeol`);
  return parts;
}

function lineOf(s: string): Line {
  return s.endsWith('\u0000noeol')
    ? { text: s.slice(0, -6), noEol: true }
    : { text: s, noEol: false };
}

/**
 * Which lines of each side are deleted / inserted. As GNU diff does it: the common head and tail
 * set aside, lines with no equal on the other side (and runs of lines with too many) are changes
 * outright, and the rest is split at the middle of its shortest edit script, recursively.
 */
function changedFlags(x: number[], y: number[]): [boolean[], boolean[]] {
  const ca = new Array<boolean>(x.length).fill(false);
  const cb = new Array<boolean>(y.length).fill(false);
  let lo = 0;
  while (lo < x.length && lo < y.length && x[lo] === y[lo]) lo++;
  let hiA = x.length;
  let hiB = y.length;
  while (hiA > lo && hiB > lo && x[hiA - 1] === y[hiB - 1]) {
    hiA--;
    hiB--;
  }
  const midA = x.slice(lo, hiA);
  const midB = y.slice(lo, hiB);
  const keptA = undiscarded(midA, midB);
  const keptB = undiscarded(midB, midA);
  keptA.forEach((k, i) => (ca[lo + i] = !k));
  keptB.forEach((k, i) => (cb[lo + i] = !k));
  const ia = indexesOf(keptA);
  const ib = indexesOf(keptB);
  const xs = ia.map((i) => midA[i]!);
  const ys = ib.map((i) => midB[i]!);
  const fd = new Map<number, number>();
  const bd = new Map<number, number>();
  const ctx: Seq = {
    xs,
    ys,
    fd,
    bd,
    del: (i) => (ca[lo + ia[i]!] = true),
    ins: (j) => (cb[lo + ib[j]!] = true),
  };
  compareSeq(ctx, 0, xs.length, 0, ys.length);
  return [ca, cb];
}

function indexesOf(kept: boolean[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < kept.length; i++) if (kept[i]) out.push(i);
  return out;
}

/**
 * Lines of `own` worth comparing: one with no equal in `other` is a change whatever the
 * alignment; one with many equals is too, but only inside a run of such lines that starts and
 * ends with a line that has none (GNU's "confusing lines").
 */
function undiscarded(own: number[], other: number[]): boolean[] {
  const count = new Map<number, number>();
  for (const v of other) count.set(v, (count.get(v) ?? 0) + 1);
  let many = 5;
  for (let t = own.length >> 6; (t >>= 2) > 0;) many *= 2;
  // 0 kept, 1 discarded, 2 discarded only if inside a run of discards.
  const d = own.map((v) => {
    const n = count.get(v) ?? 0;
    return n === 0 ? 1 : n > many ? 2 : 0;
  });
  const end = d.length;
  for (let i = 0; i < end; i++) {
    if (d[i] === 2) {
      d[i] = 0;
      continue;
    }
    if (d[i] === 0) continue;
    let j = i;
    let provisional = 0;
    for (; j < end && d[j] !== 0; j++) if (d[j] === 2) provisional++;
    while (j > i && d[j - 1] === 2) {
      d[--j] = 0;
      provisional--;
    }
    const length = j - i;
    if (provisional * 4 > length) {
      for (let k = i; k < j; k++) if (d[k] === 2) d[k] = 0;
    } else {
      let minimum = 1;
      for (let t = length >> 2; (t >>= 2) > 0;) minimum <<= 1;
      minimum++;
      let consec = 0;
      for (let k = 0; k < length; k++) {
        if (d[i + k] !== 2) consec = 0;
        else if (minimum === ++consec) k -= consec;
        else if (minimum < consec) d[i + k] = 0;
      }
      const edge = (at: (k: number) => number) => {
        let run = 0;
        for (let k = 0; k < length; k++) {
          const p = at(k);
          if (k >= 8 && d[p] === 1) break;
          if (d[p] === 2) {
            run = 0;
            d[p] = 0;
          } else if (d[p] === 0) run = 0;
          else run++;
          if (run === 3) break;
        }
      };
      edge((k) => i + k);
      i += length - 1;
      const last = i;
      edge((k) => last - k);
    }
  }
  return d.map((v) => v === 0);
}

interface Seq {
  xs: number[];
  ys: number[];
  /** Furthest x reached per diagonal, forward and backward. */
  fd: Map<number, number>;
  bd: Map<number, number>;
  del: (i: number) => void;
  ins: (j: number) => void;
}

function compareSeq(s: Seq, xoff: number, xlim: number, yoff: number, ylim: number): void {
  const { xs, ys } = s;
  while (xoff < xlim && yoff < ylim && xs[xoff] === ys[yoff]) {
    xoff++;
    yoff++;
  }
  while (xoff < xlim && yoff < ylim && xs[xlim - 1] === ys[ylim - 1]) {
    xlim--;
    ylim--;
  }
  if (xoff === xlim) for (let j = yoff; j < ylim; j++) s.ins(j);
  else if (yoff === ylim) for (let i = xoff; i < xlim; i++) s.del(i);
  else {
    const [xmid, ymid] = middleSnake(s, xoff, xlim, yoff, ylim);
    compareSeq(s, xoff, xmid, yoff, ymid);
    compareSeq(s, xmid, xlim, ymid, ylim);
  }
}

/**
 * Where the forward and backward searches of the shortest edit script meet, diagonals scanned
 * high to low in each round, the forward one first (the order decides among equal scripts).
 */
function middleSnake(
  s: Seq,
  xoff: number,
  xlim: number,
  yoff: number,
  ylim: number,
): [number, number] {
  const { xs, ys, fd, bd } = s;
  const dmin = xoff - ylim;
  const dmax = xlim - yoff;
  const fmid = xoff - yoff;
  const bmid = xlim - ylim;
  let fmin = fmid;
  let fmax = fmid;
  let bmin = bmid;
  let bmax = bmid;
  const odd = ((fmid - bmid) & 1) !== 0;
  fd.set(fmid, xoff);
  bd.set(bmid, xlim);
  const f = (d: number) => fd.get(d) ?? -1;
  const b = (d: number) => bd.get(d) ?? Number.MAX_SAFE_INTEGER;
  for (;;) {
    if (fmin > dmin) fd.set(--fmin - 1, -1);
    else fmin++;
    if (fmax < dmax) fd.set(++fmax + 1, -1);
    else fmax--;
    for (let d = fmax; d >= fmin; d -= 2) {
      const lo = f(d - 1);
      const hi = f(d + 1);
      let x = lo < hi ? hi : lo + 1;
      let y = x - d;
      while (x < xlim && y < ylim && xs[x] === ys[y]) {
        x++;
        y++;
      }
      fd.set(d, x);
      if (odd && bmin <= d && d <= bmax && b(d) <= x) return [x, y];
    }
    if (bmin > dmin) bd.set(--bmin - 1, Number.MAX_SAFE_INTEGER);
    else bmin++;
    if (bmax < dmax) bd.set(++bmax + 1, Number.MAX_SAFE_INTEGER);
    else bmax--;
    for (let d = bmax; d >= bmin; d -= 2) {
      const lo = b(d - 1);
      const hi = b(d + 1);
      let x = lo < hi ? lo : hi - 1;
      let y = x - d;
      while (xoff < x && yoff < y && xs[x - 1] === ys[y - 1]) {
        x--;
        y--;
      }
      bd.set(d, x);
      if (!odd && fmin <= d && d <= fmax && x <= f(d)) return [x, y];
    }
  }
}

/**
 * GNU diff's boundary shifting for one side: a run of changed lines whose neighbour equals its
 * other end may take that neighbour instead. Runs go as far down as they can (merging with runs
 * they reach), then back up to the last point where they face a change on the other side.
 */
function slideRuns(eq: number[], changed: boolean[], other: boolean[]): void {
  const end = changed.length;
  const c = (k: number) => k >= 0 && k < end && changed[k]!;
  const o = (k: number) => k >= 0 && k < other.length && other[k]!;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < end && !changed[i]) {
      while (o(j)) j++;
      j++;
      i++;
    }
    if (i === end) return;
    let start = i;
    while (c(++i));
    while (o(j)) j++;
    let corresponding: number;
    let runLength: number;
    do {
      runLength = i - start;
      while (start > 0 && eq[start - 1] === eq[i - 1]) {
        changed[--start] = true;
        changed[--i] = false;
        while (c(start - 1)) start--;
        while (o(--j));
      }
      corresponding = o(j - 1) ? i : end;
      while (i !== end && eq[start] === eq[i]) {
        changed[start++] = false;
        changed[i++] = true;
        while (c(i)) i++;
        while (o(++j)) corresponding = i;
      }
    } while (runLength !== i - start);
    while (corresponding < i) {
      changed[--start] = true;
      changed[--i] = false;
      while (o(--j));
    }
  }
}

interface Change {
  a: number;
  b: number;
  del: number;
  ins: number;
}

function hunks(a: string[], b: string[], ca: boolean[], cb: boolean[], context: number): string {
  const changes: Change[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (ca[i] || cb[j]) {
      const s0 = i;
      const s1 = j;
      while (ca[i]) i++;
      while (cb[j]) j++;
      changes.push({ a: s0, b: s1, del: i - s0, ins: j - s1 });
    } else {
      i++;
      j++;
    }
  }
  let out = '';
  for (let h = 0; h < changes.length;) {
    let last = h;
    while (
      last + 1 < changes.length &&
      changes[last + 1]!.a - (changes[last]!.a + changes[last]!.del) <= 2 * context
    )
      last++;
    const first = changes[h]!;
    const end = changes[last]!;
    const a0 = Math.max(0, first.a - context);
    const b0 = first.b - (first.a - a0);
    const a1 = Math.min(a.length, end.a + end.del + context);
    const b1 = end.b + end.ins + (a1 - (end.a + end.del));
    out += `@@ -${range(a0, a1)} +${range(b0, b1)} @@\n`;
    let p = a0;
    let q = b0;
    for (let k = h; k <= last; k++) {
      const c = changes[k]!;
      while (p < c.a) {
        out += emit(' ', a[p++]!);
        q++;
      }
      for (let d = 0; d < c.del; d++) out += emit('-', a[p++]!);
      for (let d = 0; d < c.ins; d++) out += emit('+', b[q++]!);
    }
    while (p < a1) {
      out += emit(' ', a[p++]!);
      q++;
    }
    h = last + 1;
  }
  return out;
}

/** GNU's range: `start,count`, just `start` for one line, `line-before,0` for none. */
function range(from: number, to: number): string {
  const count = to - from;
  if (count === 1) return String(from + 1);
  if (count === 0) return `${from},0`;
  return `${from + 1},${count}`;
}

function emit(mark: string, raw: string): string {
  const l = lineOf(raw);
  return `${mark}${l.text}\n${l.noEol ? '\\ No newline at end of file\n' : ''}`;
}
