import type { FleetApi } from '../core/fleet/fleet-api';
import type { SettingsBackend } from '../core/hosts/settings-backend';

/** Creates the core's Fleet over the app's settings file and the OS keychain. */
export async function createAppFleet(_settings: SettingsBackend): Promise<FleetApi> {
  // CONNECT: `return createFleet({ settings, secrets: new KeychainSecretStore() })` once src/main/core/fleet/create-fleet.ts lands.
  throw new Error('The core Fleet is not available in this build yet.');
}
