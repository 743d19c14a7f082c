import { beforeEach, describe, expect, it } from 'vitest';
import { perf, PERF_CAP } from '../../../src/renderer/src/api/perf';

beforeEach(() => perf.reset());

describe("the renderer's perf log", () => {
  it('keeps at most PERF_CAP (+10%) entries per list however long the app runs, newest last', () => {
    const total = PERF_CAP * 5 + 7;
    for (let i = 0; i < total; i++)
      perf.record('liveDeliveries', { at: i, wall: i, events: 1, handleMs: 0 });
    expect(perf.liveDeliveries.length).toBeGreaterThanOrEqual(PERF_CAP);
    expect(perf.liveDeliveries.length).toBeLessThanOrEqual(PERF_CAP * 1.1);
    expect(perf.liveDeliveries.at(-1)!.at).toBe(total - 1);
    // What is kept is the latest run of entries, in order, with none missing.
    const kept = perf.liveDeliveries.map((d) => d.at);
    expect(kept).toEqual(kept.map((_, i) => total - kept.length + i));
  });

  it('caps each list on its own and keeps short runs whole', () => {
    for (let i = 0; i < 3; i++) perf.record('tableData', { host: 'pbx1', rows: i, at: i });
    for (let i = 0; i < PERF_CAP * 2; i++)
      perf.record('tablePaint', { host: 'pbx1', rows: i, at: i });
    expect(perf.tableData.map((d) => d.rows)).toEqual([0, 1, 2]);
    expect(perf.tablePaint.length).toBeLessThanOrEqual(PERF_CAP * 1.1);
  });
});
