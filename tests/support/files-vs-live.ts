import { readHandWritten, readManagedDialplan } from '../../src/main/core/dialplan';
import { formatLiveLine } from '../../src/main/core/fleet/dialplan-view';
import { managedLines } from '../../src/main/core/dialplan/live';
import { readExtensions } from '../../src/main/core/pjsip/extensions';
import type { AmiTestServer } from './ami-server/server';
import type { PbxDir } from './pbx-dir';

/**
 * Every way the PBX's files and what its Asterisk runs differ, as readable lines ([] when they
 * agree): endpoints (enabled managed extensions of pjsip.conf vs loaded endpoints) and the
 * managed dialplan (each number of the block holds exactly its lines live; no managed-looking
 * number is live that the block does not hold, unless written by hand).
 */
export async function filesVsLive(pbx: PbxDir, ami: AmiTestServer): Promise<string[]> {
  const out: string[] = [];
  const pjsip = await pbx.read('pjsip.conf');
  const conf = await pbx.read('extensions.conf');
  const wantEndpoints = readExtensions(pjsip)
    .filter((e) => e.enabled)
    .map((e) => e.number)
    .sort();
  const liveEndpoints = [...ami.pjsip.endpoints.keys()].sort();
  if (wantEndpoints.join() !== liveEndpoints.join())
    out.push(`endpoints: files ${wantEndpoints.join(',')} / live ${liveEndpoints.join(',')}`);
  const managed = readManagedDialplan(conf);
  if (managed === null) return [...out, 'managed dialplan block unreadable'];
  const hand = readHandWritten(conf);
  const contexts = new Set([...managed.keys(), ...ami.dialplan.keys()]);
  for (const ctx of contexts) {
    const live = ami.dialplan.get(ctx) ?? [];
    const handNames = new Set((hand.get(ctx) ?? []).map((h) => h.name));
    const numbers = managed.get(ctx) ?? new Set<string>();
    for (const n of numbers) {
      if (handNames.has(n)) continue;
      const got = live.filter((l) => l.extension === n).map(formatLiveLine);
      const want = managedLines(n).map(formatLiveLine);
      if (got.join('|') !== want.join('|'))
        out.push(`${n}@${ctx}: files ${want.join(' ')} / live ${got.join(' ') || 'nothing'}`);
    }
    for (const name of new Set(live.map((l) => l.extension)))
      if (!numbers.has(name) && !handNames.has(name))
        out.push(`${name}@${ctx}: live but in no file`);
  }
  return out;
}
