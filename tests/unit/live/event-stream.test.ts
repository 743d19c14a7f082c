import { describe, expect, it } from 'vitest';
import { EventStream } from '../../../src/main/core/live/event-stream';
import type { DomainEvent } from '../../../src/shared/types';

const ev = (at: number): DomainEvent => ({ kind: 'host-connected', host: 'pbx1', at });

describe('EventStream', () => {
  it('keeps only the last `capacity` events, oldest first', () => {
    const s = new EventStream(3);
    for (let i = 1; i <= 5; i++) s.publish(ev(i));
    expect(s.recent().map((e) => e.at)).toEqual([3, 4, 5]);
    expect(s.recent(2).map((e) => e.at)).toEqual([4, 5]);
  });

  it('delivers to subscribers until they unsubscribe, isolating one that throws', () => {
    const errors: unknown[] = [];
    const s = new EventStream(10, (e) => errors.push(e));
    const got: number[] = [];
    s.subscribe(() => {
      throw new Error('bad listener');
    });
    const off = s.subscribe((e) => got.push(e.at));
    s.publish(ev(1));
    off();
    s.publish(ev(2));
    expect(got).toEqual([1]);
    expect(errors).toHaveLength(2);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new EventStream(0)).toThrow(RangeError);
  });
});
