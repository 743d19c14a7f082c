/**
 * The CLI's usage text, kept apart from the commands so `--help` loads nothing else. Each entry
 * starts with "  rayanpbx <command> <sub>"; lines indented further continue it.
 */
const ENTRIES = `
  rayanpbx host add <name> --ssh user@host[:port] [--key FILE] [--config-dir DIR] [--sudo]
                           [--allow-shared-config-dir]
                           [--trust SHA256:...] [--trust-jump SHA256:...] [--ami-user U] [--ami-port P]
                           [--password-stdin | --ami-secret-stdin] [--local]
                           [--ami-secret-env VAR | --ami-secret-file FILE]
                           [--ssh-password-env VAR | --ssh-password-file FILE] [--no-check] [--no-watch]
  rayanpbx host set <name> [same options]
  rayanpbx host list [--json]
  rayanpbx host rm <name>
  rayanpbx host trust <name> <SHA256:...>
  rayanpbx host rename <name> <new-name>
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
  rayanpbx ext rotate-passwords <host> (<number>… | --all) --out FILE
  rayanpbx dialplan show <host> [<number>] [--json]
  rayanpbx dialplan reload <host> [--reload-wait SECONDS]
  rayanpbx trunk list <host> [--json]
  rayanpbx trunk add <host> <name> --server host[:port] --username U (--password P | --password-stdin)
                           [--client-uri URI] [--contact-user U] [--from-user U] [--from-domain D]
                           [--transport T] [--context C] [--expiration S] [--retry S]
                           [--forbidden-retry S] [--match CIDR]... [--codecs ulaw,alaw] [--disabled]
                           [--reload-wait SECONDS]
  rayanpbx trunk set <host> <name> [same options] [--clear-match] [--reload-wait SECONDS]
  rayanpbx trunk rm|enable|disable <host> <name> [--reload-wait SECONDS]
  rayanpbx trunk register|unregister <host> <name>
  rayanpbx transport list|ensure <host> [--json]
  rayanpbx nat show <host> [--transport T] [--json]
  rayanpbx nat set <host> [--transport T] [--external-media A] [--external-signaling A]
                           [--local-net CIDR|IP]... [--clear-external-media] [--clear-external-signaling]
                           [--clear-local-nets]
  rayanpbx status [--json] [--wait S]
  rayanpbx monitor <host>|--all [--json]
  rayanpbx calls <host> [--json] [--limit N]
  rayanpbx doctor <host> [--json]
  rayanpbx history <host> [--json]
  rayanpbx history diff <host> <id>
  rayanpbx history restore <host> <id> [--unrecorded] [--json]
  rayanpbx audit [<host>] [--json]
`
  .split(/\n(?= {2}rayanpbx )/)
  .map((e) => e.replace(/^\n+|\n+$/g, ''))
  .filter(Boolean);

const FOOTER = `Exit codes: 0 ok, 1 failure (one line on stderr), 2 usage, 3 partial (configuration read, live
state unknown: ext list; some host not connected: status).
Settings: $RAYANPBX_HOME (default: your config dir)/settings.json. Secrets: the OS keychain, or
RAYANPBX_AMI_SECRET / RAYANPBX_SSH_PASSWORD / RAYANPBX_KEY_PASSPHRASE for headless use.`;

export const USAGE = `rayanpbx — manage Asterisk PBX hosts over SSH\n\n${ENTRIES.join('\n')}\n\n${FOOTER}`;

/** The words an entry is for: "  rayanpbx ext rm|enable|disable <host>" → ext, [rm, enable, disable]. */
function entryKey(entry: string): { command: string; subs: string[] } {
  const [, command = '', second = ''] = entry.trim().split(/\s+/);
  return { command, subs: /^[a-z|]+$/.test(second) ? second.split('|') : [] };
}

/** Every command the usage names, in order. */
export const COMMANDS = [...new Set(ENTRIES.map((e) => entryKey(e).command))];

/**
 * `rayanpbx <command> [<sub>] --help`: that command's lines (only the sub-command's when it names
 * one the command has), or null for a command the CLI does not know.
 */
export function commandHelp(command: string, sub?: string): string | null {
  const mine = ENTRIES.filter((e) => entryKey(e).command === command);
  if (!mine.length) return null;
  const forSub = sub ? mine.filter((e) => entryKey(e).subs.includes(sub)) : [];
  return `${(forSub.length ? forSub : mine).join('\n')}\n\n${FOOTER}`;
}
