/**
 * Per-window event delivery. Core events arrive one by one (a burst of 10,000 registrations is
 * 10,000 calls); each window gets them in batches, at most `maxPerSecond` deliveries a second,
 * so the renderer re-renders once per batch instead of once per event.
 */
export interface PumpSink {
  send(channel: string, payload: unknown[]): void;
}

export interface PumpOptions {
  maxPerSecond?: number;
  /** Items of these channels are coalesced by key: only the latest per key is delivered. */
  coalesce?: Record<string, (item: unknown) => string>;
  now?: () => number;
}

export class EventPump {
  private readonly minGapMs: number;
  private readonly pending = new Map<string, unknown[]>();
  private readonly coalesced = new Map<string, Map<string, unknown>>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastFlush = -Infinity;
  private closed = false;
  /** Deliveries made (one per flush, whatever the number of channels in it). */
  deliveries = 0;

  constructor(
    private readonly sink: PumpSink,
    private readonly options: PumpOptions = {},
  ) {
    // Rounded up, so that 60 gaps never fit in less than one second.
    this.minGapMs = Math.ceil(1000 / (options.maxPerSecond ?? 60));
  }

  private now(): number {
    return this.options.now ? this.options.now() : performance.now();
  }

  push(channel: string, item: unknown): void {
    if (this.closed) return;
    const keyOf = this.options.coalesce?.[channel];
    if (keyOf) {
      let byKey = this.coalesced.get(channel);
      if (!byKey) this.coalesced.set(channel, (byKey = new Map()));
      byKey.delete(keyOf(item));
      byKey.set(keyOf(item), item);
    } else {
      let list = this.pending.get(channel);
      if (!list) this.pending.set(channel, (list = []));
      list.push(item);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.minGapMs - this.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = null;
    if (this.closed) return;
    const batches: Array<[string, unknown[]]> = [];
    for (const [channel, list] of this.pending) if (list.length) batches.push([channel, list]);
    for (const [channel, byKey] of this.coalesced) if (byKey.size) batches.push([channel, [...byKey.values()]]);
    this.pending.clear();
    this.coalesced.clear();
    if (!batches.length) return;
    this.lastFlush = this.now();
    this.deliveries++;
    for (const [channel, list] of batches) {
      try {
        this.sink.send(channel, list);
      } catch {
        // A window that closed mid-send: its unsubscribe follows; other windows are unaffected.
      }
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
    this.coalesced.clear();
  }
}
