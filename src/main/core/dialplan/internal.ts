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

/** Numbers and contexts come from pjsip.conf, validated when written; re-checked here anyway. */
const SAFE_NUMBER = /^[0-9]{1,20}$/;
const SAFE_CONTEXT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,78}$/;

/** The block body for these extensions (only managed, enabled ones with safe names). */
export function renderInternalDialplan(extensions: readonly Extension[]): string[] {
  const byContext = new Map<string, string[]>();
  for (const e of extensions) {
    if (!e.managed || !e.enabled) continue;
    if (!SAFE_NUMBER.test(e.number) || !SAFE_CONTEXT.test(e.context)) continue;
    let list = byContext.get(e.context);
    if (!list) byContext.set(e.context, (list = []));
    if (!list.includes(e.number)) list.push(e.number);
  }
  const lines: string[] = [];
  const contexts = [...byContext.keys()].sort();
  for (const ctx of contexts) {
    const numbers = byContext.get(ctx)!.sort(byNumber);
    if (lines.length) lines.push('');
    lines.push(`[${ctx}]`);
    for (const n of numbers) {
      lines.push(
        `exten => ${n},hint,PJSIP/${n}`,
        `exten => ${n},1,NoOp(Call to extension ${n})`,
        ` same => n,Dial(PJSIP/${n},${DIAL_TIMEOUT_SECONDS})`,
        ' same => n,Hangup()',
      );
    }
  }
  return lines;
}

/**
 * Regenerates the managed block from the extensions as read back from pjsip.conf. With no
 * enabled managed extension the block is removed rather than left as an empty context.
 */
export function applyInternalDialplan(
  extensionsConfText: string,
  extensions: readonly Extension[],
): string {
  const body = renderInternalDialplan(extensions);
  if (body.length === 0) return removeManagedBlock(extensionsConfText, DIALPLAN_BLOCK_ID);
  return upsertManagedBlock(extensionsConfText, DIALPLAN_BLOCK_ID, body.join('\n') + '\n');
}

function byNumber(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
