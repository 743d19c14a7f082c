/**
 * How long `rayanpbx` takes to start: the bundle (`npm run build`) against the tsx path (the
 * TypeScript compiled at every start), run in turn A B A B … so machine drift hits both alike.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOST_DEFAULTS } from '../src/shared/schemas/host';
import { median, quartiles } from './bench-util';
import type { BenchRow } from './report';

const root = path.resolve(import.meta.dirname, '..');
const BIN = path.join(root, 'bin/rayanpbx.js');
const RUNS = 9;

function timeRun(args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** A settings file with 20 hosts, as a fleet admin's would hold. */
function homeWithHosts(): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-bench-cli-'));
  const hosts = Array.from({ length: 20 }, (_, i) => ({
    ...HOST_DEFAULTS,
    name: `pbx${i + 1}`,
    host: `10.0.0.${i + 1}`,
    user: 'admin',
  }));
  fs.writeFileSync(path.join(home, 'settings.json'), JSON.stringify({ hosts }));
  return home;
}

export async function benchCliStart(): Promise<BenchRow[]> {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build-cli.mjs')], {
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`CLI bundle did not build: ${build.stderr}`);
  const home = homeWithHosts();
  try {
    const env = { ...process.env, RAYANPBX_HOME: home, RAYANPBX_CLI_FROM_SOURCE: '0' };
    const tsxEnv = { ...env, RAYANPBX_CLI_FROM_SOURCE: '1' };
    const cases: Array<{ name: string; args: string[]; targetMs: number }> = [
      { name: 'rayanpbx --help', args: [BIN, '--help'], targetMs: 150 },
      { name: 'rayanpbx host list (20 hosts)', args: [BIN, 'host', 'list'], targetMs: 300 },
    ];
    const node: number[] = [];
    const rows: BenchRow[] = [];
    for (const c of cases) {
      const bundle: number[] = [];
      const tsx: number[] = [];
      timeRun(c.args, env); // warm the file cache for both paths
      timeRun(c.args, tsxEnv);
      // Each run's own cost over the floor of that moment: what the CLI adds, whatever the load.
      const over: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const b = timeRun(c.args, env);
        tsx.push(timeRun(c.args, tsxEnv));
        const floor = timeRun(['-e', '0'], env);
        bundle.push(b);
        node.push(floor);
        over.push(b - floor);
      }
      const ms = median(bundle);
      rows.push({
        name: `${c.name}, bundle`,
        value: ms,
        unit: 'ms',
        target: `≤ ${c.targetMs} ms: ${ms <= c.targetMs ? 'met' : 'NOT met'}`,
        baseline: { name: 'tsx path', value: median(tsx), unit: 'ms' },
        note: `wall, median of ${RUNS}; q1–q3 ${quartiles(bundle)} ms (tsx ${quartiles(tsx)} ms); ${median(over).toFixed(0)} ms over node -e 0 run next to it`,
      });
    }
    rows.push({
      name: 'node -e 0 (the floor any start pays, same run)',
      value: median(node),
      unit: 'ms',
      note: `q1–q3 ${quartiles(node)} ms`,
    });
    return rows;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
