import type { DomainEvent } from '../../../shared/types';

export type EventKindFilter = 'registration' | 'ringing' | 'answered' | 'hangup' | 'host' | 'trunk';

export function kindOf(ev: DomainEvent): EventKindFilter {
  return ev.kind === 'host-connected' || ev.kind === 'host-disconnected' ? 'host' : ev.kind;
}

/** The extensions an event is about (for the extension filter). */
export function numbersOf(ev: DomainEvent): string[] {
  switch (ev.kind) {
    case 'registration':
      return [ev.status.number];
    case 'ringing':
    case 'answered':
      return [ev.callee, ...(ev.caller ? [ev.caller] : [])];
    case 'hangup':
      return [ev.record.callee, ...(ev.record.caller ? [ev.record.caller] : [])];
    default:
      return [];
  }
}

export function describe(ev: DomainEvent): { label: string; color: string; text: string } {
  switch (ev.kind) {
    case 'registration': {
      const s = ev.status;
      const where = [
        s.address,
        s.userAgent,
        s.roundTripMs != null ? `${s.roundTripMs.toFixed(1)} ms` : null,
      ]
        .filter(Boolean)
        .join(' · ');
      return {
        label: s.registration,
        color:
          s.registration === 'online'
            ? 'green'
            : s.registration === 'unreachable'
              ? 'yellow'
              : 'gray',
        text: `${s.number} ${ev.previous === s.registration ? `${s.registration} (updated)` : `${ev.previous} → ${s.registration}`}${where ? ` (${where})` : ''}`,
      };
    }
    case 'ringing':
      return {
        label: 'ringing',
        color: 'orange',
        text: `${ev.caller ?? 'unknown'} → ${ev.callee}`,
      };
    case 'answered':
      return { label: 'answered', color: 'blue', text: `${ev.caller ?? 'unknown'} ↔ ${ev.callee}` };
    case 'hangup': {
      const r = ev.record;
      return {
        label: 'hangup',
        color: 'gray',
        text: `${r.caller ?? 'unknown'} → ${r.callee}: ${r.disposition ?? '—'}${r.hangupCauseText ? ` (${r.hangupCauseText})` : ''}${r.durationSec != null ? `, ${r.durationSec}s` : ''}`,
      };
    }
    case 'host-connected':
      return { label: 'connected', color: 'teal', text: 'Host connected' };
    case 'host-disconnected':
      return { label: 'disconnected', color: 'red', text: `Host disconnected: ${ev.reason}` };
    case 'trunk':
      return {
        label: ev.status,
        color: ev.status === 'registered' ? 'green' : ev.status === 'rejected' ? 'red' : 'gray',
        text: `trunk ${ev.name} ${ev.previous} → ${ev.status}${ev.reason ? `: ${ev.reason}` : ''}`,
      };
  }
}

export const timeFmt = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
