import { notifications } from '@mantine/notifications';
import type { ApplyResult } from '../../../shared/types';
import { applyFailureText } from '../../../shared/apply-text';

/**
 * An error stays until dismissed, but a minute at most: a notice nobody closes must not keep
 * covering the page (the stack shows 3; a newer one waits for the space).
 */
export const ERROR_AUTO_CLOSE_MS = 60_000;

/** What a change did on the PBX, in one notification: reloaded, verified, or rolled back and why. */
export function notifyApply(action: string, r: ApplyResult): void {
  if (r.rolledBack) {
    notifications.show({
      color: 'red',
      title: `${action}: rolled back`,
      message: applyFailureText(r),
      autoClose: ERROR_AUTO_CLOSE_MS,
      'data-testid': 'apply-notice',
      'data-outcome': 'rolled-back',
    });
    return;
  }
  const steps = [
    r.written.length ? 'written' : null,
    r.reloaded ? 'reloaded' : null,
    r.verified ? 'verified' : null,
  ]
    .filter(Boolean)
    .join(', ');
  const outcome = r.verified ? 'verified' : r.reloaded ? 'reloaded' : 'written';
  notifications.show({
    color: r.verified ? 'teal' : 'yellow',
    title: `${action}: ${steps || 'no change'}`,
    message: [
      r.reason,
      r.restartNeeded ? 'An Asterisk restart is needed for this change to take effect.' : null,
      `${r.sshRoundTrips} SSH + ${r.amiRoundTrips} AMI round trips, ${Math.round(r.durationMs)} ms`,
    ]
      .filter(Boolean)
      .join(' '),
    autoClose: r.verified ? 5000 : 10000,
    'data-testid': 'apply-notice',
    'data-outcome': outcome,
  });
}

export function notifyError(action: string, message: string): void {
  notifications.show({
    color: 'red',
    title: `${action} failed`,
    message,
    autoClose: ERROR_AUTO_CLOSE_MS,
    'data-testid': 'error-notice',
  });
}
