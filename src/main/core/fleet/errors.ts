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

/** Reloading or reading the live dialplan needs AMI, which this host has not got configured. */
export class AmiNotConfiguredError extends RayanError {
  constructor(host: string) {
    super(
      'AMI_NOT_CONFIGURED',
      `Host "${host}" has no AMI user configured: set one with \`rayanpbx host set ${host} --ami-user <user> --ami-secret-stdin\``,
      { host },
    );
  }
}
