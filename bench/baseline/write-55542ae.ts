/**
 * The write path as it was before issue 9 (commit 55542ae, src/main/core/ssh/file-ops.ts):
 * its shell script, verbatim, and the client side of its protocol (arguments, delta, hashes on
 * stdin, "committed"), without the error mapping a bench never reaches. Kept here ONLY so that
 * `npm run bench` can time the current write path against it in the same run, over the same
 * sshd, on the same files (issue 9, acceptance 3: "the write benchmark stays within 10 % of
 * today's figures"). Not used by the app; do not fix or extend it: it is the yardstick.
 *
 * This script follows symlinks and falls back to `cp` for backups: the holes issue 9 closed.
 * Run it only on a directory the bench itself made.
 */
import { createHash, randomBytes } from 'node:crypto';
import { collect, type CommandStarter } from '../../src/main/core/ssh/command-runner';
import { shCommand } from '../../src/main/core/ssh/shell-quote';

/** The command line as 55542ae built it (no sudo): `env` first, as the yardstick paid it. */
const scriptCommand = (script: string, args: string[], _sudo: false) =>
  `env LC_ALL=C ${shCommand(script, args)}`;

const TEMP_MARKER = '.rayanpbx-tmp-';
const BACKUP_MARKER = '.rayanpbx-bak-';

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
const H256_FN =
  'if command -v openssl > /dev/null 2>&1; then h256() { openssl dgst -sha256 -r "$@"; }; else h256() { sha256sum "$@"; }; fi;';

/**
 * `hpop`: the next digest of $hs (what one `h256 f1 f2 …` printed) into h, dropping its line;
 * fails when no well-formed line is left. Callers pass only paths without control characters,
 * so a line ends at the first one (the newline) whatever the name holds.
 */
const HPOP_FN = [
  'hpop() { case $hs in "") return 1;; esac;',
  'h=${hs%%[[:cntrl:]]*}; case $hs in *[[:cntrl:]]*) hs=${hs#*[[:cntrl:]]};; *) hs=;; esac;',
  `h=\${h#\\\\}; h=\${h%%[!0-9a-f]*}; case $h in ${'?'.repeat(64)}) ;; *) return 1;; esac; };`,
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
const WRITE_SCRIPT = [
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

function utcStamp(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '');
}

const sha256Hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export interface BaselineFile {
  path: string;
  /** The new content's bytes. */
  bytes: Buffer;
  /** The bytes the edit was made on (what the connection holds), for the delta. */
  previous: Buffer;
  expectedHash: string;
}

/** One batch write the old way; throws unless the host says "committed". */
export async function writeBaseline(
  starter: CommandStarter,
  files: BaselineFile[],
  keep = 10,
): Promise<string[]> {
  let hashes: string[] | null = null;
  const hashAll = (): string[] => (hashes ??= files.map((f) => sha256Hex(f.bytes)));
  const sfx = randomBytes(8).toString('hex');
  const args = [String(keep), utcStamp(), '0', sfx];
  const sent: Buffer[] = [];
  for (const f of files) {
    const d = delta(f.bytes, f.previous);
    args.push(f.path, String(d.keepHead), String(d.middle.length), String(d.keepTail));
    args.push(String(d.tailFrom), f.expectedHash);
    sent.push(d.middle);
  }
  const cmd = await starter.start(scriptCommand(WRITE_SCRIPT, args, false));
  const res = await collect(
    cmd,
    {
      timeoutMs: 60_000,
      what: 'baseline write',
      stdin: Buffer.concat(sent),
      afterFirstChunk: async () => {
        hashAll();
      },
      afterStdin: async (c) => {
        c.stdin.write(`${hashAll().join(' ')}\n`);
        c.stdin.end();
      },
    },
    starter,
  );
  const out = res.stdout.toString('utf8');
  if (res.code !== 0 || !/^committed$/m.test(out))
    throw new Error(`baseline write failed (${res.code}): ${res.stderr.toString('utf8')}`);
  return hashAll();
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
