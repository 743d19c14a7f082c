import { RayanError } from '../errors/rayan-error';

/**
 * Typed errors of the host transports. Codes are stable (CLI, IPC and tests match on them).
 * No message or detail ever carries a password, passphrase or file content.
 */

function where(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export class HostUnreachableError extends RayanError {
  constructor(host: string, port: number, cause: string) {
    super(
      'SSH_HOST_UNREACHABLE',
      `Cannot reach ${where(host, port)} (${cause}): check the host name, the port and that sshd is running and not firewalled.`,
      { host, port, cause },
    );
  }
}

export class ConnectTimeoutError extends RayanError {
  constructor(host: string, port: number, timeoutMs: number) {
    super(
      'SSH_CONNECT_TIMEOUT',
      `No SSH handshake with ${where(host, port)} within ${timeoutMs} ms: the host may be down, firewalled, or not an SSH server on that port.`,
      { host, port, timeoutMs },
    );
  }
}

export class AuthFailedError extends RayanError {
  constructor(user: string, host: string, port: number, methodsTried: string[]) {
    const tried = methodsTried.length ? methodsTried.join(', ') : 'none available';
    super(
      'SSH_AUTH_FAILED',
      methodsTried.length
        ? `SSH login as ${user} on ${where(host, port)} was refused (tried: ${tried}): check the key is in the user's authorized_keys, or the password.`
        : `No SSH login method for ${user} on ${where(host, port)}: give a private key file, an ssh-agent (SSH_AUTH_SOCK) or a password.`,
      { user, host, port, methodsTried },
    );
  }
}

export class PrivateKeyError extends RayanError {
  constructor(
    path: string,
    reason: 'unreadable' | 'passphrase-required' | 'wrong-passphrase' | 'unsupported',
    cause?: string,
  ) {
    const text = {
      unreadable: `Cannot read the private key file ${path}${cause ? ` (${cause})` : ''}.`,
      'passphrase-required': `The private key ${path} is encrypted: give its passphrase.`,
      'wrong-passphrase': `The passphrase for the private key ${path} is wrong.`,
      unsupported: `The private key ${path} is not a supported OpenSSH/PEM key${cause ? ` (${cause})` : ''}.`,
    }[reason];
    super('SSH_PRIVATE_KEY', text, { path, reason });
  }
}

export class HostKeyUnknownError extends RayanError {
  constructor(
    host: string,
    port: number,
    fingerprint: string,
    keyType: string,
    role: 'target' | 'jump' = 'target',
  ) {
    super(
      'SSH_HOST_KEY_UNKNOWN',
      `The ${role === 'jump' ? 'jump host' : 'host'} ${where(host, port)} presented ${keyType} key ${fingerprint}, which is not pinned: confirm it (trust on first use) before connecting.`,
      { host, port, fingerprint, keyType, role },
    );
  }
}

export class HostKeyMismatchError extends RayanError {
  constructor(
    host: string,
    port: number,
    expected: string,
    presented: string,
    keyType: string,
    role: 'target' | 'jump' = 'target',
  ) {
    super(
      'SSH_HOST_KEY_MISMATCH',
      `The ${role === 'jump' ? 'jump host' : 'host'} key of ${where(host, port)} changed: expected ${expected}, presented ${presented} (${keyType}). Refusing to connect; if the server was reinstalled, verify the new key out of band and trust it again.`,
      { host, port, expected, presented, keyType, role },
    );
  }
}

export class PermissionDeniedError extends RayanError {
  constructor(path: string, host: string, user: string, sudo: boolean, operation: string) {
    super(
      'PERMISSION_DENIED',
      sudo
        ? `Permission denied to ${operation} ${path} on ${host}, even through sudo.`
        : `Permission denied to ${operation} ${path} on ${host} as ${user}: mark the host as sudo, or give ${user} access to the file and its directory.`,
      { path, host, user, sudo, operation },
    );
  }
}

export class SudoPasswordRequiredError extends RayanError {
  constructor(host: string, user: string) {
    super(
      'SUDO_PASSWORD_REQUIRED',
      `sudo on ${host} asks ${user} for a password; the console runs \`sudo -n sh -c …\` and never types one. Add a rule such as "${user} ALL=(root) NOPASSWD: /bin/sh" in /etc/sudoers.d/rayanpbx (or make sure ${user} may use sudo at all).`,
      { host, user },
    );
  }
}

export class SudoNotAllowedError extends RayanError {
  constructor(host: string, user: string, reason: string) {
    super(
      'SUDO_NOT_ALLOWED',
      `${user} may not use sudo on ${host} (${reason}): add a NOPASSWD rule for /bin/sh in /etc/sudoers.d, or connect as a user that can read and write the Asterisk configuration.`,
      { host, user, reason },
    );
  }
}

export class ConcurrentModificationError extends RayanError {
  constructor(path: string, host: string, expectedHash: string | null, actualHash: string | null) {
    const describe = (h: string | null) => (h === null ? 'no file' : `sha256 ${h.slice(0, 12)}…`);
    super(
      'CONCURRENT_MODIFICATION',
      `${path} on ${host} changed since it was read (expected ${describe(expectedHash)}, found ${describe(actualHash)}); nothing was written. Read it again and retry.`,
      { path, host, expectedHash, actualHash },
    );
  }
}

export class ForwardingRefusedError extends RayanError {
  constructor(host: string, target: string, serverReason: string) {
    super(
      'SSH_FORWARDING_REFUSED',
      `The SSH server ${host} refused to open a tunnel to ${target} (${serverReason}): set "AllowTcpForwarding yes" (or "local") for this user in its sshd_config and reload sshd.`,
      { host, target, serverReason },
    );
  }
}

export class ForwardTargetUnreachableError extends RayanError {
  constructor(host: string, target: string, serverReason: string) {
    super(
      'SSH_FORWARD_TARGET_UNREACHABLE',
      `Through SSH on ${host}, nothing accepted a connection to ${target} (${serverReason}): check that the service listens there.`,
      { host, target, serverReason },
    );
  }
}

export class ConnectionLostError extends RayanError {
  constructor(host: string, during: string) {
    super(
      'SSH_CONNECTION_LOST',
      `The SSH connection to ${host} was lost while ${during}; reconnect and retry (a file being written holds either its old or its new content: read it again first).`,
      { host, during },
    );
  }
}

export class CommandTimeoutError extends RayanError {
  constructor(host: string, what: string, timeoutMs: number) {
    const What = what.charAt(0).toUpperCase() + what.slice(1);
    super('COMMAND_TIMEOUT', `${What} on ${host} did not finish within ${timeoutMs} ms.`, {
      host,
      what,
      timeoutMs,
    });
  }
}

export class RemoteCommandError extends RayanError {
  constructor(host: string, what: string, exitCode: number, stderr: string) {
    const firstLine = stderr.trim().split('\n')[0]?.slice(0, 300) ?? '';
    super(
      'REMOTE_COMMAND_FAILED',
      `${what} on ${host} failed with exit code ${exitCode}${firstLine ? `: ${firstLine}` : ''}.`,
      { host, what, exitCode, stderr: stderr.slice(0, 2000) },
    );
  }
}

export class DirectoryNotFoundError extends RayanError {
  constructor(path: string, host: string) {
    super(
      'DIRECTORY_NOT_FOUND',
      `The directory ${path} does not exist on ${host}: check the configuration directory of this host.`,
      {
        path,
        host,
      },
    );
  }
}

export class InvalidPathError extends RayanError {
  constructor(path: string, reason: string) {
    super('INVALID_PATH', `Invalid file path ${JSON.stringify(path)}: ${reason}.`, {
      path,
      reason,
    });
  }
}

export class SshConfigError extends RayanError {
  constructor(file: string, line: number, reason: string) {
    super('SSH_CONFIG_INVALID', `${file}:${line}: ${reason}.`, { file, line, reason });
  }
}

export class PartialBatchWriteError extends RayanError {
  constructor(host: string, replaced: string[], failed: string, cause: string) {
    super(
      'PARTIAL_BATCH_WRITE',
      `${failed} on ${host} could not be replaced (${cause}) after ${replaced.join(', ')} already had been; every file holds either its old or its new content: read them again before retrying.`,
      { host, replaced, failed, cause: cause.slice(0, 300) },
    );
  }
}

/**
 * The target of a write is a symlink. Writing through it as root would let whoever planted it
 * (anyone who can write the config dir) choose which file root replaces.
 */
export class SymlinkTargetError extends RayanError {
  /** `op` read: root reading through the link would show whoever planted it what it points to. */
  constructor(path: string, host: string, pointsTo: string, op: 'written' | 'read' = 'written') {
    super(
      'SYMLINK_TARGET',
      `${path} on ${host} is a symlink (to ${pointsTo}); nothing was ${op}: the console ${op === 'read' ? 'reads as root' : 'writes'} only regular files, so that a link planted in the config dir cannot redirect a privileged ${op === 'read' ? 'read' : 'write'}. Fix: replace the link by the file it points to (mv -- '${pointsTo}' '${path}'), or set the host's config dir to the directory that holds the real files.`,
      { path, host, pointsTo },
    );
  }
}

/** A fifo, device or directory where a config file should be: a fifo would hang the read. */
export class NotRegularFileError extends RayanError {
  constructor(path: string, host: string) {
    super(
      'NOT_REGULAR_FILE',
      `${path} on ${host} is not a regular file (a fifo, device or directory); it was not read. Fix: replace it by the config file, or remove the #include naming it.`,
      { path, host },
    );
  }
}

/** Over the read cap: a config file is far smaller, a sparse gigabyte would fill memory. */
export class FileTooBigError extends RayanError {
  constructor(path: string, host: string, maxBytes: number) {
    super(
      'FILE_TOO_BIG',
      `${path} on ${host} is over ${maxBytes / 1048576} MiB; it was not read (no config file is that big). Fix: check what the file is, and remove it or the #include naming it.`,
      { path, host, maxBytes },
    );
  }
}

/** Ownership of a directory as the write script saw it (stat -L). */
export interface DirOwnership {
  uid: number;
  gid: number;
  owner: string;
  group: string;
  /** Octal, as `stat -c %a` prints it (e.g. "775"). */
  mode: string;
}

/**
 * The write would run as root in a directory another account can write: that account could
 * aim root's write with links and races (and gain root).
 */
export class SharedConfigDirError extends RayanError {
  constructor(dir: string, host: string, o: DirOwnership) {
    super(
      'SHARED_CONFIG_DIR',
      `${dir} on ${host} (owner ${o.owner}, group ${o.group}, mode ${o.mode}) can be written by an account other than root, and the console would write there as root: that account could turn the write against the PBX. Nothing was written. Fix: make the directory root's and not group- or other-writable (chown root: '${dir}' && chmod go-w '${dir}'), or allow it for this host (rayanpbx host set <name> --allow-shared-config-dir), which then writes as the directory's owner (sudo -u ${o.owner}) instead of root.`,
      { dir, host, ...o },
    );
  }
}

/** What a re-read after an interrupted write found, per file. */
export type WriteOutcomeState = 'old' | 'new' | 'other' | 'unknown';

/**
 * The command ended without telling how the write went, after its renames may have started: it
 * is neither done nor failed. The re-read says what each file holds now.
 */
export class WriteOutcomeUnknownError extends RayanError {
  constructor(
    host: string,
    files: Array<{ path: string; state: WriteOutcomeState }>,
    cause: string,
    rereadError: string | null,
  ) {
    const shows =
      rereadError === null
        ? `re-read shows ${files.map((f) => `${f.path} ${f.state === 'other' ? 'changed by someone else' : f.state}`).join(', ')}`
        : `it could not be re-read (${rereadError})`;
    super(
      'WRITE_OUTCOME_UNKNOWN',
      `The write on ${host} was cut off (${cause}) after its renames may have started, so the change may have been applied: ${shows}. Each file holds either its old or its new content: read them again before retrying.`,
      { host, files, cause: cause.slice(0, 300), rereadError },
    );
  }
}
