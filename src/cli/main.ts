import { createFleet } from '../main/core/fleet/create-fleet';
import type { FleetApi } from '../shared/types';
import { serializeError } from '../main/core/errors/rayan-error';
import { CLI_FLAGS, isInputErrorCode, relabel } from '../shared/field-labels';
import { UsageError } from './args';
import { dialplanCommand } from './commands/dialplan';
import { extCommand } from './commands/ext';
import { hostCommand } from './commands/host';
import { callsCommand, doctorCommand, monitorCommand } from './commands/live';
import { natCommand, transportCommand } from './commands/transport';
import { trunkCommand } from './commands/trunk';
import { statusCommand } from './commands/status';
import { type Io, processIo } from './output';

export const USAGE = `rayanpbx — manage Asterisk PBX hosts over SSH

  rayanpbx host add <name> --ssh user@host[:port] [--key FILE] [--config-dir DIR] [--sudo]
                           [--allow-shared-config-dir]
                           [--trust SHA256:...] [--trust-jump SHA256:...] [--ami-user U] [--ami-port P]
                           [--password-stdin | --ami-secret-stdin] [--local]
                           [--ami-secret-env VAR | --ami-secret-file FILE]
                           [--ssh-password-env VAR | --ssh-password-file FILE] [--no-check] [--no-watch]
  rayanpbx host set <name> [same options]      rayanpbx host list [--json]
  rayanpbx host rm <name>                      rayanpbx host trust <name> <SHA256:...>
  rayanpbx ext list <host> [--json]
  rayanpbx ext add <host> <number> [--name N] [--password-stdin | --password-file F | --password P]
                           [--codecs ulaw,alaw] [--context C]
                           [--max-contacts N] [--transport T] [--qualify SECONDS] [--no-nat] [--disabled]
                           [--dialplan take-over|leave-pattern] [--reload-wait SECONDS]
  rayanpbx ext set <host> <number> [same options]
  rayanpbx ext rm|enable|disable <host> <number> [--dialplan …] [--reload-wait SECONDS]
  rayanpbx ext adopt <host> (<number>… | --all) [--dry-run] [--json]
  rayanpbx ext export <host> [--csv|--json] [--out FILE] [--with-passwords --out FILE|-]
  rayanpbx ext import <host> FILE [--dry-run] [--update] [--delete-missing] [--out FILE] [--json]
  rayanpbx ext rotate-passwords <host> (<number>... | --all) --out FILE
  rayanpbx dialplan show <host> [<number>] [--json]
  rayanpbx dialplan reload <host> [--reload-wait SECONDS]
  rayanpbx trunk list <host> [--json]
  rayanpbx trunk add <host> <name> --server host[:port] --username U (--password P | --password-stdin)
                           [--client-uri URI] [--contact-user U] [--from-user U] [--from-domain D]
                           [--transport T] [--context C] [--expiration S] [--retry S]
                           [--forbidden-retry S] [--match CIDR]... [--codecs ulaw,alaw] [--disabled]
  rayanpbx trunk set <host> <name> [same options] [--clear-match]
  rayanpbx trunk rm|enable|disable|register|unregister <host> <name>
  rayanpbx transport list|ensure <host> [--json]
  rayanpbx nat show <host> [--transport T] [--json]
  rayanpbx nat set <host> [--transport T] [--external-media A] [--external-signaling A]
                           [--local-net CIDR|IP]... [--clear-external-media] [--clear-external-signaling]
                           [--clear-local-nets]
  rayanpbx status [--json] [--wait S]
  rayanpbx monitor <host>|--all [--json]  rayanpbx calls <host> [--json] [--limit N]
  rayanpbx doctor <host> [--json]

Exit codes: 0 ok, 1 failure (one line on stderr), 2 usage, 3 partial (configuration read, live
state unknown: ext list; some host not connected: status).
Settings: $RAYANPBX_HOME (default: your config dir)/settings.json. Secrets: the OS keychain, or
RAYANPBX_AMI_SECRET / RAYANPBX_SSH_PASSWORD / RAYANPBX_KEY_PASSPHRASE for headless use.`;

export async function runCli(
  argv: string[],
  io: Io = processIo,
  fleetFactory: () => FleetApi = () => createFleet(),
  stop: Promise<void> = new Promise(() => undefined),
): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    io.out(USAGE);
    return cmd ? 0 : 2;
  }
  let fleet: FleetApi | null = null;
  try {
    const commands: Record<string, (f: FleetApi) => Promise<number>> = {
      host: (f) => hostCommand(f, rest, io),
      ext: (f) => extCommand(f, rest, io),
      dialplan: (f) => dialplanCommand(f, rest, io),
      transport: (f) => transportCommand(f, rest, io),
      nat: (f) => natCommand(f, rest, io),
      trunk: (f) => trunkCommand(f, rest, io),
      monitor: (f) => monitorCommand(f, rest, io, stop),
      status: (f) => statusCommand(f, rest, io),
      calls: (f) => callsCommand(f, rest, io),
      doctor: (f) => doctorCommand(f, rest, io),
    };
    const run = commands[cmd];
    if (!run) throw new UsageError(`Unknown command "${cmd}"`);
    fleet = fleetFactory();
    return await run(fleet);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`rayanpbx: ${err.message}`);
      io.err('Run `rayanpbx help` for usage.');
      return 2;
    }
    const e = serializeError(err);
    // Bad input is named by the flag that gave it (`--local-net entry 2`), not the schema's key.
    io.err(`rayanpbx: ${isInputErrorCode(e.code) ? relabel(e.message, CLI_FLAGS) : e.message}`);
    return 1;
  } finally {
    await fleet?.close();
  }
}

const isEntry = process.argv[1] && /(?:rayanpbx(?:\.js)?|cli[/\\]main\.ts)$/.test(process.argv[1]);
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
