import { create } from 'zustand';
import type { CallRecord } from '../../../shared/types';
import { call, errorText } from '../api/client';

interface HostCalls {
  records: CallRecord[];
  loading: boolean;
  error: string | null;
}

interface CallsState {
  byHost: Record<string, HostCalls>;
  load(host: string): Promise<void>;
  addRecord(host: string, record: CallRecord): void;
}

export const useCalls = create<CallsState>((set, get) => ({
  byHost: {},
  async load(host) {
    const prev = get().byHost[host] ?? { records: [], loading: false, error: null };
    set({ byHost: { ...get().byHost, [host]: { ...prev, loading: true } } });
    try {
      const records = await call('calls/list', { host, limit: 2000 });
      records.sort((a, b) => b.start - a.start);
      set({ byHost: { ...get().byHost, [host]: { records, loading: false, error: null } } });
    } catch (err) {
      set({
        byHost: { ...get().byHost, [host]: { ...prev, loading: false, error: errorText(err) } },
      });
    }
  },
  addRecord(host, record) {
    const prev = get().byHost[host];
    if (!prev) return;
    const records = [record, ...prev.records.filter((r) => r.id !== record.id)];
    set({ byHost: { ...get().byHost, [host]: { ...prev, records } } });
  },
}));
