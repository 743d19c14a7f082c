import {
  applyDialplanGroups,
  blockNumbers,
  byNumber,
  numbersByContext,
  type DialplanEntry,
} from './internal';
import { spliceDialplan } from './splice';
import {
  DialplanPatternCollisionError,
  handWrittenOwner,
  readHandWritten,
  type PatternPolicy,
} from './collisions';
import {
  diffManagedDialplan,
  readManagedDialplan,
  rememberManagedDialplan,
  type DialplanDiff,
} from './live';
import type { ConfigMemo } from '../config/config-memo';

/** Beyond this many numbers changing at once, one reload is cheaper than the live actions. */
export const MAX_LIVE_NUMBERS = 50;

export interface DialplanPlan {
  /** extensions.conf with the managed block for the kept entries. */
  text: string;
  /** The live changes; null when only a `pbx_config` reload can apply the block. */
  diff: DialplanDiff | null;
  /** Why a reload is needed (diff null). */
  reloadReason: string | null;
  /** What the user should know (a number left to hand-written dialplan). */
  notes: string[];
}

/**
 * The managed dialplan for these entries, respecting hand-written dialplan in the same context:
 * a number written by hand gets no managed lines (Asterisk would ignore them); a number a
 * hand-written pattern handles keeps whatever the block already said about it, and `subject`
 * (the number this change is about) is decided by `policy`, or refused with a question.
 */
export function planDialplan(
  extensionsConf: string | null,
  entries: readonly DialplanEntry[],
  subject: { number: string; policy?: PatternPolicy } | null,
  /** Above this many numbers changing, a reload instead (a bulk import allows more). */
  maxLiveNumbers = MAX_LIVE_NUMBERS,
  /** The host's (see ConfigMemo); without one, everything is read afresh. */
  memo?: ConfigMemo,
): DialplanPlan {
  const before = readManagedDialplan(extensionsConf, memo);
  const hand = readHandWritten(extensionsConf, memo);
  const notes: string[] = [];
  const kept = hand.size === 0 ? entries : entries.filter(keep);
  function keep(e: DialplanEntry): boolean {
    if (e.managed === false || !e.enabled) return true;
    const owner = handWrittenOwner(hand, e.context, e.number);
    if (owner.kind === 'none') return true;
    const isSubject = subject?.number === e.number;
    if (owner.kind === 'hand-written') {
      if (isSubject)
        notes.push(
          `${e.number}: hand-written dialplan handles it in [${e.context}] (extensions.conf line ${owner.line}): no managed lines written`,
        );
      return false;
    }
    const had = before?.get(e.context)?.has(e.number) ?? before === null;
    if (isSubject && subject?.policy) {
      if (subject.policy === 'leave-pattern')
        notes.push(`${e.number}: left to the hand-written pattern ${owner.pattern}`);
      return subject.policy === 'take-over';
    }
    if (isSubject && !had)
      throw new DialplanPatternCollisionError(
        e.number,
        e.context,
        owner.pattern,
        owner.line,
        owner.application,
      );
    return had;
  }
  if (before === null) {
    const text = applyDialplanGroups(extensionsConf ?? '', numbersByContext(kept), memo);
    return {
      text,
      diff: null,
      reloadReason:
        'the managed dialplan block in extensions.conf is not in the form the console writes (edited by hand?), so its lines cannot be applied one by one',
      notes,
    };
  }
  const after = blockNumbers(kept);
  const diff = diffManagedDialplan(before, after);
  // In the block's order (contexts by name, numbers in numeric order), whatever the entries' order.
  diff.add.sort(byPlace);
  diff.remove.sort(byPlace);
  // A few numbers changing (the usual case) are spliced in; anything else is rendered whole.
  const text =
    (extensionsConf !== null && spliceDialplan(extensionsConf, before, after, diff, memo)) ||
    applyDialplanGroups(extensionsConf ?? '', numbersByContext(kept), memo);
  if (memo) rememberManagedDialplan(text, after, memo);
  // A number hand-written in its context never had its managed lines loaded: removing them live
  // would remove the hand-written ones.
  diff.remove = diff.remove.filter(
    (r) => handWrittenOwner(hand, r.context, r.number).kind !== 'hand-written',
  );
  if (diff.add.length + diff.remove.length > maxLiveNumbers)
    return {
      text,
      diff: null,
      reloadReason: `${diff.add.length + diff.remove.length} numbers' dialplan changes at once: one reload is cheaper than line by line`,
      notes,
    };
  return { text, diff, reloadReason: null, notes };
}

function byPlace(
  a: { context: string; number: string },
  b: { context: string; number: string },
): number {
  return a.context < b.context ? -1 : a.context > b.context ? 1 : byNumber(a.number, b.number);
}
