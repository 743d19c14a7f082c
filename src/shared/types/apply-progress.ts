/**
 * A step of a change a user waits on, e.g. "waiting for a reload already running on pbx1", sent
 * to every window while the change runs; `done` when that change has ended (the wait with it).
 */
export interface ApplyProgress {
  host: string;
  message: string;
  /** When main started this step (ms since the epoch): the elapsed time shown counts from it. */
  since: number;
  done: boolean;
}
