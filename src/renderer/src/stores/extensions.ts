import { create } from 'zustand';
import type { ExtensionRow } from '../../../shared/types';
import type { CallState, ExtensionLiveStatus } from '../../../shared/types';
import { offlineStatus, unknownStatus } from '../../../shared/live-status';
import { call, errorText } from '../api/client';
import { perf } from '../api/perf';

export interface HostExtensions {
  rows: ExtensionRow[];
  /** number → index in rows */
  index: Map<string, number>;
  loading: boolean;
  error: string | null;
  /** Bumped on every change, so derived views (filter/sort) know when to recompute. */
  version: number;
}

interface ExtensionsState {
  byHost: Record<string, HostExtensions>;
  load(host: string): Promise<void>;
  /** One batch of live changes → one state update (one render), however many rows it touches. */
  applyLive(host: string, statuses: ExtensionLiveStatus[]): void;
  setCallState(host: string, numbers: Array<[string, CallState]>): void;
  /**
   * The live source of a host (or of every host: host null) is lost: every row reads unknown at
   * once, since `at` and why, with no address or round trip left from before.
   */
  markUnknown(host: string | null, reason: string, at: number): void;
}

const reloadTimers = new Map<string, ReturnType<typeof setTimeout>>();
function scheduleReload(host: string, reload: () => void): void {
  if (reloadTimers.has(host)) return;
  reloadTimers.set(
    host,
    setTimeout(() => {
      reloadTimers.delete(host);
      reload();
    }, 1500),
  );
}

const empty = (): HostExtensions => ({
  rows: [],
  index: new Map(),
  loading: false,
  error: null,
  version: 0,
});

export const useExtensions = create<ExtensionsState>((set, get) => ({
  byHost: {},
  async load(host) {
    const prev = get().byHost[host] ?? empty();
    set({ byHost: { ...get().byHost, [host]: { ...prev, loading: true, error: null } } });
    try {
      const rows = await call('extensions/list', { host });
      perf.record('tableData', { host, rows: rows.length, at: performance.now() });
      const index = new Map(rows.map((r, i) => [r.number, i]));
      set({
        byHost: {
          ...get().byHost,
          [host]: { rows, index, loading: false, error: null, version: prev.version + 1 },
        },
      });
    } catch (err) {
      // The rows as they are now, not as they were when the read began: a loss seen meanwhile
      // (rows marked unknown) must not be undone by the failed read restoring older rows.
      const cur = get().byHost[host] ?? prev;
      set({
        byHost: { ...get().byHost, [host]: { ...cur, loading: false, error: errorText(err) } },
      });
    }
  },
  applyLive(host, statuses) {
    const cur = get().byHost[host];
    if (!cur || !statuses.length) return;
    let rows: ExtensionRow[] | null = null;
    for (const st of statuses) {
      const i = cur.index.get(st.number);
      if (i === undefined) {
        // An extension the table has not seen (added by the CLI or another window): the PBX is
        // the source of truth, so read the list again rather than invent a row.
        scheduleReload(host, () => void get().load(host));
        continue;
      }
      rows ??= cur.rows.slice();
      const row = rows[i]!;
      // Keep the call state the call events set; registrations do not know about calls.
      rows[i] = { ...row, live: { ...st, callState: row.live?.callState ?? st.callState } };
    }
    if (rows)
      set({ byHost: { ...get().byHost, [host]: { ...cur, rows, version: cur.version + 1 } } });
  },
  markUnknown(host, reason, at) {
    const byHost = { ...get().byHost };
    for (const name of host ? [host] : Object.keys(byHost)) {
      const cur = byHost[name];
      if (!cur) continue;
      const rows = cur.rows.map((r) =>
        r.live && r.live.registration !== 'unknown'
          ? { ...r, live: unknownStatus(r.number, at, reason) }
          : r,
      );
      byHost[name] = { ...cur, rows, version: cur.version + 1 };
    }
    set({ byHost });
  },
  setCallState(host, numbers) {
    const cur = get().byHost[host];
    if (!cur) return;
    let rows: ExtensionRow[] | null = null;
    for (const [number, callState] of numbers) {
      const i = cur.index.get(number);
      if (i === undefined) continue;
      rows ??= cur.rows.slice();
      const row = rows[i]!;
      const live: ExtensionLiveStatus = row.live ?? offlineStatus(number, Date.now());
      rows[i] = { ...row, live: { ...live, callState } };
    }
    if (rows)
      set({ byHost: { ...get().byHost, [host]: { ...cur, rows, version: cur.version + 1 } } });
  },
}));
