/** A PBX host as kept in the settings file: never a secret in here. */
export interface HostConfig {
  name: string;
  transport: 'ssh' | 'local';
  /** ssh: host name or ~/.ssh/config alias. */
  host: string;
  port: number | null;
  user: string | null;
  /** Private key file path; the passphrase (if any) lives in the keychain. */
  keyFile: string | null;
  auth: 'key' | 'agent' | 'password';
  configDir: string;
  sudo: boolean;
  /** Pinned "SHA256:..." host key fingerprint (trust on first use). */
  hostKey: string | null;
  /** Pinned key of the ProxyJump host, when ~/.ssh/config sends this host through one. */
  jumpHostKey: string | null;
  amiUser: string | null;
  amiPort: number;
  backupsToKeep: number;
  /**
   * The config dir may be writable by accounts other than root (e.g. owned by `asterisk`): write
   * there as its owner (`sudo -u`) instead of refusing. Absent = false.
   */
  allowSharedConfigDir?: boolean;
  /** How long a change waits for someone else's reload before restoring the files (default 180). */
  reloadWaitSeconds?: number;
  /**
   * Where a secret comes from when not from the keychain: an environment variable or a file
   * (mode 0600) the admin names. Only the name is stored, never the secret.
   */
  amiSecretEnv?: string | null;
  amiSecretFile?: string | null;
  sshPasswordEnv?: string | null;
  sshPasswordFile?: string | null;
  /** Kept connected in the background (tray, notifications, call log). Absent means yes. */
  watch?: boolean;
}
