import type { ApplyResult } from './types/apply';

/**
 * Why a change was not applied, in one sentence: the reason, then only the mismatches it does not
 * already say (a reason is often the single mismatch itself: "endpoint 202: not loaded by Asterisk
 * (endpoint 202: not loaded by Asterisk)" said nothing twice as loud).
 */
export function applyFailureText(r: Pick<ApplyResult, 'reason' | 'mismatches'>): string {
  const reason = r.reason ?? 'Asterisk did not load what was written.';
  const extra = r.mismatches.filter((m) => !reason.includes(m));
  return extra.length ? `${reason} (${extra.join('; ')})` : reason;
}
