/**
 * The history diff of a 10,000-extension pjsip.conf (4.5 MB, 290,000 lines) for `npm run bench`:
 * secrets masked on both sides, then unifiedDiff, as `rayanpbx history diff` does it; side by
 * side with the real GNU `diff -u` process on the same two texts, whose bytes it must equal.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maskSecretsPair } from '../src/main/core/config/mask-secrets';
import { unifiedDiff } from '../src/main/core/history/unified-diff';
import { generatePjsipConf } from '../tests/support/generate-conf';
import { median } from './bench-util';
import type { BenchRow } from './report';

const RUNS = 7;

function timed(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export async function benchHistoryDiff(): Promise<BenchRow[]> {
  const before = generatePjsipConf(10_000);
  const lines = before.split('\n');
  const oneExtension = lines.slice();
  oneExtension[lines.indexOf('max_contacts=1', lines.length >> 1)] = 'max_contacts=3';
  const bothEnds = lines.slice();
  bothEnds[0] = '; header edited by hand';
  bothEnds[bothEnds.length - 2] = '; last line edited by hand';
  const cases: Array<[string, string]> = [
    ['one extension changed', oneExtension.join('\n')],
    ['first and last lines changed (whole file compared)', bothEnds.join('\n')],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'rayan-diff-bench-'));
  try {
    return cases.flatMap(([name, after]) => {
      const [then, now] = maskSecretsPair(before, after);
      writeFileSync(join(dir, 'a'), then);
      writeFileSync(join(dir, 'b'), now);
      let gnuOut = '';
      const gnu = median(
        Array.from({ length: RUNS }, () =>
          timed(() => {
            const r = spawnSync('diff', ['-u', '--label', 'old', '--label', 'new', 'a', 'b'], {
              cwd: dir,
              encoding: 'utf8',
              maxBuffer: 1 << 30,
            });
            gnuOut = r.stdout;
          }),
        ),
      );
      const same = gnuOut === unifiedDiff(then, now, 'old', 'new') ? 'same bytes' : 'DIFFERS';
      const row = (what: string, fn: () => unknown): BenchRow => {
        const first = timed(fn);
        return {
          name: `${what}, ${name}`,
          value: median(Array.from({ length: RUNS }, () => timed(fn))),
          unit: 'ms',
          target: 'well under 1000 ms',
          baseline: { name: 'GNU diff -u process', value: gnu, unit: 'ms' },
          note: `first call ${first.toFixed(0)} ms; ${same} as GNU`,
        };
      };
      return [
        row('unifiedDiff', () => unifiedDiff(then, now, 'old', 'new')),
        row('history diff (secrets masked, then unifiedDiff)', () => {
          const [x, y] = maskSecretsPair(before, after);
          return unifiedDiff(x, y, 'old', 'new');
        }),
      ];
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
