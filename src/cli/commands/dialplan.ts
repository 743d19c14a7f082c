import type { FleetApi } from '../../shared/types';
import { parseArgs, positional, UsageError } from '../args';
import { type Io, printJson, table } from '../output';
import { changeOptions } from './ext';

/**
 * `dialplan show <host> [<number>] [--json]`: what Asterisk runs next to what the files say, so
 * an admin can see for themselves. `dialplan reload <host> [--reload-wait S]`: the full
 * `pbx_config` reload a change never does on its own (it takes 25-48 s at 10,000 hints).
 */
export async function dialplanCommand(fleet: FleetApi, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const a = parseArgs(rest, { values: ['reload-wait'], booleans: ['json'] });
  const host = positional(a, 0, 'host name');
  switch (sub) {
    case 'show': {
      const views = await fleet.showDialplan(host, a.positionals[1]);
      if (a.booleans.has('json')) {
        printJson(io, views);
        return 0;
      }
      const rows = [['NUMBER', 'CONTEXT', 'HANDLED BY', 'FILES', 'ASTERISK RUNS', '']];
      for (const v of views) {
        const n = Math.max(v.files.length, v.live.length, 1);
        for (let i = 0; i < n; i++)
          rows.push([
            i === 0 ? v.number : '',
            i === 0 ? v.context : '',
            i === 0 ? v.handledBy : '',
            v.files[i] ?? (i === 0 && v.files.length === 0 ? '-' : ''),
            v.live[i] ?? (i === 0 && v.live.length === 0 ? '-' : ''),
            i === 0 && v.same === false ? 'DIFFERS' : '',
          ]);
      }
      for (const l of table(rows)) io.out(l);
      return views.some((v) => v.same === false) ? 1 : 0;
    }
    case 'reload': {
      const r = await fleet.reloadDialplan(host, changeOptions(a, io));
      io.out(
        `dialplan reloaded on ${host} in ${(r.reloadMs / 1000).toFixed(1)} s` +
          (r.waitedMs > 0 ? ` (after waiting ${(r.waitedMs / 1000).toFixed(1)} s)` : ''),
      );
      return 0;
    }
    default:
      throw new UsageError('dialplan needs one of: show, reload');
  }
}
