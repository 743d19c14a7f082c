import { create } from 'zustand';
import type { DoctorProgress } from '../../../shared/ipc';
import type { DoctorCheck } from '../../../shared/types';
import { call, errorText } from '../api/client';

interface HostDoctor {
  runId: string;
  running: boolean;
  checks: DoctorCheck[];
  error: string | null;
  finishedAt: number | null;
}

interface DoctorState {
  byHost: Record<string, HostDoctor>;
  run(host: string): Promise<void>;
  progress(items: DoctorProgress[]): void;
}

export const useDoctor = create<DoctorState>((set, get) => ({
  byHost: {},
  async run(host) {
    const runId = `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    set({
      byHost: {
        ...get().byHost,
        [host]: { runId, running: true, checks: [], error: null, finishedAt: null },
      },
    });
    try {
      const checks = await call('doctor/run', { host, runId });
      if (get().byHost[host]?.runId !== runId) return;
      set({
        byHost: {
          ...get().byHost,
          [host]: { runId, running: false, checks, error: null, finishedAt: Date.now() },
        },
      });
    } catch (err) {
      const cur = get().byHost[host]!;
      set({
        byHost: {
          ...get().byHost,
          [host]: { ...cur, running: false, error: errorText(err), finishedAt: Date.now() },
        },
      });
    }
  },
  progress(items) {
    const byHost = { ...get().byHost };
    let changed = false;
    for (const { runId, host, check } of items) {
      const cur = byHost[host];
      if (!cur || cur.runId !== runId || !cur.running) continue;
      byHost[host] = { ...cur, checks: [...cur.checks.filter((c) => c.id !== check.id), check] };
      changed = true;
    }
    if (changed) set({ byHost });
  },
}));
