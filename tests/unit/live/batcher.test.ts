import { describe, expect, it } from 'vitest';
import { Batcher } from '../../../src/main/core/live/batcher';
import type { Scheduler } from '../../../src/main/core/live/scheduler';

/** A deterministic clock + timer queue: time only moves when the test says so. */
class FakeScheduler implements Scheduler {
  t = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private seq = 0;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = ++this.seq;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  };
  clearTimeout = (h: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== h);
  };
  advanceTo(t: number) {
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > t) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = t;
  }
}

interface RegEvent {
  ext: string;
  state: string;
}

describe('Batcher: at most 60 deliveries per second', () => {
  it('delivers a 10,000-event burst in ≤ 60 batches per second with the final state per extension', () => {
    const s = new FakeScheduler();
    const deliveries: Array<{ at: number; batch: RegEvent[] }> = [];
    const b = new Batcher<RegEvent>({
      scheduler: s,
      key: (e) => e.ext,
      deliver: (batch) => deliveries.push({ at: s.now(), batch }),
    });
    // 10,000 registration changes over 2 s across 500 extensions (each flaps many times).
    const last = new Map<string, string>();
    for (let i = 0; i < 10_000; i++) {
      s.advanceTo(i * 0.2);
      const ext = String(1000 + (i % 500));
      const state = i % 3 === 0 ? 'offline' : 'online';
      last.set(ext, state);
      b.push({ ext, state });
    }
    s.advanceTo(5000);

    for (const d of deliveries) {
      const inWindow = deliveries.filter((x) => x.at >= d.at && x.at < d.at + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(60);
    }
    const seen = new Map<string, string>();
    for (const d of deliveries) for (const e of d.batch) seen.set(e.ext, e.state);
    expect(seen).toEqual(last);
    console.log(`batcher: 10,000 events over 2 s → ${deliveries.length} deliveries`);
    expect(deliveries.length).toBeLessThanOrEqual(2 * 60 + 1);
  });

  it('never coalesces items without a key (each ringing is delivered)', () => {
    const s = new FakeScheduler();
    const got: number[] = [];
    const b = new Batcher<number>({ scheduler: s, deliver: (batch) => got.push(...batch) });
    for (let i = 0; i < 1000; i++) b.push(i);
    s.advanceTo(100);
    expect(got).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('delivers the first item after a quiet period without waiting', () => {
    const s = new FakeScheduler();
    const at: number[] = [];
    const b = new Batcher<number>({ scheduler: s, deliver: () => at.push(s.now()) });
    s.advanceTo(1000);
    b.push(1);
    s.advanceTo(1000);
    expect(at).toEqual([1000]);
    b.push(2);
    s.advanceTo(2000);
    expect(at).toEqual([1000, 1017]);
  });

  it('drops pending items and ignores pushes after close()', () => {
    const s = new FakeScheduler();
    const got: number[] = [];
    const b = new Batcher<number>({ scheduler: s, deliver: (batch) => got.push(...batch) });
    b.push(1);
    b.close();
    b.push(2);
    s.advanceTo(1000);
    expect(got).toEqual([]);
  });
});
