import type { ApplyAudit, ApplyAmi } from './apply-change';
import type { AuditRecorder } from '../audit';

/** What a change path says about itself; the host's recorder is added by applyOptions. */
export type AuditSubject = Pick<ApplyAudit, 'action' | 'target'> &
  Partial<Pick<ApplyAudit, 'fieldsChanged'>>;

/** The number a create names (before it is validated: a bad one is recorded as given). */
export function extensionTarget(input: unknown): string {
  const n = (input as { number?: unknown } | null)?.number;
  return typeof n === 'string' || typeof n === 'number' ? String(n) : '(none)';
}

/** A `dialplan reload` the user asked for: recorded like a change (it writes nothing). */
export async function recordedReload<T extends { reloadMs: number }>(
  recorder: AuditRecorder | null,
  host: string,
  ami: ApplyAmi,
  reload: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  const ami0 = ami.roundTrips;
  const entry = (outcome: 'verified' | 'unknown', reason: string | null) => ({
    action: 'dialplan.reload',
    target: 'pbx_config.so',
    fieldsChanged: [],
    outcome,
    reason,
    roundTrips: { ssh: 0, ami: ami.roundTrips - ami0 },
    durationMs: performance.now() - started,
  });
  try {
    const r = await reload();
    // Asterisk answered the reload with Success: there is nothing more to compare it with.
    await recorder?.record(host, entry('verified', null)).catch(() => undefined);
    return r;
  } catch (err) {
    await recorder?.record(host, entry('unknown', (err as Error).message)).catch(() => undefined);
    throw err;
  }
}
