import { RayanError } from '../errors/rayan-error';

/**
 * Typed AMI failures. Messages are one line a user can act on; `details` never carries the
 * AMI secret or any field value of the action (only its name and Asterisk's own message).
 */
export class AmiError extends RayanError {}

/** Login refused: wrong user or secret (Asterisk gives the same answer for both, after ~1 s). */
export class AmiAuthFailedError extends AmiError {
  constructor(username: string) {
    super(
      'AMI_AUTH_FAILED',
      `AMI login refused for user '${username}': check the AMI user and secret (manager.conf)`,
      {
        username,
      },
    );
  }
}

/** The action needs a privilege the AMI user lacks, or was sent before a successful login. */
export class AmiPermissionDeniedError extends AmiError {
  constructor(action: string) {
    super(
      'AMI_PERMISSION_DENIED',
      `AMI refused '${action}': permission denied (check read/write classes in manager.conf)`,
      {
        action,
      },
    );
  }
}

/** Asterisk does not know the action (e.g. `PJSIPReload`, which does not exist). */
export class AmiUnknownActionError extends AmiError {
  constructor(action: string, serverMessage: string) {
    super(
      'AMI_UNKNOWN_ACTION',
      `AMI does not know the action '${action}' (is the module that provides it loaded?)`,
      {
        action,
        serverMessage,
      },
    );
  }
}

/** `Response: Error` with Asterisk's message, for anything more specific classes do not cover. */
export class AmiActionError extends AmiError {
  readonly action: string;
  readonly serverMessage: string;
  constructor(action: string, serverMessage: string, extra: Record<string, unknown> = {}) {
    super(
      'AMI_ACTION_FAILED',
      `AMI action '${action}' failed: ${serverMessage || 'no reason given'}`,
      {
        action,
        serverMessage,
        ...extra,
      },
    );
    this.action = action;
    this.serverMessage = serverMessage;
  }
}

/** No answer within the action timeout (or, for a list, no new item within it). */
export class AmiTimeoutError extends AmiError {
  constructor(action: string, timeoutMs: number) {
    super('AMI_TIMEOUT', `AMI action '${action}' got no answer within ${timeoutMs} ms`, {
      action,
      timeoutMs,
    });
  }
}

/** The stream closed or broke (or the heartbeat went unanswered) while the action was pending. */
export class AmiConnectionLostError extends AmiError {
  constructor(reason: string, action?: string) {
    super(
      'AMI_CONNECTION_LOST',
      action
        ? `AMI connection lost before '${action}' was answered: ${reason}`
        : `AMI connection lost: ${reason}`,
      action ? { reason, action } : { reason },
    );
  }
}

/** What came back is not AMI (no banner), or a field cannot be sent safely. */
export class AmiProtocolError extends AmiError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('AMI_PROTOCOL', message, details);
  }
}

/**
 * Asterisk refused a reload because another one is running (anyone's: a CLI `module reload`, a
 * console). It reloads nothing in that case, so the caller must wait and send it again. The two
 * refusals (transcript 46): `Command` answers Success with the output line "A module reload
 * request is already in progress; please be patient"; `Reload` answers Error "A reload is in
 * progress".
 */
export class AmiReloadBusyError extends AmiError {
  readonly serverMessage: string;
  constructor(action: string, serverMessage: string) {
    super(
      'AMI_RELOAD_BUSY',
      `Asterisk refused '${action}': another reload is already running (${serverMessage})`,
      { action, serverMessage },
    );
    this.serverMessage = serverMessage;
  }
}

const BUSY_LINES = [
  'A module reload request is already in progress',
  'A reload is in progress',
] as const;

/** Whether this answer text is one of Asterisk's "another reload is running" refusals. */
export function isReloadBusyMessage(text: string): boolean {
  const t = text.trim();
  return BUSY_LINES.some((b) => t.startsWith(b));
}
