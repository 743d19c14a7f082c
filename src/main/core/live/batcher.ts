import { realScheduler, type Scheduler } from './scheduler';

export interface BatcherOptions<T> {
  deliver: (batch: T[]) => void;
  /** Upper bound on deliveries per second. Default 60 (one per display frame). */
  maxPerSecond?: number;
  /**
   * Items with the same key replace each other within a batch (the last one wins, in the first
   * one's place): e.g. the registration state of one extension. Items without a key are all kept.
   */
  key?: (item: T) => string | undefined;
  scheduler?: Scheduler;
}

/**
 * Turns a stream of items into at most `maxPerSecond` batches per second, so a burst of 10,000
 * events reaches the UI as a few dozen IPC messages instead of 10,000. The first item after a
 * quiet period goes out on the next tick (no added latency); during a burst, items wait at most
 * one interval.
 */
export class Batcher<T> {
  private items: T[] = [];
  private readonly index = new Map<string, number>();
  private timer: unknown = null;
  private last = Number.NEGATIVE_INFINITY;
  private closed = false;
  private readonly interval: number;
  private readonly scheduler: Scheduler;

  constructor(private readonly options: BatcherOptions<T>) {
    const perSecond = options.maxPerSecond ?? 60;
    if (!(perSecond > 0)) throw new RangeError('maxPerSecond must be positive');
    // Rounded up so that no 1-second window can hold perSecond + 1 deliveries.
    this.interval = Math.ceil(1000 / perSecond);
    this.scheduler = options.scheduler ?? realScheduler;
  }

  get pending(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.closed) return;
    const k = this.options.key?.(item);
    if (k !== undefined) {
      const at = this.index.get(k);
      if (at !== undefined) {
        this.items[at] = item;
        return;
      }
      this.index.set(k, this.items.length);
    }
    this.items.push(item);
    if (this.timer === null) {
      const wait = Math.max(0, this.last + this.interval - this.scheduler.now());
      this.timer = this.scheduler.setTimeout(() => this.fire(), wait);
    }
  }

  /** Delivers what is pending now, regardless of the rate (e.g. before closing a window). */
  flush(): void {
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
    this.deliverNow();
  }

  /** Stops: pending items are dropped and later pushes ignored. */
  close(): void {
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
    this.closed = true;
    this.items = [];
    this.index.clear();
  }

  private fire(): void {
    this.timer = null;
    this.deliverNow();
  }

  private deliverNow(): void {
    if (this.items.length === 0) return;
    const batch = this.items;
    this.items = [];
    this.index.clear();
    this.last = this.scheduler.now();
    this.options.deliver(batch);
  }
}
