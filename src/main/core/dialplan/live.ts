/**
 * The managed dialplan applied to a running Asterisk line by line (DialplanExtensionAdd /
 * Remove) instead of a `pbx_config` reload: on a host with 10,000 hints that reload takes
 * 25-48 s, the same lines added live take milliseconds (transcripts 45, 46).
 */
import type { LiveDialplanLine } from '../ami/actions/dialplan';
import { listManagedBlocks } from '../config/managed';
import type { ConfigMemo } from '../config/config-memo';
import { DIAL_TIMEOUT_SECONDS, DIALPLAN_BLOCK_ID, type DialplanEntry } from './internal';
import { numbersByContext, renderInternalDialplan } from './internal';

/** Context → numbers with managed lines in it. */
export type ManagedDialplan = Map<string, Set<string>>;

/** One managed line as Asterisk lists it (ShowDialPlan) and as DialplanExtensionAdd takes it. */
export interface ManagedLine {
  priority: string;
  application: string;
  appData: string;
}

/** The lines `exten => n,hint…` / `1,NoOp` / `n,Dial` / `n,Hangup` of the block, as Asterisk holds them. */
export function managedLines(n: string): ManagedLine[] {
  return [
    { priority: 'hint', application: `PJSIP/${n}`, appData: '' },
    { priority: '1', application: 'NoOp', appData: `Call to extension ${n}` },
    { priority: '2', application: 'Dial', appData: `PJSIP/${n},${DIAL_TIMEOUT_SECONDS}` },
    { priority: '3', application: 'Hangup', appData: '' },
  ];
}

/**
 * The managed block of extensions.conf as context → numbers; an empty map when there is no
 * block; null when the block is not exactly what the console writes (edited by hand, another
 * format): then its lines cannot be mapped to live entries and only a reload applies it.
 */
export function readManagedDialplan(
  extensionsConf: string | null,
  memo?: ConfigMemo,
): ManagedDialplan | null {
  const out: ManagedDialplan = new Map();
  if (!extensionsConf) return out;
  const block = listManagedBlocks(extensionsConf, memo).find((b) => b.id === DIALPLAN_BLOCK_ID);
  if (!block) return out;
  // 40,000 lines at 10,000 extensions: read once per block body, and never for a block the
  // console has just written itself (see rememberManagedDialplan).
  const readBlocks = memo?.table<ManagedDialplan | null>(READ_BLOCKS);
  const known = readBlocks?.get(block.key);
  if (known !== undefined) return known;
  const read = parseBlock(block.body);
  readBlocks?.set(block.key, read);
  return read;
}

/**
 * The memo table of what a block body says, keyed by the body's identity (ManagedBlock.key).
 * Never mutated.
 */
const READ_BLOCKS = 'dialplan:managed-by-body';

/**
 * Records what the managed block of `extensionsConf` holds when the caller has just built it
 * from `map`, so that the next change on that text skips reading it.
 */
export function rememberManagedDialplan(
  extensionsConf: string,
  map: ManagedDialplan,
  memo: ConfigMemo,
): void {
  const block = listManagedBlocks(extensionsConf, memo).find((b) => b.id === DIALPLAN_BLOCK_ID);
  if (block) memo.table<ManagedDialplan | null>(READ_BLOCKS).set(block.key, map);
}

function parseBlock(blockBody: string): ManagedDialplan | null {
  const out: ManagedDialplan = new Map();
  const body = blockBody.includes('\r') ? blockBody.replace(/\r\n/g, '\n') : blockBody;
  const entries: DialplanEntry[] = [];
  let context: string | null = null;
  const re = /^(?:\[([^\]\n]+)\]|exten => (\d+),hint,)/gm;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (m[1] !== undefined) {
      context = m[1];
      out.set(context, new Set());
    } else if (context !== null) {
      out.get(context)!.add(m[2]!);
      entries.push({ number: m[2]!, context, enabled: true });
    }
  }
  // Proven only if rendering what was read gives back the body byte for byte.
  const rendered = renderInternalDialplan(entries);
  const expected = rendered.length ? rendered.join('\n') + '\n' : '';
  return body === expected ? out : null;
}

/** What must change live to go from `before` to `after`, in (context, number) pairs. */
export interface DialplanDiff {
  add: Array<{ context: string; number: string }>;
  remove: Array<{ context: string; number: string }>;
}

export function diffManagedDialplan(before: ManagedDialplan, after: ManagedDialplan): DialplanDiff {
  const diff: DialplanDiff = { add: [], remove: [] };
  for (const [context, numbers] of after) {
    const old = before.get(context);
    for (const number of numbers) if (!old?.has(number)) diff.add.push({ context, number });
  }
  for (const [context, numbers] of before) {
    const now = after.get(context);
    for (const number of numbers) if (!now?.has(number)) diff.remove.push({ context, number });
  }
  return diff;
}

/** Whether Asterisk holds exactly the managed lines of `number` (nothing more, nothing less). */
export function holdsManagedLines(live: readonly LiveDialplanLine[], number: string): boolean {
  const want = managedLines(number);
  return (
    live.length === want.length &&
    want.every(
      (w, i) =>
        live[i]!.priority === w.priority &&
        live[i]!.application === w.application &&
        live[i]!.appData === w.appData,
    )
  );
}

/** The block's map built from entries (enabled, managed, safe ones, as the renderer keeps them). */
export function managedDialplanOf(entries: readonly DialplanEntry[]): ManagedDialplan {
  return new Map(numbersByContext(entries).map(([ctx, numbers]) => [ctx, new Set(numbers)]));
}
