import { posix } from 'node:path';
import type { AuditRecord, HistoryEntry } from '../../../shared/types';
import { decodeBytes, RemoteCommandError, shCommand, type HostTransport } from '../ssh';
import { HISTORY_SCRIPT, SCRIPT_NAMES } from '../ssh/scripts/pbx-scripts.generated';
import { RayanError } from '../errors/rayan-error';

/** One backup file a write left beside its target. */
export interface Backup {
  target: string;
  path: string;
  /** `<stamp>-<random>`: the write that made it (a batch shares both). */
  id: string;
  size: number;
}

export class BackupNotFoundError extends RayanError {
  constructor(host: string, id: string) {
    super(
      'BACKUP_NOT_FOUND',
      `No backup "${id}" on ${host}: \`rayanpbx history ${host}\` lists the ones it keeps.`,
      { host, id },
    );
  }
}

export class BackupRefusedError extends RayanError {
  constructor(host: string, path: string, why: string) {
    super(
      'BACKUP_REFUSED',
      `The backup ${path} on ${host} was not read (${why}): it is not a file a write of this console left there.`,
      { host, path, why },
    );
  }
}

const ID = /^(\d{8}T\d{6}\.\d{3}Z)-([A-Za-z0-9_-]{12})$/;

export function isBackupId(id: string): boolean {
  return ID.test(id);
}

/** 20261206T231500.123Z → 2026-12-06T23:15:00.123Z */
function stampToIso(stamp: string): string {
  return stamp.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})/, '$1-$2-$3T$4:$5:$6');
}

/**
 * The backups of these targets that a write of this console could have made: the script lists
 * only regular files (never a link) with the names write.sh gives; here, only those owned as
 * the target (a write's backup is the old target itself) with one link (a hard link to some
 * other file has two) are kept.
 */
export async function listBackups(t: HostTransport, targets: string[]): Promise<Backup[]> {
  const res = await t.exec(shCommand(HISTORY_SCRIPT, ['list', ...targets]));
  if (res.code !== 0)
    throw new RemoteCommandError(t.label, 'listing the backups', res.code, res.stderr);
  const owners = new Map<number, string>();
  const out: Backup[] = [];
  for (const line of res.stdout.split('\n')) {
    const tl = /^t (\d+) (\d+:\d+)$/.exec(line);
    if (tl) owners.set(Number(tl[1]), tl[2]!);
    const bl = /^b (\d+) (\d+:\d+) (\d+) (\d+) (\S+)$/.exec(line);
    if (!bl) continue;
    const target = targets[Number(bl[1]) - 1];
    if (!target || owners.get(Number(bl[1])) !== bl[2] || bl[3] !== '1') continue;
    const prefix = `${posix.basename(target)}${SCRIPT_NAMES.BACKUP}`;
    const name = bl[5]!;
    if (!name.startsWith(prefix) || !ID.test(name.slice(prefix.length))) continue;
    out.push({
      target,
      path: posix.join(posix.dirname(target), name),
      id: name.slice(prefix.length),
      size: Number(bl[4]),
    });
  }
  return out;
}

/** The backups grouped by the write that made them, with that write's audit record; oldest first. */
export function historyEntries(backups: Backup[], audit: AuditRecord[]): HistoryEntry[] {
  const byPath = new Map<string, AuditRecord>();
  for (const r of audit) for (const p of r.backups) byPath.set(p, r);
  const groups = new Map<string, Backup[]>();
  for (const b of backups) groups.set(b.id, [...(groups.get(b.id) ?? []), b]);
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, bs]) => {
      const rec = bs.map((b) => byPath.get(b.path)).find((r) => r !== undefined);
      return {
        id,
        at: stampToIso(ID.exec(id)![1]!),
        files: bs.map((b) => b.target),
        change: rec
          ? {
              at: rec.at,
              osUser: rec.osUser,
              action: rec.action,
              target: rec.target,
              fieldsChanged: rec.fieldsChanged,
              outcome: rec.outcome,
            }
          : null,
      };
    });
}

/** The content of these backups of one target, read as history.sh allows (see there). */
export async function readBackups(
  t: HostTransport,
  target: string,
  paths: string[],
): Promise<string[]> {
  const names = paths.map((p) => posix.basename(p));
  const res = await t.exec(shCommand(HISTORY_SCRIPT, ['read', target, ...names]));
  if (res.code !== 0)
    throw new RemoteCommandError(t.label, 'reading a backup', res.code, res.stderr);
  const lines = res.stdout.split('\n');
  const out: string[] = [];
  let k = 0;
  for (const p of paths) {
    const head = lines[k++] ?? '';
    const refused = /^refused (.*)$/.exec(head);
    if (refused) throw new BackupRefusedError(t.label, p, refused[1]!);
    const ok = /^ok (\d+)$/.exec(head);
    if (!ok) throw new RemoteCommandError(t.label, 'reading a backup', 0, 'unexpected output');
    let b64 = '';
    while (k < lines.length && lines[k] !== 'end') b64 += lines[k++];
    k++;
    const bytes = Buffer.from(b64, 'base64');
    if (bytes.length !== Number(ok[1]))
      throw new RemoteCommandError(t.label, 'reading a backup', 0, 'the backup came back short');
    out.push(decodeBytes(bytes));
  }
  return out;
}
