import { notifications } from '@mantine/notifications';
import type { CallState, DomainEvent, ExtensionLiveStatus } from '../../../shared/types';
import { useCalls } from '../stores/calls';
import { useApplyProgress } from '../stores/apply-progress';
import { useDoctor } from '../stores/doctor';
import { useEvents } from '../stores/events';
import { useExtensions } from '../stores/extensions';
import { useHosts } from '../stores/hosts';
import { BRIDGE_LINK_EVENT, useBridge } from '../stores/bridge';
import { noteRegistrations, sampleOnline } from '../stores/online-sampler';
import { subscribe, transportKind } from './client';
import { perf } from './perf';

/** Routes each delivered batch to the stores: one state update per store per batch. */
export function applyBatch(batch: DomainEvent[]): void {
  const regs = new Map<string, ExtensionLiveStatus[]>();
  const calls = new Map<string, Array<[string, CallState]>>();
  const push = <T>(m: Map<string, T[]>, host: string, v: T) => {
    let list = m.get(host);
    if (!list) m.set(host, (list = []));
    list.push(v);
  };
  let hostsChanged = false;
  const lost = new Map<string, { reason: string; at: number }>();
  const resynced = new Set<string>();
  for (const ev of batch) {
    switch (ev.kind) {
      case 'registration':
        push(regs, ev.host, ev.status);
        break;
      case 'ringing':
        push(calls, ev.host, [ev.callee, 'ringing']);
        if (ev.caller) push(calls, ev.host, [ev.caller, 'in-call']);
        break;
      case 'answered':
        push(calls, ev.host, [ev.callee, 'in-call']);
        if (ev.caller) push(calls, ev.host, [ev.caller, 'in-call']);
        break;
      case 'hangup':
        push(calls, ev.host, [ev.record.callee, 'idle']);
        if (ev.record.caller) push(calls, ev.host, [ev.record.caller, 'idle']);
        useCalls.getState().addRecord(ev.host, ev.record);
        break;
      case 'host-connected':
        hostsChanged = true;
        resynced.add(ev.host);
        lost.delete(ev.host);
        regs.delete(ev.host);
        break;
      case 'host-disconnected':
        hostsChanged = true;
        lost.set(ev.host, { reason: ev.reason, at: ev.at });
        resynced.delete(ev.host);
        regs.delete(ev.host);
        break;
    }
  }
  const ext = useExtensions.getState();
  for (const [host, l] of lost) ext.markUnknown(host, l.reason, l.at);
  // Back: the core resynced before saying so; the table reads the fresh picture, never the old one.
  for (const host of resynced) if (ext.byHost[host]) void ext.load(host);
  for (const [host, statuses] of regs) {
    ext.applyLive(host, statuses);
    noteRegistrations(host, statuses);
  }
  for (const [host, list] of calls) ext.setCallState(host, list);
  useEvents.getState().add(batch);
  if (regs.size) sampleOnline();
  if (hostsChanged) void useHosts.getState().load();
}

export function wireLive(): () => void {
  const onLink = (e: Event) => {
    const { connected } = (e as CustomEvent<{ connected: boolean }>).detail;
    const bridge = useBridge.getState();
    const wasConnected = bridge.connected;
    bridge.setConnected(connected);
    if (!connected && wasConnected) {
      useExtensions.getState().markUnknown(null, 'connection to the app lost', Date.now());
      // Whether a change is still waiting is main's to say: not known while it cannot.
      useApplyProgress.setState({ byHost: {} });
    }
    if (connected && !wasConnected) {
      // Back: everything is read again from the core before it is shown as current.
      void useHosts.getState().load();
      const ext = useExtensions.getState();
      for (const host of Object.keys(ext.byHost)) void ext.load(host);
    }
  };
  window.addEventListener(BRIDGE_LINK_EVENT, onLink);
  const offs = [
    () => window.removeEventListener(BRIDGE_LINK_EVENT, onLink),
    subscribe('live/events', applyBatch),
    subscribe('hosts/state', (states) => useHosts.getState().applyStates(states)),
    // Added, renamed or removed, in this window or by the CLI: the list is read again.
    subscribe('hosts/changed', () => void useHosts.getState().load()),
    subscribe('doctor/progress', (items) => {
      perf.doctorProgress += items.length;
      useDoctor.getState().progress(items);
    }),
    subscribe('apply/progress', (items) => useApplyProgress.getState().progress(items)),
    subscribe('notifications/shown', (items) => {
      useEvents.getState().addNotifications(items);
      // Electron shows them natively; in a browser they are shown in the page instead.
      if (transportKind === 'bridge') {
        for (const n of items.slice(-3)) {
          notifications.show({
            title: n.title,
            message: n.body,
            color: n.kind === 'ringing' ? 'yellow' : n.kind === 'online' ? 'teal' : 'gray',
            autoClose: 4000,
          });
        }
      }
    }),
  ];
  const timer = setInterval(sampleOnline, 10_000);
  return () => {
    for (const off of offs) off();
    clearInterval(timer);
  };
}
