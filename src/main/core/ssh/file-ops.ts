/**
 * Reads and safe writes on a host, built only on "run a command with stdin" so the ssh and the
 * local transport share one algorithm (and one set of tests).
 *
 * Every operation takes a batch of files and costs a fixed number of commands (round trips),
 * whatever the number of files:
 *  - read: ONE command prints, per file, a header line and the raw bytes;
 *  - write: ONE command (scripts/write.sh). What changed goes over stdin, sizes as arguments;
 *    the host builds `.<name>.rayanpbx-tmp-<uptime>-<random>` beside each target from it and the
 *    unchanged head and tail of the target; then, before touching anything, it checks EVERY
 *    target's sha256 against the hash the edit was made on and every temp's against the new
 *    content's (any mismatch removes all the temps and replaces nothing); then, per file, it
 *    keeps a hard-link backup, renames the temp over its target (rename(2), atomic per file),
 *    and prunes old backups. The config dir may be writable by an account that wants root: the
 *    script follows no link there (see write.sh), and as root it refuses such a dir unless the
 *    host allows it, in which case the write runs as the dir's owner.
 * Whenever the connection dies, each target is its old file or its new one, never a mix; once
 * the renames may have started, a write cut off is WriteOutcomeUnknownError, never a failure.
 *
 * Content is bytes on the host and a string for the caller: see byte-text.ts for the lossless
 * decoding (bytes that are not UTF-8 survive a read-edit-write unchanged).
 */
import { utf8Delta } from './utf8-delta';
import { ByteParts } from './byte-parts';
import { PRINTF_LINE_MAX_BYTES, printfLine } from './printf-line';
import { createHash, randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { RayanError } from '../errors/rayan-error';
import { InputValidationError } from '../config/validate';
import { decodeBytes, encodeText, isBinaryText, markBinary } from './byte-text';
import { binaryDelta, type TextDelta } from './binary-delta';
import { releaseBuffer } from './release-buffer';
import {
  collect,
  type CommandStarter,
  type Collected,
  type RunningCommand,
} from './command-runner';
import {
  ConcurrentModificationError,
  DirectoryNotFoundError,
  FileTooBigError,
  InvalidPathError,
  NotRegularFileError,
  PartialBatchWriteError,
  PermissionDeniedError,
  RemoteCommandError,
  SharedConfigDirError,
  SymlinkTargetError,
  WriteOutcomeUnknownError,
  type WriteOutcomeState,
} from './errors';
import {
  HASH_LIB,
  READ_SCRIPT,
  SCRIPT_EXIT,
  SCRIPT_LIMITS,
  SCRIPT_NAMES,
  WRITE_SCRIPT,
} from './scripts/pbx-scripts.generated';
import { scriptCommand, sudoFailure } from './sudo';
import type {
  BatchWriteFile,
  BatchWriteOptions,
  FileSnapshot,
  WriteOptions,
  WritePhase,
  WriteHooks,
  WriteResult,
} from './types';

export const TEMP_MARKER = SCRIPT_NAMES.TEMP;
export const BACKUP_MARKER = SCRIPT_NAMES.BACKUP;
export const DEFAULT_BACKUPS_TO_KEEP = 10;
export { HASH_LIB, READ_SCRIPT, WRITE_SCRIPT };

export interface FileOpsContext {
  starter: CommandStarter;
  /** Login user on the host (for messages). */
  user: string;
  sudo: boolean;
  commandTimeoutMs: number;
  /**
   * The host's config dir may be writable by accounts other than root: writes then run as the
   * directory's owner (`sudo -u`) instead of being refused (SharedConfigDirError).
   */
  allowSharedConfigDir?: boolean;
  /** Start each write's command ahead, after the one before (see FileOps.prepareWrite). */
  prestartWrites?: boolean;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Absolute, no control characters (they cannot round-trip through the shell scripts' output). */
export function checkPath(path: string): { dir: string; base: string } {
  if (typeof path !== 'string' || path.length === 0)
    throw new InvalidPathError(String(path), 'empty');
  if (!path.startsWith('/')) throw new InvalidPathError(path, 'must be absolute');
  if (/[\0-\x1f\x7f]/.test(path)) throw new InvalidPathError(path, 'contains a control character');
  if (path.endsWith('/')) throw new InvalidPathError(path, 'names a directory');
  if (path.length > 4096)
    throw new InvalidPathError(path.slice(0, 64), 'longer than 4096 characters');
  const base = posix.basename(path);
  if (base === '.' || base === '..') throw new InvalidPathError(path, 'names a directory');
  return { dir: posix.dirname(path), base };
}

function utcStamp(now = new Date()): string {
  // 2025-01-31T12:34:56.789Z → 20250131T123456.789Z: fixed width, sorts by time.
  return now.toISOString().replace(/[-:]/g, '');
}

const isDenied = (stderr: string) =>
  /Permission denied|Operation not permitted|Read-only file system/.test(stderr);

const invalid = (field: string, message: string) => new InputValidationError(message, [field]);

function checkExpectedHash(hash: unknown, field: string): void {
  if (hash !== null && (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)))
    throw invalid(field, `${field} must be a sha256 hex string or null.`);
}

function checkBackupsToKeep(keep: number): void {
  if (!Number.isInteger(keep) || keep < 0 || keep > 1000)
    throw invalid('backupsToKeep', 'backupsToKeep must be an integer from 0 to 1000.');
}

/** "a" / "a and b" / "a, b and c": what a batch command is doing, for messages. */
function listNames(paths: string[]): string {
  if (paths.length <= 1) return paths[0] ?? '';
  return `${paths.slice(0, -1).join(', ')} and ${paths[paths.length - 1]}`;
}

interface ReadRecord {
  status: string;
  code: number;
  payload: Buffer;
}

/**
 * Parses the read script's output as it streams in (on bytes, never on decoded text: hashes are
 * of bytes). Each payload is copied once into a buffer of exactly its announced size, so a large
 * file is held once, not as stdout chunks plus their concatenation plus a slice copy.
 */
class ReadAssembler {
  readonly records: ReadRecord[] = [];
  private header: Buffer[] = [];
  private headerLen = 0;
  private payload: Buffer | null = null;
  private filled = 0;
  /** The output did not have the expected shape; later bytes are ignored. */
  bad = false;

  constructor(private readonly count: number) {}

  push(d: Buffer): void {
    let off = 0;
    while (off < d.length && !this.bad) {
      if (this.payload) {
        const n = Math.min(this.payload.length - this.filled, d.length - off);
        d.copy(this.payload, this.filled, off, off + n);
        this.filled += n;
        off += n;
        if (this.filled === this.payload.length) this.payload = null;
        continue;
      }
      if (this.records.length === this.count) {
        this.bad = true; // bytes after the last record
        return;
      }
      const nl = d.indexOf(0x0a, off);
      const end = nl < 0 ? d.length : nl;
      this.header.push(d.subarray(off, end));
      this.headerLen += end - off;
      if (this.headerLen > 64) {
        this.bad = true;
        return;
      }
      if (nl < 0) return;
      off = nl + 1;
      this.startRecord(Buffer.concat(this.header).toString('latin1'));
      this.header = [];
      this.headerLen = 0;
    }
  }

  private startRecord(line: string): void {
    const m =
      /^(ok|same|error|missing|dir-denied|dir-missing|symlink|not-regular|too-big) (\d+) (\d+)$/.exec(
        line,
      );
    // The script caps what it sends; a header over the cap is not believed, nor allocated.
    if (!m || Number(m[3]) > SCRIPT_LIMITS.MAX_READ) {
      this.bad = true;
      return;
    }
    const payload = Buffer.allocUnsafe(Number(m[3]));
    this.records.push({ status: m[1]!, code: Number(m[2]), payload });
    this.filled = 0;
    this.payload = payload.length > 0 ? payload : null;
  }

  /**
   * The records, when the output was exactly `count` complete records. Handed over, not shared:
   * the command's listeners (and so this assembler) may outlive the read, and must not keep a
   * 50 MB payload alive beside its text.
   */
  result(): ReadRecord[] | null {
    const complete =
      !this.bad && this.records.length === this.count && !this.payload && this.headerLen === 0;
    return complete ? this.records.splice(0) : null;
  }
}

/** ES2024's String#isWellFormed (Node 20+): no lone surrogate in the string. */
const isWellFormed = (s: string): boolean =>
  (s as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * What this connection holds of a file: its bytes, its text, or both. A binary text (not UTF-8,
 * see byte-text.ts) is its bytes one character each, so only the text is kept; its mark is kept
 * here too, since the registry of marks forgets old ones.
 */
type Known =
  | { hash: string; raw: ByteParts; text: string | null; binary: false }
  | { hash: string; raw: null; text: string; binary: true };

/** One file of a write: what goes on stdin, and the new file's hash once asked. */
interface Payload extends TextDelta {
  hash(): string;
  /** How to remember the new file once it is written. */
  raw(): ByteParts | null;
  binary: boolean;
}

const once = <T>(f: () => T): (() => T) => {
  let v: { value: T } | null = null;
  return () => (v ??= { value: f() }).value;
};

export class FileOps {
  /**
   * The bytes this connection last read or wrote per path, with their hash (and their text once
   * decoded). Not a copy of the PBX to trust: a read still asks the host, which answers "same"
   * only when the file's sha256 there equals this one, and a write based on `cachedFiles` names
   * this hash, which the commit checks. Only transfers and round trips are saved, never checks.
   */
  private readonly known = new Map<string, Known>();

  constructor(private readonly ctx: FileOpsContext) {}

  private get host(): string {
    return this.ctx.starter.label;
  }

  private async run(
    script: string,
    args: string[],
    what: string,
    extra: Partial<Parameters<typeof collect>[1]> = {},
    runAs?: number,
    /** The command, when it was started ahead (see prepareWrite). */
    started?: RunningCommand,
  ): Promise<Collected> {
    const cmd =
      started ?? (await this.ctx.starter.start(scriptCommand(script, args, this.ctx.sudo, runAs)));
    const res = await collect(
      cmd,
      { timeoutMs: this.ctx.commandTimeoutMs, what, ...extra },
      this.ctx.starter,
    );
    if ((this.ctx.sudo || runAs !== undefined) && res.code !== 0) {
      const sudoErr = sudoFailure(res.code, res.stderr.toString('utf8'), this.host, this.ctx.user);
      if (sudoErr) throw sudoErr;
    }
    return res;
  }

  /** `raw`: bytes nothing else holds (a read's own buffer, what a write encoded), or none. */
  private remember(path: string, hash: string, raw: ByteParts | null, text: string | null) {
    if (raw === null || (text !== null && isBinaryText(text)))
      this.known.set(path, { hash, raw: null, text: text!, binary: true });
    else this.known.set(path, { hash, raw, text, binary: false });
  }

  /** The bytes of `f.previous` for the delta: the ones this connection holds, when they are. */
  private previousBytes(f: BatchWriteFile): ByteParts | null {
    if (f.previous === undefined || f.expectedHash === null) return null;
    const k = this.known.get(f.path);
    if (k && !k.binary && k.hash === f.expectedHash && k.text !== null && k.text === f.previous)
      return k.raw;
    return ByteParts.of(encodeText(f.previous));
  }

  private textOf(k: Known): string {
    if (k.binary) return markBinary(k.text);
    if (k.text === null) k.text = decodeBytes(k.raw.join());
    return k.text;
  }

  /**
   * What to send for `f`. A binary text is diffed and hashed as a string (see binary-delta.ts);
   * one made from a binary file must still be marked, or it would be written as UTF-8.
   */
  private payloadOf(f: BatchWriteFile): Payload {
    const k = this.known.get(f.path);
    const basedOnBinary = k?.binary === true && f.previous !== undefined && k.text === f.previous;
    if (isBinaryText(f.content) || basedOnBinary) {
      if (!isBinaryText(f.content)) throw lostBinaryMark(f.path);
      const prev =
        f.previous !== undefined && f.expectedHash !== null && isBinaryText(f.previous)
          ? f.previous
          : null;
      const d = binaryDelta(f.content, prev, DELTA_RULE);
      return { ...d, hash: once(d.hash), raw: () => null, binary: true };
    }
    const prevBytes = this.previousBytes(f);
    if (prevBytes !== null && f.previous !== undefined && !isBinaryText(f.previous)) {
      const u = utf8Delta(f.content, f.previous, prevBytes, DELTA_RULE);
      if (u) return { ...u, hash: once(u.hash), raw: u.bytes, binary: false };
    }
    const bytes = encodeText(f.content);
    const d = delta(bytes, prevBytes?.join() ?? null);
    // Hashed as ByteParts too: the next write of this file resumes from its hash states.
    const parts = ByteParts.of(bytes);
    return { ...d, hash: once(() => parts.sha256()), raw: () => parts, binary: false };
  }

  /**
   * These files as this connection last read or wrote them, if it did so for all of them; else
   * null. No round trip: for an edit whose write states the hash it was made on (see applyChange).
   */
  cachedFiles(paths: string[]): FileSnapshot[] | null {
    const out: FileSnapshot[] = [];
    for (const path of paths) {
      const k = this.known.get(path);
      if (!k) return null;
      out.push({ path, content: this.textOf(k), hash: k.hash, exists: true });
    }
    return out;
  }

  private denied(path: string, operation: string): PermissionDeniedError {
    return new PermissionDeniedError(path, this.host, this.ctx.user, this.ctx.sudo, operation);
  }

  async readFile(path: string): Promise<FileSnapshot> {
    return (await this.readFiles([path]))[0]!;
  }

  /** Several files in one command (one round trip), in the order given. */
  async readFiles(paths: string[]): Promise<FileSnapshot[]> {
    if (!Array.isArray(paths)) throw invalid('paths', 'paths must be an array of file paths.');
    const dirs = paths.map((p) => checkPath(p).dir);
    if (paths.length === 0) return [];
    const what = `reading ${listNames(paths)}`;
    const args = paths.flatMap((p) => [p, this.known.get(p)?.hash ?? '-']);
    const assembler = new ReadAssembler(paths.length);
    const res = await this.run(READ_SCRIPT, args, what, { onStdout: (d) => assembler.push(d) });
    const stderr = res.stderr.toString('utf8');
    if (res.code !== 0) throw new RemoteCommandError(this.host, what, res.code, stderr);
    const records = assembler.result();
    if (!records)
      throw new RemoteCommandError(this.host, what, 0, 'unexpected output from the read step');
    return records.map((r, i): FileSnapshot => {
      const path = paths[i]!;
      const dir = dirs[i]!;
      switch (r.status) {
        case 'ok': {
          const content = decodeBytes(r.payload);
          // The payload is this read's own buffer: kept as is, not copied again (and not at
          // all for a binary text, which is those bytes: its memory goes back at once). Hashed
          // as ByteParts, so that the next write resumes from its hash states.
          const binary = isBinaryText(content);
          const parts = ByteParts.of(r.payload);
          const hash = parts.sha256();
          this.remember(path, hash, binary ? null : parts, content);
          if (binary) releaseBuffer(r.payload);
          return { path, content, hash, exists: true };
        }
        case 'same': {
          const k = this.known.get(path)!;
          return { path, content: this.textOf(k), hash: k.hash, exists: true };
        }
        case 'missing':
          this.known.delete(path);
          return { path, content: '', hash: '', exists: false };
        case 'dir-missing':
          throw new DirectoryNotFoundError(dir, this.host);
        case 'dir-denied':
          throw this.denied(dir, 'read');
        case 'symlink':
          throw new SymlinkTargetError(
            path,
            this.host,
            r.payload.toString('utf8').replace(/\n$/, ''),
            'read',
          );
        case 'not-regular':
          throw new NotRegularFileError(path, this.host);
        case 'too-big':
          throw new FileTooBigError(path, this.host, SCRIPT_LIMITS.MAX_READ);
        default: {
          const text = r.payload.toString('utf8');
          if (isDenied(text)) throw this.denied(path, 'read');
          throw new RemoteCommandError(this.host, `reading ${path}`, r.code, text);
        }
      }
    });
  }

  async writeFileAtomic(path: string, content: string, opts: WriteOptions): Promise<WriteResult> {
    checkExpectedHash(opts.expectedHash, 'expectedHash');
    const [res] = await this.writeFilesAtomic(
      [{ path, content, expectedHash: opts.expectedHash }],
      {
        backupsToKeep: opts.backupsToKeep,
        hooks: opts.hooks,
      },
    );
    return res!;
  }

  /**
   * Replaces several files in one command: either every target still has the
   * hash it was read with and all are replaced, or none is (ConcurrentModificationError naming
   * the first file that changed). Each file is replaced by its own rename, so a failure in the
   * middle of the renames (PartialBatchWriteError) leaves every file old or new, never torn.
   */
  async writeFilesAtomic(
    files: BatchWriteFile[],
    opts: BatchWriteOptions = {},
  ): Promise<WriteResult[]> {
    if (!Array.isArray(files)) throw invalid('files', 'files must be an array.');
    const seen = new Set<string>();
    files.forEach((f, i) => {
      checkPath(f?.path);
      if (seen.has(f.path))
        throw invalid('files', `${f.path} appears twice in one batch: write it once.`);
      seen.add(f.path);
      if (typeof f.content !== 'string')
        throw invalid(`files.${i}.content`, `files[${i}].content must be a string.`);
      checkExpectedHash(f.expectedHash, `files.${i}.expectedHash`);
    });
    const keep = opts.backupsToKeep ?? DEFAULT_BACKUPS_TO_KEEP;
    checkBackupsToKeep(keep);
    if (files.length === 0) return [];
    const dir = posix.dirname(files[0]!.path);
    try {
      return await this.writeAs(files, keep, opts, dir);
    } finally {
      // The next change on this host will find its write command started.
      this.prepareWrite();
    }
  }

  private async writeAs(
    files: BatchWriteFile[],
    keep: number,
    opts: BatchWriteOptions,
    dir: string,
  ): Promise<WriteResult[]> {
    const first = await this.writeOnce(files, keep, opts.hooks ?? {}, this.ownerOfDir.get(dir));
    if (!('runAs' in first)) return first;
    // The host allows a shared config dir: write as its owner, as sudoedit does, so that what
    // the owner's account could plant there reaches no further than that account's own rights.
    this.ownerOfDir.set(dir, first.runAs);
    const again = await this.writeOnce(files, keep, opts.hooks ?? {}, first.runAs);
    if ('runAs' in again)
      throw new RemoteCommandError(
        this.host,
        `writing ${listNames(files.map((f) => f.path))}`,
        SCRIPT_EXIT.RUN_AS_OWNER,
        'still root after sudo -u',
      );
    return again;
  }

  /**
   * A write command started ahead, waiting on stdin for its arguments (write.sh): opening the
   * channel, logging in and starting the shell take a write longer than its own work on a PBX
   * with 10,000 extensions. Started after each write (the next change then finds it ready while
   * the console edits the texts); never used for a write as another account.
   */
  private standby: { cmd: Promise<RunningCommand>; over: boolean } | null = null;

  /**
   * Starts the command for the next write now, if none is waiting (and the connection was
   * opened with prestartWrites). A command that cannot be started, or that ends while it waits,
   * is forgotten; the write then starts its own.
   */
  prepareWrite(): void {
    if (this.standby && !this.standby.over) return;
    if (this.ctx.prestartWrites !== true || this.ctx.starter.closed) return;
    const entry = {
      cmd: this.ctx.starter.start(scriptCommand(WRITE_SCRIPT, [], this.ctx.sudo), { ahead: true }),
      over: false,
    };
    const over = () => {
      entry.over = true;
    };
    // `exited`, not `done`: nobody reads a waiting command's output, and `done` waits for it.
    entry.cmd.then((c) => (c.exited ?? c.done).then(over, over), over);
    this.standby = entry;
  }

  /** The waiting write command, if it is still there; it is the caller's from now on. */
  private async takeStandby(): Promise<RunningCommand | undefined> {
    const s = this.standby;
    this.standby = null;
    if (!s || s.over || this.ctx.starter.closed) {
      if (s)
        void s.cmd.then(
          (c) => c.kill(),
          () => undefined,
        );
      return undefined;
    }
    try {
      const cmd = await s.cmd;
      if (s.over) return undefined;
      // Its request was made ahead, but it is this write's: counted now.
      this.ctx.starter.countAhead?.();
      return cmd;
    } catch {
      return undefined;
    }
  }

  /** Per config dir, the uid a shared dir is written as (allowSharedConfigDir): asked once. */
  private readonly ownerOfDir = new Map<string, number>();

  private async writeOnce(
    files: BatchWriteFile[],
    keep: number,
    hooks: WriteHooks,
    runAs: number | undefined,
  ): Promise<WriteResult[] | { runAs: number }> {
    const phase = async (p: WritePhase) => {
      if (hooks.onPhase) await hooks.onPhase(p);
    };
    const paths = files.map((f) => f.path);
    const names = listNames(paths);
    const payloads = files.map((f) => this.payloadOf(f));
    // Hashed while the PBX rebuilds the temps (see afterFirstChunk below), not before.
    let hashes: string[] | null = null;
    const hashAll = (): string[] => (hashes ??= payloads.map((p) => p.hash()));

    // One command: the temps are built from the changed bytes, checked, and renamed in. The
    // random parts of the temp and backup names go first on stdin, never on the command line
    // (which every account on the host can read in /proc).
    const pause = hooks.pauseBeforeRename === true;
    const allow = this.ctx.allowSharedConfigDir === true;
    const args = [String(keep), utcStamp(), pause ? '1' : '0', allow ? '1' : '0'];
    const started = runAs === undefined ? await this.takeStandby() : undefined;
    // The script's first line, once it has its arguments: before it, nothing was made.
    let acked = false;
    const sent: Buffer[] = [];
    const names24 = Buffer.from(`${randomBytes(18).toString('base64url')}\n`);
    files.forEach((f, i) => {
      const d = payloads[i]!;
      const asLine = d.middle.length <= PRINTF_LINE_MAX_BYTES;
      const m = asLine ? `=${d.middle.length}` : String(d.middle.length);
      args.push(f.path, String(d.keepHead), m, String(d.keepTail));
      args.push(String(d.tailFrom), f.expectedHash ?? '-');
      sent.push(asLine ? Buffer.from(`${printfLine(d.middle)}\n`, 'latin1') : d.middle);
    });
    // With hooks (tests), each step waits for the host to reach it, so a fault lands exactly
    // there; otherwise the hashes follow the data at once.
    const stepwise = hooks.onPhase !== undefined;
    let uploaded: () => void = () => undefined;
    const uploadedSeen = new Promise<void>((r) => (uploaded = r));
    // Once the host has the hashes ("committing") and, with the pause, the "go", it may rename
    // at any time: from then on a command that ends without its answer has an unknown outcome,
    // not a failure.
    let committing = false;
    let goSent = false;
    const mayHaveRenamed = () => committing && (!pause || goSent);
    let res: Collected;
    try {
      res = await this.run(
        WRITE_SCRIPT,
        [],
        `writing ${names}`,
        {
          // The arguments go on stdin too, first: the command may have been started before
          // they were known (see prepareWrite).
          stdin: Buffer.concat([writeArgLines(args), names24, ...sent]),
          afterFirstChunk: async () => {
            await phase('temp-transfer');
            hashAll();
          },
          afterStdin: async (cmd, ended) => {
            if (stepwise) {
              if (
                (await Promise.race([uploadedSeen.then(() => true), ended.then(() => false)])) ===
                false
              )
                return;
              await phase('temp-written');
            }
            cmd.stdin.write(`${hashAll().join(' ')}\n`);
            if (!pause) cmd.stdin.end();
          },
          onLine: (line, cmd) => {
            if (line === 'args') acked = true;
            else if (line === 'uploaded') uploaded();
            else if (line === 'committing') {
              committing = true;
              void phase('commit-sent').catch(() => cmd.kill());
            } else if (line === 'ready-to-rename')
              void phase('before-rename').then(
                () => {
                  // A hook that dropped the connection: the go-ahead cannot reach the host.
                  if (this.ctx.starter.closed) return cmd.kill();
                  goSent = true;
                  cmd.stdin.end('go\n');
                  if (hooks.dropChannelAfterGo) cmd.kill();
                },
                () => cmd.kill(),
              );
          },
        },
        runAs,
        started,
      );
    } catch (err) {
      const code = (err as { code?: string }).code;
      // A command started ahead whose channel the host closed meanwhile (sshd's ChannelTimeout,
      // say) while the connection stayed: it never had the arguments, so the write runs afresh.
      if (started && !acked && code === 'SSH_CONNECTION_LOST' && !this.ctx.starter.closed)
        return this.writeOnce(files, keep, hooks, runAs);
      const cutOff = code === 'SSH_CONNECTION_LOST' || code === 'COMMAND_TIMEOUT';
      if (!cutOff || !mayHaveRenamed()) throw err;
      const cause =
        code === 'COMMAND_TIMEOUT'
          ? 'no answer within the time limit'
          : 'its channel closed before the answer';
      throw await this.outcomeUnknown(files, hashAll(), cause);
    }
    // A command started ahead that ended before it had this write's arguments (killed on the
    // host, a shell's TMOUT, its channel closed): nothing of the write was done, whatever the
    // exit code says, so it runs again on a fresh command.
    if (started && !acked) return this.writeOnce(files, keep, hooks, runAs);
    // The hook's channel was closed right after the go-ahead: nobody was listening, so whatever
    // answer still came through (a host quick enough to finish first) is not the client's to read.
    if (hooks.dropChannelAfterGo && goSent)
      throw await this.outcomeUnknown(files, hashAll(), 'its channel closed before the answer');
    const lines = res.stdout.toString('utf8').split('\n');
    if (lines[0] === 'args') lines.shift();
    const errText = res.stderr.toString('utf8');
    const newHashes = hashAll();
    const unsafe = /^unsafe (\d+) (symlink|dir|owner) (.*)$/m.exec(res.stdout.toString('utf8'));
    if (unsafe && UNSAFE_CODES.has(res.code)) {
      const at = Number(unsafe[1]) - 1;
      const path = paths[at] ?? names;
      if (unsafe[2] === 'symlink') throw new SymlinkTargetError(path, this.host, unsafe[3]!);
      const [uid, gid, mode, owner, group] = unsafe[3]!.split(' ');
      if (unsafe[2] === 'owner' && allow && runAs === undefined) return { runAs: Number(uid) };
      throw new SharedConfigDirError(posix.dirname(path), this.host, {
        uid: Number(uid),
        gid: Number(gid),
        mode: mode ?? '?',
        owner: owner ?? String(uid),
        group: group ?? String(gid),
      });
    }
    const upEnd = lines.indexOf('uploaded');
    const pairs = upEnd === -1 ? lines.slice(0, -1) : lines.slice(0, upEnd);
    const out = upEnd === -1 ? '' : lines.slice(upEnd + 1).join('\n');
    const targets: string[] = [];
    for (let i = 0; 2 * i + 1 < pairs.length; i++) targets.push(pairs[2 * i]!);
    if (res.code !== 0 && res.code !== SCRIPT_EXIT.TARGET_CHANGED) {
      // A delta is rebuilt from the file on the PBX: if that file is not the one these bytes
      // came from (shorter, gone), the write fails. Whatever the cause, the next read must fetch
      // the files whole instead of trusting the bytes held here.
      for (const f of files) this.known.delete(f.path);
    }
    if (res.code !== 0 && upEnd === -1) {
      // Step 1 failed: the temps are printed once complete, so the first file without its pair
      // is the one.
      const at = Math.min(targets.length, files.length - 1);
      const path = paths[at]!;
      const dir = posix.dirname(path);
      if (res.code === SCRIPT_EXIT.DIR_MISSING) throw new DirectoryNotFoundError(dir, this.host);
      if (res.code === SCRIPT_EXIT.TEMP_CREATE && isDenied(errText))
        throw this.denied(dir, 'create a temp file in');
      if (res.code === SCRIPT_EXIT.KEEP_COPY && isDenied(errText)) throw this.denied(path, 'read');
      if (res.code === SCRIPT_EXIT.OWNER_MODE)
        throw this.denied(path, 'keep the owner and mode of');
      if (res.code === SCRIPT_EXIT.SAME_FILE)
        throw new InvalidPathError(
          path,
          'is the same file as another path of this batch (through a symlink); nothing was written',
        );
      throw new RemoteCommandError(this.host, `uploading ${path}`, res.code, errText);
    }
    const definitive =
      (res.code === 0 && /^committed$/m.test(out)) ||
      PRE_RENAME_CODES.has(res.code) ||
      (res.code === SCRIPT_EXIT.RENAME && /^renamed \d+$/m.test(out));
    if (!definitive && mayHaveRenamed())
      throw await this.outcomeUnknown(files, newHashes, `exit code ${res.code}`);
    if (res.code === 0 && (targets.length !== files.length || !/^committed$/m.test(out))) {
      throw new RemoteCommandError(
        this.host,
        `writing ${names}`,
        0,
        'unexpected output from the write step',
      );
    }
    const atIdx = Number(/^at (\d+)$/m.exec(out)?.[1] ?? 0) - 1;
    const path = paths[atIdx] ?? names;
    const file = files[atIdx];
    switch (res.code) {
      case 0: {
        const backups = new Map<number, string>();
        for (const m of out.matchAll(/^backup (\d+) (.*)$/gm)) backups.set(Number(m[1]) - 1, m[2]!);
        // Each file written without its directory's lock (write.sh: "unlocked <i>").
        const unlocked = new Set(
          [...out.matchAll(/^unlocked (\d+)$/gm)].map((m) => Number(m[1]) - 1),
        );
        await phase('committed');
        // A well-formed string is encoded as plain UTF-8, which decodes back to that very string.
        files.forEach((f, i) => {
          const p = payloads[i]!;
          this.remember(
            f.path,
            newHashes[i]!,
            p.raw(),
            p.binary || isWellFormed(f.content) ? f.content : null,
          );
        });
        return files.map((f, i) => {
          const bk = backups.get(i) ?? '';
          return {
            path: f.path,
            hash: newHashes[i]!,
            backupPath: bk === '' ? null : bk,
            sentBytes: sent[i]!.length,
            ...(unlocked.has(i) ? { unlocked: true as const } : {}),
          };
        });
      }
      case SCRIPT_EXIT.NO_HASHES:
        throw this.ctx.starter.lostError(`writing ${names} (before the commit)`);
      case SCRIPT_EXIT.TARGET_CHANGED: {
        const actual = /^actual (\S+)$/m.exec(out)?.[1] ?? null;
        if (file) this.known.delete(file.path);
        throw new ConcurrentModificationError(
          path,
          this.host,
          file?.expectedHash ?? null,
          actual === '-' ? null : actual,
        );
      }
      case SCRIPT_EXIT.TEMP_MISMATCH:
        throw new RemoteCommandError(
          this.host,
          `replacing ${path}`,
          SCRIPT_EXIT.TEMP_MISMATCH,
          'the uploaded temp file is not what was sent (interrupted upload?); nothing was replaced',
        );
      case SCRIPT_EXIT.ABORTED:
        throw this.ctx.starter.lostError(`replacing ${names} (before the rename)`);
      case SCRIPT_EXIT.TARGET_UNREADABLE:
        throw this.denied(path, 'read');
      case SCRIPT_EXIT.OWNER_MODE:
        throw this.denied(path, 'keep the owner and mode of');
      case SCRIPT_EXIT.BACKUP:
        throw this.denied(posix.dirname(targets[atIdx] ?? path), 'create a backup (hard link) in');
      case SCRIPT_EXIT.RENAME: {
        const renamed = Number(/^renamed (\d+)$/m.exec(out)?.[1] ?? 0);
        if (renamed > 0) {
          const cause = errText.trim().split('\n')[0] ?? `exit code ${res.code}`;
          throw new PartialBatchWriteError(this.host, paths.slice(0, renamed), path, cause);
        }
        if (isDenied(errText)) throw this.denied(path, 'replace');
        throw new RemoteCommandError(this.host, `replacing ${path}`, SCRIPT_EXIT.RENAME, errText);
      }
      default:
        throw new RemoteCommandError(this.host, `replacing ${names}`, res.code, errText);
    }
  }

  /**
   * The write's command ended without its answer after the host may have started renaming:
   * re-read, and say per file whether it is old or new. All new is a write that happened.
   */
  private async outcomeUnknown(
    files: BatchWriteFile[],
    newHashes: string[],
    cause: string,
  ): Promise<WriteOutcomeUnknownError> {
    for (const f of files) this.known.delete(f.path);
    let snaps: FileSnapshot[];
    try {
      snaps = await this.readFiles(files.map((f) => f.path));
    } catch (err) {
      return new WriteOutcomeUnknownError(
        this.host,
        files.map((f) => ({ path: f.path, state: 'unknown' })),
        cause,
        (err as Error).message,
      );
    }
    const states = snaps.map((s, i): WriteOutcomeState => {
      const hash = s.exists ? s.hash : null;
      if (hash === newHashes[i]) return 'new';
      if (hash === files[i]!.expectedHash) return 'old';
      return 'other';
    });
    return new WriteOutcomeUnknownError(
      this.host,
      files.map((f, i) => ({ path: f.path, state: states[i]! })),
      cause,
      null,
    );
  }
}

/** Exit codes that come with an "unsafe" line: refused before anything was made. */
const UNSAFE_CODES = new Set<number>([
  SCRIPT_EXIT.SYMLINK_TARGET,
  SCRIPT_EXIT.SHARED_DIR,
  SCRIPT_EXIT.RUN_AS_OWNER,
]);

/** Failures of the checks before the renames: nothing was replaced. */
const PRE_RENAME_CODES = new Set<number>([
  SCRIPT_EXIT.NO_HASHES,
  SCRIPT_EXIT.TARGET_CHANGED,
  SCRIPT_EXIT.TEMP_MISMATCH,
  SCRIPT_EXIT.ABORTED,
  SCRIPT_EXIT.TARGET_UNREADABLE,
  SCRIPT_EXIT.BACKUP,
  SCRIPT_EXIT.OWNER_MODE,
  SCRIPT_EXIT.SHARED_DIR,
  SCRIPT_EXIT.RUN_AS_OWNER,
]);

/** Below this many bytes saved, a delta is not worth the extra reads on the host. */
const DELTA_MIN_SAVING = 64 * 1024;
/** A kept head or tail shorter than this is sent instead (see delta). */
const EDGE_MIN_KEEP = 4096;
const DELTA_RULE = { minSaving: DELTA_MIN_SAVING, edgeMinKeep: EDGE_MIN_KEEP };

/** See payloadOf: refused, never guessed, since guessing wrong rewrites every non-UTF-8 byte. */
function lostBinaryMark(path: string): RayanError {
  return new RayanError(
    'UNENCODABLE_EDIT',
    `The edit of ${path} (a file that is not UTF-8) lost track of how to write it back; nothing was written. Retry the change.`,
    { path },
  );
}

/**
 * The part of `next` that differs from what the caller read (`previous`, whose hash is
 * `expectedHash`): edits are splices, so a common head and tail usually cover almost all of a
 * large file. Without a trustworthy `previous`, the whole content is sent.
 */
function delta(
  next: Buffer,
  prev: Buffer | null,
): { keepHead: number; middle: Buffer; keepTail: number; tailFrom: number } {
  const whole = { keepHead: 0, middle: next, keepTail: 0, tailFrom: 0 };
  if (prev === null) return whole;
  // Not re-hashed here: the commit checks the rebuilt temp against the new content's hash, so a
  // `previous` that was not what the host has can only make the write fail, never corrupt it.
  const max = Math.min(prev.length, next.length);
  // Whole blocks first (a native compare), then byte by byte inside the first differing block.
  const BLOCK = 65536;
  let head = 0;
  while (head + BLOCK <= max && next.compare(prev, head, head + BLOCK, head, head + BLOCK) === 0)
    head += BLOCK;
  while (head < max && prev[head] === next[head]) head++;
  let tail = 0;
  const room = max - head;
  while (
    tail + BLOCK <= room &&
    next.compare(
      prev,
      prev.length - tail - BLOCK,
      prev.length - tail,
      next.length - tail - BLOCK,
      next.length - tail,
    ) === 0
  )
    tail += BLOCK;
  while (tail < room && prev[prev.length - 1 - tail] === next[next.length - 1 - tail]) tail++;
  if (head + tail < DELTA_MIN_SAVING) return whole;
  // Each kept part costs a process on the host: a few KiB are cheaper sent than copied there.
  if (head < EDGE_MIN_KEEP) head = 0;
  if (tail < EDGE_MIN_KEEP) tail = 0;
  return {
    keepHead: head,
    middle: next.subarray(head, next.length - tail),
    keepTail: tail,
    // Where the kept tail starts in the file on the host (the one `prev` is).
    tailFrom: prev.length - tail,
  };
}

/** write.sh's arguments as it reads them from stdin: their number, then one a line. */
export function writeArgLines(args: readonly string[]): Buffer {
  for (const a of args)
    if (/[\n\r\0]/.test(a))
      throw new Error(`write argument with a line break: ${JSON.stringify(a)}`);
  return Buffer.from(`${args.length}\n${args.map((a) => `${a}\n`).join('')}`);
}
