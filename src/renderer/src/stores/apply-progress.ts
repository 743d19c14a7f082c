import { create } from 'zustand';
import type { ApplyProgress } from '../../../shared/types';

/** A change a user waits on, per host: what it waits for and since when (main's clock). */
export interface Waiting {
  message: string;
  since: number;
}

interface ApplyProgressState {
  byHost: Record<string, Waiting>;
  progress(items: ApplyProgress[]): void;
}

/** The steps main reports while a change runs; a host's entry goes when main says it is done. */
export const useApplyProgress = create<ApplyProgressState>((set, get) => ({
  byHost: {},
  progress(items) {
    const byHost = { ...get().byHost };
    for (const p of items) {
      if (p.done) delete byHost[p.host];
      else byHost[p.host] = { message: p.message, since: p.since };
    }
    set({ byHost });
  },
}));

/** "12 s" / "2 min 05 s": how long a wait has lasted. */
export function elapsedText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
