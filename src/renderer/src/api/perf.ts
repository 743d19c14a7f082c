/**
 * Measurements the browser tests read (`window.__rayanPerf`): when each batch of live events
 * arrived, and when the extension table painted after its data arrived. The app records them
 * always (the tests drive the real build), so each list keeps only its latest `PERF_CAP` entries:
 * a console left open for weeks must not grow without end.
 */
export const PERF_CAP = 5_000;

export interface PerfLog {
  /** `at`: performance.now() on arrival; `wall`: Date.now(), comparable with main's clock. */
  liveDeliveries: Array<{ at: number; wall: number; events: number; handleMs: number }>;
  tableData: Array<{ host: string; rows: number; at: number }>;
  tablePaint: Array<{ host: string; rows: number; at: number }>;
  /** Doctor checks that arrived as progress, before the run's answer. */
  doctorProgress: number;
  reset(): void;
  /** Appends to one of the lists, dropping its oldest entries beyond `PERF_CAP`. */
  record<K extends PerfList>(list: K, entry: PerfLog[K][number]): void;
}

type PerfList = 'liveDeliveries' | 'tableData' | 'tablePaint';

export const perf: PerfLog = {
  liveDeliveries: [],
  tableData: [],
  tablePaint: [],
  doctorProgress: 0,
  reset() {
    this.liveDeliveries.length = 0;
    this.tableData.length = 0;
    this.tablePaint.length = 0;
    this.doctorProgress = 0;
  },
  record(list, entry) {
    const l = this[list] as Array<typeof entry>;
    l.push(entry);
    // Dropped in one batch past a 10% margin: O(1) per entry on average, not a shift each time.
    if (l.length > PERF_CAP * 1.1) l.splice(0, l.length - PERF_CAP);
  },
};

(globalThis as { __rayanPerf?: PerfLog }).__rayanPerf = perf;
