/**
 * The subset of OpenSSH's client config (`~/.ssh/config`) that admins rely on to name their
 * servers: Host (patterns with `*`, `?`, `!`), HostName, User, Port, IdentityFile, ProxyJump.
 * Semantics follow ssh_config(5): blocks are scanned top to bottom, the first value obtained
 * for a keyword wins, IdentityFile accumulates. Other keywords are ignored; `Match` blocks are
 * skipped (their conditions need a live connection) and `Include` is reported, not followed.
 */
import { readFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { SshConfigError } from './errors';

export interface SshConfigLine {
  keyword: string; // lower-cased
  args: string[];
  line: number;
}

export interface SshConfigBlock {
  /** null = lines before the first Host (apply to every host). 'match' blocks never apply. */
  kind: 'global' | 'host' | 'match';
  patterns: string[];
  lines: SshConfigLine[];
  line: number;
}

export interface SshConfigFile {
  file: string;
  blocks: SshConfigBlock[];
  /** Things parsed but not acted on (Include, Match), for a doctor check to mention. */
  warnings: string[];
}

export interface JumpSpec {
  host: string;
  user: string | null;
  port: number | null;
}

export interface ResolvedSshHost {
  /** What the caller asked for (alias or real name). */
  alias: string;
  hostName: string;
  user: string | null;
  port: number | null;
  /** Absolute paths (`~` and %-tokens expanded), in the order ssh would try them. */
  identityFiles: string[];
  proxyJump: JumpSpec | null;
}

/** Splits a config line into words; "double quotes" group words (ssh's argv_split). */
function splitWords(text: string, file: string, lineNo: number): string[] {
  const words: string[] = [];
  let cur = '';
  let inQuote = false;
  let has = false;
  for (const ch of text) {
    if (ch === '"') {
      inQuote = !inQuote;
      has = true;
    } else if (!inQuote && /\s/.test(ch)) {
      if (has) words.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (inQuote) throw new SshConfigError(file, lineNo, 'unterminated quote');
  if (has) words.push(cur);
  return words;
}

export function parseSshConfig(text: string, file = 'ssh_config'): SshConfigFile {
  const blocks: SshConfigBlock[] = [{ kind: 'global', patterns: [], lines: [], line: 0 }];
  const warnings: string[] = [];
  const rows = text.split(/\r?\n/);
  rows.forEach((raw, i) => {
    const lineNo = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    // "Keyword value", "Keyword=value" and "Keyword = value" are all valid.
    const m =
      /^([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*)$/.exec(trimmed) ??
      /^([A-Za-z][A-Za-z0-9]*)()$/.exec(trimmed);
    if (!m) throw new SshConfigError(file, lineNo, `cannot parse "${trimmed.slice(0, 80)}"`);
    const keyword = m[1]!.toLowerCase();
    const args = splitWords(m[2] ?? '', file, lineNo);
    if (keyword === 'host') {
      if (args.length === 0)
        throw new SshConfigError(file, lineNo, 'Host needs at least one pattern');
      blocks.push({ kind: 'host', patterns: args, lines: [], line: lineNo });
    } else if (keyword === 'match') {
      warnings.push(
        `${file}:${lineNo}: Match blocks are not evaluated; their settings are ignored`,
      );
      blocks.push({ kind: 'match', patterns: args, lines: [], line: lineNo });
    } else {
      if (keyword === 'include') warnings.push(`${file}:${lineNo}: Include is not followed`);
      blocks[blocks.length - 1]!.lines.push({ keyword, args, line: lineNo });
    }
  });
  return { file, blocks, warnings };
}

/** ssh's wildcard match: `*` any run, `?` one character; host names compare case-insensitively. */
export function matchHostPattern(host: string, pattern: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
      .join('')}$`,
    'i',
  );
  return re.test(host);
}

/** A Host line matches when some positive pattern matches and no negated one does. */
export function hostBlockMatches(host: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (matchHostPattern(host, p.slice(1))) return false;
    } else if (matchHostPattern(host, p)) {
      matched = true;
    }
  }
  return matched;
}

function parsePort(value: string, file: string, line: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535)
    throw new SshConfigError(file, line, `invalid port "${value}"`);
  return n;
}

/** `[user@]host[:port]` or `ssh://[user@]host[:port]`, IPv6 in brackets. */
export function parseJumpSpec(value: string, file = 'ssh_config', line = 0): JumpSpec {
  const v = value.replace(/^ssh:\/\//, '');
  const at = v.lastIndexOf('@');
  const user = at >= 0 ? v.slice(0, at) : null;
  const rest = at >= 0 ? v.slice(at + 1) : v;
  let host = rest;
  let port: number | null = null;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracket) {
    host = bracket[1]!;
    port = bracket[2] ? parsePort(bracket[2], file, line) : null;
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    const [h, p] = rest.split(':') as [string, string];
    host = h;
    port = parsePort(p, file, line);
  }
  if (!host || /\s/.test(host))
    throw new SshConfigError(file, line, `invalid ProxyJump "${value}"`);
  if (user !== null && user === '')
    throw new SshConfigError(file, line, `invalid ProxyJump user in "${value}"`);
  return { host, user, port };
}

export interface ResolveContext {
  homeDir?: string;
  localUser?: string;
}

function expandPath(value: string, tokens: Record<string, string>, home: string): string {
  let out = value.replace(/%(.)/g, (whole, t: string) => (t === '%' ? '%' : (tokens[t] ?? whole)));
  if (out === '~') out = home;
  else if (out.startsWith('~/')) out = join(home, out.slice(2));
  return out;
}

/** What ssh would use for `ssh <alias>`, from the parsed config. */
export function resolveSshHost(
  config: SshConfigFile,
  alias: string,
  ctx: ResolveContext = {},
): ResolvedSshHost {
  const home = ctx.homeDir ?? homedir();
  const localUser = ctx.localUser ?? safeLocalUser();
  const first = new Map<string, SshConfigLine>();
  const identity: SshConfigLine[] = [];
  for (const block of config.blocks) {
    if (block.kind === 'match') continue;
    if (block.kind === 'host' && !hostBlockMatches(alias, block.patterns)) continue;
    for (const l of block.lines) {
      if (l.keyword === 'identityfile') identity.push(l);
      else if (!first.has(l.keyword)) first.set(l.keyword, l);
    }
  }
  const arg = (k: string): SshConfigLine | null => first.get(k) ?? null;
  const hostNameLine = arg('hostname');
  const hostName = hostNameLine?.args[0]
    ? hostNameLine.args[0].replace(/%(.)/g, (w, t: string) =>
        t === 'h' ? alias : t === '%' ? '%' : w,
      )
    : alias;
  const portLine = arg('port');
  const port = portLine?.args[0] ? parsePort(portLine.args[0], config.file, portLine.line) : null;
  const user = arg('user')?.args[0] ?? null;
  const tokens: Record<string, string> = {
    d: home,
    u: localUser,
    h: hostName,
    n: alias,
    r: user ?? localUser,
    p: String(port ?? 22),
  };
  const identityFiles = identity
    .map((l) => l.args[0])
    .filter((v): v is string => !!v && v.toLowerCase() !== 'none')
    .map((v) => expandPath(v, tokens, home));

  let proxyJump: JumpSpec | null = null;
  const jumpLine = arg('proxyjump');
  if (jumpLine && jumpLine.args[0] && jumpLine.args[0].toLowerCase() !== 'none') {
    const hops = jumpLine.args
      .join(' ')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (hops.length > 1) {
      throw new SshConfigError(
        config.file,
        jumpLine.line,
        `ProxyJump with ${hops.length} hops is not supported (one hop only)`,
      );
    }
    proxyJump = parseJumpSpec(hops[0]!, config.file, jumpLine.line);
  }
  return { alias, hostName, user, port, identityFiles: [...new Set(identityFiles)], proxyJump };
}

function safeLocalUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'root';
  }
}

export const DEFAULT_SSH_CONFIG_PATH = (): string => join(homedir(), '.ssh', 'config');

/** Reads and parses a config file; a missing file is an empty config (as for ssh). */
export async function loadSshConfig(
  path: string | null = DEFAULT_SSH_CONFIG_PATH(),
): Promise<SshConfigFile> {
  if (path === null) return { file: '(none)', blocks: [], warnings: [] };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return { file: path, blocks: [], warnings: [] };
    throw err;
  }
  return parseSshConfig(text, path);
}
