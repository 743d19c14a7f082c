/**
 * Quotes one argument for a POSIX shell: wrapped in single quotes, each `'` written as `'\''`.
 * Inside single quotes nothing is special, so no value can break out into a command.
 * NUL cannot be passed through any shell argument, so it is refused rather than dropped.
 */
export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new TypeError('shellQuote: NUL byte in argument');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `sh -c <script> sh <args…>`: the script reads its arguments as "$1"…, never spliced in. */
export function shCommand(script: string, args: readonly string[] = []): string {
  return ['sh', '-c', shellQuote(script), 'sh', ...args.map(shellQuote)].join(' ');
}
