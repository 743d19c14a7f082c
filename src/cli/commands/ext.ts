import type {
  ChangeOptions,
  ExtensionChangeResult,
  ExtensionRow,
  FleetApi,
} from '../../shared/types';
import { extensionCreateInput, extensionUpdateInput } from '../../shared/schemas/extension';
import { validateInput } from '../../main/core/config/validate';
import type { ParsedArgs } from '../args';
import { flag, intFlag, parseArgs, positional, UsageError } from '../args';
import { setInput } from '../set-input';
import { type Io, printChangeOutcome, printJson, table } from '../output';
import { readSecretFile, readStdin } from '../stdin';
import { bulkCommand } from './bulk';
import { extAdoptCommand } from './ext-adopt';

const EXT_VALUES = [
  'name',
  'password',
  'codecs',
  'context',
  'max-contacts',
  'transport',
  'qualify',
  'password-file',
  'dialplan',
  'reload-wait',
];
const EXT_BOOLEANS = ['json', 'no-nat', 'nat', 'disabled', 'password-stdin'];

/**
 * The SIP password the user gave, from exactly one of --password-stdin, --password-file or
 * --password (argv is visible to every account through `ps` and stays in shell history: the
 * other two keep it out of both); undefined when none was given.
 */
async function givenPassword(a: ParsedArgs): Promise<string | undefined> {
  const given = [
    a.booleans.has('password-stdin'),
    flag(a, 'password-file') !== undefined,
    flag(a, 'password') !== undefined,
  ].filter(Boolean).length;
  if (given > 1)
    throw new UsageError('Use only one of --password-stdin, --password-file and --password');
  if (a.booleans.has('password-stdin')) return readStdin();
  const file = flag(a, 'password-file');
  if (file !== undefined) return readSecretFile(file, '--password-file');
  return flag(a, 'password');
}

/** Only flags the user gave end up in the input: `ext set` must not reset what it was not told. */
async function extensionInput(a: ParsedArgs): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  if (flag(a, 'name') !== undefined) input.displayName = flag(a, 'name');
  const password = await givenPassword(a);
  if (password !== undefined) input.password = password;
  if (flag(a, 'codecs') !== undefined)
    input.codecs = flag(a, 'codecs')!
      .split(',')
      .map((c) => c.trim());
  if (flag(a, 'context') !== undefined) input.context = flag(a, 'context');
  if (flag(a, 'transport') !== undefined) input.transport = flag(a, 'transport');
  const maxContacts = intFlag(a, 'max-contacts');
  if (maxContacts !== undefined) input.maxContacts = maxContacts;
  const qualify = intFlag(a, 'qualify');
  if (qualify !== undefined) input.qualifyFrequency = qualify;
  if (a.booleans.has('no-nat')) input.natFriendly = false;
  if (a.booleans.has('nat')) input.natFriendly = true;
  if (a.booleans.has('disabled')) input.enabled = false;
  return input;
}

/**
 * `--dialplan take-over|leave-pattern` (a hand-written pattern handles the number),
 * `--reload-wait <s>`; a wait for someone else's reload is said on stderr as it starts.
 */
export function changeOptions(a: ParsedArgs, io: Io): ChangeOptions {
  const opts: ChangeOptions = { onProgress: (m) => io.err(m) };
  const policy = flag(a, 'dialplan');
  if (policy !== undefined) {
    if (policy !== 'take-over' && policy !== 'leave-pattern')
      throw new UsageError(`--dialplan must be "take-over" or "leave-pattern", got "${policy}"`);
    opts.dialplan = policy;
  }
  const wait = intFlag(a, 'reload-wait');
  if (wait !== undefined) opts.reloadWaitSeconds = wait;
  return opts;
}

function printChange(
  io: Io,
  a: ParsedArgs,
  what: string,
  r: ExtensionChangeResult,
  generated = false,
): number {
  const password = r.password
    ? [`password: ${r.password}   (shown once; it is not stored anywhere else)`]
    : [];
  const code = printChangeOutcome(io, a.booleans.has('json'), what, r, password);
  // A generated password exists nowhere else: when stdout goes to a pipe or a file (`| head -1`,
  // a log), it is said on stderr too, so a reader that stops early cannot lose it.
  if (r.password && generated && io.outIsTty === false)
    io.err(`${what}: generated password ${r.password}   (shown once)`);
  return code;
}

/** Exit code of a command that read the configuration but could not know the live state. */
export const EXIT_PARTIAL = 3;

/** `--json` row: the live part says its time (`asOf`) and, when unknown, only why. */
function jsonRow(r: ExtensionRow) {
  const l = r.live;
  if (!l) return r;
  const asOf = new Date(l.updatedAt).toISOString();
  if (l.registration === 'unknown')
    return { ...r, live: { registration: 'unknown', reason: l.reason ?? null, asOf } };
  return {
    ...r,
    live: {
      registration: l.registration,
      contactUri: l.contactUri,
      address: l.address,
      userAgent: l.userAgent,
      roundTripMs: l.roundTripMs,
      callState: l.callState,
      asOf,
      source: 'ami',
    },
  };
}

function liveColumns(r: ExtensionRow): string[] {
  if (!r.live) return ['-', '-', '-'];
  return [r.live.registration, r.live.address ?? '-', r.live.userAgent ?? '-'];
}

export async function extCommand(fleet: FleetApi, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'export' || sub === 'import' || sub === 'rotate-passwords')
    return bulkCommand(fleet, sub, rest, io);
  if (sub === 'adopt') return extAdoptCommand(fleet, rest, io);
  const a = parseArgs(rest, { values: EXT_VALUES, booleans: EXT_BOOLEANS });
  // Every change takes the same options (--dialplan, --reload-wait, progress on stderr).
  const change = async (
    what: string,
    run: (o: ChangeOptions) => Promise<ExtensionChangeResult>,
    generated = false,
  ) => printChange(io, a, what, await run(changeOptions(a, io)), generated);
  const host = () => positional(a, 0, 'host name');
  const number = () => positional(a, 1, 'extension number');
  switch (sub) {
    case 'list': {
      const rows = await fleet.listExtensions(host());
      const unknown = rows.find((r) => r.live?.registration === 'unknown');
      // Exit 3: the configuration was read but the live state is not known; a script must not
      // take the missing status for "offline".
      if (unknown)
        io.err(
          `rayanpbx: live state unknown (${unknown.live!.reason ?? 'no live source'}); status shows "unknown"`,
        );
      const code = unknown ? EXIT_PARTIAL : 0;
      if (a.booleans.has('json')) {
        printJson(io, rows.map(jsonRow));
        return code;
      }
      if (rows.length === 0) {
        io.out('No extensions. Add one: rayanpbx ext add <host> <number> --name "Full Name"');
        return 0;
      }
      const t = [
        [
          'NUMBER',
          'NAME',
          'CONTEXT',
          'CODECS',
          'ENABLED',
          'MANAGED',
          'DIALPLAN',
          'STATUS',
          'ADDRESS',
          'USER AGENT',
        ],
      ];
      for (const r of rows)
        t.push([
          r.number,
          r.displayName || '-',
          r.context,
          r.codecs.join(','),
          r.enabled ? 'yes' : 'no',
          r.managed ? 'yes' : 'read-only',
          r.dialplan,
          ...liveColumns(r),
        ]);
      for (const l of table(t)) io.out(l);
      return code;
    }
    case 'add': {
      const input = { number: number(), ...(await extensionInput(a)) };
      return change(
        `Created extension ${input.number}`,
        (o) => fleet.createExtension(host(), validateInput(extensionCreateInput, input), o),
        !('password' in input),
      );
    }
    case 'set': {
      const patch = setInput(extensionUpdateInput, await extensionInput(a), 'ext set');
      return change(`Updated extension ${number()}`, (o) =>
        fleet.updateExtension(host(), number(), patch, o),
      );
    }
    case 'rm':
    case 'remove':
      return change(`Deleted extension ${number()}`, (o) =>
        fleet.deleteExtension(host(), number(), o),
      );
    case 'enable':
      return change(`Enabled extension ${number()}`, (o) =>
        fleet.setExtensionEnabled(host(), number(), true, o),
      );
    case 'disable':
      return change(`Disabled extension ${number()}`, (o) =>
        fleet.setExtensionEnabled(host(), number(), false, o),
      );
    default:
      throw new UsageError(
        'ext needs one of: list, add, set, rm, enable, disable, adopt, export, import, rotate-passwords',
      );
  }
}
