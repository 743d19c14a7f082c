import type { FleetApi } from '../../shared/types';
import type { AdoptResult } from '../../shared/types';
import { parseArgs, positional, UsageError } from '../args';
import { describeApply, type Io, printable, printJson } from '../output';
import { changeOptions } from './ext';

/**
 * `rayanpbx ext adopt <host> (<number>… | --all) [--dry-run] [--json]`. Exit 0 when every
 * extension asked for was adopted (or, dry, would be), 1 when any was refused or the change
 * was rolled back.
 */
export async function extAdoptCommand(fleet: FleetApi, argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, { values: ['reload-wait'], booleans: ['all', 'dry-run', 'json'] });
  const host = positional(a, 0, 'host name');
  const numbers = a.positionals.slice(1);
  const all = a.booleans.has('all');
  if (all === numbers.length > 0)
    throw new UsageError('ext adopt needs extension numbers or --all (not both)');
  const dryRun = a.booleans.has('dry-run');
  const r = await fleet.adoptExtensions(host, all ? 'all' : numbers, {
    ...changeOptions(a, io),
    dryRun,
  });
  const failed = r.refused.length > 0 || r.apply?.rolledBack === true;
  if (a.booleans.has('json')) printJson(io, r);
  else printAdopt(io, r);
  if (r.apply?.rolledBack)
    io.err(
      `Asterisk did not load the same objects; the previous files were restored: ${r.apply.reason ?? ''}`,
    );
  for (const x of r.refused) io.err(`not adopted ${x.number}: ${x.reason}`);
  return failed ? 1 : 0;
}

function printAdopt(io: Io, r: AdoptResult): void {
  const verb = r.dryRun ? 'Would adopt' : r.apply?.rolledBack ? 'Adopt ROLLED BACK for' : 'Adopted';
  io.out(
    r.adopted.length ? `${verb} ${r.adopted.map((x) => x.number).join(', ')}` : 'Nothing to adopt',
  );
  for (const x of r.adopted) {
    io.out(`  ${x.number}:`);
    for (const s of x.moved)
      io.out(
        `    moved [${s.name}]${s.overlay ? '(+)' : ''} ${s.type}, lines ${s.fromLine}-${s.toLine}`,
      );
    if (x.templates.length) io.out(`    templates written out: ${x.templates.join(', ')}`);
    for (const o of x.otherOptions) io.out(`    other option: ${printable(o)}`);
  }
  if (r.apply) for (const l of describeApply(r.apply)) io.out(`  ${l}`);
  if (r.dryRun)
    for (const d of r.diffs)
      for (const l of d.diff.replace(/\n$/, '').split('\n')) io.out(printable(l));
}
