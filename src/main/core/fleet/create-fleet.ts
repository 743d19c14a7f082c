import path from 'node:path';
import { HostStore } from '../hosts/host-store';
import { rayanpbxHome, SETTINGS_FILE } from '../hosts/paths';
import { JsonFileSettings, type SettingsBackend } from '../hosts/settings-backend';
import {
  EnvOverlaySecretStore,
  KeychainSecretStore,
  type SecretStore,
} from '../secrets/secret-store';
import { HostSourcedSecretStore } from '../secrets/host-secret-sources';
import { Fleet, type FleetOptions } from './fleet';

export interface CreateFleetOptions {
  /** Settings folder; default $RAYANPBX_HOME or the per-user config dir. */
  home?: string;
  /** The app passes its electron-store here; the CLI uses the JSON file in `home`. */
  settings?: SettingsBackend;
  secrets?: SecretStore;
  sshConfigPath?: string | null;
  session?: FleetOptions['session'];
  trunkSipTimeoutMs?: FleetOptions['trunkSipTimeoutMs'];
}

/** The one way the app, the CLI, the bridge and the tests get a Fleet, wired the same way. */
export function createFleet(opts: CreateFleetOptions = {}): Fleet {
  const home = opts.home ?? rayanpbxHome();
  const settings = opts.settings ?? new JsonFileSettings(path.join(home, SETTINGS_FILE));
  const hosts = new HostStore(settings);
  const keychain = opts.secrets ?? new EnvOverlaySecretStore(new KeychainSecretStore());
  return new Fleet({
    hosts,
    // A host may name an environment variable or a file for a secret instead of the keychain.
    secrets: new HostSourcedSecretStore((name) => hosts.find(name), keychain),
    dataDir: home,
    sshConfigPath: opts.sshConfigPath,
    session: opts.session,
    trunkSipTimeoutMs: opts.trunkSipTimeoutMs,
  });
}
