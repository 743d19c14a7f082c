import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../../bin/rayanpbx.js');
const PROCESSES = 8;
const ROUNDS = 13;
const homes: string[] = [];

afterAll(() => {
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
});

function rayanpbx(home: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, RAYANPBX_HOME: home },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

describe('settings.json under concurrent writers', () => {
  it(
    `keeps every host when ${PROCESSES} host add processes run at once, ${ROUNDS} rounds`,
    { timeout: 1_200_000 },
    async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-par-'));
        homes.push(home);
        const names = Array.from({ length: PROCESSES }, (_, i) => `h${round}-${i}`);
        const runs = await Promise.all(
          names.map((n) => rayanpbx(home, ['host', 'add', n, '--local', '--no-check'])),
        );
        // --no-check: these hosts point at no PBX; only their settings are under test. The
        // only thing said is the warning naming the failed layer.
        expect(runs.map((r) => r.code)).toEqual(names.map(() => 0));
        for (const r of runs) expect(r.stderr).toMatch(/^(rayanpbx: warning: [^\n]*\n)*$/);
        const saved = JSON.parse(fs.readFileSync(path.join(home, 'settings.json'), 'utf8')) as {
          hosts: Array<{ name: string }>;
        };
        expect(saved.hosts.map((h) => h.name).sort(), `round ${round + 1}`).toEqual(
          [...names].sort(),
        );
        // Nothing left behind: no lock, no temp file.
        expect(fs.readdirSync(home)).toEqual(['settings.json']);
      }
    },
  );
});
