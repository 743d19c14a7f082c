import type { FleetApi } from '../core/fleet/fleet-api';
import { createFleet } from '../core/fleet/create-fleet';
import type { SettingsBackend } from '../core/hosts/settings-backend';

/**
 * The core's Fleet over the app's settings file (electron-store) and the OS keychain (the
 * default secret store: @napi-rs/keyring's keytar API, with RAYANPBX_* env overrides).
 */
export async function createAppFleet(settings: SettingsBackend): Promise<FleetApi> {
  return createFleet({ settings });
}
