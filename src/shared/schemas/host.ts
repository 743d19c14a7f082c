import { z } from 'zod';
import { bool, identifier, int, text } from './fields';
import { unknownKey } from './extension';
import { optionalShape } from './optional-shape';

export const hostNameInput = identifier('name', 64);

/** Host name, IP address or ~/.ssh/config alias; never an option (`-oProxyCommand=…`). */
export const sshHostInput = text('host', {
  max: 253,
  forbid: [[/^-/, 'must not start with "-"']],
  pattern: /^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:]+:[0-9A-Fa-f:.]*|[A-Za-z0-9_][A-Za-z0-9_.-]*)$/,
  patternHint: 'a host name, an IP address or an ssh config alias',
});

export const sshUserInput = text('user', {
  max: 64,
  forbid: [[/^-/, 'must not start with "-"']],
  pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/,
  patternHint: 'a user name (letters, digits, ".", "_", "-")',
});

export const portInput = (field: string) => int(field, 1, 65535);

/** A local file path (key file): any printable text, no control characters. */
export const keyFileInput = text('keyFile', { max: 4096, noOuterSpace: true });

/**
 * Asterisk's config directory on the PBX. It reaches shell commands (sudo mode), so only a plain
 * absolute path is accepted: no spaces, quotes, `$`, backticks, `..`.
 */
export const configDirInput = text('configDir', {
  max: 1024,
  forbid: [[/(^|\/)\.\.(\/|$)/, 'must not contain ".."']],
  pattern: /^\/[A-Za-z0-9._@+/-]*$/,
  patternHint: 'an absolute path such as /etc/asterisk (letters, digits, . _ @ + - /)',
});

/**
 * An SSH host key fingerprint exactly as `ssh-keygen -lf` prints it and as the probe reports it:
 * unpadded, so a pinned key compares equal to the presented one (with a trailing "=" it never
 * would).
 */
export const fingerprintInput = (field: string) =>
  text(field, {
    max: 60,
    pattern: /^SHA256:[A-Za-z0-9+/]{43}$/,
    patternHint: 'a fingerprint as ssh-keygen -lf prints it (SHA256: and 43 characters)',
  });

export const hostKeyInput = fingerprintInput('hostKey');
export const jumpHostKeyInput = fingerprintInput('jumpHostKey');

export const amiUserInput = text('amiUser', {
  max: 64,
  pattern: /^[A-Za-z0-9_.-]+$/,
  patternHint: 'letters, digits, ".", "_" or "-"',
});

/** The name of an environment variable a secret is read from (never its value). */
const envVarInput = (field: string) =>
  text(field, {
    max: 128,
    pattern: /^[A-Za-z_][A-Za-z0-9_]*$/,
    patternHint: 'an environment variable name (letters, digits, "_")',
  });

export const HOST_DEFAULTS = {
  transport: 'ssh',
  port: null,
  user: null,
  keyFile: null,
  auth: 'key',
  configDir: '/etc/asterisk',
  sudo: false,
  hostKey: null,
  jumpHostKey: null,
  amiUser: null,
  amiPort: 5038,
  backupsToKeep: 10,
  /** How long a change waits for someone else's reload (issue 10: 3 minutes). */
  reloadWaitSeconds: 180,
} as const;

const hostFields = {
  name: hostNameInput,
  transport: z.enum(['ssh', 'local'], { error: 'transport: must be "ssh" or "local"' }),
  /** ssh: host name or ~/.ssh/config alias. */
  host: sshHostInput,
  port: portInput('port').nullable(),
  user: sshUserInput.nullable(),
  /** Private key file path; the passphrase (if any) lives in the keychain. */
  keyFile: keyFileInput.nullable(),
  auth: z.enum(['key', 'agent', 'password'], {
    error: 'auth: must be "key", "agent" or "password"',
  }),
  configDir: configDirInput,
  sudo: bool('sudo'),
  /** Pinned "SHA256:..." host key fingerprint (trust on first use). */
  hostKey: hostKeyInput.nullable(),
  /** Pinned key of the ProxyJump host, when ~/.ssh/config sends this host through one. */
  jumpHostKey: jumpHostKeyInput.nullable(),
  amiUser: amiUserInput.nullable(),
  amiPort: portInput('amiPort'),
  backupsToKeep: int('backupsToKeep', 0, 1000),
  /**
   * The config dir may be writable by accounts other than root (e.g. owned by `asterisk`): write
   * there as its owner (`sudo -u`) instead of refusing. Absent = false.
   */
  allowSharedConfigDir: bool('allowSharedConfigDir'),
  /** How long a change waits for someone else's reload before restoring the files (default 180). */
  reloadWaitSeconds: int('reloadWaitSeconds', 0, 3600),
  /** Kept connected in the background (tray, notifications, call log). Absent means yes. */
  watch: bool('watch'),
  /**
   * Where a secret comes from when not from the keychain: an environment variable or a file
   * (mode 0600) the admin names. Only the name is stored, never the secret.
   */
  amiSecretEnv: envVarInput('amiSecretEnv').nullable(),
  amiSecretFile: text('amiSecretFile', { max: 4096, noOuterSpace: true }).nullable(),
  sshPasswordEnv: envVarInput('sshPasswordEnv').nullable(),
  sshPasswordFile: text('sshPasswordFile', { max: 4096, noOuterSpace: true }).nullable(),
};

/** A host as stored in settings (`HostConfig`); omitted optional fields take defaults. */
export const hostConfigInput = z.strictObject(
  {
    name: hostFields.name,
    transport: hostFields.transport.default(HOST_DEFAULTS.transport),
    host: hostFields.host,
    port: hostFields.port.default(HOST_DEFAULTS.port),
    user: hostFields.user.default(HOST_DEFAULTS.user),
    keyFile: hostFields.keyFile.default(HOST_DEFAULTS.keyFile),
    auth: hostFields.auth.default(HOST_DEFAULTS.auth),
    configDir: hostFields.configDir.default(HOST_DEFAULTS.configDir),
    sudo: hostFields.sudo.default(HOST_DEFAULTS.sudo),
    hostKey: hostFields.hostKey.default(HOST_DEFAULTS.hostKey),
    jumpHostKey: hostFields.jumpHostKey.default(HOST_DEFAULTS.jumpHostKey),
    amiUser: hostFields.amiUser.default(HOST_DEFAULTS.amiUser),
    amiPort: hostFields.amiPort.default(HOST_DEFAULTS.amiPort),
    backupsToKeep: hostFields.backupsToKeep.default(HOST_DEFAULTS.backupsToKeep),
    allowSharedConfigDir: hostFields.allowSharedConfigDir.optional(),
    reloadWaitSeconds: hostFields.reloadWaitSeconds.optional(),
    watch: hostFields.watch.optional(),
    amiSecretEnv: hostFields.amiSecretEnv.optional(),
    amiSecretFile: hostFields.amiSecretFile.optional(),
    sshPasswordEnv: hostFields.sshPasswordEnv.optional(),
    sshPasswordFile: hostFields.sshPasswordFile.optional(),
  },
  { error: unknownKey('host') },
);

export const hostConfigPatchInput = z.strictObject(optionalShape(hostFields), {
  error: unknownKey('host update'),
});

/** Secrets go to the keychain, never into a file; only length-limited here. */
const secret = (field: string) =>
  z
    .string({ error: `${field}: must be a string` })
    .max(4096, `${field}: must be at most 4096 characters`);

export const hostSecretsInput = z.strictObject(
  {
    sshPassword: secret('sshPassword').optional(),
    keyPassphrase: secret('keyPassphrase').optional(),
    amiSecret: secret('amiSecret').optional(),
  },
  { error: unknownKey('host secrets') },
);

/** `user@host[:port]`, `host`, `user@[::1]:2222` as given to `--ssh`. */
export const sshTargetInput = z
  .string({ error: 'ssh: must be a string' })
  .max(400, 'ssh: must be at most 400 characters')
  .transform((raw, ctx) => {
    const at = raw.lastIndexOf('@');
    const user = at === -1 ? null : raw.slice(0, at);
    let rest = at === -1 ? raw : raw.slice(at + 1);
    let port: number | null = null;
    const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
    if (bracket) {
      rest = bracket[1]!;
      port = bracket[2] ? Number(bracket[2]) : null;
    } else {
      const m = /^([^:]+):(\d+)$/.exec(rest);
      if (m) {
        rest = m[1]!;
        port = Number(m[2]);
      }
    }
    const parts = z
      .object({
        user: sshUserInput.nullable(),
        host: sshHostInput,
        port: portInput('port').nullable(),
      })
      .safeParse({ user, host: rest, port });
    if (!parts.success) {
      for (const issue of parts.error.issues)
        ctx.addIssue({ code: 'custom', message: `ssh: ${issue.message}` });
      return z.NEVER;
    }
    return parts.data;
  });

export type HostConfigInput = z.infer<typeof hostConfigInput>;
export type HostConfigPatchInput = z.infer<typeof hostConfigPatchInput>;
export type HostSecretsInput = z.infer<typeof hostSecretsInput>;
export type SshTarget = z.infer<typeof sshTargetInput>;
