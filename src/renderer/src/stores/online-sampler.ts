import { useEvents } from './events';
import { useExtensions } from './extensions';

/** Online counts per loaded host, for the "registrations online" chart. */
export function sampleOnline(): void {
  const online: Record<string, number> = {};
  for (const [host, ext] of Object.entries(useExtensions.getState().byHost)) {
    online[host] = ext.rows.reduce((n, r) => n + (r.live?.registration === 'online' ? 1 : 0), 0);
  }
  useEvents.getState().sample(online);
}
