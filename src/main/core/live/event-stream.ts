import type { DomainEvent } from '../../../shared/types';

export type DomainEventListener = (ev: DomainEvent) => void;

/**
 * One host's domain events: delivered to subscribers as they happen and kept in a bounded ring
 * buffer so a late subscriber (a window opened later, `recentEvents`) sees what just happened.
 * A subscriber that throws is isolated: the others still get the event.
 */
export class EventStream {
  private readonly buf: (DomainEvent | undefined)[];
  private next = 0;
  private count = 0;
  private readonly listeners = new Set<DomainEventListener>();

  constructor(
    readonly capacity = 500,
    private readonly onListenerError: (err: unknown) => void = () => {},
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('EventStream capacity must be a positive integer');
    this.buf = new Array(capacity);
  }

  publish(ev: DomainEvent): void {
    this.buf[this.next] = ev;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    for (const l of this.listeners) {
      try {
        l(ev);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: DomainEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  unsubscribe(listener: DomainEventListener): void {
    this.listeners.delete(listener);
  }

  /** The last `limit` events, oldest first. */
  recent(limit = this.capacity): DomainEvent[] {
    const n = Math.min(limit, this.count);
    const out: DomainEvent[] = new Array(n);
    const start = (this.next - n + this.capacity) % this.capacity;
    for (let i = 0; i < n; i++) out[i] = this.buf[(start + i) % this.capacity] as DomainEvent;
    return out;
  }
}
