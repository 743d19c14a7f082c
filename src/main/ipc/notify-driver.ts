import type { FleetApi } from '../core/fleet/fleet-api';
import type { NotificationShown } from '../../shared/ipc';
import type { DomainEvent } from '../../shared/types';
import type { AppSettingsService } from './app-settings';

/**
 * Fleet events → (mutes, rate limit) → notifications to show. The Electron glue shows them
 * natively; the browser bridge records them. Both echo them to the windows.
 * PROVISIONAL mapping until src/main/core/live/notify-policy.ts lands; then this delegates to it.
 */
export function startNotifyDriver(opts: {
  fleet: FleetApi;
  settings: AppSettingsService;
  show(n: NotificationShown): void;
}): { dispose(): void } {
  const off = opts.fleet.onEvent((ev) => {
    const n = toNotification(ev);
    if (!n) return;
    const s = opts.settings.get().notifications;
    if (s.muted || s.mutedHosts.includes(n.host)) return;
    if (n.number && s.mutedExtensions.includes(`${n.host}/${n.number}`)) return;
    opts.show(n);
  });
  return { dispose: off };
}

function toNotification(ev: DomainEvent): NotificationShown | null {
  switch (ev.kind) {
    case 'registration': {
      const st = ev.status;
      if (st.registration === 'online' && ev.previous !== 'online')
        return { kind: 'online', host: ev.host, number: st.number, at: ev.at, title: `${st.number} is online`, body: `${ev.host} · ${st.address ?? ''} ${st.userAgent ?? ''}`.trim() };
      if (st.registration !== 'online' && ev.previous === 'online')
        return { kind: 'offline', host: ev.host, number: st.number, at: ev.at, title: `${st.number} went ${st.registration}`, body: ev.host };
      return null;
    }
    case 'ringing':
      return { kind: 'ringing', host: ev.host, number: ev.callee, at: ev.at, title: `${ev.caller ?? 'Unknown'} → ${ev.callee}`, body: `Ringing on ${ev.host}` };
    default:
      return null;
  }
}
