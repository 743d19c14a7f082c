import { RayanError } from '../main/core/errors/rayan-error';

/** Wrong command-line use: exit code 2, as the README documents. */
export class UsageError extends RayanError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string[]>;
  booleans: Set<string>;
}

/**
 * A deliberately small parser: `--flag value`, `--flag=value`, repeatable flags, and booleans
 * declared per command so `--sudo 1001` can never swallow a positional by accident.
 */
export function parseArgs(
  argv: string[],
  spec: { booleans?: string[]; values?: string[] },
): ParsedArgs {
  const booleans = new Set(spec.booleans ?? []);
  const values = new Set(spec.values ?? []);
  const out: ParsedArgs = { positionals: [], flags: new Map(), booleans: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (booleans.has(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      out.booleans.add(name);
      continue;
    }
    if (!values.has(name)) throw new UsageError(`Unknown option --${name}`);
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
    }
    const list = out.flags.get(name) ?? [];
    list.push(value);
    out.flags.set(name, list);
  }
  return out;
}

export function flag(a: ParsedArgs, name: string): string | undefined {
  const v = a.flags.get(name);
  return v ? v[v.length - 1] : undefined;
}

export function flagAll(a: ParsedArgs, name: string): string[] {
  return a.flags.get(name) ?? [];
}

export function positional(a: ParsedArgs, index: number, what: string): string {
  const v = a.positionals[index];
  if (v === undefined) throw new UsageError(`Missing ${what}`);
  return v;
}

export function intFlag(a: ParsedArgs, name: string): number | undefined {
  const v = flag(a, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number, got "${v}"`);
  return Number(v);
}
