import type { DomainEvent, TrunkEvent, TrunkRow, TrunkStatus } from '../../../shared/types';

/** The status dot's colour class (StatusDot's data-status). */
export function dotOf(status: TrunkStatus | undefined): string {
  if (status === 'registered') return 'online';
  if (status === 'rejected') return 'down';
  if (status === 'unregistered') return 'offline';
  return 'unknown';
}

/** Rows with the newest live event applied: events arrive between two reads of the list. */
export function withEvents(rows: TrunkRow[], events: TrunkEvent[]): TrunkRow[] {
  return rows.map((r) => {
    const ev = events.find((e) => e.name === r.name);
    if (!ev || !r.enabled || (r.live && r.live.asOf >= ev.at)) return r;
    return {
      ...r,
      live: {
        name: r.name,
        status: ev.status,
        reason: ev.reason,
        nextRegSec: ev.status === r.live?.status ? (r.live?.nextRegSec ?? null) : null,
        asOf: ev.at,
        changedAt: ev.at,
      },
    };
  });
}

/** Trunk events of one host, newest first. */
export function trunkEventsOf(events: DomainEvent[], host: string): TrunkEvent[] {
  return events.filter((e): e is TrunkEvent => e.kind === 'trunk' && e.host === host);
}
