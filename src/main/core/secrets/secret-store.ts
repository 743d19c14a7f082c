import { RayanError } from '../errors/rayan-error';

export type SecretKind = 'ssh-password' | 'key-passphrase' | 'ami-secret';

/** Where secrets live: the OS keychain in the app and CLI, never the settings file. */
export interface SecretStore {
  get(host: string, kind: SecretKind): Promise<string | null>;
  set(host: string, kind: SecretKind, value: string): Promise<void>;
  delete(host: string, kind: SecretKind): Promise<void>;
  /** Forget everything stored for a host (host removal). */
  deleteHost(host: string): Promise<void>;
  /**
   * A renamed host's stored secrets follow it: copied under the new name, then removed under the
   * old one. Optional: a store without it gets get + set + delete per kind.
   */
  moveHost?(from: string, to: string): Promise<void>;
  /**
   * Rejects with KeychainUnavailableError when a secret could not be stored now (no Secret
   * Service, or its keyring locked). Stores without a keychain resolve.
   */
  check?(): Promise<void>;
}

export class KeychainUnavailableError extends RayanError {
  constructor(cause: string) {
    super(
      'KEYCHAIN_UNAVAILABLE',
      `The OS keychain is not reachable (${cause}). On Linux unlock your login keyring, or start a Secret Service in this session (e.g. \`eval "$(dbus-launch --sh-syntax)"; echo -n PASSWORD | gnome-keyring-daemon --unlock --components=secrets\`, or KeePassXC with Secret Service enabled). Without a keychain, name the secret's source per host instead: --ami-secret-env VAR / --ami-secret-file FILE (mode 0600), --ssh-password-env VAR / --ssh-password-file FILE.`,
    );
  }
}

export const KEYCHAIN_SERVICE = 'rayanpbx-console';
const KINDS: SecretKind[] = ['ssh-password', 'key-passphrase', 'ami-secret'];

export function secretAccount(host: string, kind: SecretKind): string {
  return `${host}/${kind}`;
}

interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** The keytar API served by @napi-rs/keyring (DESIGN.md: why not keytar itself). */
export class KeychainSecretStore implements SecretStore {
  private keytar: Promise<KeytarLike> | null = null;

  constructor(private readonly service = KEYCHAIN_SERVICE) {}

  private load(): Promise<KeytarLike> {
    // Loaded lazily: a CLI call that needs no secret must not fail on a machine without a keychain.
    this.keytar ??= import('@napi-rs/keyring/keytar.js').then(
      (m) => ((m as { default?: KeytarLike }).default ?? m) as KeytarLike,
    );
    return this.keytar;
  }

  private async call<T>(fn: (k: KeytarLike) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.load());
    } catch (err) {
      throw new KeychainUnavailableError(err instanceof Error ? err.message : String(err));
    }
  }

  get(host: string, kind: SecretKind): Promise<string | null> {
    return this.call((k) => k.getPassword(this.service, secretAccount(host, kind)));
  }

  async set(host: string, kind: SecretKind, value: string): Promise<void> {
    await this.call((k) => k.setPassword(this.service, secretAccount(host, kind), value));
  }

  async delete(host: string, kind: SecretKind): Promise<void> {
    await this.call((k) => k.deletePassword(this.service, secretAccount(host, kind)));
  }

  async deleteHost(host: string): Promise<void> {
    for (const kind of KINDS) await this.delete(host, kind);
  }

  moveHost(from: string, to: string): Promise<void> {
    return copyThenDelete(this, from, to);
  }

  /**
   * A write and its removal under an account no host can have ('/' is not allowed in host
   * names): reading alone succeeds (empty) on a bus with no Secret Service at all.
   */
  async check(): Promise<void> {
    await this.call((k) => k.setPassword(this.service, 'rayanpbx/probe', 'probe'));
    await this.call((k) => k.deletePassword(this.service, 'rayanpbx/probe'));
  }
}

/**
 * A store over another that answers `get` its own way (the environment, a host's own source)
 * and leaves what is kept to the store underneath: writes, removals, renames (only the kept
 * entries move; an environment variable or a file is a name in the host's settings) and the
 * keychain check.
 */
export abstract class SecretStoreOverlay implements SecretStore {
  constructor(protected readonly inner: SecretStore) {}

  abstract get(host: string, kind: SecretKind): Promise<string | null>;

  set(host: string, kind: SecretKind, value: string): Promise<void> {
    return this.inner.set(host, kind, value);
  }

  delete(host: string, kind: SecretKind): Promise<void> {
    return this.inner.delete(host, kind);
  }

  deleteHost(host: string): Promise<void> {
    return this.inner.deleteHost(host);
  }

  moveHost(from: string, to: string): Promise<void> {
    return moveSecrets(this.inner, from, to);
  }

  async check(): Promise<void> {
    await this.inner.check?.();
  }
}

/**
 * Headless use (CI, cron, containers): secrets from the environment win over the keychain, and a
 * keychain that is unreachable is not an error when the environment has what is asked for.
 */
export class EnvOverlaySecretStore extends SecretStoreOverlay {
  constructor(
    inner: SecretStore,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    super(inner);
  }

  private fromEnv(kind: SecretKind): string | null {
    const name = {
      'ssh-password': 'RAYANPBX_SSH_PASSWORD',
      'key-passphrase': 'RAYANPBX_KEY_PASSPHRASE',
      'ami-secret': 'RAYANPBX_AMI_SECRET',
    }[kind];
    const v = this.env[name];
    return v ? v : null;
  }

  async get(host: string, kind: SecretKind): Promise<string | null> {
    const env = this.fromEnv(kind);
    if (env !== null) return env;
    return this.inner.get(host, kind);
  }
}

/**
 * Every kept secret of `from` stored under `to` first, then removed under `from`: a failure half
 * way leaves a copy, never a host without its secrets. Only what the store itself keeps moves
 * (the inner store's own `moveHost` when it has one), never a value read from the environment.
 */
export function moveSecrets(store: SecretStore, from: string, to: string): Promise<void> {
  return store.moveHost ? store.moveHost(from, to) : copyThenDelete(store, from, to);
}

async function copyThenDelete(store: SecretStore, from: string, to: string): Promise<void> {
  const kept: SecretKind[] = [];
  for (const kind of KINDS) {
    const v = await store.get(from, kind);
    if (v === null) continue;
    await store.set(to, kind, v);
    kept.push(kind);
  }
  for (const kind of kept) await store.delete(from, kind);
}
