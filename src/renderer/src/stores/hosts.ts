import { create } from 'zustand';
import type { HostState } from '../../../shared/types';
import type { OutputOf } from '../../../shared/ipc';
import { call, errorText } from '../api/client';

export type HostView = OutputOf<'hosts/list'>[number];

interface HostsState {
  hosts: HostView[];
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
  applyStates(states: HostState[]): void;
}

export const useHosts = create<HostsState>((set, get) => ({
  hosts: [],
  loaded: false,
  error: null,
  async load() {
    try {
      const hosts = await call('hosts/list', undefined);
      set({ hosts: hosts.sort((a, b) => a.name.localeCompare(b.name)), loaded: true, error: null });
    } catch (err) {
      set({ loaded: true, error: errorText(err) });
    }
  },
  applyStates(states) {
    const byName = new Map(states.map((s) => [s.name, s]));
    const hosts = get().hosts;
    if (!hosts.some((h) => byName.has(h.name))) return;
    set({
      hosts: hosts.map((h) => (byName.has(h.name) ? { ...h, state: byName.get(h.name)! } : h)),
    });
  },
}));
