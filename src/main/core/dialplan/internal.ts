/**
 * The managed internal dialplan in extensions.conf: one block (`RayanPBX Internal Extensions`)
 * holding a `[context]` section per context in use, with a hint and a dial line per enabled
 * managed extension. Asterisk merges sections of the same context, so hand-written
 * `[from-internal]` lines elsewhere in the file keep working and are never touched.
 */
import type { Extension } from '../../../shared/types';
import { removeManagedBlock, upsertManagedBlock } from '../config/managed';

export const DIALPLAN_BLOCK_ID = 'RayanPBX Internal Extensions';
export const DIAL_TIMEOUT_SECONDS = 30;

/**
 * All the dialplan needs of an extension. An `Extension` is one; so is what the cheaper
 * `dialplanEntries(pjsipText)` reads. An entry without `managed` counts as managed.
 */
export type DialplanEntry = Pick<Extension, 'number' | 'context' | 'enabled'> & {
  managed?: boolean;
};

/** Numbers and contexts come from pjsip.conf, validated when written; re-checked here anyway. */
const SAFE_NUMBER = /^[0-9]{1,20}$/;
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
): string {
  // The same text as renderInternalDialplan(...).join('\n') + '\n', built as one string per
  // extension and joined once (40,000 lines at 10,000 extensions).
  const parts: string[] = [];
  for (const [ctx, numbers] of numbersByContext(extensions)) {
    parts.push(parts.length ? `\n[${ctx}]\n` : `[${ctx}]\n`);
    for (const n of numbers) parts.push(dialLines(n).join('\n') + '\n');
  }
  if (parts.length === 0) return removeManagedBlock(extensionsConfText, DIALPLAN_BLOCK_ID);
  return upsertManagedBlock(extensionsConfText, DIALPLAN_BLOCK_ID, parts.join(''));
}

function dialLines(n: string): [string, string, string, string] {
  return [
    `exten => ${n},hint,PJSIP/${n}`,
    `exten => ${n},1,NoOp(Call to extension ${n})`,
    ` same => n,Dial(PJSIP/${n},${DIAL_TIMEOUT_SECONDS})`,
    ' same => n,Hangup()',
  ];
}

/** Contexts in order, each with its distinct numbers in numeric order. */
function numbersByContext(extensions: readonly DialplanEntry[]): Array<[string, string[]]> {
  // A Set per context: `includes` on a growing list made 10,000 extensions quadratic.
  const byContext = new Map<string, Set<string>>();
  for (const e of extensions) {
    if (e.managed === false || !e.enabled) continue;
    if (!SAFE_NUMBER.test(e.number) || !SAFE_CONTEXT.test(e.context)) continue;
    let set = byContext.get(e.context);
    if (!set) byContext.set(e.context, (set = new Set()));
    set.add(e.number);
  }
  return [...byContext.keys()]
    .sort()
    .map((ctx) => [ctx, [...byContext.get(ctx)!].sort(byNumber)] as [string, string[]]);
}

function byNumber(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
