import type { ApplyResult, AuditOutcome } from '../../../shared/types';

/** What an apply's result means for the audit log. */
export function auditOutcomeOf(r: ApplyResult): AuditOutcome {
  if (r.verified) return 'verified';
  if (r.written.length === 0) return 'not-applied';
  // Restored because nothing was reloaded (a reload wait exceeded): the PBX is as it was.
  if (r.rolledBack && !r.reloaded) return 'not-applied';
  if (r.rolledBack) return 'rolled-back';
  return 'unknown';
}
