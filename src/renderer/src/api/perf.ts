/**
 * Measurements the browser tests read (`window.__rayanPerf`): when each batch of live events
 * arrived, and when the extension table painted after its data arrived.
 */
export interface PerfLog {
  /** `at`: performance.now() on arrival; `wall`: Date.now(), comparable with main's clock. */
  liveDeliveries: Array<{ at: number; wall: number; events: number; handleMs: number }>;
  tableData: Array<{ host: string; rows: number; at: number }>;
  tablePaint: Array<{ host: string; rows: number; at: number }>;
  /** Doctor checks that arrived as progress, before the run's answer. */
  doctorProgress: number;
  reset(): void;
}

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
};

(globalThis as { __rayanPerf?: PerfLog }).__rayanPerf = perf;
