/**
 * `diff -u` of two texts, line by line (a line's end-of-line is part of it, so a CRLF that became
 * LF shows). Common head and tail are trimmed first and the middle is diffed with Myers' O(ND)
 * algorithm: an edit of a few sections in a 250,000-line file costs a few milliseconds.
 */

export interface UnifiedDiffOptions {
  oldLabel: string;
  newLabel: string;
  /** Lines of context around each change (diff's default, 3). */
  context?: number;
}

type Op = { kind: ' ' | '-' | '+'; line: string };

/** The unified diff, or '' when the texts are equal. */
export function unifiedDiff(a: string, b: string, opts: UnifiedDiffOptions): string {
  if (a === b) return '';
  const context = opts.context ?? 3;
  const x = splitLines(a);
  const y = splitLines(b);
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (
    tail < x.length - head &&
    tail < y.length - head &&
    x[x.length - 1 - tail] === y[y.length - 1 - tail]
  )
    tail++;
  const ops: Op[] = [];
  for (let i = 0; i < head; i++) ops.push({ kind: ' ', line: x[i]! });
  ops.push(...myers(x.slice(head, x.length - tail), y.slice(head, y.length - tail)));
  for (let i = x.length - tail; i < x.length; i++) ops.push({ kind: ' ', line: x[i]! });
  return [`--- ${opts.oldLabel}\n`, `+++ ${opts.newLabel}\n`, ...hunks(ops, context)].join('');
}

/** Lines with their end-of-line kept. */
function splitLines(s: string): string[] {
  return s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function myers(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let done = false;
  for (let d = 0; d <= max && !done; d++) {
    // Only the diagonals reachable so far: the trace costs O(D²), not O((N+M)·D).
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let xi =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let yi = xi - k;
      while (xi < n && yi < m && a[xi] === b[yi]) {
        xi++;
        yi++;
      }
      v[offset + k] = xi;
      if (xi >= n && yi >= m) {
        done = true;
        break;
      }
    }
  }
  // Walk the trace back from the end to recover the edit script.
  const ops: Op[] = [];
  let xi = n;
  let yi = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = xi - yi;
    const at = (kk: number) => vd[kk + d]!;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = prevX - prevK;
    while (xi > prevX && yi > prevY) {
      ops.push({ kind: ' ', line: a[--xi]! });
      yi--;
    }
    if (d === 0) break;
    if (down) ops.push({ kind: '+', line: b[--yi]! });
    else ops.push({ kind: '-', line: a[--xi]! });
  }
  return ops.reverse();
}

function hunks(ops: Op[], context: number): string[] {
  const out: string[] = [];
  let i = 0;
  // Line numbers (1-based) of ops[i] in the old and new text.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 1;
  let nn = 1;
  for (const op of ops) {
    oldAt.push(o);
    newAt.push(nn);
    if (op.kind !== '+') o++;
    if (op.kind !== '-') nn++;
  }
  while (i < ops.length) {
    while (i < ops.length && ops[i]!.kind === ' ') i++;
    if (i >= ops.length) break;
    const start = Math.max(0, i - context);
    let end = i;
    // Extend while the next change is within 2*context unchanged lines.
    for (;;) {
      while (end < ops.length && ops[end]!.kind !== ' ') end++;
      let gap = end;
      while (gap < ops.length && ops[gap]!.kind === ' ') gap++;
      if (gap < ops.length && gap - end <= 2 * context) end = gap;
      else {
        end = Math.min(ops.length, end + context);
        break;
      }
    }
    const slice = ops.slice(start, end);
    const oldCount = slice.filter((p) => p.kind !== '+').length;
    const newCount = slice.filter((p) => p.kind !== '-').length;
    const oldStart = oldCount === 0 ? oldAt[start]! - 1 : oldAt[start]!;
    const newStart = newCount === 0 ? newAt[start]! - 1 : newAt[start]!;
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n`);
    for (const p of slice) {
      out.push(p.kind + p.line);
      if (!p.line.endsWith('\n')) out.push('\n\\ No newline at end of file\n');
    }
    i = end;
  }
  return out;
}

function range(start: number, count: number): string {
  return count === 1 ? String(start) : `${start},${count}`;
}
