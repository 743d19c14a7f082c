import path from 'node:path';
import type { AuditRecord, HostState } from '../../../shared/types';
import { AuditLog } from '../audit/audit-log';
import { HostNotFoundError, HostStore } from '../hosts/host-store';
import { rayanpbxHome, SETTINGS_FILE } from '../hosts/paths';
import { JsonFileSettings, type SettingsBackend } from '../hosts/settings-backend';

/**
 * What a fleet keeps on this workstation: the hosts in the settings file and the audit log. Its
 * own module, free of ssh2 and the schemas, so that a command reading only these (`host list`,
 * `audit`) starts without loading the rest of the core.
 */
export interface LocalStores {
  home: string;
  hosts: HostStore;
  audit: AuditLog;
}

export interface LocalStoreOptions {
  /** Settings folder; default $RAYANPBX_HOME or the per-user config dir. */
  home?: string;
  /** The app passes its electron-store here; the CLI uses the JSON file in `home`. */
  settings?: SettingsBackend;
}

export function openLocalStores(opts: LocalStoreOptions = {}): LocalStores {
  const home = opts.home ?? rayanpbxHome();
  const settings = opts.settings ?? new JsonFileSettings(path.join(home, SETTINGS_FILE));
  return { home, hosts: new HostStore(settings), audit: auditLogIn(home) };
}

export function auditLogIn(home: string): AuditLog {
  return new AuditLog(path.join(home, 'audit'));
}

/** A host no session of this process has connected (or tried to). */
export function untouchedHostState(name: string): HostState {
  return { name, connection: 'disconnected', ami: 'disconnected', error: null, health: null };
}

/**
 * One host's audit records, or every host's. The log outlives the host: a removed host's records
 * are still there to read. A name that is neither a host nor in the log is refused as unknown,
 * so a typo is not answered by an empty list.
 */
export async function readAuditLog(
  hosts: HostStore,
  audit: AuditLog,
  host?: string,
): Promise<AuditRecord[]> {
  if (host !== undefined && !hosts.has(host) && !(await audit.has(host)))
    throw new HostNotFoundError(host);
  return audit.read(host);
}
