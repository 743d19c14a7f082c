import { describe, expect, it } from 'vitest';
import { AppSettingsService } from '../../../src/main/core/settings/app-settings';
import { bindIpc } from '../../../src/main/ipc/bind-ipc';
import type { DomainEvent } from '../../../src/shared/types';
import { memorySettings, memoryTransport, recordingFleet } from './fleet-double';

const reg = (i: number): DomainEvent => ({
  kind: 'registration',
  host: 'pbx1',
  at: Date.now(),
  previous: 'offline',
  status: {
    number: String(10000 + i),
    registration: 'online',
    contactUri: `sip:${10000 + i}@10.0.0.1:5060`,
    address: '10.0.0.1:5060',
    userAgent: 'test',
    roundTripMs: 1,
    callState: 'idle',
    updatedAt: Date.now(),
  },
});

/** Most deliveries inside any 1-second window. */
function maxPerSecond(times: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

function setup() {
  const double = recordingFleet();
  const binding = bindIpc(double.fleet, memoryTransport(), {
    settings: new AppSettingsService(memorySettings()),
  });
  return { ...double, binding };
}

describe('events to a window', () => {
  it('arrive in batches: a burst of 10,000 registrations is a handful of deliveries, in order, none lost', async () => {
    const t = setup();
    const got: DomainEvent[] = [];
    const times: number[] = [];
    t.binding.addPeer({
      send: (channel, payload) => {
        if (channel !== 'live/events') return;
        times.push(performance.now());
        got.push(...(payload as DomainEvent[]));
      },
    });
    for (let i = 0; i < 10_000; i++) t.emit(reg(i));
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toHaveLength(10_000);
    expect(got.map((e) => (e.kind === 'registration' ? e.status.number : ''))).toEqual(
      Array.from({ length: 10_000 }, (_, i) => String(10000 + i)),
    );
    expect(times.length).toBeLessThanOrEqual(2);
  });

  it('never exceed 60 deliveries in any second, however the events are spread', async () => {
    const t = setup();
    const times: number[] = [];
    let count = 0;
    t.binding.addPeer({
      send: (_ch, payload) => {
        times.push(performance.now());
        count += (payload as unknown[]).length;
      },
    });
    // 1.5 s of events every 2 ms: unbatched this would be 750 deliveries.
    let i = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        t.emit(reg(i++));
        if (i >= 750) {
          clearInterval(timer);
          resolve();
        }
      }, 2);
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(count).toBe(750);
    expect(maxPerSecond(times)).toBeLessThanOrEqual(60);
    expect(maxPerSecond(times)).toBeGreaterThan(30);
  });

  it('coalesce host states: a window gets only the latest state per host in a batch', async () => {
    const t = setup();
    const batches: unknown[] = [];
    t.binding.addPeer({ send: (ch, payload) => ch === 'hosts/state' && batches.push(payload) });
    t.emitState({ name: 'a', connection: 'connecting', ami: 'connecting', error: null });
    t.emitState({ name: 'b', connection: 'connected', ami: 'connected', error: null });
    t.emitState({ name: 'a', connection: 'connected', ami: 'connected', error: null });
    await new Promise((r) => setTimeout(r, 50));
    expect(batches).toEqual([
      [
        { name: 'a', connection: 'connected', ami: 'connected', error: null },
        { name: 'b', connection: 'connected', ami: 'connected', error: null },
      ],
    ]);
  });

  it('stop for a closed window and keep flowing to the others', async () => {
    const t = setup();
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = t.binding.addPeer({ send: (_c, p) => a.push(...(p as unknown[])) });
    t.binding.addPeer({ send: (_c, p) => b.push(...(p as unknown[])) });
    t.emit(reg(1));
    offA();
    t.emit(reg(2));
    await new Promise((r) => setTimeout(r, 50));
    expect(a).toHaveLength(0);
    expect(b).toHaveLength(2);
    t.binding.dispose();
    expect(t.listenerCount()).toBe(0);
  });
});
