import type { ConfigMemo } from '../config/config-memo';
import { planDialplan, type PatternPolicy } from '../dialplan';
import { dialplanEntries } from '../pjsip/extension-read';
import type { EditInput, EditOutcome, VerifyStep } from './apply-change';

/**
 * An extension edit's outcome: the new pjsip.conf, and the managed dialplan planned from the
 * extensions it now holds (applied live where it can be, see planDialplan). `subject`: the one
 * number the change is about, whose hand-written dialplan the policy decides on; null for many.
 */
export function withDialplan<C>(
  cur: EditInput,
  made: { pjsip: string; verify: VerifyStep[]; change: C },
  subject: { number: string; policy?: PatternPolicy } | null,
  memo: ConfigMemo,
  maxLiveNumbers?: number,
): EditOutcome & { change: C } {
  const dp = planDialplan(
    cur.extensions,
    dialplanEntries(made.pjsip, memo),
    subject,
    maxLiveNumbers,
    memo,
  );
  return {
    pjsip: made.pjsip,
    extensions: dp.text,
    verify: made.verify,
    dialplan: { diff: dp.diff, reloadReason: dp.reloadReason },
    notes: dp.notes,
    change: made.change,
  };
}
