import type { RayanError } from '../errors/rayan-error';
import { SudoNotAllowedError, SudoPasswordRequiredError } from './errors';
import { shCommand, shellQuote } from './shell-quote';

/**
 * The command line for a script with arguments, run by `sh` directly or through `sudo -n`
 * (never prompts: a password request fails at once instead of hanging). The script starts with
 * `export LC_ALL=C`, so coreutils' messages are in English whatever the login locale is, since
 * they are matched below; through sudo, `env LC_ALL=C` does the same for sudo's own messages.
 * Without sudo there is no `env`: one process less on every command. Works from any login
 * shell (sh, bash, dash, zsh, csh). `runAsUid`: through `sudo -n -u '#uid'` instead (root can
 * do so without sudo rights of its own).
 */
export function scriptCommand(
  script: string,
  args: readonly string[],
  sudo: boolean,
  runAsUid?: number,
): string {
  const inC = shCommand(`export LC_ALL=C; ${script}`, args);
  // `-u '#uid'`: the directory's owner by number (names can be ambiguous or missing).
  if (runAsUid !== undefined) return `env LC_ALL=C sudo -n -u ${shellQuote(`#${runAsUid}`)} ${inC}`;
  return sudo ? `env LC_ALL=C sudo -n ${inC}` : inC;
}

/** A free-form command, as the user wrote it, optionally through `sudo -n sh -c`. */
export function userCommand(command: string, sudo: boolean): string {
  return sudo ? `env LC_ALL=C sudo -n sh -c ${shellQuote(command)}` : command;
}

const PASSWORD_RE = /^sudo: (a password is required|a terminal is required)/m;
const NOT_ALLOWED_RES: Array<[RegExp, string]> = [
  [/is not in the sudoers file/, 'not in the sudoers file'],
  [/is not allowed to execute/, 'the sudoers rules do not allow `sh`'],
  [/may not run sudo/, 'not allowed to run sudo'],
  [
    /you must have a tty to run sudo/,
    'sudoers has "requiretty"; add "Defaults:<user> !requiretty"',
  ],
  [
    /(sudo: (command )?not found|'sudo': No such file or directory|sudo: No such file)/,
    'sudo is not installed',
  ],
];

/**
 * When a command run through sudo failed because of sudo itself (not the command), the
 * matching typed error; otherwise null. sudo's own failures exit 1 (127 when not installed),
 * and our scripts use other exit codes, so a command's own stderr is not mistaken for sudo's.
 */
export function sudoFailure(
  code: number,
  stderr: string,
  host: string,
  user: string,
): RayanError | null {
  if (code !== 1 && code !== 127) return null;
  if (PASSWORD_RE.test(stderr)) return new SudoPasswordRequiredError(host, user);
  for (const [re, reason] of NOT_ALLOWED_RES) {
    if (re.test(stderr)) return new SudoNotAllowedError(host, user, reason);
  }
  return null;
}
