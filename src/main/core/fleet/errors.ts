import { RayanError } from '../errors/rayan-error';

/** Someone else's reload ran longer than this change was allowed to wait for it. */
export class ReloadWaitExceededError extends RayanError {
  constructor(host: string, waitMs: number) {
    super(
      'RELOAD_WAIT_EXCEEDED',
      `Asterisk on ${host} was still busy with another reload after ${Math.round(waitMs / 1000)} s (raise the bound with --reload-wait <s> or the host's reload wait setting)`,
      { host, waitMs },
    );
  }
}
