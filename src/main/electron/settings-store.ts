import Store from 'electron-store';
import type { SettingsBackend } from '../core/hosts/settings-backend';
import { withFileLock } from '../core/hosts/file-lock';
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
  // electron-store re-reads the file and writes it whole on every set: under the lock every
  // writer of the file takes (JsonFileSettings), so a `rayanpbx host add` running meanwhile is
  // not overwritten by the app's next preference change.
  const lock = `${store.path}.lock`;
  return {
    path: store.path,
    get: <T>(key: string) => store.get(key) as T | undefined,
    set: (key: string, value: unknown) => withFileLock(lock, () => store.set(key, value)),
    update: <T>(key: string, fn: (current: T | undefined) => unknown) =>
      withFileLock(lock, () => store.set(key, fn(store.get(key) as T | undefined))),
  };
}
