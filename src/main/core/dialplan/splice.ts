/**
 * A live dialplan change written into extensions.conf as a splice of the managed block: the
 * lines of the numbers added or removed, at their place in numeric order, found by a binary
 * search of the block's text. On a 10,000-extension host this copies a few hundred bytes
 * instead of rendering the block's 40,000 lines again; the result is byte for byte what
 * `applyDialplanGroups` renders (tests/unit/dialplan/splice.test.ts holds them to it).
 */
import { editManagedBody, listManagedBlocks, type BodyEdit } from '../config/managed';
import type { ConfigMemo } from '../config/config-memo';
import { byNumber, DIALPLAN_BLOCK_ID, dialText } from './internal';
import type { DialplanDiff, ManagedDialplan } from './live';

/** The text every number's lines end with, and so where the next number's start. */
const CHUNK_END = ' same => n,Hangup()\n';
const EXTEN = 'exten => ';

/**
 * `extensionsConf` with `diff` spliced into its managed block, which holds exactly `before`;
 * null when the splice cannot say it (a context appears or empties, CRLF, a block not where
 * expected): the caller renders the whole block then.
 */
export function spliceDialplan(
  extensionsConf: string,
  before: ManagedDialplan,
  after: ManagedDialplan,
  diff: DialplanDiff,
  memo?: ConfigMemo,
): string | null {
  if (diff.add.length + diff.remove.length === 0) return extensionsConf;
  // A context appearing or emptying changes the block's sections, not only its lines.
  if (diff.add.some((a) => !before.get(a.context)?.size)) return null;
  if (diff.remove.some((r) => !after.get(r.context)?.size)) return null;
  const block = listManagedBlocks(extensionsConf, memo).find((b) => b.id === DIALPLAN_BLOCK_ID);
  if (!block) return null;
  const body = block.body;
  if (body.includes('\r')) return null;
  const edits: Array<BodyEdit & { number: string }> = [];
  for (const { context, number } of diff.remove) {
    const s = section(body, context);
    if (!s) return null;
    const at = firstAtLeast(body, s.from, s.to, number);
    const text = dialText(number);
    if (at === -1 || at >= s.to || !body.startsWith(text, at)) return null;
    edits.push({ from: at, to: at + text.length, insert: '', number });
  }
  for (const { context, number } of diff.add) {
    const s = section(body, context);
    if (!s) return null;
    const at = firstAtLeast(body, s.from, s.to, number);
    if (at === -1 || (at < s.to && numberAt(body, at) === number)) return null;
    edits.push({ from: at, to: at, insert: dialText(number), number });
  }
  // Several numbers going to one place go in numeric order; an insertion before the removal
  // that starts where it goes.
  edits.sort((a, b) => a.from - b.from || a.to - b.to || byNumber(a.number, b.number));
  return editManagedBody(extensionsConf, DIALPLAN_BLOCK_ID, edits, memo);
}

/** Where the lines of `[context]` sit in the body: just past its header, up to its blank line. */
function section(body: string, context: string): { from: number; to: number } | null {
  const head = `[${context}]\n`;
  let h = body.startsWith(head) ? 0 : body.indexOf(`\n${head}`);
  if (h === -1) return null;
  if (h > 0) h += 1;
  const from = h + head.length;
  const next = body.indexOf('\n[', from);
  return { from, to: next === -1 ? body.length : next };
}

/** The number whose lines start at `at` (`exten => <n>,hint,…`). */
function numberAt(body: string, at: number): string {
  const s = at + EXTEN.length;
  return body.slice(s, body.indexOf(',', s));
}

/** Just past the number's lines that start at `at`; -1 when they do not end as written. */
function nextStart(body: string, at: number): number {
  const end = body.indexOf(CHUNK_END, at);
  return end === -1 ? -1 : end + CHUNK_END.length;
}

/**
 * The start of the first number's lines in [from, to) whose number is `n` or later in numeric
 * order; `to` when there is none, -1 when the lines are not as written. Starts are the places just past a `Hangup()` line (or `from`).
 */
function firstAtLeast(body: string, from: number, to: number, n: string): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    // The first start at or after `mid`: no `Hangup()` line ends at `from` (a header does).
    const found = body.indexOf(CHUNK_END, mid - CHUNK_END.length);
    const b = found === -1 ? hi : Math.max(lo, found + CHUNK_END.length);
    if (b >= hi) {
      // No start in [mid, hi): only `lo` is left to look at.
      if (byNumber(numberAt(body, lo), n) >= 0) return lo;
      lo = nextStart(body, lo);
    } else if (byNumber(numberAt(body, b), n) >= 0) hi = b;
    else lo = nextStart(body, b);
    if (lo === -1 || lo > to) return -1;
  }
  return lo;
}
