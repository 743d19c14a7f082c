/**
 * `npm run bench`: every figure the issues ask for, measured side by side in ONE run, printed as
 * ratios against the baseline measured in that same run. Not a test: it never fails on a figure.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { printRows, type BenchRow } from './report';

interface Section {
  title: string;
  run: () => Promise<BenchRow[]>;
}

const sections: Section[] = [
  {
    title: 'Config engine: 10,000 extensions (30,000 sections)',
    run: async () => (await import('./config-bench')).benchConfig(),
  },
  {
    title: 'SSH: add one extension over loopback SSH',
    run: async () => (await import('./ssh-bench')).benchSshWrite(),
  },
  {
    title: 'SSH: the hardened write path against the one before issue 9',
    run: async () => (await import('./write-path-bench')).benchWritePath(),
  },
  { title: 'AMI parser', run: async () => (await import('./ami-bench')).benchAmiParser() },
  {
    title: 'Live status of 10,000 extensions through the SSH tunnel',
    run: async () => (await import('./live-bench')).benchLiveStatus(),
  },
  {
    title: 'Apply and verify one extension on a 10,000-extension host',
    run: async () => (await import('./apply-bench')).benchApply(),
  },
  {
    title: 'Fleet: 20 hosts supervised (rest, reconnect storm)',
    run: async () => (await import('./fleet-bench')).benchFleet(),
  },
  {
    title: 'Add one extension on a 10,000-extension host with hints: live dialplan vs reload',
    run: async () => (await import('./live-dialplan-bench')).benchLiveDialplan(),
  },
  {
    title: 'History diff of a 10,000-extension pjsip.conf vs GNU diff -u',
    run: async () => (await import('./history-diff-bench')).benchHistoryDiff(),
  },
  {
    title: 'CLI start: bundle vs tsx',
    run: async () => (await import('./cli-start-bench')).benchCliStart(),
  },
  {
    title: 'Bulk import: 1,000 extensions on a 10,000-extension host vs 1,000 single adds',
    run: async () => (await import('./bulk-bench')).benchBulkImport(),
  },
];

/**
 * Each section runs in a fresh process (same run, one after another): a section's garbage and
 * JIT state must not be billed to the next one.
 */
const [mode, arg] = process.argv.slice(2);
if (mode === '--section') {
  const s = sections[Number(arg)]!;
  try {
    printRows(s.title, await s.run());
    process.exit(0);
  } catch (err) {
    console.log(`\n## ${s.title}\n- could not run: ${(err as Error).message}`);
    process.exit(1);
  }
}

const only = process.argv.slice(2);
let failed = 0;
for (const [i, s] of sections.entries()) {
  if (only.length && !only.some((o) => s.title.toLowerCase().includes(o.toLowerCase()))) continue;
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--section', String(i)],
    {
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
