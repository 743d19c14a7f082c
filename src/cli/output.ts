import type { ApplyResult } from '../shared/types';

export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** False when stdout is a pipe or a file (a reader may stop early); unset counts as a terminal. */
  outIsTty?: boolean;
}

/**
 * Writes lines to `stream` until its reader goes away (`… | head -1`): then EPIPE is not a crash
 * (the change the command made stands, and its exit code must say so) and the rest is dropped.
 */
function lineWriter(stream: NodeJS.WriteStream): (line: string) => void {
  let gone = false;
  let hooked = false;
  return (line) => {
    if (!hooked) {
      hooked = true;
      stream.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EPIPE') throw e;
        gone = true;
      });
    }
    if (!gone) stream.write(line + '\n');
  };
}

export const processIo: Io = {
  out: lineWriter(process.stdout),
  err: lineWriter(process.stderr),
  get outIsTty() {
    return process.stdout.isTTY === true;
  },
};

/** Stable `--json` output: one document per call, keys in a fixed order (README documents it). */
export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/**
 * `s` safe to print on a terminal. Strings from the PBX (a phone's User-Agent, a hangup cause,
 * a display name) are chosen by whoever controls a SIP client: raw, an ESC or a C1 control could
 * retitle the window, clear the screen or fake output lines. Each C0/C1 control and DEL becomes a
 * visible `\xHH`; the JSON output keeps the exact value (JSON.stringify escapes C0 itself).
 * Format characters (bidi overrides such as U+202E, isolates U+2066–2069, zero-width ones) would
 * reorder or hide what follows them, and U+2028/U+2029 break lines in some terminals: each
 * becomes a visible `\u{HHHH}`.
 */
export function printable(s: string): string {
  return s.replace(/[\x00-\x1f\x7f-\x9f]|[\p{Cf}\u2028\u2029]/gu, (c) => {
    const n = c.codePointAt(0)!;
    return n <= 0xff
      ? `\\x${n.toString(16).padStart(2, '0')}`
      : `\\u{${n.toString(16).toUpperCase().padStart(4, '0')}}`;
  });
}

export function table(rawRows: string[][]): string[] {
  const rows = rawRows.map((r) => r.map(printable));
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** A table column: its header, and the row's field (a string) or what to show for a row. */
export type Column<T> = readonly [
  header: string,
  cell:
    | { [K in keyof T]: T[K] extends string ? K : never }[keyof T]
    | ((row: T) => string | null | undefined),
];

/** `rows` as a table (see `table`), one column each; a missing value shows as `-`. */
export function printTable<T>(io: Io, rows: readonly T[], columns: ReadonlyArray<Column<T>>): void {
  const cellOf = (row: T, [, cell]: Column<T>) =>
    (typeof cell === 'function' ? cell(row) : (row[cell] as string)) ?? '-';
  const lines = table([
    columns.map(([h]) => h),
    ...rows.map((r) => columns.map((c) => cellOf(r, c))),
  ]);
  for (const l of lines) io.out(l);
}

/**
 * What a `list` command prints: with --json the rows as `json` shapes them (the documented
 * shape; as they are by default), else the table, or `empty` (what to do next) when there is none.
 */
export function printList<T>(
  io: Io,
  asJson: boolean,
  rows: readonly T[],
  how: { json?: (rows: readonly T[]) => unknown; empty: string; columns: ReadonlyArray<Column<T>> },
): number {
  if (asJson) printJson(io, how.json ? how.json(rows) : rows);
  else if (rows.length === 0) io.out(how.empty);
  else printTable(io, rows, how.columns);
  return 0;
}

/** One human line per apply step, so an admin sees exactly what happened on the PBX. */
export function describeApply(a: ApplyResult): string[] {
  const lines = [`written: ${a.written.length ? a.written.join(', ') : 'nothing'}`];
  if (!a.reloaded && !a.rolledBack) {
    lines.push(`not reloaded, not verified${a.reason ? `: ${a.reason}` : ''}`);
  } else {
    lines.push(
      `reloaded: ${a.reloaded ? `yes (${a.reloadedModules.join(', ') || 'nothing needed'})` : 'no'}`,
    );
    if (a.liveDialplan.length) lines.push(`dialplan live: ${a.liveDialplan.join(', ')}`);
    lines.push(`verified: ${a.verified ? 'yes' : 'no'}`);
  }
  if (a.rolledBack) lines.push(`rolled back: ${a.reason ?? 'verification failed'}`);
  if (a.waitedMs > 0)
    lines.push(`waited ${(a.waitedMs / 1000).toFixed(1)} s for a reload already running`);
  for (const n of a.notes) lines.push(`note: ${n}`);
  for (const m of a.mismatches) lines.push(`  mismatch ${m}`);
  if (a.restartNeeded)
    lines.push('restart needed: this transport change is applied only by an Asterisk restart');
  lines.push(
    `round trips: ssh ${a.sshRoundTrips}, ami ${a.amiRoundTrips}; ${a.durationMs.toFixed(0)} ms`,
  );
  return lines;
}

/**
 * A change's outcome, as every change command prints it: JSON, or the headline, how it reached
 * Asterisk and the command's own `details`; a change not applied is said on stderr. Returns the
 * command's exit code: 1 when the change was rolled back.
 */
export function printChangeOutcome(
  io: Io,
  json: boolean,
  what: string,
  r: { apply: ApplyResult },
  details: string[] = [],
): number {
  const failed = r.apply.rolledBack;
  if (json) printJson(io, r);
  else {
    io.out(`${what}${failed ? ' — ROLLED BACK' : ''}`);
    for (const l of [...describeApply(r.apply), ...details]) io.out(`  ${l}`);
  }
  if (failed)
    io.err(
      r.apply.reloaded
        ? `Asterisk did not take the change, the previous file was restored: ${r.apply.reason ?? ''}`
        : `Not applied: ${r.apply.reason ?? ''}`,
    );
  return failed ? 1 : 0;
}
