/**
 * Runs the real UI in a browser against the real core, without Electron:
 *   npm run build && npx tsx src/bridge/main.ts [--port 5180]
 * Prints the URL to open (with its one-time token in the fragment).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFleet } from '../main/core/fleet/create-fleet';
import { rayanpbxHome, SETTINGS_FILE } from '../main/core/hosts/paths';
import { JsonFileSettings } from '../main/core/hosts/settings-backend';
import { startBridge } from './bridge';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;

const settingsFile = path.join(rayanpbxHome(), SETTINGS_FILE);
const settings = new JsonFileSettings(settingsFile);
// As the desktop app: each write's command is started ahead (see SshConnectOptions).
const fleet = createFleet({ settings, session: { prestartWrites: true } });
fleet.watchSettings(settingsFile);
await fleet.supervise();
const bridge = await startBridge({
  fleet,
  settings,
  rendererDir: path.join(root, 'out/renderer'),
  port,
});
console.log(`RayanPBX Console (browser bridge) — open:\n  ${bridge.url}`);

const stop = async () => {
  await bridge.close();
  await fleet.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
