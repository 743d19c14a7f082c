import type { FleetApi } from '../../shared/types';
import type { AuditRecord, HistoryEntry } from '../../shared/types';
import { parseArgs, positional, UsageError } from '../args';
import { type Io, printable, printChangeOutcome, printJson, table } from '../output';

const changeText = (e: HistoryEntry) =>
  e.change
    ? `${e.change.action} ${e.change.target} (${e.change.outcome}, ${e.change.osUser})`
    : 'not in this workstation’s audit log';

/**
 * `history <host> [--json]`: the backups the console's writes left on the PBX, oldest first,
 * each with the change that made it. `history diff <host> <id>`: `diff -u` of that backup
 * against the files now. `history restore <host> <id> [--unrecorded] [--json]`: the files its
 * audit record lists back, verified (`--unrecorded`: a backup no record lists, all its files).
 */
export async function historyCommand(fleet: FleetApi, argv: string[], io: Io): Promise<number> {
  const sub = argv[0] === 'diff' || argv[0] === 'restore' ? argv[0] : 'list';
  const a = parseArgs(sub === 'list' ? argv : argv.slice(1), {
    booleans: sub === 'restore' ? ['json', 'unrecorded'] : ['json'],
  });
  const host = positional(a, 0, 'host name');
  const json = a.booleans.has('json');
  if (sub === 'list') {
    if (a.positionals.length > 1) throw new UsageError('history takes one host');
    const view = await fleet.listHistory(host);
    if (json) {
      printJson(io, view.entries);
      return 0;
    }
    const rows = [['ID', 'TIME', 'FILES', 'CHANGE']];
    for (const e of view.entries)
      rows.push([e.id, e.at, e.files.map((f) => f.split('/').pop()!).join(', '), changeText(e)]);
    for (const l of table(rows)) io.out(l);
    io.out(
      `${view.entries.length} change(s) kept; ${host} keeps ${view.backupsToKeep} backup(s) per file ` +
        `(rayanpbx host set ${host} --backups N)`,
    );
    return 0;
  }
  const id = positional(a, 1, 'history id');
  if (sub === 'diff') {
    const d = await fleet.historyDiff(host, id);
    if (json) {
      printJson(io, d);
      return 0;
    }
    // Piped, the diff is exactly `diff -u`'s; on a terminal, controls in the PBX's files (an
    // ESC, a CR) are shown escaped rather than acted on.
    const show = (l: string) => (io.outIsTty === false ? l : printable(l));
    for (const f of d.files)
      if (f.diff) for (const l of f.diff.replace(/\n$/, '').split('\n')) io.out(show(l));
    return d.files.some((f) => f.diff) ? 1 : 0;
  }
  const r = await fleet.restoreHistory(host, id, { unrecorded: a.booleans.has('unrecorded') });
  return printChangeOutcome(io, json, `restored ${id} on ${host}`, r);
}

/** `audit [<host>] [--json]`: every change this workstation made, oldest first. */
export async function auditCommand(fleet: FleetApi, argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, { booleans: ['json'] });
  const host = a.positionals[0];
  const recs: AuditRecord[] = await fleet.auditLog(host);
  if (a.booleans.has('json')) {
    printJson(io, recs);
    return 0;
  }
  const rows = [['TIME', 'HOST', 'USER', 'ACTION', 'TARGET', 'OUTCOME', 'FIELDS', 'TRIPS', 'MS']];
  for (const r of recs)
    rows.push([
      r.at,
      r.host,
      r.osUser,
      r.action,
      r.target,
      r.outcome,
      r.fieldsChanged.join('; ') || '-',
      `ssh ${r.roundTrips.ssh}, ami ${r.roundTrips.ami}`,
      String(r.durationMs),
    ]);
  for (const l of table(rows)) io.out(l);
  return 0;
}
