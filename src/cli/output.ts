import type { ApplyResult } from '../shared/types';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: Io = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
};

/** Stable `--json` output: one document per call, keys in a fixed order (README documents it). */
export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

export function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
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
