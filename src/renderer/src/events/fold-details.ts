import type { DomainEvent } from '../../../shared/types';

/** How far back (newest first) a details update looks for the line it completes. */
const LOOK_BACK = 50;
/** And how recent that line must be: the user agent follows its registration within seconds. */
const WINDOW_MS = 10_000;

type Registration = Extract<DomainEvent, { kind: 'registration' }>;

/** Same state as before: only the address, user agent or round trip changed. */
function detailsOnly(ev: DomainEvent): ev is Registration {
  return ev.kind === 'registration' && ev.previous === ev.status.registration;
}

/**
 * Adds a batch (oldest first) to the log (newest first). A phone's user agent arrives a few
 * milliseconds after its "offline → online" (it needs a second AMI look-up); that update is
 * folded into the line it completes instead of becoming a second line, "online (updated)". An
 * update with no line of the last few seconds to complete (an address change an hour later)
 * stays a line of its own. The result is a new array; the events themselves are never changed.
 */
export function addToLog(log: DomainEvent[], batch: DomainEvent[], max: number): DomainEvent[] {
  // New lines in arrival order, and the log copied only if a line of it is completed: a burst
  // of 10,000 registrations must not cost 10,000 array shifts.
  const added: DomainEvent[] = [];
  let older = log;
  for (const ev of batch) {
    if (detailsOnly(ev)) {
      const at = lineToComplete(added, older, ev);
      if (at !== null) {
        const [list, i] = at;
        const done = { ...(list[i] as Registration), status: ev.status };
        if (list === added) added[i] = done;
        else {
          if (older === log) older = log.slice();
          older[i] = done;
        }
        continue;
      }
    }
    added.push(ev);
  }
  const out = added.reverse().concat(older);
  return out.length > max ? out.slice(0, max) : out;
}

/** Where the line an update completes is: in the new lines (newest last) or in the log. */
function lineToComplete(
  added: DomainEvent[],
  log: DomainEvent[],
  ev: Registration,
): [DomainEvent[], number] | null {
  let budget = LOOK_BACK;
  const match = (e: DomainEvent) =>
    e.kind === 'registration' && e.host === ev.host && e.status.number === ev.status.number;
  const completes = (e: Registration) =>
    e.status.registration === ev.status.registration && ev.at - e.at <= WINDOW_MS;
  for (let i = added.length - 1; i >= 0 && budget > 0; i--, budget--) {
    const e = added[i]!;
    if (match(e)) return completes(e as Registration) ? [added, i] : null;
  }
  for (let i = 0; i < log.length && budget > 0; i++, budget--) {
    const e = log[i]!;
    if (match(e)) return completes(e as Registration) ? [log, i] : null;
  }
  return null;
}
