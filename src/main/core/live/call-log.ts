import { appendFile, mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CallRecord } from '../../../shared/types';
import { RayanError } from '../errors/rayan-error';

export class CallLogError extends RayanError {}

export interface CallLogOptions {
  /** Records kept (newest); older ones are dropped at the next compaction. Default 5,000. */
  maxRecords?: number;
  /** How many lines past maxRecords the file may grow before it is rewritten. Default maxRecords/4. */
  slack?: number;
}

const DISPOSITIONS = new Set([
  'ANSWERED',
  'NO ANSWER',
  'BUSY',
  'FAILED',
  'CANCEL',
  'CHANUNAVAIL',
  'CONGESTION',
]);

/**
 * Finished calls of one host, kept on the workstation: an append-only JSON-lines file (one record
 * per line, so a crash mid-write costs at most the torn last line), bounded by rewriting it with
 * the newest records once it grows past the bound. Appends are serialised, so callers may fire
 * and forget; `flush()` waits for them.
 */
export class CallLog {
  private records: CallRecord[];
  private lines: number;
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private readonly max: number;
  private readonly slack: number;

  private constructor(
    readonly file: string,
    records: CallRecord[],
    lines: number,
    options: CallLogOptions,
  ) {
    this.max = options.maxRecords ?? 5000;
    this.slack = options.slack ?? Math.max(1, Math.floor(this.max / 4));
    this.records = records.slice(-this.max);
    this.lines = lines;
  }

  /** Opens (or creates) the log of `host` under `dataDir`, reloading what a previous run wrote. */
  static async open(dataDir: string, host: string, options: CallLogOptions = {}): Promise<CallLog> {
    if (!/^[A-Za-z0-9._-]+$/.test(host) || host.startsWith('.'))
      throw new CallLogError('CALL_LOG_HOST', `host name "${host}" cannot name a call log file`, {
        fields: ['host'],
      });
    await mkdir(dataDir, { recursive: true });
    const file = join(dataDir, `calls-${host}.jsonl`);
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const { records, lines, torn } = parseLog(text);
    const log = new CallLog(file, records, lines, options);
    // A torn tail (crash mid-append) or an oversize file is rewritten now, so the next append
    // starts on a clean line.
    if (torn || lines > log.max + log.slack) await log.compact();
    return log;
  }

  /** Newest first. */
  list(limit = this.records.length): CallRecord[] {
    const out: CallRecord[] = [];
    for (let i = this.records.length - 1; i >= 0 && out.length < limit; i--)
      out.push(this.records[i] as CallRecord);
    return out;
  }

  get size(): number {
    return this.records.length;
  }

  append(record: CallRecord): Promise<void> {
    this.records.push(record);
    if (this.records.length > this.max) this.records.splice(0, this.records.length - this.max);
    const line = JSON.stringify(record) + '\n';
    this.lines++;
    const needsCompaction = this.lines > this.max + this.slack;
    return this.enqueue(async () => {
      if (needsCompaction) await this.compactNow();
      else await appendFile(this.file, line, 'utf8');
    });
  }

  /** Resolves when every append so far is on disk; rejects with the first write failure. */
  async flush(): Promise<void> {
    await this.queue;
    if (this.failure) {
      const err = this.failure;
      this.failure = null;
      throw err;
    }
  }

  compact(): Promise<void> {
    return this.enqueue(() => this.compactNow());
  }

  private async compactNow(): Promise<void> {
    const snapshot = this.records.slice();
    const linesAtSnapshot = this.lines;
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, snapshot.map((r) => JSON.stringify(r) + '\n').join(''), 'utf8');
    const fh = await open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.file);
    // Appends made while this ran are queued behind it and will add their own lines.
    this.lines -= linesAtSnapshot - snapshot.length;
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.queue.then(job).catch((err: unknown) => {
      this.failure ??= new CallLogError(
        'CALL_LOG_WRITE',
        `cannot write the call log ${this.file}: ${(err as Error).message}`,
        {
          file: this.file,
        },
      );
    });
    this.queue = run;
    return run;
  }
}

function parseLog(text: string): { records: CallRecord[]; lines: number; torn: boolean } {
  const records: CallRecord[] = [];
  let lines = 0;
  let torn = text.length > 0 && !text.endsWith('\n');
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    lines++;
    try {
      const r: unknown = JSON.parse(line);
      if (isRecord(r)) {
        records.push(r);
        continue;
      }
    } catch {
      // fall through: a torn or foreign line is skipped, and the file is rewritten clean.
    }
    torn = true;
  }
  return { records, lines, torn };
}

function isRecord(r: unknown): r is CallRecord {
  if (typeof r !== 'object' || r === null) return false;
  const o = r as Record<string, unknown>;
  const numOrNull = (v: unknown) => v === null || typeof v === 'number';
  const strOrNull = (v: unknown) => v === null || typeof v === 'string';
  return (
    typeof o.id === 'string' &&
    strOrNull(o.caller) &&
    typeof o.callee === 'string' &&
    typeof o.start === 'number' &&
    numOrNull(o.answer) &&
    numOrNull(o.end) &&
    numOrNull(o.durationSec) &&
    (o.disposition === null ||
      (typeof o.disposition === 'string' && DISPOSITIONS.has(o.disposition))) &&
    numOrNull(o.hangupCause) &&
    strOrNull(o.hangupCauseText)
  );
}

/** A renamed host keeps its call history: its log file takes the new name (none: nothing to do). */
export async function renameCallLog(dataDir: string, from: string, to: string): Promise<void> {
  try {
    await rename(join(dataDir, `calls-${from}.jsonl`), join(dataDir, `calls-${to}.jsonl`));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
