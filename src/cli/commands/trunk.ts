import type { ChangeOptions, FleetApi, TrunkChangeResult, TrunkRow } from '../../shared/types';
import { trunkCreateInput, trunkUpdateInput } from '../../shared/schemas/trunk';
import { validateInput } from '../../main/core/config/validate';
import type { ParsedArgs } from '../args';
import { flag, flagAll, intFlag, parseArgs, positional, UsageError } from '../args';
import { setInput } from '../set-input';
import { type Io, printChangeOutcome, printJson, printList } from '../output';
import { readStdin } from '../stdin';
import { changeOptions } from './ext';

const TRUNK_VALUES = [
  'server',
  'username',
  'password',
  'client-uri',
  'contact-user',
  'from-user',
  'from-domain',
  'transport',
  'context',
  'expiration',
  'retry',
  'forbidden-retry',
  'match',
  'codecs',
  'reload-wait',
];
const TRUNK_BOOLEANS = ['json', 'password-stdin', 'disabled', 'clear-match'];

/** Only the flags given end up in the input: `trunk set` must not reset what it was not told. */
async function trunkInput(a: ParsedArgs): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  const str: Array<[string, string]> = [
    ['server', 'server'],
    ['username', 'username'],
    ['client-uri', 'clientUri'],
    ['contact-user', 'contactUser'],
    ['from-user', 'fromUser'],
    ['from-domain', 'fromDomain'],
    ['transport', 'transport'],
    ['context', 'context'],
  ];
  for (const [f, k] of str) if (flag(a, f) !== undefined) input[k] = flag(a, f);
  if (flag(a, 'password') !== undefined && a.booleans.has('password-stdin'))
    throw new UsageError('Use only one of --password and --password-stdin');
  if (flag(a, 'password') !== undefined) input.password = flag(a, 'password');
  if (a.booleans.has('password-stdin')) input.password = await readStdin();
  const ints: Array<[string, string]> = [
    ['expiration', 'expiration'],
    ['retry', 'retryInterval'],
    ['forbidden-retry', 'forbiddenRetryInterval'],
  ];
  for (const [f, k] of ints) {
    const v = intFlag(a, f);
    if (v !== undefined) input[k] = v;
  }
  if (flag(a, 'codecs') !== undefined)
    input.codecs = flag(a, 'codecs')!
      .split(',')
      .map((c) => c.trim());
  if (a.booleans.has('clear-match')) input.match = [];
  if (flagAll(a, 'match').length > 0) input.match = flagAll(a, 'match');
  if (a.booleans.has('disabled')) input.enabled = false;
  return input;
}

function printChange(io: Io, a: ParsedArgs, what: string, r: TrunkChangeResult): number {
  const live = r.live
    ? [`registration: ${r.live.status}${r.live.reason ? ` (${r.live.reason})` : ''}`]
    : [];
  // `asOf` is an ISO time in every --json shape that has one (README); changedAt stays ms.
  const shown = r.live
    ? { ...r, live: { ...r.live, asOf: new Date(r.live.asOf).toISOString() } }
    : r;
  return printChangeOutcome(io, a.booleans.has('json'), what, shown, live);
}

/** The documented `trunk list --json` shape, field order fixed, never a password. */
export function trunkListJson(rows: readonly TrunkRow[]) {
  return rows.map((r) => ({
    name: r.name,
    managed: r.managed,
    serverUri: r.serverUri,
    clientUri: r.clientUri,
    transport: r.transport,
    live: r.live
      ? {
          status: r.live.status,
          reason: r.live.reason,
          nextRegSec: r.live.nextRegSec,
          asOf: new Date(r.live.asOf).toISOString(),
        }
      : null,
  }));
}

export async function trunkCommand(fleet: FleetApi, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const a = parseArgs(rest, { values: TRUNK_VALUES, booleans: TRUNK_BOOLEANS });
  // Every change takes the same options (--dialplan, --reload-wait, progress on stderr).
  const change = async (what: string, run: (o: ChangeOptions) => Promise<TrunkChangeResult>) =>
    printChange(io, a, what, await run(changeOptions(a, io)));
  const host = () => positional(a, 0, 'host name');
  const name = () => positional(a, 1, 'trunk name');
  switch (sub) {
    case 'list': {
      const rows = await fleet.listTrunks(host());
      return printList(io, a.booleans.has('json'), rows, {
        json: trunkListJson,
        empty:
          'No trunks. Add one: rayanpbx trunk add <host> <name> --server host[:port] --username U --password-stdin',
        columns: [
          ['NAME', 'name'],
          ['SERVER', 'serverUri'],
          ['CLIENT', 'clientUri'],
          ['MANAGED', (r) => (r.managed ? 'yes' : 'read-only')],
          ['ENABLED', (r) => (r.enabled ? 'yes' : 'no')],
          ['STATUS', (r) => r.live?.status],
          ['REASON', (r) => r.live?.reason],
        ],
      });
    }
    case 'add': {
      const input = { name: name(), ...(await trunkInput(a)) };
      return change(`Created trunk ${input.name}`, (o) =>
        fleet.createTrunk(host(), validateInput(trunkCreateInput, input), o),
      );
    }
    case 'set': {
      const patch = setInput(trunkUpdateInput, await trunkInput(a), 'trunk set');
      return change(`Updated trunk ${name()}`, (o) => fleet.updateTrunk(host(), name(), patch, o));
    }
    case 'rm':
    case 'remove':
      return change(`Deleted trunk ${name()}`, (o) => fleet.deleteTrunk(host(), name(), o));
    case 'enable':
    case 'disable':
      return change(`${sub === 'enable' ? 'Enabled' : 'Disabled'} trunk ${name()}`, (o) =>
        fleet.setTrunkEnabled(host(), name(), sub === 'enable', o),
      );
    case 'register':
    case 'unregister': {
      const live = await fleet.sendTrunkRegistration(host(), name(), sub === 'register');
      if (a.booleans.has('json')) printJson(io, { sent: sub, live });
      else
        io.out(
          `${sub === 'register' ? 'Registration' : 'Unregistration'} sent for trunk ${name()}; the outcome shows in \`rayanpbx monitor\` and \`trunk list\``,
        );
      return 0;
    }
    default:
      throw new UsageError(
        'trunk needs one of: list, add, set, rm, enable, disable, register, unregister',
      );
  }
}
