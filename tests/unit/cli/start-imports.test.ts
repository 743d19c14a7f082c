/**
 * What a CLI start loads. `--help`, a usage error, `host list` and `audit` must not load ssh2,
 * zod or the keychain binding: those (and the core behind them) are most of a start's time (see
 * `npm run bench` "CLI start"). Checked on the sources through tsx, whose module graph the bundle
 * keeps (esbuild splits at the same dynamic imports).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const HEAVY = ['node_modules/ssh2/', 'node_modules/zod/', 'node_modules/@napi-rs/keyring'];
let dir = '';

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-start-imports-'));
  // Runs in the module loader's hooks thread: every module's URL, as it loads, to a file.
  fs.writeFileSync(
    path.join(dir, 'hooks.mjs'),
    `import fs from 'node:fs';
export async function load(url, context, next) {
  fs.appendFileSync(process.env.LOAD_LOG, url + '\\n');
  return next(url, context);
}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'settings.json'),
    JSON.stringify({
      hosts: [
        {
          name: 'pbx',
          transport: 'ssh',
          host: '10.0.0.1',
          configDir: '/etc/asterisk',
          sudo: false,
        },
      ],
    }),
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The packages `rayanpbx <args>` loaded, and its exit code. */
function loadedBy(args: string[]): { code: number | null; heavy: string[]; stderr: string } {
  const log = path.join(dir, `load-${args.join('-')}.log`);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', path.join(dir, 'register.mjs'), 'src/cli/main.ts', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, RAYANPBX_HOME: dir, LOAD_LOG: log },
      timeout: 60_000,
    },
  );
  const urls = fs.readFileSync(log, 'utf8').split('\n');
  return {
    code: r.status,
    heavy: HEAVY.filter((h) => urls.some((u) => u.includes(h))),
    stderr: r.stderr,
  };
}

describe('what a CLI start loads', () => {
  it.each([[['--help']], [['host', '--help']], [['host', 'list']], [['audit', '--json']]])(
    '%j loads neither ssh2, zod nor the keychain',
    (args) => {
      const r = loadedBy(args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.heavy).toEqual([]);
    },
    60_000,
  );

  it('a command that reaches a PBX loads the core (the probe sees it)', () => {
    const r = loadedBy(['ext', 'list', 'nosuch']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No host named "nosuch"');
    expect(r.heavy).toEqual(expect.arrayContaining(['node_modules/ssh2/', 'node_modules/zod/']));
  }, 60_000);
});
