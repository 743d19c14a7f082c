import os from 'node:os';
import path from 'node:path';

/**
 * Where settings, call logs and other non-secret data live. The app (electron-store) and the CLI
 * share this folder, so a host added in one is seen by the other.
 */
export function rayanpbxHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RAYANPBX_HOME) return path.resolve(env.RAYANPBX_HOME);
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'rayanpbx');
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'rayanpbx');
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'rayanpbx');
  }
}

export const SETTINGS_FILE = 'settings.json';
