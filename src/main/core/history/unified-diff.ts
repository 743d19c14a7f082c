import { changedLines, type Flags } from './diff-analyze';

/**
 * `diff -u` of two texts, byte for byte what GNU diffutils 3.8 prints with `--label`: the same
 * changes where several shortest scripts tie (GNU's identical ends, discarded lines, middle
 * snake and boundary shifting, see diff-analyze.ts), hunks with `context` lines around that
 * merge when at most 2 * context unchanged lines part them, and "\ No newline at end of file"
 * after a last line without one. Lines keep their CR.
 */
export function unifiedDiff(
  oldText: string,
  newText: string,
  oldLabel: string,
  newLabel: string,
  context = 3,
): string {
  if (oldText === newText) return '';
  const a = fileOf(oldText);
  const b = fileOf(newText);
  const [ca, cb] = changesOf(a, b, context);
  return `--- ${oldLabel}\n+++ ${newLabel}\n${hunks(a, b, ca!, cb!, context)}`;
}

/** A text's lines without their "\n"; `noEol` when the last one had none. */
interface TextFile {
  lines: string[];
  noEol: boolean;
}

function fileOf(text: string): TextFile {
  if (text === '') return { lines: [], noEol: false };
  const lines = text.split('\n');
  const noEol = lines.at(-1) !== '';
  if (!noEol) lines.pop();
  return { lines, noEol };
}

/** Line i of f as GNU compares it: a last line without a newline equals only such a line. */
function keyOf(f: TextFile, i: number): string {
  const line = f.lines[i]!;
  // No line holds "\n", so this key cannot equal a complete line's.
  return f.noEol && i === f.lines.length - 1 ? `${line}\n` : line;
}

/**
 * The change flags of each whole file. Like GNU's find_identical_ends, the identical head and
 * tail are left out of the comparison but for `horizon` lines each side (GNU's horizon is the
 * context), which stay in: they count in the discards and boundaries may slide into them.
 */
function changesOf(a: TextFile, b: TextFile, horizon: number): Flags[] {
  const na = a.lines.length;
  const nb = b.lines.length;
  let head = 0;
  while (head < na && head < nb && keyOf(a, head) === keyOf(b, head)) head++;
  const start = Math.max(0, head - horizon);
  let tail = 0;
  // GNU finds no identical tail when only one file lacks its last newline.
  if (a.noEol === b.noEol) {
    const most = Math.min(na, nb) - start;
    while (tail < most && keyOf(a, na - 1 - tail) === keyOf(b, nb - 1 - tail)) tail++;
    tail = Math.max(0, tail - horizon);
  }
  const ids = new Map<string, number>();
  const classesOf = (f: TextFile, end: number) => {
    const eq = new Int32Array(end - start);
    for (let i = start; i < end; i++) {
      const key = keyOf(f, i);
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size + 1));
      eq[i - start] = id;
    }
    return eq;
  };
  const eqA = classesOf(a, na - tail);
  const eqB = classesOf(b, nb - tail);
  const region = changedLines(eqA, eqB, ids.size);
  return [widen(region[0]!, start, na), widen(region[1]!, start, nb)];
}

/** Flags for a whole file of `lines` lines from those of the part compared, at `start`. */
function widen(part: Flags, start: number, lines: number): Flags {
  const all = new Uint8Array(lines + 2);
  all.set(part.subarray(1, part.length - 1), start + 1);
  return all;
}

interface Change {
  a: number;
  b: number;
  del: number;
  ins: number;
}

function changeList(a: TextFile, b: TextFile, ca: Flags, cb: Flags): Change[] {
  const changes: Change[] = [];
  const na = a.lines.length;
  const nb = b.lines.length;
  for (let i = 0, j = 0; i < na || j < nb; i++, j++) {
    if (!ca[i + 1] && !cb[j + 1]) continue;
    const s0 = i;
    const s1 = j;
    while (ca[i + 1]) i++;
    while (cb[j + 1]) j++;
    changes.push({ a: s0, b: s1, del: i - s0, ins: j - s1 });
  }
  return changes;
}

function hunks(a: TextFile, b: TextFile, ca: Flags, cb: Flags, context: number): string {
  const changes = changeList(a, b, ca, cb);
  const na = a.lines.length;
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
    const a1 = Math.min(na, end.a + end.del + context);
    const b1 = end.b + end.ins + (a1 - (end.a + end.del));
    out += `@@ -${range(a0, a1)} +${range(b0, b1)} @@\n`;
    let p = a0;
    let q = b0;
    for (let k = h; k <= last; k++) {
      const c = changes[k]!;
      for (; p < c.a; p++, q++) out += emit(' ', a, p);
      for (let d = 0; d < c.del; d++) out += emit('-', a, p++);
      for (let d = 0; d < c.ins; d++) out += emit('+', b, q++);
    }
    for (; p < a1; p++) out += emit(' ', a, p);
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

function emit(mark: string, f: TextFile, i: number): string {
  const missing = f.noEol && i === f.lines.length - 1;
  return `${mark}${f.lines[i]!}\n${missing ? '\\ No newline at end of file\n' : ''}`;
}
