import type { AuditOutcome } from '../../../shared/types';

export const when = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function outcomeColor(o: AuditOutcome): string {
  return o === 'verified'
    ? 'teal'
    : o === 'rolled-back'
      ? 'red'
      : o === 'unknown'
        ? 'yellow'
        : 'gray';
}
