/**
 * The wait between two connection attempts, which `wake` cuts short: a close or a stop must not
 * leave a retry loop asleep for the rest of a backoff.
 */
export class RetrySleep {
  private timer: NodeJS.Timeout | null = null;
  private end: (() => void) | null = null;

  /** Resolves after `ms`, or as soon as `wake` is called. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.end = () => {
        this.end = null;
        resolve();
      };
      this.timer = setTimeout(() => {
        this.timer = null;
        this.end?.();
      }, ms);
    });
  }

  /** Ends the current sleep now (its promise resolves); nothing when none is running. */
  wake(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.end?.();
  }
}
