/**
 * Issue 10, acceptance 1: one extension added on a 10,000-extension host whose extensions.conf
 * holds the console's dialplan (one hint each), the AMI test server charging what a real Asterisk
 * 22.10.1 charges at time scale 1 (res_pjsip 1.8 s, pbx_config 25 s with 10,000 hints loaded;
 * tests/support/ami-server/reload-cost.ts). The new way: res_pjsip reloaded, the dialplan lines
 * added live. The old way, in the same run: the same change plus the pbx_config reload the
 * console used to send with it (`module reload res_pjsip.so pbx_config.so`).
 *
 * The console's own time (the change's wall time minus Asterisk's reload) is printed beside its
 * target with where it went, and the edit of the texts is timed in-process both ways: the
 * dialplan block spliced (now) and rendered whole (before).
 */
import os from 'node:os';
import type { ApplyResult } from '../src/shared/types';
import { planDialplan } from '../src/main/core/dialplan/plan';
import { applyDialplanGroups, numbersByContext } from '../src/main/core/dialplan/internal';
import { addExtension } from '../src/main/core/pjsip/extensions';
import { dialplanEntries } from '../src/main/core/pjsip/extension-read';
import { ConfigMemo } from '../src/main/core/config/config-memo';
import { bigHostFiles } from '../tests/support/ami-server/big-host';
import { startBenchHost } from './bench-host';
import { median, quartiles } from './bench-util';
import type { BenchRow } from './report';

const RUNS = 9;
const OWN_TARGET_MS = 100;

export async function benchLiveDialplan(): Promise<BenchRow[]> {
  const edit = benchEdit();
  const h = await startBenchHost({ extensions: 10_000, registerAll: false, managedDialplan: true });
  try {
    await h.fleet.liveStatus('pbx');
    const total: number[] = [];
    const ours: number[] = [];
    const steps: Array<NonNullable<ApplyResult['stepsMs']>> = [];
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
      if (r.apply.stepsMs) steps.push(r.apply.stepsMs);
      modules = r.apply.reloadedModules.join(', ');
      dialplanLive = r.apply.liveDialplan.length;
    }
    // The old way: the same kind of change, then pbx_config reloaded as well.
    const old = await h.fleet.createExtension('pbx', {
      number: '79999',
      password: 'abcdefgh12345678',
    });
    const dialplanReload = await h.fleet.reloadDialplan('pbx');
    const oldTotal = old.apply.durationMs + dialplanReload.reloadMs;
    const newTotal = median(total);
    const own = median(ours);
    const step = (k: keyof NonNullable<ApplyResult['stepsMs']>) =>
      median(steps.map((s) => s[k])).toFixed(0);
    const load = os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
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
        value: own,
        unit: 'ms',
        target: `≤ ${OWN_TARGET_MS} ms: ${own <= OWN_TARGET_MS ? 'met' : 'NOT met'}`,
        note: `median of ${RUNS} (quartiles ${quartiles(ours)}, range ${Math.min(...ours).toFixed(0)}–${Math.max(...ours).toFixed(0)} ms); of it (medians): edit of both texts ${step('edit')} ms, write over SSH ${step('write')} ms, live dialplan lines ${step('live')} ms, ShowDialPlan + PJSIPShowEndpoint ${step('verify')} ms; load average during the run: ${load}`,
      },
      edit,
    ];
  } finally {
    await h.close();
  }
}

/**
 * The texts of one extension add on the 10,000-extension files, in-process: pjsip.conf edited,
 * the dialplan planned (block spliced) now, against the same with the block rendered whole, as
 * before. In alternating rounds, so that the machine's load falls on both alike; each round's
 * first change is not counted (the other way's texts have just pushed this one's out of the
 * block memo, which a console changing one host never sees).
 */
export function benchEdit(): BenchRow {
  const files = bigHostFiles(10_000);
  const ways = {
    now: {
      pj: files['pjsip.conf'],
      ex: files['extensions.conf'],
      n: 0,
      times: [] as number[],
      cpu: [] as number[],
      // Each way keeps its own, as each host session does.
      memo: new ConfigMemo(),
    },
    before: {
      pj: files['pjsip.conf'],
      ex: files['extensions.conf'],
      n: 0,
      times: [] as number[],
      cpu: [] as number[],
      memo: new ConfigMemo(),
    },
  };
  for (let round = 0; round < 4; round++) {
    for (const way of ['now', 'before'] as const) {
      const w = ways[way];
      for (let i = 0; i < 4; i++) {
        const input = { number: `7${w.n++}`, password: 'abcdefgh12345678' };
        const t = performance.now();
        const c = cpuMs();
        const a = addExtension(w.pj, input, w.memo);
        const entries = dialplanEntries(a.text, w.memo);
        w.ex =
          way === 'now'
            ? planDialplan(w.ex, entries, { number: input.number }, undefined, w.memo).text
            : applyDialplanGroups(w.ex, numbersByContext(entries), w.memo);
        if (i > 0) {
          w.times.push(performance.now() - t);
          w.cpu.push(cpuMs() - c);
        }
        w.pj = a.text;
      }
    }
  }
  if (ways.now.ex !== ways.before.ex)
    throw new Error('spliced dialplan differs from the rendered one');
  const now = ways.now.times;
  const before = ways.before.times;
  return {
    name: 'edit of both texts for one extension add (in-process)',
    value: median(now),
    unit: 'ms',
    baseline: { name: 'dialplan block rendered whole (before)', value: median(before), unit: 'ms' },
    note: `median of ${now.length} each, in alternating rounds (quartiles ${quartiles(now)} vs ${quartiles(before)}); CPU time of this process, less bent by the machine's load: ${median(ways.now.cpu).toFixed(0)} vs ${median(ways.before.cpu).toFixed(0)} ms (${(median(ways.before.cpu) / median(ways.now.cpu)).toFixed(1)}×); both ways' extensions.conf equal byte for byte at the end`,
  };
}

/** CPU time this process has used (user + system), in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
