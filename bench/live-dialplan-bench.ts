/**
 * Issue 10, acceptance 1: one extension added on a 10,000-extension host whose extensions.conf
 * holds the console's dialplan (one hint each), the AMI test server charging what a real Asterisk
 * 22.10.1 charges at time scale 1 (res_pjsip 1.8 s, pbx_config 25 s with 10,000 hints loaded;
 * tests/support/ami-server/reload-cost.ts). The new way: res_pjsip reloaded, the dialplan lines
 * added live. The old way, in the same run: the same change plus the pbx_config reload the
 * console used to send with it (`module reload res_pjsip.so pbx_config.so`).
 */
import { startBenchHost } from './bench-host';
import { median, quartiles } from './bench-util';
import type { BenchRow } from './report';

const RUNS = 5;

export async function benchLiveDialplan(): Promise<BenchRow[]> {
  const h = await startBenchHost({ extensions: 10_000, registerAll: false, managedDialplan: true });
  try {
    await h.fleet.liveStatus('pbx');
    const total: number[] = [];
    const ours: number[] = [];
    let modules = '';
    let dialplanLive = 0;
    let verified = true;
    for (let i = 0; i <= RUNS; i++) {
      const r = await h.fleet.createExtension('pbx', {
        number: `8${i}000`,
        password: 'abcdefgh12345678',
      });
      verified &&= r.apply.verified;
      if (i === 0) continue; // the first reads both files (5.8 MB): not what a change costs after
      total.push(r.apply.durationMs);
      ours.push(r.apply.durationMs - r.apply.reloadMs);
      modules = r.apply.reloadedModules.join(', ');
      dialplanLive = r.apply.liveDialplan.length;
    }
    // The old way: the same kind of change, then pbx_config reloaded as well.
    const old = await h.fleet.createExtension('pbx', {
      number: '89000',
      password: 'abcdefgh12345678',
    });
    const dialplanReload = await h.fleet.reloadDialplan('pbx');
    const oldTotal = old.apply.durationMs + dialplanReload.reloadMs;
    const newTotal = median(total);
    return [
      {
        name: 'add one extension, whole change (10,000 extensions + hints)',
        value: newTotal,
        unit: 'ms',
        target: '≥ 10× faster than the old way',
        baseline: {
          name: 'old way (res_pjsip + pbx_config reloaded)',
          value: oldTotal,
          unit: 'ms',
        },
        note: `reloaded: ${modules}; dialplan lines added live for ${dialplanLive} number; verified: ${verified}; old way (res_pjsip + pbx_config reloaded) ${oldTotal.toFixed(0)} ms, of which pbx_config ${dialplanReload.reloadMs.toFixed(0)} ms: ${(oldTotal / newTotal).toFixed(1)}× slower; median of ${RUNS} (quartiles ${quartiles(total)})`,
      },
      {
        name: "console's own time on top of the res_pjsip reload",
        value: median(ours),
        unit: 'ms',
        target: '≤ 100 ms',
        note: `median of ${RUNS} (quartiles ${quartiles(ours)}, range ${Math.min(...ours).toFixed(0)}–${Math.max(...ours).toFixed(0)} ms): write, live dialplan (4 lines, one round trip), ShowDialPlan + PJSIPShowEndpoint`,
      },
    ];
  } finally {
    await h.close();
  }
}
