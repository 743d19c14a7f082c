/** How a change ended, as far as the console could tell. */
export type AuditOutcome =
  /** Written, reloaded, and Asterisk holds what was written. */
  | 'verified'
  /** Written, but Asterisk did not take it: the old files were put back. */
  | 'rolled-back'
  /** Nothing on the PBX changed (refused, nothing to change, or the files were restored). */
  | 'not-applied'
  /** Written, but whether Asterisk loaded it is not known (no AMI, a connection lost). */
  | 'unknown';

/** One change made from this console (a line of `$RAYANPBX_HOME/audit/<host>.jsonl`). */
export interface AuditRecord {
  /** ISO time the change finished. */
  at: string;
  /** The workstation account that made it. */
  osUser: string;
  host: string;
  /** `ext.add`, `ext.set`, `trunk.rm`, `nat.set`, `dialplan.reload`, `history.restore`, … */
  action: string;
  /** What it was about: an extension number, a trunk or transport name, a backup id. */
  target: string;
  /** `name: value` per field given; secrets only ever as `password: changed`. */
  fieldsChanged: string[];
  outcome: AuditOutcome;
  /** Why it was rolled back, not applied or unknown; null when verified. */
  reason: string | null;
  roundTrips: { ssh: number; ami: number };
  durationMs: number;
  /** The backups the change's write left on the PBX (full paths), so history can name it. */
  backups: string[];
}
