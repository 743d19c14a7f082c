#!/usr/bin/env node
// `npm run test:e2e`: build the app (renderer, preload, main) unless --no-build, then run the
// browser scenario with a real Secret Service (scripts/with-keyring.sh) unless one is running.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const run = (cmd, argv) => spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (!existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
  console.error('Chromium is missing: apt-get install chromium (or set CHROMIUM_PATH).');
  process.exit(1);
}
if (!args.includes('--no-build')) {
  const status = run('npm', ['run', 'build']);
  if (status !== 0) process.exit(status);
}
const scenario = [
  path.join(root, 'node_modules/.bin/tsx'),
  'tests/e2e/run.ts',
  ...args.filter((a) => a !== '--no-build'),
];
const status = process.env.RAYANPBX_IN_KEYRING
  ? run(scenario[0], scenario.slice(1))
  : run(path.join(root, 'scripts/with-keyring.sh'), scenario);
process.exit(status);
