# shellcheck shell=sh
#
# The whole write in ONE command (a process start on a PBX costs more than hashing megabytes,
# and every command is a round trip). Everything comes on stdin, so that the command can be
# started before the write is known and wait (FileOps.prepareWrite: the channel, the login and
# the shell cost a change nothing then): a line with the number of arguments, then one a line
# (none holds a newline: the client refuses control characters in paths). $1 backups to keep,
# $2 UTC stamp, $3 "1" = wait for "go" before the renames (tests), $4 "1" = the host allows a
# config dir other accounts can write; then per file: path, P, M, S, O (where the kept tail
# starts in the target), and the sha256 it must still have ("-" = must not exist). Then a line
# of 24 random characters (name parts: stdin, unlike the command line, is not readable by other
# accounts), each file's M bytes in order (or, for M = "=<n>", one line that printf turns into
# them), then one line with the sha256 of each new content (the client hashes while the host
# builds the temps). It says "args" once it has them, before anything else.
#
# The directory may be writable by an account that wants root (a compromised Asterisk, a web
# panel): nothing here follows a link or trusts a name that account could have planted.
#  0. Refused before anything is made: a target that is a symlink (E_SYMLINK_TARGET), and, as
#     root, a directory another account can write (E_SHARED_DIR; E_RUN_AS_OWNER when the host
#     allows it and the directory has an owner to run as instead, as sudoedit does).
#  1. Each temp `.<name>.rayanpbx-tmp-<uptime>-<random>` beside its target is created by this
#     script (O_EXCL: noclobber, a random name made here, never on the command line) and gets the
#     target's owner and mode through its open descriptor. Its content: P bytes kept from the
#     head of the current target, the M bytes, then S bytes kept from its tail (a small edit of
#     a large file uploads only what changed). It prints each target and temp (two lines),
#     then "uploaded".
#  2. Before touching anything: every target's sha256 against the expected one, every temp's
#     against the new content's. Any mismatch removes all the temps and replaces nothing. From
#     the targets' hashes to their renames the write holds a lock on each directory it writes
#     in (best effort, see lock_dirs), so that two consoles writing one host cannot both pass
#     the check and one lose the other's change.
#  3. Per file: a backup that is a hard link (`ln -P`, no copy fallback), the rename over the
#     target (rename(2): atomic, replaces a name, never writes through one); old backups pruned.
# Targets and temps are hashed once step 1 is done (side by side given a second CPU), while the
# backup links are made; the renames wait for the checks. Exit codes: contract.sh. A failing
# file prints "at <i>" (1-based); on failures of step 1 the pairs printed say which file (the
# first without its pair). Every failure before the renames removes this write's temps;
# leftovers of a write killed outright are swept by a later one, once old enough never to be a
# concurrent write's (the <uptime> in their names).

umask 077
euid=

dirof() {
  d=${1%/*}
  [ -n "$d" ] || d=/
  b=${1##*/}
}

# Step 0 (groups of 6): prints "unsafe <i> symlink <where it points>" and fails when a target
# is a symlink.
refuse_symlink_targets() {
  i=0
  while [ $# -gt 0 ]; do
    i=$((i + 1))
    if [ -L "$1" ]; then
      printf 'unsafe %s symlink %s\n' "$i" "$(readlink -- "$1")"
      return "$E_SYMLINK_TARGET"
    fi
    shift 6
  done
}

# euid = this shell's effective uid, read by the shell itself from /proc/self/status (its Uid
# line: real, effective, saved, fs): a process costs more than the whole write's checks. Where
# /proc is missing, `id -u`.
effective_uid() {
  euid=
  if [ -r /proc/self/status ]; then
    while IFS= read -r l; do
      case $l in Uid:*) ;; *) continue ;; esac
      # shellcheck disable=SC2086 # four numbers
      set -- ${l#Uid:}
      euid=$2
      break
    done < /proc/self/status
  fi
  case $euid in "" | *[!0-9]*) euid=$(id -u) || euid=unknown ;; esac
}

# Before anything is made, read or hashed (groups of 6; a `stat` process, for root only):
# prints "unsafe <i> dir|owner …" and fails when the batch must not be written. Root in a
# directory that an account other than root can write (owned by it, or group/other-writable)
# would let that account aim root's writes with links and races: swap a target for a link
# whose owner and mode the temp would take (chown/chmod --reference follow links), or for a
# FIFO that root's dd or hashing would block on.
refuse_shared_dirs() {
  # Only root's writes cross an account boundary here: for anyone else, no stat at all.
  effective_uid
  [ "$euid" = 0 ] || return 0
  i=0
  dl=
  while [ $# -gt 0 ]; do
    i=$((i + 1))
    dirof "$1"
    dl="$dl $i"
    eval "sd_$i=\$d"
    shift 6
  done
  set --
  for i in $dl; do eval "set -- \"\$@\" \"\$sd_$i\""; done
  [ $# -gt 0 ] || return 0
  # One stat for every directory.
  st=$(stat -L -c '%u %g %a %U %G' -- "$@") || return "$E_SHARED_DIR"
  for i in $dl; do
    l=${st%%[[:cntrl:]]*}
    case $st in *[[:cntrl:]]*) st=${st#*[[:cntrl:]]} ;; *) st= ;; esac
    # shellcheck disable=SC2086 # uid gid mode owner group: no blanks in any
    set -- $l
    if [ "$1" = 0 ] && [ $((0$3 & 2)) = 0 ] && { [ "$2" = 0 ] || [ $((0$3 & 16)) = 0 ]; }; then
      continue
    fi
    if [ "$allow_shared" != 1 ]; then
      echo "unsafe $i dir $l"
      return "$E_SHARED_DIR"
    fi
    if [ "$1" != 0 ]; then
      echo "unsafe $i owner $l"
      return "$E_RUN_AS_OWNER"
    fi
  done
}

# The temp being written is this function's stdout: the file this script created, whatever its
# name leads to by now. It gets the target's owner, group and mode (a new file: the directory's
# owner and group, 0640, as it holds passwords) through /dev/fd/1, never through a name. Started
# in the background while the content is written (cl_<j> = its pid; await_claims collects the
# outcome): one process when the owner already is right, the usual case.
claim_temp() {
  if [ -e "$1" ]; then r=$1; else r=$d; fi
  if [ "$r" = "$1" ]; then m=--reference=$1; else m=640; fi
  # The temp belongs to our effective uid and gid (unless the directory is setgid): when the
  # reference does too, chown would change nothing.
  if [ -O "$r" ] && [ -G "$r" ] && [ -G /dev/fd/1 ]; then
    chmod "$m" /dev/fd/1 &
  else
    { chown --reference="$r" /dev/fd/1 && chmod "$m" /dev/fd/1; } &
  fi
  eval "cl_$j=\$!"
}

# Each distinct directory of the batch (groups of 6) is locked with flock(1) on a descriptor of
# the directory itself (fds 9 down to 6), taken once the temps are made and held until this
# shell ends: from the targets' hashes to their renames, two writes of one host (two consoles,
# two CLI processes) cannot both pass the checks and the later rename drop the other's change.
#  - Never a name in the directory, which an account writing there could plant or leave behind:
#    the kernel drops the lock once the descriptor is closed, however the shell ends (its
#    children started after the lock, which share it, are short: hashing, ln, mv, rm).
#  - Opened as `.` after `cd -P`: only a directory can be entered, so root never opens a FIFO
#    (which would block) or a device (which may act on open) that the path was made to lead to.
#  - Directories are told apart by inode (`-ef`): two descriptors of one directory would lock
#    each other out. Locked one after another in the order of their physical paths (two batches
#    spelling one directory two ways still agree), each flock given only its own descriptor (a
#    flock killed with the shell holds nothing else).
#  - Best effort, within L_LOCK_WAIT seconds for all of them (well inside the client's command
#    timeout): a lock not had by then (another account holding it, which any account that can
#    read the directory can do), a flock that cannot wait (busybox has no -w), or a directory
#    that cannot be opened: the write goes on without it, as before locks, and says so
#    ("unlocked <i>" for each file i in such a directory); step 2 still refuses a target
#    changed before its check. Without flock at all, no lock, and every file says so.
lock_dirs() {
  nl=0
  hf=
  if command -v flock > /dev/null 2>&1; then hf=1; fi
  # fs_<i> = the slot of file i's directory, "u" for one that cannot be locked (no flock).
  i=0
  while [ $# -gt 0 ]; do
    i=$((i + 1))
    dirof "$1"
    shift 6
    k=0
    while [ "$k" -lt "$nl" ]; do
      k=$((k + 1))
      eval "x=\$ld_$k"
      # shellcheck disable=SC3013 # dash, bash and busybox sh all have -ef
      if [ "$x" -ef "$d" ]; then
        eval "fs_$i=\$k"
        continue 2
      fi
    done
    fd=$((9 - nl))
    # `command`: a failed redirection of a special builtin must not end the shell.
    if [ -n "$hf" ] && [ "$nl" -lt 4 ] && { cd -P -- "$d" && eval "command exec $fd< ."; } 2> /dev/null; then
      nl=$((nl + 1))
      eval "ld_$nl=\$d lp_$nl=\$PWD lf_$nl=\$fd fs_$i=\$nl"
    else
      eval "fs_$i=u"
    fi
    cd / || return
  done
  host_uptime
  t0=$up
  taken=
  lus=
  c=0
  while [ "$c" -lt "$nl" ]; do
    c=$((c + 1))
    bk=
    k=0
    while [ "$k" -lt "$nl" ]; do
      k=$((k + 1))
      case " $taken " in *" $k "*) continue ;; esac
      eval "x=\$lp_$k"
      # shellcheck disable=SC3012 # dash, bash and busybox sh all compare strings with \<
      if [ -z "$bk" ] || [ "$x" \< "$bx" ]; then
        bk=$k
        bx=$x
      fi
    done
    taken="$taken $bk"
    eval "fd=\$lf_$bk"
    cl=
    k=0
    while [ "$k" -lt "$nl" ]; do
      k=$((k + 1))
      eval "x=\$lf_$k"
      if [ "$x" != "$fd" ]; then cl="$cl $x<&-"; fi
    done
    r=$L_LOCK_WAIT
    if [ "$t0" != x ]; then
      host_uptime
      r=$((r - (up - t0)))
    fi
    if [ "$r" -gt 0 ] && eval "flock -w $r $fd $cl" < /dev/null > /dev/null 2>&1; then continue; fi
    lus="$lus $bk"
  done
  i=0
  while [ "$i" -lt "$n" ]; do
    i=$((i + 1))
    eval "x=\$fs_$i"
    case " u $lus " in *" $x "*) echo "unlocked $i" ;; esac
  done
}

# Step 1, on the arguments as given (groups of 6). t_<j>, p_<j>, e_<j> = target, temp, expected
# hash of file j, known before the temp is made so that remove_temps removes it whatever
# happens next. Runs under `set -C`: `> "$tmp"` creates the file (O_EXCL) or fails.
upload_temps() {
  n=$(($# / 6))
  j=0
  total=0
  while [ "$j" -lt "$n" ]; do
    j=$((j + 1))
    t=$1
    total=$((total + $2 + ${3#=} + $4))
    dirof "$t"
    tmp="$d/.$b$M_TEMP$born-$sfx"
    eval "t_$j=\$t p_$j=\$tmp e_$j=\$6"
    [ -d "$d" ] || return "$E_DIR_MISSING"
    # The suffix is shared by the batch: an existing temp means a target already handled,
    # reached again through a symlinked directory. Renaming twice over one file would lose the
    # first content.
    if [ -e "$tmp" ] || [ -L "$tmp" ]; then return "$E_SAME_FILE"; fi
    # GNU head -c never reads past <count> (it asks read(2) for at most what is left), so the
    # next file's bytes stay on stdin (fd 3). A short temp fails its sha256 check in step 2.
    # dd copies the kept head in 1 MiB blocks (head -c: 8 KiB), twice as fast for megabytes;
    # nofollow: a target swapped for a link since step 0 is not read through.
    {
      claim_temp "$t"
      if [ "$2" -gt 0 ]; then
        dd if="$t" iflag=nofollow,count_bytes bs=1M count="$2" status=none || return "$E_KEEP_COPY"
      fi
      # M is "=<n>" for a small middle: one line of \ooo escapes and plain characters (never \ or
      # %, so the line is a printf format that prints exactly those bytes), put out by the shell
      # itself. A process costs more than reading a few KiB a byte at a time.
      if [ "${3#=}" != "$3" ]; then
        IFS= read -r mid <&3 || return "$E_TEMP_CREATE"
        # shellcheck disable=SC2059 # the line is the format: escapes and plain characters only
        printf "$mid" || return "$E_TEMP_CREATE"
      else
        head -c "$3" <&3 || return "$E_TEMP_CREATE"
      fi
      if [ "$4" -gt 0 ]; then
        dd if="$t" iflag=nofollow,skip_bytes,count_bytes bs=1M skip="$5" count="$4" status=none ||
          return "$E_KEEP_COPY"
      fi
    } > "$tmp" || return "$E_TEMP_CREATE"
    shift 6
  done
}

# Every claim_temp's exit status: the first failure's (a file's owner or mode not kept).
await_claims() {
  k=0
  cr=0
  while [ "$k" -lt "$n" ]; do
    k=$((k + 1))
    eval "x=\${cl_$k-}"
    if [ -n "$x" ] && ! wait "$x" && [ "$cr" = 0 ]; then
      cr=$E_OWNER_MODE
      cf=$k
    fi
  done
  return "$cr"
}

print_pairs() {
  k=0
  while [ "$k" -lt "$1" ]; do
    k=$((k + 1))
    eval "printf '%s\\n%s\\n' \"\$t_$k\" \"\$p_$k\""
  done
}

# This write's temps, in one rm (rm unlinks names: a link planted in their place is not
# followed).
remove_temps() {
  set --
  k=0
  while [ "$k" -lt "$n" ]; do
    k=$((k + 1))
    eval "x=\${p_$k-}"
    if [ -n "$x" ]; then set -- "$@" "$x"; fi
  done
  if [ $# -gt 0 ]; then rm -f -- "$@"; fi
}

# h_<j> = the new content's sha256, from the line after the data.
receive_hashes() {
  IFS= read -r hl <&3 || return
  case $hl in *[!0-9a-f\ ]*) return 1 ;; esac
  k=0
  for x in $hl; do
    k=$((k + 1))
    case $x in ????????????????????????????????????????????????????????????????) ;; *) return 1 ;; esac
    eval "h_$k=\$x"
  done
  [ "$k" -eq "$n" ]
}

# a = a word list that `eval "set -- $a"` turns into: per file target, temp, expected, new.
quads() {
  a=
  k=0
  while [ "$k" -lt "$n" ]; do
    k=$((k + 1))
    a="$a \"\$t_$k\" \"\$p_$k\" \"\$e_$k\" \"\$h_$k\""
  done
}

remove_backups() {
  j=1
  while [ "$j" -le "$n" ]; do
    eval "x=\${bk_$j-}"
    if [ -n "$x" ]; then rm -f -- "$x"; fi
    j=$((j + 1))
  done
}

# Everything this write made before its renames: temps and backup links.
undo() {
  remove_temps
  remove_backups
}

# up = the host's uptime in whole seconds (/proc/uptime, read by the shell: no process), "x"
# where it cannot be read. The host's own clock, the same for every write there: consoles'
# clocks may disagree by minutes.
host_uptime() {
  up=
  if [ -r /proc/uptime ]; then IFS=' .' read -r up _ < /proc/uptime || up=; fi
  case $up in "" | *[!0-9]*) up=x ;; esac
}

# Whether temp $1 (not this batch's) is a leftover: made more than L_STALE_TEMP seconds before
# now ($up, read when the sweep starts), or over a minute "after" now (made before the host
# rebooted; a write that started just after the sweep read the clock is not), or named
# otherwise (an earlier version's, planted; a leading zero too: the shell would read it as
# octal). A younger one may be a write running right now on another connection: removing it
# would make that write's rename fail after its other files were replaced.
stale_temp() {
  w=${1##*"$M_TEMP"}
  w=${w%%-*}
  case $w in "" | *[!0-9]* | 0?* | ??????????*) return 0 ;; esac
  [ "$w" -gt $((up + 60)) ] || [ $((up - w)) -gt "$L_STALE_TEMP" ]
}

# Leftovers of interrupted writes (this batch's temps, and any that may be a running write's,
# excepted): they never were, and never will be, renamed. Without the host's uptime, none.
sweep_stale_temps() {
  host_uptime
  case $up in x) return 0 ;; esac
  while [ $# -gt 0 ]; do
    dirof "$1"
    for f in "$d/.$b$M_TEMP"*; do
      case $f in
        *"$M_TEMP$born-$sfx") ;;
        *) if [ -f "$f" ] && stale_temp "$f"; then rm -f -- "$f"; fi ;;
      esac
    done
    shift 4
  done
}

# The hashes are computed in the first command of a pipeline whose second (finish) reads them,
# so that the backup links are made meanwhile. `hash_vars <var> <test> [<var> <test>]` prints
# per pair the line "i <indexes i whose <var>_i passes `test <test>`>", then hashes all those
# paths in ONE h256 (starting it costs more than hashing megabytes), a line each, then "ok" if
# h256 succeeded.
hash_vars() {
  fl=
  while [ $# -gt 1 ]; do
    w=$1
    o=$2
    shift 2
    ix=
    i=0
    while [ "$i" -lt "$n" ]; do
      i=$((i + 1))
      eval "x=\$${w}_$i"
      if test "$o" "$x"; then
        ix="$ix $i"
        fl="$fl \"\$${w}_$i\""
      fi
    done
    echo "i$ix"
  done
  eval "set -- $fl"
  if [ $# -gt 0 ]; then h256 "$@" || return; fi
  echo ok
}

# `read_hashes <into> <var> <test> <absent> […]` reads one such block, line by line as it comes
# (no command substitution: a fork costs more than the hashing), into <into>_<i> (<absent> for a
# path that did not pass). It fails, and the checks then hash each file alone, if a line is
# missing or malformed, or a path passes the test now and did not then, or the other way round.
read_hashes() {
  q=0
  while [ "$q" -lt $(($# / 4)) ]; do
    q=$((q + 1))
    IFS= read -r l || return
    case $l in i*) ;; *) return 1 ;; esac
    eval "ix_$q=\${l#i}"
  done
  q=0
  while [ $# -gt 0 ]; do
    q=$((q + 1))
    v=$1
    w=$2
    o=$3
    m=$4
    shift 4
    eval "ix=\$ix_$q"
    i=0
    while [ "$i" -lt "$n" ]; do
      i=$((i + 1))
      eval "y_$i="
    done
    for k in $ix; do eval "y_$k=1"; done
    i=0
    while [ "$i" -lt "$n" ]; do
      i=$((i + 1))
      eval "x=\$${w}_$i; y=\$y_$i"
      if [ -n "$y" ]; then
        test "$o" "$x" || return
        next_hash || return
      else
        ! test "$o" "$x" || return
        # shellcheck disable=SC2034 # read by the eval below
        h=$m
      fi
      eval "${v}_$i=\$h"
    done
  done
  IFS= read -r l && [ "$l" = ok ]
}

# h = the digest on the next line of stdin (one h256 line: `<hex> …`, `\<hex> …` from sha256sum
# when it escaped the name).
next_hash() {
  IFS= read -r h || return
  h=${h#\\}
  h=${h%%[!0-9a-f]*}
  case $h in ????????????????????????????????????????????????????????????????) ;; *) return 1 ;; esac
}

# Runs `$1 <i> <target> <temp> <expected sha256> <new sha256>` for each file (the groups of 4
# after $1), in order; stops at the first that fails, with its status. i = that file's index.
per_file() {
  pf=$1
  shift
  i=0
  while [ $# -gt 0 ]; do
    i=$((i + 1))
    "$pf" "$i" "$1" "$2" "$3" "$4" || return
    shift 4
  done
}

# The target still has the sha256 the edit was made on ("-": it must not exist).
target_unchanged() {
  if [ -n "$hc" ]; then
    eval "cur=\$c_$1"
  elif [ -e "$2" ]; then
    cur=$(h256 < "$2") || {
      echo "at $1"
      return "$E_TARGET_UNREADABLE"
    }
    cur=${cur%% *}
  else
    cur=-
  fi
  if [ "$cur" != "$4" ]; then
    echo "at $1"
    echo "actual $cur"
    return "$E_TARGET_CHANGED"
  fi
}

# The temp is a regular file with exactly the new content's sha256.
temp_complete() {
  if [ -n "$hc" ]; then
    eval "got=\$g_$1"
  elif [ -f "$3" ]; then
    got=$(h256 < "$3") || got=
    got=${got%% *}
  else
    got=
  fi
  if [ -z "$got" ] || [ "$got" != "$5" ]; then
    echo "at $1"
    return "$E_TEMP_MISMATCH"
  fi
}

# A hard link is the old file itself at no cost (the rename gives the target a new inode). No
# copy when it fails: a copy writes through whatever the backup's name leads to.
link_backup() {
  dirof "$2"
  if [ "$keep" -gt 0 ] && [ -e "$2" ]; then
    bk="$d/$b$M_BACKUP$stamp-$bsfx"
    # Known before the link exists, so that a kill right after ln still removes it. A failed
    # ln made nothing: the name is forgotten, never removed (it is not ours).
    eval "bk_$1=\$bk"
    ln -P -T -- "$2" "$bk" || {
      eval "bk_$1="
      return "$E_BACKUP"
    }
  fi
}

# `mv -T`: a target that became a directory makes the rename fail instead of moving the temp
# into it.
rename_temp() {
  mv -f -T -- "$3" "$2" || {
    echo "at $1"
    return "$E_RENAME"
  }
}

print_backup() {
  eval "x=\${bk_$1-}"
  echo "backup $1 $x"
}

# Whether $1 counts as one of this target's backups when pruning: a name backup_name accepts,
# a regular file and not a link, stamped no later than this write. An account that can write the
# directory could plant names: one stamped in the future would push every real backup out, so it
# is neither counted nor removed (a console whose clock runs ahead only keeps more for a while).
prunable() {
  if [ -L "$1" ] || [ ! -f "$1" ] || ! backup_name "${1##*/}"; then return 1; fi
  s=${1##*/}
  s=${s#"$b$M_BACKUP"}
  s=${s%%Z-*}Z
  # shellcheck disable=SC3012 # dash, bash and busybox sh all compare strings with \>
  [ ! "$s" \> "$stamp" ]
}

# Glob results are sorted (LC_ALL=C: bytewise), and the stamps sort by time: the oldest backups
# beyond $keep, of every file, go in one rm.
prune_backups() {
  k=$(($# / 4))
  while [ "$k" -gt 0 ]; do
    k=$((k - 1))
    dirof "$1"
    c=0
    for f in "$d/$b$M_BACKUP"*; do if prunable "$f"; then c=$((c + 1)); fi; done
    for f in "$d/$b$M_BACKUP"*; do
      if [ "$c" -le "$keep" ]; then break; fi
      if prunable "$f"; then
        set -- "$@" "$f"
        c=$((c - 1))
      fi
    done
    shift 4
  done
  if [ $# -gt 0 ]; then rm -f -- "$@"; fi
}

# Steps 2 and 3, reading the hashes of hash_vars on stdin. Killed before the renames: what this
# write made (temps, backup links) goes, nothing else.
finish() {
  trap 'undo; exit 143' HUP INT TERM
  pr=0
  per_file link_backup "$@" || {
    pr=$?
    pa=$i
  }
  hc=
  if [ -n "$par" ]; then
    read_hashes c t -e - && read_hashes g p -f "" && hc=1
  else
    read_hashes c t -e - g p -f "" && hc=1
  fi
  per_file target_unchanged "$@" || {
    rc=$?
    undo
    exit "$rc"
  }
  per_file temp_complete "$@" || {
    rc=$?
    undo
    exit "$rc"
  }
  if [ "$pr" != 0 ]; then
    echo "at $pa"
    undo
    exit "$pr"
  fi
  # From here on the script must run to its end even if the client goes away (a signal between
  # two renames would leave the batch half applied): a dead channel only makes the echoes fail.
  # Waiting for the go-ahead, a client gone means end of stdin: nothing is renamed.
  trap '' HUP INT PIPE TERM
  if [ "$pause" = 1 ]; then
    echo ready-to-rename
    IFS= read -r _go <&3 || {
      undo
      exit "$E_ABORTED"
    }
  fi
  per_file rename_temp "$@" || {
    rc=$?
    echo "renamed $((i - 1))"
    remove_temps
    exit "$rc"
  }
  per_file print_backup "$@"
  prune_backups "$@"
  echo committed
}

main() {
  # A client gone before the renames leaves nothing behind: the echoes to its dead channel must
  # not kill the script (SIGPIPE) before it removes the temps.
  trap '' PIPE
  # Temps share one random part (a file reached twice in a batch finds its own temp); backups
  # get another, which nothing in the directory shows before the link is made.
  IFS= read -r rnd <&3 || exit "$E_NO_HASHES"
  case $rnd in *[!A-Za-z0-9_-]*) exit "$E_NO_HASHES" ;; ????????????????????????) ;; *) exit "$E_NO_HASHES" ;; esac
  sfx=${rnd%????????????}
  bsfx=${rnd#????????????}
  host_uptime
  born=$up
  refuse_symlink_targets "$@" || exit
  refuse_shared_dirs "$@" || exit
  set -C
  upload_temps "$@" || {
    rc=$?
    await_claims
    print_pairs $((j - 1))
    undo
    exit "$rc"
  }
  set +C
  # Killed while waiting for the hashes: the temps go (killed mid-build, the next write sweeps).
  print_pairs "$n"
  echo uploaded
  trap 'undo; exit 143' HUP INT TERM
  receive_hashes || {
    await_claims
    undo
    exit "$E_NO_HASHES"
  }
  await_claims || {
    echo "at $cf"
    undo
    exit "$E_OWNER_MODE"
  }
  # Held from here to the end.
  lock_dirs "$@" || {
    undo
    exit "$E_TEMP_CREATE"
  }
  quads
  eval "set -- $a"
  # A client gone while this waited (its channel closed, no signal delivered) has been told the
  # write failed: nothing may be replaced after that.
  echo committing || {
    undo
    exit "$E_NO_HASHES"
  }
  sweep_stale_temps "$@"
  # c_<i> = target i's sha256 or "-" (absent), g_<i> = temp i's or "" (not a regular file).
  # With a second CPU and much to hash, targets and temps are hashed side by side (~30% faster;
  # ~30% slower on one). Below L_PARALLEL_HASH bytes of temps the three processes more cost
  # more than they save (sha256 runs at ~1.5 GB/s with the CPU's SHA instructions; a process
  # start costs 1-4 ms). What finish does meanwhile (backup links) is undone if a check fails,
  # and its own failure is reported only when the checks pass. A kill from here on (the
  # client's timeout: SIGTERM to the process group) is finish's to handle.
  trap '' HUP INT TERM
  if [ -e /sys/devices/system/cpu/cpu1 ] && [ "$total" -ge "$L_PARALLEL_HASH" ]; then
    par=1
    {
      hash_vars p -f 2> /dev/null < /dev/null | {
        hash_vars t -e 2> /dev/null < /dev/null
        while IFS= read -r l; do printf "%s\n" "$l"; done
      }
    } | finish "$@"
  else
    par=
    hash_vars t -e p -f 2> /dev/null < /dev/null | finish "$@"
  fi
}

# The client's data comes on fd 3: finish's stdin is the hashes. A client gone before the
# arguments came (a command started ahead and never used) ends here, having made nothing.
exec 3<&0
IFS= read -r argc <&3 || exit "$E_NO_HASHES"
case $argc in "" | *[!0-9]*) exit "$E_NO_HASHES" ;; esac
set --
while [ $# -lt "$argc" ]; do
  IFS= read -r arg <&3 || exit "$E_NO_HASHES"
  set -- "$@" "$arg"
done
[ $# -ge 4 ] || exit "$E_NO_HASHES"
# Said first, before anything is made: a command started ahead that ends without this line did
# nothing of the write, whatever ended it (killed, its channel closed, a shell timeout), and the
# client runs the write again on a fresh command.
echo args
keep=$1
stamp=$2
pause=$3
allow_shared=$4
shift 4
main "$@"
