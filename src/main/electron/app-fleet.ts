import type { Fleet } from '../core/fleet/fleet';
import { createFleet } from '../core/fleet/create-fleet';
import type { SettingsBackend } from '../core/hosts/settings-backend';

/**
 * The core's Fleet over the app's settings file (electron-store) and the OS keychain (the
 * default secret store: @napi-rs/keyring's keytar API, with RAYANPBX_* env overrides).
 */
export async function createAppFleet(settings: SettingsBackend & { path: string }): Promise<Fleet> {
  // Change after change on long-lived connections: each write's command is started ahead.
  const fleet = createFleet({ settings, session: { prestartWrites: true } });
  // A host added, renamed or removed with the CLI shows up in the running app.
  fleet.watchSettings(settings.path);
  // Every watched host is connected from the start, whichever page (if any) is opened.
  await fleet.supervise();
  return fleet;
}
