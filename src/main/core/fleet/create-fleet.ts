import {
  EnvOverlaySecretStore,
  KeychainSecretStore,
  type SecretStore,
} from '../secrets/secret-store';
import { HostSourcedSecretStore } from '../secrets/host-secret-sources';
import { Fleet, type FleetOptions } from './fleet';
import { type LocalStoreOptions, openLocalStores } from './local-stores';

export interface CreateFleetOptions extends LocalStoreOptions {
  secrets?: SecretStore;
  sshConfigPath?: string | null;
  session?: FleetOptions['session'];
  trunkSipTimeoutMs?: FleetOptions['trunkSipTimeoutMs'];
}

/** The one way the app, the CLI, the bridge and the tests get a Fleet, wired the same way. */
export function createFleet(opts: CreateFleetOptions = {}): Fleet {
  const { home, hosts } = openLocalStores(opts);
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
