/**
 * `ext export | import | rotate-passwords`: bulk changes. Passwords only ever go to a file created
 * 0600 (O_EXCL) before the change, or to stdout when asked with `--out -`.
 */
import type { ApplyResult, BulkProgress, ImportPlan } from '../../shared/types';
import type { FleetApi } from '../../shared/types';
import { exportCsv, exportJson } from '../../main/core/bulk/export';
import { toCsv } from '../../main/core/bulk/csv';
import { createSecretFile } from '../../main/core/bulk/secret-file';
import { readSmallRegularFile, NotASmallFileError } from '../../main/core/files/small-file';
import { flag, parseArgs, positional, UsageError } from '../args';
import { describeApply, type Io, printJson, printable } from '../output';
import { changeOptions } from './ext';

const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export async function bulkCommand(
  fleet: FleetApi,
  sub: 'export' | 'import' | 'rotate-passwords',
  argv: string[],
  io: Io,
): Promise<number> {
  if (sub === 'export') return exportCommand(fleet, argv, io);
  if (sub === 'import') return importCommand(fleet, argv, io);
  return rotateCommand(fleet, argv, io);
}

async function exportCommand(fleet: FleetApi, argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, { values: ['out'], booleans: ['csv', 'json', 'with-passwords'] });
  const host = positional(a, 0, 'host name');
  if (a.booleans.has('csv') && a.booleans.has('json'))
    throw new UsageError('Use only one of --csv and --json');
  const withPasswords = a.booleans.has('with-passwords');
  const out = flag(a, 'out');
  if (withPasswords && out === undefined)
    throw new UsageError(
      '--with-passwords needs --out FILE (created 0600, must not exist), or --out - to print them',
    );
  // Created before anything is read, so a file that cannot be made stops here.
  const file = out !== undefined && out !== '-' ? createSecretFile(out) : null;
  try {
    const rows = await fleet.exportExtensions(host, { withPasswords });
    const text = a.booleans.has('json')
      ? exportJson(host, rows, new Date())
      : exportCsv(rows, withPasswords);
    if (file) {
      file.write(text);
      io.err(
        `Exported ${rows.length} extension(s) to ${file.path}${withPasswords ? ' (0600, with passwords)' : ''}`,
      );
    } else {
      if (withPasswords) io.err('rayanpbx: printing SIP passwords as asked (--out -)');
      io.out(text.replace(/\r?\n$/, ''));
    }
    return 0;
  } catch (err) {
    file?.discard();
    throw err;
  }
}

async function readImportArg(path: string): Promise<string> {
  try {
    return (await readSmallRegularFile(path, MAX_IMPORT_BYTES)).toString('utf8');
  } catch (e) {
    if (e instanceof NotASmallFileError) throw new UsageError(e.message);
    throw new UsageError(
      `${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
}

async function importCommand(fleet: FleetApi, argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, {
    values: ['out', 'reload-wait'],
    booleans: ['dry-run', 'update', 'delete-missing', 'json'],
  });
  const host = positional(a, 0, 'host name');
  const content = await readImportArg(positional(a, 1, 'file to import (CSV or JSON)'));
  const opts = {
    update: a.booleans.has('update'),
    deleteMissing: a.booleans.has('delete-missing'),
  };
  const json = a.booleans.has('json');
  const plan = await fleet.planImport(host, content, opts);
  if (a.booleans.has('dry-run') || !plan.ok) {
    if (json) printJson(io, { plan, apply: null });
    else printPlan(io, host, plan);
    if (!plan.ok)
      io.err(
        `rayanpbx: the file has ${plan.errors.length} row error(s) and ${plan.conflicts.length} conflict(s): nothing was imported`,
      );
    return plan.ok ? 0 : 1;
  }
  const out = flag(a, 'out');
  if (plan.generatedPasswords > 0 && out === undefined)
    throw new UsageError(
      `${plan.generatedPasswords} new extension(s) have no password: give --out FILE for the generated ones (created 0600), or add a password column`,
    );
  const file = plan.generatedPasswords > 0 && out !== undefined ? createSecretFile(out) : null;
  let r;
  try {
    r = await fleet.importExtensions(host, content, {
      ...opts,
      ...changeOptions(a, io),
      onBulkProgress: progressLine(io),
    });
  } catch (err) {
    file?.discard();
    throw err;
  }
  if (file) {
    if (r.generated.length > 0) {
      file.write(
        toCsv([['number', 'password'], ...r.generated.map((g) => [g.number, g.password])]),
      );
      io.err(
        `generated passwords of ${r.generated.length} extension(s) written to ${file.path} (0600)`,
      );
    } else file.discard();
  }
  const { generated: _secret, ...shown } = r;
  if (json) printJson(io, shown);
  else {
    printPlan(io, host, r.plan);
    printApply(io, `Imported into ${host}`, r.apply);
  }
  return r.apply?.rolledBack ? 1 : 0;
}

async function rotateCommand(fleet: FleetApi, argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, { values: ['out', 'reload-wait'], booleans: ['all', 'json'] });
  const host = positional(a, 0, 'host name');
  const numbers = a.positionals.slice(1);
  if (a.booleans.has('all') === numbers.length > 0)
    throw new UsageError('rotate-passwords needs extension numbers or --all (not both)');
  const out = flag(a, 'out');
  if (out === undefined || out === '-')
    throw new UsageError(
      'rotate-passwords needs --out FILE: the new passwords are written only there (created 0600)',
    );
  const file = createSecretFile(out);
  let r;
  try {
    r = await fleet.rotatePasswords(host, a.booleans.has('all') ? 'all' : numbers, {
      ...changeOptions(a, io),
      onBulkProgress: progressLine(io),
    });
  } catch (err) {
    file.discard();
    throw err;
  }
  if (r.credentials.length > 0) {
    file.write(
      toCsv([['number', 'password'], ...r.credentials.map((c) => [c.number, c.password])]),
    );
    io.err(`new passwords of ${r.credentials.length} extension(s) written to ${file.path} (0600)`);
  } else file.discard();
  if (a.booleans.has('json'))
    printJson(io, { apply: r.apply, rotated: r.credentials.map((c) => c.number) });
  else printApply(io, `Rotated ${r.credentials.length} password(s) on ${host}`, r.apply);
  return r.apply.rolledBack ? 1 : 0;
}

/** At most a line a second on stderr: where a large import is. */
function progressLine(io: Io): (p: BulkProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (p.phase === 'verify' && p.done < p.total && now - last < 1000) return;
    last = now;
    if (p.phase === 'verify') io.err(`verified ${p.done}/${p.total}`);
    else if (p.phase === 'write') io.err(`writing ${p.total} file(s) on ${p.host}`);
    else if (p.phase === 'reload' && p.done === 0) io.err(`reloading on ${p.host}`);
  };
}

function printApply(io: Io, what: string, apply: ApplyResult | null): void {
  if (!apply) {
    io.out(`${what}: nothing to change`);
    return;
  }
  io.out(`${what}${apply.rolledBack ? ' — ROLLED BACK (nothing changed)' : ''}`);
  for (const l of describeApply(apply)) io.out(`  ${l}`);
  if (apply.rolledBack) io.err(`rayanpbx: rolled back: ${apply.reason ?? ''}`);
}

const LIST_MAX = 20;
const list = (xs: string[]) =>
  xs.length <= LIST_MAX
    ? xs.join(', ')
    : `${xs.slice(0, LIST_MAX).join(', ')} … and ${xs.length - LIST_MAX} more`;

export function printPlan(io: Io, host: string, p: ImportPlan): void {
  io.out(`Import plan for ${host} (${p.rows} row(s)):`);
  io.out(
    `  create ${p.create.length}, update ${p.update.length}, delete ${p.delete.length}, unchanged ${p.unchanged}, conflicts ${p.conflicts.length}, row errors ${p.errors.length}`,
  );
  if (p.create.length) io.out(`  create: ${list(p.create)}`);
  if (p.generatedPasswords) io.out(`  passwords to generate: ${p.generatedPasswords}`);
  for (const u of p.update)
    io.out(
      `  update ${u.number} (row ${u.row}): ${u.changes
        .map((c) =>
          c.field === 'password'
            ? 'password: changed'
            : `${c.field}: ${printable(c.from)} → ${printable(c.to)}`,
        )
        .join('; ')}`,
    );
  if (p.delete.length) io.out(`  delete: ${list(p.delete)}`);
  for (const c of p.conflicts)
    io.out(`  conflict row ${c.row} (${c.number}, ${c.kind}): ${printable(c.reason)}`);
  for (const e of p.errors)
    io.out(`  row ${e.row}, column ${printable(e.column)}: ${printable(e.reason)}`);
}
