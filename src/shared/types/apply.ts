/** What one configuration change did on the PBX, step by step. */
export interface ApplyResult {
  written: string[];
  reloaded: boolean;
  verified: boolean;
  rolledBack: boolean;
  /** Why it was rolled back, or why reload/verify were skipped (e.g. host without AMI). */
  reason: string | null;
  /** Fields that Asterisk did not take, as `<object>.<field>: wrote X, live Y`. */
  mismatches: string[];
  sshRoundTrips: number;
  amiRoundTrips: number;
  durationMs: number;
  /** Of durationMs, the time Asterisk spent reloading (its own cost, not the console's). */
  reloadMs: number;
  /** Set when a transport change needs an Asterisk restart rather than a reload. */
  restartNeeded: boolean;
  /** The modules reloaded (`res_pjsip.so` only when pjsip.conf changed). */
  reloadedModules: string[];
  /** Dialplan changed live instead of reloaded, e.g. `added 1001@from-internal`. */
  liveDialplan: string[];
  /** Of durationMs, the time spent waiting for someone else's reload to finish. */
  waitedMs: number;
  /** What the user should know about how the change was made (hand-written dialplan, a reload and why). */
  notes: string[];
  /**
   * Where the console's own time went (ms): the edit of the texts, the write over SSH, the live
   * dialplan lines, the verification. Absent when the change stopped before them.
   */
  stepsMs?: { edit: number; write: number; live: number; verify: number };
}
