import { changedLines, type Flags } from './diff-analyze';
import { identicalEnds, type TextWindow } from './identical-ends';

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
  const [a, b] = identicalEnds(oldText, newText, context, context);
  const [ca, cb] = changesOf(a, b);
  return `--- ${oldLabel}\n+++ ${newLabel}\n${hunks(a, b, ca!, cb!, context)}`;
}

/** Is window line i the text's last line without a "\n"? */
const lacksNewline = (f: TextWindow, i: number) => f.noEol && f.first + i === f.total - 1;

/**
 * The change flags of each window's lines: the lines between the identical ends compared as
 * GNU compares them (horizon = context, as GNU sets it), the others unchanged.
 */
function changesOf(a: TextWindow, b: TextWindow): Flags[] {
  const ids = new Map<string, number>();
  const classesOf = (f: TextWindow) => {
    const eq = new Int32Array(f.to - f.from);
    for (let i = f.from; i < f.to; i++) {
      // No line holds "\n", so a last line without one is keyed apart from every complete line:
      // GNU lets it equal only the other text's last line without one.
      const key = lacksNewline(f, i) ? `${f.lines[i]!}\n` : f.lines[i]!;
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size + 1));
      eq[i - f.from] = id;
    }
    return eq;
  };
  const eqA = classesOf(a);
  const eqB = classesOf(b);
  const region = changedLines(eqA, eqB, ids.size);
  return [widen(region[0]!, a), widen(region[1]!, b)];
}

/** Flags for all of a window's lines from those of the lines compared. */
function widen(part: Flags, f: TextWindow): Flags {
  const all = new Uint8Array(f.lines.length + 2);
  all.set(part.subarray(1, part.length - 1), f.from + 1);
  return all;
}

interface Change {
  a: number;
  b: number;
  del: number;
  ins: number;
}

/** The changes in order, each a run of deleted and inserted lines at one place (GNU's script). */
function changeList(a: TextWindow, b: TextWindow, ca: Flags, cb: Flags): Change[] {
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

function hunks(a: TextWindow, b: TextWindow, ca: Flags, cb: Flags, context: number): string {
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
    out += `@@ -${range(a.first + a0, a.first + a1)} +${range(b.first + b0, b.first + b1)} @@\n`;
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

function emit(mark: string, f: TextWindow, i: number): string {
  const missing = lacksNewline(f, i) ? '\\ No newline at end of file\n' : '';
  return `${mark}${f.lines[i]!}\n${missing}`;
}
