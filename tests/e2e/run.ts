/**
 * The browser scenario (issue 4): the built renderer in Debian's Chromium, driving the real
 * core through the WebSocket bridge, against a real sshd and the AMI test server through the
 * SSH tunnel. Entry: `npm run test:e2e` (tests/e2e/run.mjs builds first, then runs this).
 */
import { adminEdgesScenario } from './admin-edges';
import { bridgeKilledScenario, liveLossScenario } from './fleet-scenario';
import { startHarness } from './harness';
import { performanceScenario } from './performance';
import { functionalScenario, HOST, removeHostScenario } from './scenario';
import { figures, publish, SCREENS, shot, summary } from './steps';
import { scaleScenario } from './scale';
import { trunksScenario } from './trunks';
import { adoptScenario } from './adopt';
import { historyScenario } from './history';
import { historyUnrecordedScenario } from './history-unrecorded';
import { bulkScenario } from './bulk';
import { trunkWaitingScenario } from './trunk-waiting';

const PUBLISHED = [
  'hosts',
  'host-fingerprint',
  'extensions',
  'extension-form-error',
  'extension-created',
  'trunks',
  'trunk-form-error',
  'softphone',
  'nat',
  'events',
  'calls',
  'diagnostics',
  'extensions-10k-online',
  'extensions-dark',
  'extensions-unknown',
  'extensions-back',
  'bridge-lost',
  'host-no-keychain',
  'host-key-changed',
  'extensions-state',
  'softphone-nat',
  'extension-focus-invalid',
  'rolled-back-notice',
  'extension-codec-error',
  'events-ticks',
  'adopt-diff',
  'apply-waiting',
  'trunk-waiting',
  'dialplan-collision',
  'enable-collision',
  'history-diff',
  'history-unrecorded',
  'audit',
  'import-dry-run',
  'import-done',
];

console.log('RayanPBX Console — browser scenario');
const h = await startHarness();
let failed: unknown = null;
try {
  const pbx = await functionalScenario(h);
  await trunksScenario(h, pbx);
  // History reads the trunk step's change as the newest: it runs right after it.
  await historyScenario(h, pbx);
  await historyUnrecordedScenario(h);
  await trunkWaitingScenario(h, pbx);
  await scaleScenario(h, pbx);
  await adoptScenario(h, pbx);
  await adminEdgesScenario(h, pbx);
  await bulkScenario(h, pbx);
  await liveLossScenario(h, pbx);
  await bridgeKilledScenario(h, pbx);
  if (!process.argv.includes('--no-perf')) await performanceScenario(h);
  await removeHostScenario(h, process.argv.includes('--no-perf') ? HOST : 'pbx-10k');
  await publish(
    PUBLISHED.filter((n) =>
      process.argv.includes('--no-perf')
        ? !['extensions-10k-online', 'extensions-dark'].includes(n)
        : true,
    ),
  );
} catch (err) {
  failed = err;
  await shot(h.page, 'failure').catch(() => undefined);
  console.error(`\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
} finally {
  for (const name of [HOST, 'pbx-10k']) await h.keychain.deleteHost(name).catch(() => undefined);
  await h.stop();
}

const s = summary();
console.log(`\n${s.passed} steps passed, ${s.failed} failed. Screenshots: ${SCREENS}`);
if (figures.length) {
  console.log('\nFigures');
  for (const [k, v] of figures) console.log(`  ${k.padEnd(62)} ${v}`);
}
process.exit(failed ? 1 : 0);
