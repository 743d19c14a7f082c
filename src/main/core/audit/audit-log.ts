import fs from 'node:fs';
import { mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AuditRecord } from '../../../shared/types';
import { RayanError } from '../errors/rayan-error';
import { withFileLock } from '../hosts/file-lock';

/**
 * Past this size a host's log is rotated to `<host>.1.jsonl` (replacing the previous one), so a
 * host never holds more than about twice this on disk: ~2 MiB, some 5,000 changes.
 */
export const AUDIT_ROTATE_BYTES = 1024 * 1024;

export class AuditLogError extends RayanError {}

/** What a change path knows about itself; the log adds the time, OS user and host. */
export type AuditEntry = Omit<AuditRecord, 'at' | 'osUser' | 'host' | 'backups'> & {
  backups?: string[];
};

/** Where the change paths record themselves: an AuditLog, or a test's own list. */
export interface AuditRecorder {
  record(host: string, entry: AuditEntry): Promise<void>;
}

function hostFileName(host: string): string {
  // A host name becomes a file name: nothing that could climb out of the audit folder.
  if (!/^[A-Za-z0-9._-]+$/.test(host) || host.startsWith('.'))
    throw new AuditLogError('AUDIT_HOST', `host name "${host}" cannot name an audit log file`, {
      field: 'host',
    });
  return host;
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    // No passwd entry for this uid (a container): the environment's word, or the uid.
    return process.env.USER ?? process.env.USERNAME ?? `uid ${process.getuid?.() ?? '?'}`;
  }
}

/**
 * Every change made from this console, per host: `<dir>/<host>.jsonl`, one JSON record per line,
 * mode 0600. Each record is ONE write(2) on a descriptor opened O_APPEND, so several CLI
 * processes and the app appending at once never interleave or overwrite lines. Bounded by
 * rotation (AUDIT_ROTATE_BYTES), done under a lock file and re-checked inside it so that two
 * processes crossing the bound rotate once.
 */
export class AuditLog implements AuditRecorder {
  constructor(
    readonly dir: string,
    private readonly rotateBytes = AUDIT_ROTATE_BYTES,
  ) {}

  file(host: string): string {
    return path.join(this.dir, `${hostFileName(host)}.jsonl`);
  }

  rotatedFile(host: string): string {
    return path.join(this.dir, `${hostFileName(host)}.1.jsonl`);
  }

  async record(host: string, entry: AuditEntry): Promise<void> {
    const rec: AuditRecord = {
      at: new Date().toISOString(),
      osUser: osUser(),
      host,
      action: entry.action,
      target: entry.target,
      fieldsChanged: entry.fieldsChanged,
      outcome: entry.outcome,
      reason: entry.reason,
      roundTrips: entry.roundTrips,
      durationMs: Math.round(entry.durationMs),
      backups: entry.backups ?? [],
    };
    const file = this.file(host);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.rotateIfFull(host, file);
    // O_NOFOLLOW: a link planted in the folder does not get our lines written through it.
    const fh = await open(
      file,
      fs.constants.O_WRONLY |
        fs.constants.O_APPEND |
        fs.constants.O_CREAT |
        fs.constants.O_NOFOLLOW,
      0o600,
    );
    try {
      // An older file created with a wider umask is brought back to 0600.
      await fh.chmod(0o600);
      await fh.write(Buffer.from(`${JSON.stringify(rec)}\n`, 'utf8'));
    } finally {
      await fh.close();
    }
  }

  private async rotateIfFull(host: string, file: string): Promise<void> {
    const size = await stat(file).then(
      (s) => s.size,
      () => 0,
    );
    if (size < this.rotateBytes) return;
    withFileLock(`${file}.lock`, () => {
      // Someone else may have rotated while we waited for the lock.
      let now = 0;
      try {
        now = fs.lstatSync(file).size;
      } catch {
        return;
      }
      if (now >= this.rotateBytes) fs.renameSync(file, this.rotatedFile(host));
    });
  }

  /** Whether any record of this host is kept, current or rotated (a removed host's too). */
  async has(host: string): Promise<boolean> {
    let files: string[];
    try {
      files = [this.file(host), this.rotatedFile(host)];
    } catch {
      return false; // a name that cannot name a log file has none
    }
    for (const f of files)
      if (
        await stat(f).then(
          (s) => s.isFile(),
          () => false,
        )
      )
        return true;
    return false;
  }

  /** One host's records (or every host's), oldest first; a torn or foreign line is skipped. */
  async read(host?: string): Promise<AuditRecord[]> {
    let hosts: string[];
    if (host !== undefined) hosts = [hostFileName(host)];
    else {
      const names = await readdir(this.dir).catch(() => [] as string[]);
      hosts = [
        ...new Set(
          names
            .map((n) => /^(.+?)(?:\.1)?\.jsonl$/.exec(n)?.[1])
            .filter((n): n is string => !!n && /^[A-Za-z0-9._-]+$/.test(n)),
        ),
      ];
    }
    const out: AuditRecord[] = [];
    for (const h of hosts)
      for (const f of [this.rotatedFile(h), this.file(h)])
        out.push(...parseLines(await readText(f)));
    return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

function parseLines(text: string): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const r = JSON.parse(line) as AuditRecord;
      if (typeof r.at === 'string' && typeof r.host === 'string' && typeof r.action === 'string')
        out.push({ ...r, backups: Array.isArray(r.backups) ? r.backups : [] });
    } catch {
      // a line torn by a crash mid-write
    }
  }
  return out;
}
