/**
 * Reads and safe writes on a host, built only on "run a command with stdin" so the ssh and the
 * local transport share one algorithm (and one set of tests).
 *
 * Every operation takes a batch of files and costs a fixed number of commands (round trips),
 * whatever the number of files:
 *  - read: ONE command prints, per file, a header line and the raw bytes;
 *  - write: ONE command (WRITE_SCRIPT). What changed goes over stdin, sizes as arguments; the
 *    host builds `.<name>.rayanpbx-tmp-<random>` beside each target from it and the unchanged
 *    head and tail of the target; then, before touching anything, it checks EVERY target's
 *    sha256 against the hash the edit was made on and every temp's against the new content's
 *    (any mismatch removes all the temps and replaces nothing); then, per file, it copies
 *    owner/group/mode onto the temp, keeps a timestamped backup, renames the temp over its
 *    target (`mv` = rename(2), atomic per file), and prunes old backups.
 * Whenever the connection dies, each target is its old file or its new one, never a mix.
 *
 * Content is bytes on the host and a string for the caller: see byte-text.ts for the lossless
 * decoding (bytes that are not UTF-8 survive a read-edit-write unchanged).
 */
import { createHash, randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { RayanError } from '../errors/rayan-error';
import { decodeBytes, encodeText } from './byte-text';
import { collect, type CommandStarter, type Collected } from './command-runner';
import {
  ConcurrentModificationError,
  DirectoryNotFoundError,
  InvalidPathError,
  PartialBatchWriteError,
  PermissionDeniedError,
  RemoteCommandError,
} from './errors';
import { scriptCommand, sudoFailure } from './sudo';
import type {
  BatchWriteFile,
  BatchWriteOptions,
  FileSnapshot,
  WriteOptions,
  WritePhase,
  WriteResult,
} from './types';

export const TEMP_MARKER = '.rayanpbx-tmp-';
export const BACKUP_MARKER = '.rayanpbx-bak-';
export const DEFAULT_BACKUPS_TO_KEEP = 10;

// Scripts are written one fragment per line and joined with spaces: each fragment ends in a
// separator, so the result is a single line any POSIX login shell passes through intact.
// Arguments arrive as "$1"…; nothing from the caller is ever spliced into the script text.
// Per-file arguments come in fixed-size groups; loops live in functions called with "$@", so
// the top level keeps the full list for the cleanup paths.

/**
 * `h256 [file…]`: sha256 of each file (of stdin without one), a line `<hex> …` per file it could
 * read, in order; exit status non-zero when one could not be read. coreutils' sha256sum does not
 * use the CPU's SHA instructions; OpenSSL does, and is ~3× faster on a 5 MB pjsip.conf, but
 * takes ~5 ms to start: hash a batch's files in one call, not one call each. Most PBXs have
 * openssl (ca-certificates needs it); the rest use sha256sum. Both print the lower-case hex
 * digest first (sha256sum after a `\` when it escaped the name).
 */
export const H256_FN =
  'if command -v openssl > /dev/null 2>&1; then h256() { openssl dgst -sha256 -r "$@"; }; else h256() { sha256sum "$@"; }; fi;';

/**
 * `hpop`: the next digest of $hs (what one `h256 f1 f2 …` printed) into h, dropping its line;
 * fails when no well-formed line is left. Callers pass only paths without control characters,
 * so a line ends at the first one (the newline) whatever the name holds.
 */
export const HPOP_FN = [
  'hpop() { case $hs in "") return 1;; esac;',
  'h=${hs%%[[:cntrl:]]*}; case $hs in *[[:cntrl:]]*) hs=${hs#*[[:cntrl:]]};; *) hs=;; esac;',
  `h=\${h#\\\\}; h=\${h%%[!0-9a-f]*}; case $h in ${'?'.repeat(64)}) ;; *) return 1;; esac; };`,
].join(' ');

/**
 * "$@" = paths. For each, in order: a header `<status> <code> <bytes>\n`, then that many bytes.
 *  ok 0 n         the file's content (copied first to a private temp dir, so the byte count
 *                 and the bytes are of the same version even if the file is replaced meanwhile);
 *  error <rc> n   `cat` failed with exit code rc: its stderr follows;
 *  missing 0 0    no such file in an existing, searchable directory;
 *  dir-denied 0 0 the directory exists but is not searchable;
 *  dir-missing 0 0.
 * Exit 47 = the private copy could not be made or sent (nothing after it is reliable).
 */
const READ_SCRIPT = [
  'umask 077; tmpd=; hok=;',
  H256_FN,
  HPOP_FN,
  // The private copies may hold secrets (pjsip.conf): never leave them behind.
  `trap 'if [ -n "$tmpd" ]; then rm -rf -- "$tmpd"; fi' EXIT;`,
  "trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 141' PIPE; trap 'exit 143' TERM;",
  // The caller already holds these exact bytes (its last read or write): a hash says so. One
  // h256 hashes every regular file the caller knows a hash for; kn_<i> = file i's hash, or ""
  // (not hashed: sent whole). hok says they are set; if that h256 failed (a file unreadable),
  // each known file is hashed alone below.
  'known() { i=0; m=0; k=$(($#/2)); while [ "$i" -lt "$k" ]; do i=$((i+1)); eval "kn_$i=";',
  'if [ "$2" != - ] && [ -f "$1" ]; then m=$((m+1)); eval "w_$m=$i"; set -- "$@" "$1"; fi; shift 2; done;',
  'if [ "$m" -gt 0 ]; then hs=$(h256 "$@" 2> /dev/null) || return; fi;',
  'j=0; while [ "$j" -lt "$m" ]; do j=$((j+1)); hpop || return; eval "i=\\$w_$j"; eval "kn_$i=\\$h"; done;',
  '[ -z "$hs" ] && hok=1; };',
  'hs=; known "$@"; i=0;',
  'while [ $# -gt 0 ]; do p=$1; kh=$2; shift 2; i=$((i+1));',
  'd=${p%/*}; [ -n "$d" ] || d=/;',
  'if [ -e "$p" ] || [ -L "$p" ]; then',
  'if [ "$kh" != - ]; then',
  'if [ -n "$hok" ]; then eval "h=\\$kn_$i"; elif h=$(h256 < "$p" 2> /dev/null); then h=${h%% *}; else h=; fi;',
  'if [ "$h" = "$kh" ]; then echo "same 0 0"; continue; fi; fi;',
  'if [ -z "$tmpd" ]; then tmpd=$(mktemp -d) || exit 47; fi;',
  'if cat -- "$p" > "$tmpd/f" 2> "$tmpd/e"; then s=ok; rc=0; f=$tmpd/f; else rc=$?; s=error; f=$tmpd/e; fi;',
  'n=$(wc -c < "$f") || exit 47;',
  'printf "%s %s %s\\n" "$s" "$rc" $n; cat -- "$f" || exit 47;',
  'elif [ -d "$d" ]; then if [ -x "$d" ]; then echo "missing 0 0"; else echo "dir-denied 0 0"; fi;',
  'else echo "dir-missing 0 0"; fi;',
  'done;',
  'exit 0',
].join(' ');

/** Sets t (resolved target), d, b and tmp for target $1; $sfx is the random suffix. */
const TMP_OF_FN = [
  'tmpof() { t=$1;',
  'if [ -L "$t" ]; then t=$(readlink -f -- "$t") || return 48; fi;',
  // The write's output names files line by line: a real path with a control character (only a
  // symlink can lead there; callers' paths are checked) cannot be reported reliably.
  'case $t in *[[:cntrl:]]*) return 49;; esac;',
  'd=${t%/*}; [ -n "$d" ] || d=/; b=${t##*/};',
  'tmp="$d/.$b' + TEMP_MARKER + '$sfx"; };',
].join(' ');

/** A failure before the renames: remove what this write made (`undo`), exit with its code. */
const FAIL = '{ rc=$?; undo; exit "$rc"; };';

/**
 * The whole write in ONE command (a process start on a PBX costs more than hashing megabytes,
 * and every command is a round trip). $1 backups to keep, $2 UTC stamp, $3 "1" = wait for "go"
 * before the renames (tests), $4 random suffix; then per file: path, P, M, S, O (where the kept
 * tail starts in the target), and the sha256 it must still have ("-" = must not exist). stdin:
 * each file's M bytes in order, then one line with the sha256 of each new content (the client
 * hashes while the host builds the temps).
 *
 *  1. Each temp `.<name>.rayanpbx-tmp-<suffix>` beside its target is P bytes kept from the head
 *     of the current target, the M bytes, then S bytes kept from its tail: a small edit of a
 *     large file uploads only what changed (P = S = 0 uploads it whole). A symlinked target is
 *     followed, so the rename replaces the real file and leaves the link in place. Then it
 *     prints each resolved target and temp (two lines), and "uploaded".
 *  2. Before touching anything: every target's sha256 against the expected one, every temp's
 *     against the new content's (a delta rebuilt from a target that changed meanwhile, or a
 *     short upload, is caught there). Any mismatch removes all the temps and replaces nothing.
 *  3. Per file: owner/group/mode onto the temp, a timestamped backup, the rename over the target
 *     (`mv` = rename(2), atomic per file); then old backups are pruned.
 *
 * Targets and temps are hashed once step 1 is done (side by side given a second CPU), while step
 * 3's owner, mode and backup are prepared; the renames wait for the checks.
 * Exit 45 = cannot copy the kept head or tail (dd's message says why), 46 = directory missing,
 * 47 = cannot create/write a temp, 48 = cannot resolve a symlink,
 * 49 = resolved path has a control character, 72 = the same file twice (through a symlink),
 * 50 = stdin ended before the hashes (the client went away), 73 = a target changed (also prints
 * "actual <sha|->"), 74 = a temp is not what was sent, 75 = aborted before the renames, 76 =
 * cannot keep owner/mode, 77 = cannot read a target, 78 = cannot back up, 79 = a rename failed
 * (prints "renamed <k>": files 1..k were replaced). A failing file prints "at <i>" (1-based);
 * on 46–49 and 72 the pairs printed say which file (the first without its pair). Every failure
 * before the renames removes this write's temps; leftovers of a write killed outright are swept
 * by the next one.
 */
export const WRITE_SCRIPT = [
  'keep=$1; stamp=$2; pause=$3; sfx=$4; shift 4;',
  'umask 077;',
  H256_FN,
  HPOP_FN,
  TMP_OF_FN,
  'dirof() { d=${1%/*}; [ -n "$d" ] || d=/; b=${1##*/}; };',
  // -- step 1, on the arguments as given (groups of 6).
  // t_<j>, p_<j>, e_<j> = target, temp, expected hash of file j, known before the temp is made so
  // that `gone` removes it whatever happens next.
  'up() { n=$(($#/6)); j=0; while [ "$j" -lt "$n" ]; do j=$((j+1));',
  'tmpof "$1" || return;',
  'eval "t_$j=\\$t p_$j=\\$tmp e_$j=\\$6";',
  '[ -d "$d" ] || return 46;',
  // The suffix is shared by the batch: an existing temp means a target already handled, reached
  // again through a symlink. Renaming twice over one file would lose the first content.
  'if [ -e "$tmp" ] || [ -L "$tmp" ]; then return 72; fi;',
  // GNU head -c never reads past <count> (it asks read(2) for at most what is left), so the
  // next file's bytes stay on stdin (fd 3). A short temp fails its sha256 check in step 2.
  // dd copies the kept head in 1 MiB blocks (head -c: 8 KiB), twice as fast for megabytes.
  '{ if [ "$2" -gt 0 ]; then dd if="$t" bs=1M count="$2" iflag=count_bytes status=none || return 45; fi;',
  'head -c "$3" <&3 || return 47;',
  'if [ "$4" -gt 0 ]; then dd if="$t" bs=1M skip="$5" count="$4" iflag=skip_bytes,count_bytes status=none || return 45; fi;',
  '} > "$tmp" || return 47;',
  'shift 6; done; };',
  'pairs() { k=0; while [ "$k" -lt "$1" ]; do k=$((k+1)); eval "x=\\$t_$k; s=\\$p_$k"; printf "%s\\n%s\\n" "$x" "$s"; done; };',
  // This write's temps, in one rm.
  'gone() { set --; k=0; while [ "$k" -lt "$n" ]; do k=$((k+1)); eval "x=\\${p_$k-}";',
  'if [ -n "$x" ]; then set -- "$@" "$x"; fi; done; if [ $# -gt 0 ]; then rm -f -- "$@"; fi; };',
  // h_<j> = the new content's sha256, from the line after the data.
  `nh() { IFS= read -r hl <&3 || return; case $hl in *[!0-9a-f\\ ]*) return 1;; esac; k=0; for x in $hl; do k=$((k+1)); case $x in ${'?'.repeat(64)}) ;; *) return 1;; esac; eval "h_$k=\\$x"; done; [ "$k" -eq "$n" ]; };`,
  // "$@" for step 2 and 3: per file target, temp, expected, new.
  'args4() { a=; k=0; while [ "$k" -lt "$n" ]; do k=$((k+1)); a="$a \\"\\$t_$k\\" \\"\\$p_$k\\" \\"\\$e_$k\\" \\"\\$h_$k\\""; done; };',
  // -- steps 2 and 3 (groups of 4).
  'dropbk() { j=1; while [ "$j" -le "$n" ]; do eval "x=\\${bk_$j-}"; if [ -n "$x" ]; then rm -f -- "$x"; fi; j=$((j+1)); done; };',
  // Everything this write made before its renames: temps and backup links.
  'undo() { gone; dropbk; };',
  // Leftovers of interrupted writes (this batch's temps excepted): they never were, and never
  // will be, renamed.
  'sweep() { while [ $# -gt 0 ]; do dirof "$1";',
  'for f in "$d/.$b"' + TEMP_MARKER + '*; do case $f in',
  '*' + TEMP_MARKER + '"$sfx") ;; *) if [ -f "$f" ]; then rm -f -- "$f"; fi;; esac; done;',
  'shift 4; done; };',
  // The hashes are computed in the first command of a pipeline whose second (fin) reads them,
  // so that prep() works meanwhile. `hv <var> <test> [<var> <test>]` prints per pair the line
  // "i <indexes i whose <var>_i passes `test <test>`>", then hashes all those paths in ONE h256
  // (starting it costs more than hashing megabytes), a line each, then "ok" if h256 succeeded.
  'hv() { fl=; while [ $# -gt 1 ]; do w=$1; o=$2; shift 2; ix=; i=0; while [ "$i" -lt "$n" ]; do i=$((i+1)); eval "x=\\$${w}_$i";',
  'if [ "$o" "$x" ]; then ix="$ix $i"; fl="$fl \\"\\$${w}_$i\\""; fi; done; echo "i$ix"; done;',
  'eval "set -- $fl"; if [ $# -gt 0 ]; then h256 "$@" || return; fi; echo ok; };',
  // `rv <into> <var> <test> <absent> […]` reads one such block into <into>_<i> (<absent> for a
  // path that did not pass). It fails, and the checks then hash each file alone, if a line is
  // missing or a path passes the test now and did not then, or the other way round.
  'rv() { th=$(while IFS= read -r l; do printf "%s\\n" "$l"; if [ "$l" = ok ]; then break; fi; done);',
  'case $th in i*[[:cntrl:]]ok) ;; *) return 1;; esac; hs=${th%[[:cntrl:]]ok};',
  'q=0; while [ "$q" -lt $(($#/4)) ]; do q=$((q+1)); l=${hs%%[[:cntrl:]]*}; case $l in i*) ;; *) return 1;; esac;',
  'eval "ix_$q=\\${l#i}"; case $hs in *[[:cntrl:]]*) hs=${hs#*[[:cntrl:]]};; *) hs=;; esac; done;',
  'q=0; while [ $# -gt 0 ]; do q=$((q+1)); v=$1; w=$2; o=$3; m=$4; shift 4; eval "ix=\\$ix_$q";',
  'i=0; while [ "$i" -lt "$n" ]; do i=$((i+1)); eval "y_$i="; done; for k in $ix; do eval "y_$k=1"; done;',
  'i=0; while [ "$i" -lt "$n" ]; do i=$((i+1)); eval "x=\\$${w}_$i; y=\\$y_$i";',
  'if [ -n "$y" ]; then [ "$o" "$x" ] || return; hpop || return; else ! [ "$o" "$x" ] || return; h=$m; fi;',
  'eval "${v}_$i=\\$h"; done; done; [ -z "$hs" ]; };',
  'check() { i=0; while [ $# -gt 0 ]; do i=$((i+1));',
  'if [ -n "$hc" ]; then eval "cur=\\$c_$i";',
  'elif [ -e "$1" ]; then cur=$(h256 < "$1") || { echo "at $i"; return 77; }; cur=${cur%% *}; else cur=-; fi;',
  'if [ "$cur" != "$3" ]; then echo "at $i"; echo "actual $cur"; return 73; fi;',
  'shift 4; done; };',
  'temps() { i=0; while [ $# -gt 0 ]; do i=$((i+1));',
  'if [ -n "$hc" ]; then eval "got=\\$g_$i"; if [ -z "$got" ]; then echo "at $i"; return 74; fi;',
  'else if [ ! -f "$2" ]; then echo "at $i"; return 74; fi;',
  'got=$(h256 < "$2") || { echo "at $i"; return 74; }; got=${got%% *}; fi;',
  'if [ "$got" != "$4" ]; then echo "at $i"; return 74; fi;',
  'shift 4; done; };',
  'prep() { i=0; while [ $# -gt 0 ]; do i=$((i+1)); dirof "$1"; bk=;',
  'if [ -e "$1" ]; then',
  // The temp belongs to our effective uid and gid (unless the directory is setgid): when the
  // target does too, chown would change nothing.
  '{ { [ -O "$1" ] && [ -G "$1" ] && [ -O "$2" ] && [ -G "$2" ]; } || chown --reference="$1" -- "$2"; } || return 76;',
  'chmod --reference="$1" -- "$2" || return 76;',
  'if [ "$keep" -gt 0 ]; then bk="$d/$b' +
    BACKUP_MARKER +
    '$stamp"; if [ -e "$bk" ]; then bk="$bk-$$"; fi; eval "bk_$i=\\$bk";',
  // A hard link is the old file itself at no cost (the rename gives the target a new inode);
  // a file system without links gets a copy.
  '{ ln -- "$1" "$bk" 2> /dev/null || cp -p -- "$1" "$bk"; } || { rm -f -- "$bk"; return 78; }; fi;',
  'else chmod 644 -- "$2" || return 76; fi;',
  'eval "bk_$i=\\$bk"; shift 4; done; };',
  // `mv -T`: a target that became a directory makes the rename fail instead of moving the temp
  // into it.
  'renames() { i=0; while [ $# -gt 0 ]; do i=$((i+1)); mv -f -T -- "$2" "$1" || { echo "at $i"; return 79; }; shift 4; done; };',
  'backups() { i=0; while [ $# -gt 0 ]; do i=$((i+1)); eval "x=\\${bk_$i-}"; echo "backup $i $x"; shift 4; done; };',
  // Glob results are sorted (LC_ALL=C: bytewise), and the stamps sort by time: the oldest
  // backups beyond $keep, of every file, go in one rm.
  'prune() { k=$(($#/4)); while [ "$k" -gt 0 ]; do k=$((k-1)); dirof "$1"; n=0;',
  'for f in "$d/$b"' + BACKUP_MARKER + '*; do if [ -e "$f" ]; then n=$((n+1)); fi; done;',
  'for f in "$d/$b"' +
    BACKUP_MARKER +
    '*; do if [ "$n" -le "$keep" ]; then break; fi; if [ -e "$f" ]; then set -- "$@" "$f"; n=$((n-1)); fi; done;',
  'shift 4; done; if [ $# -gt 0 ]; then rm -f -- "$@"; fi; };',
  // A client gone before the renames leaves nothing behind: the echoes to its dead channel must
  // not kill the script (SIGPIPE) before it removes the temps.
  "main() { trap '' PIPE;",
  'set -C; up "$@" || { rc=$?; pairs $((j-1)); undo; exit "$rc"; }; set +C;',
  // Killed while waiting for the hashes: the temps go (killed mid-build, the next write sweeps).
  'pairs "$n"; echo uploaded; trap \'undo; exit 143\' HUP INT TERM;',
  'nh || { undo; exit 50; }; echo committing;',
  'args4; eval "set -- $a";',
  'sweep "$@";',
  // c_<i> = target i's sha256 or "-" (absent), g_<i> = temp i's or "" (not a regular file). With
  // a second CPU, targets and temps are hashed side by side (~30% faster; ~30% slower on one).
  // What prep() does meanwhile (owner, mode, backup links) is undone if a check fails, and its
  // own failure is reported only when the checks pass.
  // A kill from here on (the client's timeout: SIGTERM to the process group) is fin's to handle.
  "trap '' HUP INT TERM;",
  'if [ -e /sys/devices/system/cpu/cpu1 ]; then par=1;',
  '{ hv p -f 2> /dev/null < /dev/null | { hv t -e 2> /dev/null < /dev/null; while IFS= read -r l; do printf "%s\\n" "$l"; done; }; } | fin "$@";',
  'else par=; hv t -e p -f 2> /dev/null < /dev/null | fin "$@"; fi; };',
  // Killed before the renames: what this write made (temps, backup links) goes, nothing else.
  "fin() { trap 'undo; exit 143' HUP INT TERM;",
  'pr=0; prep "$@" || { pr=$?; pa=$i; };',
  'hc=; if [ -n "$par" ]; then rv c t -e - && rv g p -f "" && hc=1; else rv c t -e - g p -f "" && hc=1; fi;',
  'check "$@" || ' + FAIL,
  'temps "$@" || ' + FAIL,
  'if [ "$pr" != 0 ]; then echo "at $pa"; undo; exit "$pr"; fi;',
  'if [ "$pause" = 1 ]; then echo ready-to-rename; IFS= read -r go <&3 || { undo; exit 75; }; fi;',
  // From here on the script must run to its end even if the client goes away (a signal between
  // two renames would leave the batch half applied): a dead channel only makes the echoes fail.
  "trap '' HUP INT PIPE TERM;",
  'renames "$@" || { rc=$?; echo "renamed $((i-1))"; gone; exit "$rc"; };',
  'backups "$@";',
  'prune "$@";',
  'echo committed; };',
  // The client's data comes on fd 3: fin's stdin is the hashes.
  'exec 3<&0;',
  'main "$@"',
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

const invalid = (field: string, message: string) =>
  new RayanError('INVALID_ARGUMENT', message, { field });

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
    const m = /^(ok|same|error|missing|dir-denied|dir-missing) (\d+) (\d+)$/.exec(line);
    if (!m) {
      this.bad = true;
      return;
    }
    const payload = Buffer.allocUnsafe(Number(m[3]));
    this.records.push({ status: m[1]!, code: Number(m[2]), payload });
    this.filled = 0;
    this.payload = payload.length > 0 ? payload : null;
  }

  /** The records, when the output was exactly `count` complete records. */
  result(): ReadRecord[] | null {
    const complete =
      !this.bad && this.records.length === this.count && !this.payload && this.headerLen === 0;
    return complete ? this.records : null;
  }
}

/** ES2024's String#isWellFormed (Node 20+): no lone surrogate in the string. */
const isWellFormed = (s: string): boolean =>
  (s as string & { isWellFormed(): boolean }).isWellFormed();

interface Known {
  hash: string;
  raw: Buffer;
  text: string | null;
}

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

  /** `copy`: false for bytes nothing else holds (what a write encoded), true for a slice. */
  private remember(path: string, hash: string, raw: Buffer, text: string | null, copy = true) {
    this.known.set(path, { hash, raw: copy ? Buffer.from(raw) : raw, text });
  }

  /** The bytes of `f.previous` for the delta: the ones this connection holds, when they are. */
  private previousBytes(f: BatchWriteFile): Buffer | null {
    if (f.previous === undefined || f.expectedHash === null) return null;
    const k = this.known.get(f.path);
    if (k && k.hash === f.expectedHash && k.text !== null && k.text === f.previous) return k.raw;
    return encodeText(f.previous);
  }

  private textOf(k: Known): string {
    if (k.text === null) k.text = decodeBytes(k.raw);
    return k.text;
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
          const hash = sha256Hex(r.payload);
          const content = decodeBytes(r.payload);
          // The payload is this read's own buffer: kept as is, not copied again.
          this.remember(path, hash, r.payload, content, false);
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
        throw invalid(`files[${i}].content`, `files[${i}].content must be a string.`);
      checkExpectedHash(f.expectedHash, `files[${i}].expectedHash`);
    });
    const keep = opts.backupsToKeep ?? DEFAULT_BACKUPS_TO_KEEP;
    checkBackupsToKeep(keep);
    if (files.length === 0) return [];

    const hooks = opts.hooks ?? {};
    const phase = async (p: WritePhase) => {
      if (hooks.onPhase) await hooks.onPhase(p);
    };
    const paths = files.map((f) => f.path);
    const names = listNames(paths);
    const bytes = files.map((f) => encodeText(f.content));
    // Hashed while the PBX rebuilds the temps (see afterFirstChunk below), not before.
    let hashes: string[] | null = null;
    const hashAll = (): string[] => (hashes ??= bytes.map((b) => sha256Hex(b)));

    // One command: the temps are built from the changed bytes, checked, and renamed in.
    const sfx = randomBytes(8).toString('hex');
    const pause = hooks.pauseBeforeRename === true;
    const args = [String(keep), utcStamp(), pause ? '1' : '0', sfx];
    const sent: Buffer[] = [];
    files.forEach((f, i) => {
      const d = delta(bytes[i]!, this.previousBytes(f));
      args.push(f.path, String(d.keepHead), String(d.middle.length), String(d.keepTail));
      args.push(String(d.tailFrom), f.expectedHash ?? '-');
      sent.push(d.middle);
    });
    // With hooks (tests), each step waits for the host to reach it, so a fault lands exactly
    // there; otherwise the hashes follow the data at once.
    const stepwise = hooks.onPhase !== undefined;
    let uploaded: () => void = () => undefined;
    const uploadedSeen = new Promise<void>((r) => (uploaded = r));
    const res = await this.run(WRITE_SCRIPT, args, `writing ${names}`, {
      stdin: Buffer.concat(sent),
      afterFirstChunk: async () => {
        await phase('temp-transfer');
        hashAll();
      },
      afterStdin: async (cmd, ended) => {
        if (stepwise) {
          if (
            (await Promise.race([uploadedSeen.then(() => true), ended.then(() => false)])) === false
          )
            return;
          await phase('temp-written');
        }
        cmd.stdin.write(`${hashAll().join(' ')}\n`);
        if (!pause) cmd.stdin.end();
      },
      onLine: (line, cmd) => {
        if (line === 'uploaded') uploaded();
        else if (line === 'committing') void phase('commit-sent').catch(() => cmd.kill());
        else if (line === 'ready-to-rename')
          void phase('before-rename').then(
            () => cmd.stdin.end('go\n'),
            () => cmd.kill(),
          );
      },
    });
    const lines = res.stdout.toString('utf8').split('\n');
    const upEnd = lines.indexOf('uploaded');
    const pairs = upEnd === -1 ? lines.slice(0, -1) : lines.slice(0, upEnd);
    const out = upEnd === -1 ? '' : lines.slice(upEnd + 1).join('\n');
    const targets: string[] = [];
    for (let i = 0; 2 * i + 1 < pairs.length; i++) targets.push(pairs[2 * i]!);
    const errText = res.stderr.toString('utf8');
    const newHashes = hashAll();
    if (res.code !== 0 && res.code !== 73) {
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
      if (res.code === 46) throw new DirectoryNotFoundError(dir, this.host);
      if (res.code === 47 && isDenied(errText)) throw this.denied(dir, 'create a temp file in');
      if (res.code === 45 && isDenied(errText)) throw this.denied(path, 'read');
      if (res.code === 72)
        throw new InvalidPathError(
          path,
          'is the same file as another path of this batch (through a symlink); nothing was written',
        );
      if (res.code === 49)
        throw new InvalidPathError(
          path,
          'leads through a symlink to a name with a control character',
        );
      throw new RemoteCommandError(this.host, `uploading ${path}`, res.code, errText);
    }
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
        await phase('committed');
        // A well-formed string is encoded as plain UTF-8, which decodes back to that very string.
        files.forEach((f, i) =>
          this.remember(
            f.path,
            newHashes[i]!,
            bytes[i]!,
            isWellFormed(f.content) ? f.content : null,
            false,
          ),
        );
        return files.map((f, i) => {
          const bk = backups.get(i) ?? '';
          return {
            path: f.path,
            hash: newHashes[i]!,
            backupPath: bk === '' ? null : bk,
            sentBytes: sent[i]!.length,
          };
        });
      }
      case 50:
        throw this.ctx.starter.lostError(`writing ${names} (before the commit)`);
      case 73: {
        const actual = /^actual (\S+)$/m.exec(out)?.[1] ?? null;
        if (file) this.known.delete(file.path);
        throw new ConcurrentModificationError(
          path,
          this.host,
          file?.expectedHash ?? null,
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
        throw this.ctx.starter.lostError(`replacing ${names} (before the rename)`);
      case 76:
        throw this.denied(path, 'keep the owner and mode of');
      case 77:
        throw this.denied(path, 'read');
      case 78:
        throw this.denied(posix.dirname(targets[atIdx] ?? path), 'create a backup in');
      case 79: {
        const renamed = Number(/^renamed (\d+)$/m.exec(out)?.[1] ?? 0);
        if (renamed > 0) {
          const cause = errText.trim().split('\n')[0] ?? `exit code ${res.code}`;
          throw new PartialBatchWriteError(this.host, paths.slice(0, renamed), path, cause);
        }
        if (isDenied(errText)) throw this.denied(path, 'replace');
        throw new RemoteCommandError(this.host, `replacing ${path}`, 79, errText);
      }
      default:
        throw new RemoteCommandError(this.host, `replacing ${names}`, res.code, errText);
    }
  }
}

/** Below this many bytes saved, a delta is not worth the extra reads on the host. */
const DELTA_MIN_SAVING = 64 * 1024;
/** A kept head or tail shorter than this is sent instead (see delta). */
const EDGE_MIN_KEEP = 4096;

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
