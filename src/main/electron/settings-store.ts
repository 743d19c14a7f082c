import Store from 'electron-store';
import type { SettingsBackend } from '../core/hosts/settings-backend';
import { rayanpbxHome, SETTINGS_FILE } from '../core/hosts/paths';

/**
 * The app's settings file through electron-store, in the same folder and file as the CLI's
 * (`RAYANPBX_HOME/settings.json`), so a host added in one shows in the other. Holds hosts
 * (without secrets), pinned host keys, UI preferences, notification mutes and window bounds.
 */
export function createElectronSettings(): SettingsBackend & { path: string } {
  const store = new Store<Record<string, unknown>>({
    cwd: rayanpbxHome(),
    name: SETTINGS_FILE.replace(/\.json$/, ''),
    // The file may hold host names and users: readable by the owner only.
    configFileMode: 0o600,
    clearInvalidConfig: false,
  });
  return {
    path: store.path,
    get: <T>(key: string) => store.get(key) as T | undefined,
    set: (key: string, value: unknown) => store.set(key, value),
  };
}
