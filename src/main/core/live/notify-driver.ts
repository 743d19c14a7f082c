import type { FleetApi, NativeNotification } from '../../../shared/types';
import { NotifyPolicy, type NotifyPolicyOptions } from './notify-policy';
import { realScheduler, type Scheduler } from './scheduler';
import type { AppSettings, NotificationShown } from '../../../shared/ipc';
import type { AppSettingsService } from '../settings/app-settings';
import { TrunkAlerts } from '../trunks/trunk-alerts';

/**
 * Fleet events → the core's notify policy (mutes, settle, flood → one summary) → `show`. The
 * Electron glue shows them natively; the browser bridge records them. Mutes come from settings.
 */
export function startNotifyDriver(opts: {
  fleet: FleetApi;
  settings: AppSettingsService;
  show(n: NotificationShown): void;
  policy?: NotifyPolicyOptions;
  scheduler?: Scheduler;
  /** Called when the set of watched trunks that are down changes (the tray turns amber). */
  onTrunksDown?(down: Array<{ host: string; name: string }>): void;
}): { dispose(): void; trunksDown(): Array<{ host: string; name: string }> } {
  const scheduler = opts.scheduler ?? realScheduler;
  const policy = new NotifyPolicy({ now: () => scheduler.now(), ...opts.policy });
  let muted = false;
  let applied = { hosts: new Set<string>(), exts: new Set<string>() };
  const trunks = new TrunkAlerts();
  let trunkMutes = { hosts: new Set<string>(), trunks: new Set<string>() };
  let downKey = '';
  const reportDown = () => {
    const down = trunks.downTrunks();
    const k = down.map((d) => `${d.host}/${d.name}`).join(',');
    if (k === downKey) return;
    downKey = k;
    opts.onTrunksDown?.(down);
  };
  let timer: unknown = null;

  const syncMutes = (s: AppSettings) => {
    muted = s.notifications.muted;
    const next = {
      hosts: new Set(s.notifications.mutedHosts),
      exts: new Set(s.notifications.mutedExtensions),
    };
    for (const h of applied.hosts) if (!next.hosts.has(h)) policy.setMuted(h, null, false);
    for (const h of next.hosts) policy.setMuted(h, null, true);
    for (const e of applied.exts) if (!next.exts.has(e)) policy.setMuted(...split(e), false);
    for (const e of next.exts) policy.setMuted(...split(e), true);
    applied = next;
    const nextTrunks = { hosts: next.hosts, trunks: new Set(s.notifications.mutedTrunks ?? []) };
    for (const h of trunkMutes.hosts) if (!nextTrunks.hosts.has(h)) trunks.setMuted(h, null, false);
    for (const h of nextTrunks.hosts) trunks.setMuted(h, null, true);
    for (const t of trunkMutes.trunks)
      if (!nextTrunks.trunks.has(t)) trunks.setMuted(...split(t), false);
    for (const t of nextTrunks.trunks) trunks.setMuted(...split(t), true);
    trunkMutes = nextTrunks;
    reportDown();
  };

  const emit = (list: NativeNotification[]) => {
    if (muted) return;
    const at = scheduler.now();
    for (const n of list) opts.show({ ...n, at });
  };

  const schedule = () => {
    if (timer !== null) scheduler.clearTimeout(timer);
    timer = null;
    const due = policy.nextDueAt();
    if (due === null) return;
    timer = scheduler.setTimeout(
      () => {
        timer = null;
        emit(policy.due());
        schedule();
      },
      Math.max(0, due - scheduler.now()),
    );
  };

  syncMutes(opts.settings.get());
  const offSettings = opts.settings.onChange(syncMutes);
  const offEvents = opts.fleet.onEvent((ev) => {
    emit(policy.offer(ev));
    emit(trunks.offer(ev));
    if (ev.kind === 'trunk' || ev.kind === 'host-disconnected') reportDown();
    schedule();
  });

  return {
    dispose() {
      offSettings();
      offEvents();
      if (timer !== null) scheduler.clearTimeout(timer);
    },
    trunksDown: () => trunks.downTrunks(),
  };
}

function split(key: string): [string, string] {
  const i = key.lastIndexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}
