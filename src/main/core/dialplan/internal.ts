/**
 * The managed internal dialplan in extensions.conf: one block (`RayanPBX Internal Extensions`)
 * holding a `[context]` section per context in use, with a hint and a dial line per enabled
 * managed extension. Asterisk merges sections of the same context, so hand-written
 * `[from-internal]` lines elsewhere in the file keep working and are never touched.
 */
import type { Extension } from '../../../shared/types';
import { removeManagedBlock, upsertManagedBlock } from '../config/managed';
import type { ConfigMemo } from '../config/config-memo';

export const DIALPLAN_BLOCK_ID = 'RayanPBX Internal Extensions';
export const DIAL_TIMEOUT_SECONDS = 30;

/**
 * All the dialplan needs of an extension. An `Extension` is one; so is what the cheaper
 * `dialplanEntries(pjsipText)` reads. An entry without `managed` counts as managed.
 */
export type DialplanEntry = Pick<Extension, 'number' | 'context' | 'enabled'> & {
  managed?: boolean;
};

/**
 * Numbers and contexts come from pjsip.conf, validated when written; re-checked here anyway
 * (numbers: 1-20 ASCII digits, see isSafeNumber).
 */
const SAFE_CONTEXT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,78}$/;

/** The block body for these extensions (only managed, enabled ones with safe names). */
export function renderInternalDialplan(extensions: readonly DialplanEntry[]): string[] {
  const lines: string[] = [];
  for (const [ctx, numbers] of numbersByContext(extensions)) {
    if (lines.length) lines.push('');
    lines.push(`[${ctx}]`);
    for (const n of numbers) lines.push(...dialLines(n));
  }
  return lines;
}

/**
 * Regenerates the managed block from the extensions as read back from pjsip.conf. With no
 * enabled managed extension the block is removed rather than left as an empty context.
 */
export function applyInternalDialplan(
  extensionsConfText: string,
  extensions: readonly DialplanEntry[],
  memo?: ConfigMemo,
): string {
  return applyDialplanGroups(extensionsConfText, numbersByContext(extensions), memo);
}

/** `applyInternalDialplan` from `numbersByContext(extensions)` the caller already has. */
export function applyDialplanGroups(
  extensionsConfText: string,
  groups: ReadonlyArray<readonly [string, readonly string[]]>,
  memo?: ConfigMemo,
): string {
  // The same text as renderInternalDialplan(...).join('\n') + '\n', built as one string per
  // extension and joined once (40,000 lines at 10,000 extensions).
  const parts: string[] = [];
  for (const [ctx, numbers] of groups) {
    parts.push(parts.length ? `\n[${ctx}]\n` : `[${ctx}]\n`);
    for (const n of numbers) parts.push(dialText(n));
  }
  if (parts.length === 0)
    return removeManagedBlock(extensionsConfText, DIALPLAN_BLOCK_ID, undefined, memo);
  return upsertManagedBlock(extensionsConfText, DIALPLAN_BLOCK_ID, parts.join(''), undefined, memo);
}

function dialLines(n: string): [string, string, string, string] {
  return [
    `exten => ${n},hint,PJSIP/${n}`,
    `exten => ${n},1,NoOp(Call to extension ${n})`,
    ` same => n,Dial(PJSIP/${n},${DIAL_TIMEOUT_SECONDS})`,
    ' same => n,Hangup()',
  ];
}

/** `dialLines(n)`, each line ended by LF, as one string. */
export function dialText(n: string): string {
  return (
    `exten => ${n},hint,PJSIP/${n}\nexten => ${n},1,NoOp(Call to extension ${n})\n` +
    ` same => n,Dial(PJSIP/${n},${DIAL_TIMEOUT_SECONDS})\n same => n,Hangup()\n`
  );
}

/** The entries that get lines in the block, as context → numbers (in the entries' order). */
export function blockNumbers(extensions: readonly DialplanEntry[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  let lastContext: string | null = null;
  let last: Set<string> | null = null;
  for (const e of extensions) {
    if (e.managed === false || !e.enabled || !isSafeNumber(e.number)) continue;
    if (e.context !== lastContext) {
      lastContext = e.context;
      last = out.get(e.context) ?? null;
      if (last === null && SAFE_CONTEXT.test(e.context)) out.set(e.context, (last = new Set()));
    }
    last?.add(e.number);
  }
  return out;
}

/** Contexts in order, each with its distinct numbers in numeric order. */
export function numbersByContext(extensions: readonly DialplanEntry[]): Array<[string, string[]]> {
  const byContext = new Map<string, string[] | null>();
  // Extensions mostly share one context: skip the map (and the check) while it repeats.
  let lastContext: string | null = null;
  let last: string[] | null = null;
  for (const e of extensions) {
    if (e.managed === false || !e.enabled || !isSafeNumber(e.number)) continue;
    if (e.context !== lastContext) {
      lastContext = e.context;
      last = byContext.get(e.context) ?? null;
      if (last === null && !byContext.has(e.context)) {
        // An unsafe context is remembered as null, so it is checked once.
        last = SAFE_CONTEXT.test(e.context) ? [] : null;
        byContext.set(e.context, last);
      }
    }
    last?.push(e.number);
  }
  const out: Array<[string, string[]]> = [];
  for (const ctx of [...byContext.keys()].sort()) {
    const numbers = byContext.get(ctx);
    if (numbers) out.push([ctx, distinctSorted(numbers)]);
  }
  return out;
}

/** Sorted in numeric order without duplicates (in file order already, usually: a linear sort). */
function distinctSorted(numbers: string[]): string[] {
  numbers.sort(byNumber);
  let w = 0;
  for (let r = 0; r < numbers.length; r++) {
    if (w === 0 || numbers[r] !== numbers[w - 1]) numbers[w++] = numbers[r]!;
  }
  numbers.length = w;
  return numbers;
}

/** SAFE_NUMBER without the regex: 1-20 ASCII digits. */
function isSafeNumber(n: string): boolean {
  if (n.length === 0 || n.length > 20) return false;
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Numeric order of safe numbers (digits only), without converting them. */
export function byNumber(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
