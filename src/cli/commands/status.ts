import type { FleetApi, HostState } from '../../shared/types';
import { LAYER_LABEL } from '../../shared/host-state';
import { EXIT_PARTIAL } from './ext';
import { intFlag, parseArgs } from '../args';
import { type Io, printJson, table } from '../output';

const DEFAULT_WAIT_S = 20;

/**
 * `rayanpbx status`: every host connected once (as the app's supervisor does) and its state
 * printed with the failing layer, the reason, when it was seen and by what. Exit 0 when all are
 * connected, 3 when some are not.
 */
export async function statusCommand(fleet: FleetApi, argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, { values: ['wait'], booleans: ['json'] });
  const waitMs = (intFlag(a, 'wait') ?? DEFAULT_WAIT_S) * 1000;
  const hosts = await fleet.listHosts();
  const latest = new Map<string, HostState>();
  const off = fleet.onHostState((s) => latest.set(s.name, s));
  await fleet.supervise();
  const settled = () =>
    hosts.every((h) => {
      const p = latest.get(h.name)?.health?.phase;
      return h.watch === false || (p !== undefined && p !== 'connecting');
    });
  const end = Date.now() + waitMs;
  while (!settled() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  off();
  const rows = hosts.map((h) => {
    const health = latest.get(h.name)?.health ?? null;
    return {
      name: h.name,
      state: h.watch === false ? 'not-watched' : (health?.phase ?? 'connecting'),
      layer: health?.layer ?? null,
      reason: health?.reason ?? null,
      asOf: health ? new Date(health.asOf).toISOString() : null,
      source: health?.source ?? null,
    };
  });
  if (a.booleans.has('json')) printJson(io, rows);
  else if (rows.length === 0)
    io.out('No hosts yet. Add one: rayanpbx host add <name> --ssh user@host');
  else {
    const t = [['HOST', 'STATE', 'LAYER', 'AS OF', 'REASON']];
    for (const r of rows)
      t.push([
        r.name,
        r.state,
        r.layer ? LAYER_LABEL[r.layer] : '-',
        r.asOf ?? '-',
        r.reason ?? '-',
      ]);
    for (const l of table(t)) io.out(l);
  }
  return rows.every((r) => r.state === 'connected' || r.state === 'not-watched') ? 0 : EXIT_PARTIAL;
}
