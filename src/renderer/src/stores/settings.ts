import { create } from 'zustand';
import type { AppSettings, SettingsPatch } from '../../../shared/ipc';
import { call } from '../api/client';

interface SettingsState {
  settings: AppSettings | null;
  load(): Promise<void>;
  patch(p: SettingsPatch): Promise<void>;
}

export const useSettings = create<SettingsState>((set) => ({
  settings: null,
  async load() {
    set({ settings: await call('settings/get', undefined) });
  },
  async patch(p) {
    set({ settings: await call('settings/set', p) });
  },
}));
