/**
 * Reads and safe writes on a host, built only on "run a command with stdin" so the ssh and the
 * local transport share one algorithm (and one set of tests).
 *
 * A write is two commands (two round trips):
 *  1. upload: the content goes over stdin into `.<name>.rayanpbx-tmp-<random>` beside the target;
 *  2. commit: one script checks the target's sha256 against the hash it was read with, checks the
 *     temp file's sha256 against what was sent, copies owner/group/mode onto it, keeps a
 *     timestamped backup, and renames it over the target (`mv` = rename(2), atomic), then prunes
 *     old backups and removes temp files left by earlier interrupted writes.
 * Whenever the connection dies, the target is the old file or the new one, never a mix.
 */
import { createHash, randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { RayanError } from '../errors/rayan-error';
import { collect, type CommandStarter, type Collected } from './command-runner';
import {
  ConcurrentModificationError,
  DirectoryNotFoundError,
  InvalidPathError,
  PermissionDeniedError,
  RemoteCommandError,
} from './errors';
import { scriptCommand, sudoFailure } from './sudo';
import type { FileSnapshot, WriteOptions, WriteResult } from './types';

export const TEMP_MARKER = '.rayanpbx-tmp-';
export const BACKUP_MARKER = '.rayanpbx-bak-';
export const DEFAULT_BACKUPS_TO_KEEP = 10;

// Scripts are written one fragment per line and joined with spaces: each fragment ends in a
// separator, so the result is a single line any POSIX login shell passes through intact.
// Arguments arrive as "$1"…; nothing from the caller is ever spliced into the script text.

/** $1 = path, $2 = its directory. Exit 44 = no such file, 45 = directory not searchable, 46 = no directory. */
const READ_SCRIPT = [
  'if [ -e "$1" ] || [ -L "$1" ]; then exec cat -- "$1"; fi;',
  'if [ -d "$2" ]; then if [ -x "$2" ]; then exit 44; fi; echo "cat: $2: Permission denied" >&2; exit 45; fi;',
  'exit 46',
].join(' ');

/**
 * $1 = target, $2 = random suffix. Follows a symlinked target so the rename replaces the real
 * file and leaves the link in place. Prints the resolved target and the temp path, then
 * streams stdin into the temp file (mode 600 until the commit copies the target's mode).
 */
const UPLOAD_SCRIPT = [
  't=$1;',
  'if [ -L "$t" ]; then t=$(readlink -f -- "$t") || exit 48; fi;',
  'd=${t%/*}; [ -n "$d" ] || d=/; b=${t##*/};',
  'tmp="$d/.$b' + TEMP_MARKER + '$2";',
  'printf "%s\\n%s\\n" "$t" "$tmp";',
  'umask 077; set -C;',
  'cat > "$tmp" || { rc=$?; rm -f -- "$tmp"; exit $rc; }',
].join(' ');

/**
 * $1 target, $2 temp, $3 expected sha256 or "-" (must not exist), $4 sha256 of the new content,
 * $5 backups to keep, $6 UTC stamp, $7 "1" = wait for "go" on stdin before the rename (tests).
 * Exit 73 = target changed, 74 = temp incomplete, 75 = aborted before rename,
 * 76 = cannot keep owner/mode, 77 = cannot read, 78 = cannot back up, 79 = rename failed.
 */
const COMMIT_SCRIPT = [
  't=$1; tmp=$2; exp=$3; new=$4; keep=$5; stamp=$6; pause=$7;',
  'd=${t%/*}; [ -n "$d" ] || d=/; b=${t##*/};',
  // Leftovers of interrupted writes (ours excepted): they never were, and never will be, renamed.
  'for f in "$d/.$b"' +
    TEMP_MARKER +
    '*; do if [ "$f" != "$tmp" ] && [ -f "$f" ]; then rm -f -- "$f"; fi; done;',
  'if [ -e "$t" ]; then cur=$(sha256sum < "$t") || { rm -f -- "$tmp"; exit 77; }; cur=${cur%% *}; else cur=-; fi;',
  'if [ "$cur" != "$exp" ]; then rm -f -- "$tmp"; echo "actual $cur"; exit 73; fi;',
  'if [ ! -f "$tmp" ]; then echo "temp missing"; exit 74; fi;',
  'got=$(sha256sum < "$tmp") || exit 77; got=${got%% *};',
  'if [ "$got" != "$new" ]; then rm -f -- "$tmp"; echo "temp $got"; exit 74; fi;',
  'bk=;',
  'if [ -e "$t" ]; then',
  'chown --reference="$t" -- "$tmp" || { rm -f -- "$tmp"; exit 76; };',
  'chmod --reference="$t" -- "$tmp" || { rm -f -- "$tmp"; exit 76; };',
  'if [ "$keep" -gt 0 ]; then bk="$d/$b' +
    BACKUP_MARKER +
    '$stamp"; if [ -e "$bk" ]; then bk="$bk-$$"; fi;',
  'cp -p -- "$t" "$bk" || { rm -f -- "$tmp"; exit 78; }; fi;',
  'else chmod 644 -- "$tmp" || { rm -f -- "$tmp"; exit 76; }; fi;',
  'if [ "$pause" = 1 ]; then echo ready-to-rename; IFS= read -r go || exit 75; fi;',
  'mv -f -- "$tmp" "$t" || { rm -f -- "$tmp"; exit 79; };',
  'echo "backup $bk";',
  // Glob results are sorted (LC_ALL=C: bytewise), and the stamps sort by time: drop the oldest.
  'set -- "$d/$b"' + BACKUP_MARKER + '*; n=$#;',
  'if [ -e "$1" ]; then while [ "$n" -gt "$keep" ]; do rm -f -- "$1"; shift; n=$((n-1)); done; fi;',
  'echo committed',
].join(' ');

export interface FileOpsContext {
  starter: CommandStarter;
  /** Login user on the host (for messages). */
  user: string;
  sudo: boolean;
  commandTimeoutMs: number;
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

export class FileOps {
  constructor(private readonly ctx: FileOpsContext) {}

  private get host(): string {
    return this.ctx.starter.label;
  }

  private async run(
    script: string,
    args: string[],
    what: string,
    extra: Partial<Parameters<typeof collect>[1]> = {},
  ): Promise<Collected> {
    const cmd = await this.ctx.starter.start(scriptCommand(script, args, this.ctx.sudo));
    const res = await collect(
      cmd,
      { timeoutMs: this.ctx.commandTimeoutMs, what, ...extra },
      this.ctx.starter,
    );
    if (this.ctx.sudo && res.code !== 0) {
      const sudoErr = sudoFailure(res.code, res.stderr.toString('utf8'), this.host, this.ctx.user);
      if (sudoErr) throw sudoErr;
    }
    return res;
  }

  async readFile(path: string): Promise<FileSnapshot> {
    const { dir } = checkPath(path);
    const res = await this.run(READ_SCRIPT, [path, dir], `reading ${path}`);
    const stderr = res.stderr.toString('utf8');
    if (res.code === 0) {
      return {
        path,
        content: res.stdout.toString('utf8'),
        hash: sha256Hex(res.stdout),
        exists: true,
      };
    }
    if (res.code === 44) return { path, content: '', hash: '', exists: false };
    if (res.code === 46) throw new DirectoryNotFoundError(dir, this.host);
    if (res.code === 45)
      throw new PermissionDeniedError(dir, this.host, this.ctx.user, this.ctx.sudo, 'read');
    if (isDenied(stderr))
      throw new PermissionDeniedError(path, this.host, this.ctx.user, this.ctx.sudo, 'read');
    throw new RemoteCommandError(this.host, `reading ${path}`, res.code, stderr);
  }

  async writeFileAtomic(path: string, content: string, opts: WriteOptions): Promise<WriteResult> {
    const { dir } = checkPath(path);
    if (opts.expectedHash !== null && !/^[0-9a-f]{64}$/.test(opts.expectedHash)) {
      throw new RayanError(
        'INVALID_ARGUMENT',
        'expectedHash must be a sha256 hex string or null.',
        {
          field: 'expectedHash',
        },
      );
    }
    const keep = opts.backupsToKeep ?? DEFAULT_BACKUPS_TO_KEEP;
    if (!Number.isInteger(keep) || keep < 0 || keep > 1000) {
      throw new RayanError('INVALID_ARGUMENT', 'backupsToKeep must be an integer from 0 to 1000.', {
        field: 'backupsToKeep',
      });
    }
    const hooks = opts.hooks ?? {};
    const phase = async (p: Parameters<NonNullable<typeof hooks.onPhase>>[0]) => {
      if (hooks.onPhase) await hooks.onPhase(p);
    };
    const bytes = Buffer.from(content, 'utf8');
    const newHash = sha256Hex(bytes);

    // 1. upload into a temp file beside the (resolved) target.
    const up = await this.run(
      UPLOAD_SCRIPT,
      [path, randomBytes(8).toString('hex')],
      `uploading ${path}`,
      {
        stdin: bytes,
        afterFirstChunk: () => phase('temp-transfer'),
      },
    );
    const upErr = up.stderr.toString('utf8');
    if (up.code !== 0) {
      if (/No such file or directory/.test(upErr)) throw new DirectoryNotFoundError(dir, this.host);
      if (isDenied(upErr)) {
        throw new PermissionDeniedError(
          dir,
          this.host,
          this.ctx.user,
          this.ctx.sudo,
          'create a temp file in',
        );
      }
      throw new RemoteCommandError(this.host, `uploading ${path}`, up.code, upErr);
    }
    const [target, tmp] = up.stdout.toString('utf8').split('\n');
    if (!target || !tmp || !tmp.startsWith('/')) {
      throw new RemoteCommandError(
        this.host,
        `uploading ${path}`,
        up.code,
        'unexpected output from the upload step',
      );
    }
    await phase('temp-written');

    // 2. commit: hash check, keep owner/mode, backup, rename, prune.
    const pause = hooks.pauseBeforeRename === true;
    const commit = await this.run(
      COMMIT_SCRIPT,
      [target, tmp, opts.expectedHash ?? '-', newHash, String(keep), utcStamp(), pause ? '1' : '0'],
      `replacing ${path}`,
      {
        keepStdinOpen: pause,
        afterFirstChunk: () => phase('commit-sent'),
        onLine: (line, cmd) => {
          if (line !== 'ready-to-rename') return;
          void phase('before-rename').then(
            () => cmd.stdin.end('go\n'),
            () => cmd.kill(),
          );
        },
      },
    );
    const out = commit.stdout.toString('utf8');
    const errText = commit.stderr.toString('utf8');
    switch (commit.code) {
      case 0: {
        const bk = /^backup (.*)$/m.exec(out)?.[1] ?? '';
        await phase('committed');
        return { path, hash: newHash, backupPath: bk === '' ? null : bk };
      }
      case 73: {
        const actual = /^actual (\S+)$/m.exec(out)?.[1] ?? null;
        throw new ConcurrentModificationError(
          path,
          this.host,
          opts.expectedHash,
          actual === '-' ? null : actual,
        );
      }
      case 74:
        throw new RemoteCommandError(
          this.host,
          `replacing ${path}`,
          74,
          'the uploaded temp file is not what was sent (interrupted upload?); nothing was replaced',
        );
      case 75:
        throw this.ctx.starter.lostError(`replacing ${path} (before the rename)`);
      case 76:
        throw new PermissionDeniedError(
          path,
          this.host,
          this.ctx.user,
          this.ctx.sudo,
          'keep the owner and mode of',
        );
      case 77:
        throw new PermissionDeniedError(path, this.host, this.ctx.user, this.ctx.sudo, 'read');
      case 78:
        throw new PermissionDeniedError(
          dir,
          this.host,
          this.ctx.user,
          this.ctx.sudo,
          'create a backup in',
        );
      case 79:
        if (isDenied(errText))
          throw new PermissionDeniedError(path, this.host, this.ctx.user, this.ctx.sudo, 'replace');
        throw new RemoteCommandError(this.host, `replacing ${path}`, 79, errText);
      default:
        throw new RemoteCommandError(this.host, `replacing ${path}`, commit.code, errText);
    }
  }
}
