import type { HostConfig } from '../../../shared/types';
import { RayanError } from '../errors/rayan-error';
import { type SettingsBackend, updateSetting } from './settings-backend';

export class HostNotFoundError extends RayanError {
  constructor(name: string) {
    super('HOST_NOT_FOUND', `No host named "${name}". See \`rayanpbx host list\`.`, { host: name });
  }
}

export class HostExistsError extends RayanError {
  constructor(name: string) {
    super(
      'HOST_EXISTS',
      `A host named "${name}" already exists; pick another name or remove it first.`,
      {
        host: name,
      },
    );
  }
}

/** Hosts as kept in the settings file. By construction HostConfig has no secret field. */
export class HostStore {
  constructor(private readonly settings: SettingsBackend) {}

  list(): HostConfig[] {
    return this.settings.get<HostConfig[]>('hosts') ?? [];
  }

  /** The host, or null when there is none of that name. */
  find(name: string): HostConfig | null {
    try {
      return this.get(name);
    } catch {
      return null;
    }
  }

  get(name: string): HostConfig {
    const h = this.list().find((x) => x.name === name);
    if (!h) throw new HostNotFoundError(name);
    return h;
  }

  has(name: string): boolean {
    return this.list().some((x) => x.name === name);
  }

  // Each change re-reads the list inside one locked read-modify-write: a host added by another
  // process meanwhile is kept, and "exists"/"not found" are decided on the list being written.
  add(host: HostConfig): void {
    const picked = pickHostFields(host);
    updateSetting<HostConfig[]>(this.settings, 'hosts', (list = []) => {
      if (list.some((x) => x.name === host.name)) throw new HostExistsError(host.name);
      return [...list, picked];
    });
  }

  update(name: string, patch: Partial<HostConfig>): HostConfig {
    let next: HostConfig | null = null;
    updateSetting<HostConfig[]>(this.settings, 'hosts', (list = []) => {
      const current = list.find((h) => h.name === name);
      if (!current) throw new HostNotFoundError(name);
      const updated = pickHostFields({ ...current, ...patch, name });
      next = updated;
      return list.map((h) => (h.name === name ? updated : h));
    });
    return next!;
  }

  /**
   * Gives a host a new name, in one locked write of the host list; the mutes that name it follow
   * (`host`, `host/number`, `host/trunk`), so a renamed host stays as quiet as it was.
   */
  rename(from: string, to: string): HostConfig {
    let renamed: HostConfig | null = null;
    updateSetting<HostConfig[]>(this.settings, 'hosts', (list = []) => {
      const current = list.find((h) => h.name === from);
      if (!current) throw new HostNotFoundError(from);
      if (list.some((h) => h.name === to)) throw new HostExistsError(to);
      renamed = { ...current, name: to };
      return list.map((h) => (h.name === from ? renamed! : h));
    });
    updateSetting<Record<string, unknown> | undefined>(this.settings, 'notifications', (n) => {
      if (!n) return n;
      const one = (h: unknown) => (h === from ? to : h);
      const scoped = (k: unknown) =>
        typeof k === 'string' && k.startsWith(`${from}/`) ? `${to}${k.slice(from.length)}` : k;
      const map = (v: unknown, f: (x: unknown) => unknown) => (Array.isArray(v) ? v.map(f) : v);
      return {
        ...n,
        mutedHosts: map(n.mutedHosts, one),
        mutedExtensions: map(n.mutedExtensions, scoped),
        mutedTrunks: map(n.mutedTrunks, scoped),
      };
    });
    updateSetting<Record<string, unknown> | undefined>(this.settings, 'ui', (ui) =>
      ui && ui.lastHost === from ? { ...ui, lastHost: to } : ui,
    );
    return renamed!;
  }

  remove(name: string): void {
    updateSetting<HostConfig[]>(this.settings, 'hosts', (list = []) => {
      if (!list.some((h) => h.name === name)) throw new HostNotFoundError(name);
      return list.filter((h) => h.name !== name);
    });
  }
}

/** Copies only known, non-secret fields: a stray `password` in an input can never be persisted. */
export function pickHostFields(h: HostConfig): HostConfig {
  return {
    name: h.name,
    transport: h.transport,
    host: h.host,
    port: h.port ?? null,
    user: h.user ?? null,
    keyFile: h.keyFile ?? null,
    auth: h.auth,
    configDir: h.configDir,
    sudo: h.sudo,
    hostKey: h.hostKey ?? null,
    jumpHostKey: h.jumpHostKey ?? null,
    amiUser: h.amiUser ?? null,
    amiPort: h.amiPort,
    backupsToKeep: h.backupsToKeep,
    // Stored only when set: settings files and outputs of hosts without it stay as they were.
    ...(h.allowSharedConfigDir === true ? { allowSharedConfigDir: true } : {}),
    // Only when set: host list --json keeps its documented shape for hosts that never set it.
    ...(h.reloadWaitSeconds === undefined ? {} : { reloadWaitSeconds: h.reloadWaitSeconds }),
    // Optional fields are kept only when set, so hosts that never used them look as before.
    ...(h.watch === false ? { watch: false } : {}),
    ...(h.amiSecretEnv ? { amiSecretEnv: h.amiSecretEnv } : {}),
    ...(h.amiSecretFile ? { amiSecretFile: h.amiSecretFile } : {}),
    ...(h.sshPasswordEnv ? { sshPasswordEnv: h.sshPasswordEnv } : {}),
    ...(h.sshPasswordFile ? { sshPasswordFile: h.sshPasswordFile } : {}),
  };
}
