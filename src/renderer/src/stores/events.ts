import { create } from 'zustand';
import type { NotificationShown } from '../../../shared/ipc';
import type { DomainEvent } from '../../../shared/types';
import { addToLog } from '../events/fold-details';

const MAX_EVENTS = 2000;
const MAX_SAMPLES = 720;

export interface OnlineSample {
  t: number;
  /** host → extensions online */
  online: Record<string, number>;
}

interface EventsState {
  /** Newest first, bounded. */
  events: DomainEvent[];
  received: number;
  notifications: NotificationShown[];
  samples: OnlineSample[];
  add(batch: DomainEvent[]): void;
  seed(events: DomainEvent[]): void;
  addNotifications(n: NotificationShown[]): void;
  sample(online: Record<string, number>): void;
}

export const useEvents = create<EventsState>((set, get) => ({
  events: [],
  received: 0,
  notifications: [],
  samples: [],
  add(batch) {
    set({
      events: addToLog(get().events, batch.slice(-MAX_EVENTS), MAX_EVENTS),
      received: get().received + batch.length,
    });
  },
  seed(events) {
    if (get().events.length) return;
    set({ events: [...events].sort((a, b) => b.at - a.at).slice(0, MAX_EVENTS) });
  },
  addNotifications(n) {
    set({ notifications: [...n.reverse(), ...get().notifications].slice(0, 200) });
  },
  sample(online) {
    const samples = get().samples;
    const last = samples[samples.length - 1];
    if (
      last &&
      JSON.stringify(last.online) === JSON.stringify(online) &&
      Date.now() - last.t < 60_000
    )
      return;
    set({ samples: [...samples, { t: Date.now(), online }].slice(-MAX_SAMPLES) });
  },
}));
