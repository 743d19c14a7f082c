import type { ExtensionLiveStatus, RegistrationState } from '../../../shared/types';
import { useEvents } from './events';

/**
 * Registration state per host and extension, as the live events report it (seeded from each
 * extension list), so the "registrations online" chart counts every extension the PBX reports,
 * including ones added elsewhere (the CLI, another window) since the table was loaded.
 */
const states = new Map<string, Map<string, RegistrationState>>();

export function seedHost(
  host: string,
  rows: Array<{ number: string; live: ExtensionLiveStatus | null }>,
): void {
  states.set(host, new Map(rows.map((r) => [r.number, r.live?.registration ?? 'offline'])));
}

export function noteRegistrations(host: string, statuses: ExtensionLiveStatus[]): void {
  let m = states.get(host);
  if (!m) states.set(host, (m = new Map()));
  for (const s of statuses) m.set(s.number, s.registration);
}

export function sampleOnline(): void {
  const online: Record<string, number> = {};
  for (const [host, m] of states) {
    let n = 0;
    for (const st of m.values()) if (st === 'online') n++;
    online[host] = n;
  }
  useEvents.getState().sample(online);
}
