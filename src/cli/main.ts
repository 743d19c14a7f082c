import type { FleetApi } from '../shared/types';
import { serializeError } from '../main/core/errors/rayan-error';
import { CLI_FLAGS, relabel } from '../shared/field-labels';
import { UsageError } from './args';
import { type Io, processIo } from './output';
import { commandHelp, USAGE } from './usage';

export { USAGE };

// Each command's module (and the core with ssh2, the keychain, zod) loads only when that command
// runs: `--help` and a usage error must not pay for them.
const COMMANDS: Record<
  string,
  (f: FleetApi, rest: string[], io: Io, stop: Promise<void>) => Promise<number>
> = {
  host: async (f, rest, io) => (await import('./commands/host')).hostCommand(f, rest, io),
  ext: async (f, rest, io) => (await import('./commands/ext')).extCommand(f, rest, io),
  dialplan: async (f, rest, io) =>
    (await import('./commands/dialplan')).dialplanCommand(f, rest, io),
  transport: async (f, rest, io) =>
    (await import('./commands/transport')).transportCommand(f, rest, io),
  nat: async (f, rest, io) => (await import('./commands/transport')).natCommand(f, rest, io),
  trunk: async (f, rest, io) => (await import('./commands/trunk')).trunkCommand(f, rest, io),
  monitor: async (f, rest, io, stop) =>
    (await import('./commands/live')).monitorCommand(f, rest, io, stop),
  status: async (f, rest, io) => (await import('./commands/status')).statusCommand(f, rest, io),
  calls: async (f, rest, io) => (await import('./commands/live')).callsCommand(f, rest, io),
  doctor: async (f, rest, io) => (await import('./commands/live')).doctorCommand(f, rest, io),
  history: async (f, rest, io) => (await import('./commands/history')).historyCommand(f, rest, io),
  audit: async (f, rest, io) => (await import('./commands/history')).auditCommand(f, rest, io),
};

async function defaultFleet(cmd: string, rest: string[]): Promise<FleetApi> {
  const core = async () => (await import('../main/core/fleet/create-fleet')).createFleet();
  const { readsOnlyLocalFiles, localFirstFleet } = await import('./local-first-fleet');
  return readsOnlyLocalFiles(cmd, rest) ? localFirstFleet(core) : core();
}

/** `--help` / `-h` anywhere before a `--` asks for help rather than running the command. */
function asksForHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

export async function runCli(
  argv: string[],
  io: Io = processIo,
  fleetFactory: (cmd: string, rest: string[]) => FleetApi | Promise<FleetApi> = defaultFleet,
  stop: Promise<void> = new Promise(() => undefined),
): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h') {
    io.out(USAGE);
    return cmd ? 0 : 2;
  }
  let fleet: FleetApi | null = null;
  try {
    if (cmd === 'help' && rest[0] === undefined) {
      io.out(USAGE);
      return 0;
    }
    if (cmd === 'help' || asksForHelp(rest)) {
      const about = cmd === 'help' ? rest : [cmd, ...rest.filter((a) => !a.startsWith('-'))];
      const help = commandHelp(about[0]!, about[1]);
      if (help === null) throw new UsageError(`Unknown command "${about[0]}"`);
      io.out(help);
      return 0;
    }
    const run = COMMANDS[cmd];
    if (!run) throw new UsageError(`Unknown command "${cmd}"`);
    fleet = await fleetFactory(cmd, rest);
    return await run(fleet, rest, io, stop);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`rayanpbx: ${err.message}`);
      io.err('Run `rayanpbx help` for usage.');
      return 2;
    }
    const e = serializeError(err);
    // Bad input is named by the flag that gave it (`--local-net entry 2`), not the schema's key.
    io.err(`rayanpbx: ${e.code === 'INVALID_INPUT' ? relabel(e.message, CLI_FLAGS) : e.message}`);
    return 1;
  } finally {
    await fleet?.close();
  }
}

const isEntry =
  process.argv[1] && /(?:rayanpbx(?:\.m?js)?|cli[/\\]main\.ts)$/.test(process.argv[1]);
if (isEntry) {
  const stop = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    // `monitor | head`: once the reader is gone there is nobody left to stream to.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') resolve();
    });
  });
  runCli(process.argv.slice(2), processIo, undefined, stop).then((code) => process.exit(code));
}
