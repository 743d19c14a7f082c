# shellcheck shell=sh
#
# The backups write.sh left beside a target, listed or read, trusting neither names nor links:
# the config dir may be writable by an account that wants what root can read.
#
#   list <target>...        per target i, then per backup of it: `b <i> <uid>:<gid> <links>
#                           <bytes> <name>`, and first per target `t <i> <uid>:<gid>` (the owner
#                           a write gives its files: the target's, or its directory's when it is
#                           missing). Only names write.sh makes (stamp, random part) are looked at,
#                           and only regular files that are not symlinks; the owner and link count
#                           are the caller's to judge (lstat: a link is never followed).
#   read <target> <name>... per backup name of that target: `ok <bytes>` then its bytes in base64
#                           (one line per 76 characters, then `end`), or `refused <why>`. A backup
#                           is read only if it is a regular file owned as its target, with one link
#                           (a hard link to someone else's file has two) and at most L_MAX_READ
#                           bytes, all judged on the file opened once and read (read-lib.sh).

umask 077
tmpd=
trap 'if [ -n "$tmpd" ]; then rm -rf -- "$tmpd"; fi' EXIT

dirof() {
  d=${1%/*}
  [ -n "$d" ] || d=/
  b=${1##*/}
}

# o = the owner a write gives to files it makes for target $1.
owner_of() {
  dirof "$1"
  if [ -e "$1" ]; then o=$(stat -c '%u:%g' -- "$1") || return; else o=$(stat -c '%u:%g' -- "$d") || return; fi
}

list() {
  i=0
  for t in "$@"; do
    i=$((i + 1))
    owner_of "$t" || return
    echo "t $i $o"
    set --
    for f in "$d/$b$M_BACKUP"*; do
      if [ -L "$f" ] || [ ! -f "$f" ]; then continue; fi
      backup_name "${f##*/}" || continue
      set -- "$@" "$f"
    done
    if [ $# -gt 0 ]; then
      # One lstat for all (no -L): owner, links and size, a line per file in order.
      stat -c '%u:%g %h %s' -- "$@" | {
        for f in "$@"; do
          IFS= read -r l || break
          printf 'b %s %s %s\n' "$i" "$l" "${f##*/}"
        done
      }
    fi
  done
}

read_one() {
  if ! backup_name "$2"; then
    echo "refused name"
    return
  fi
  f="$d/$2"
  if [ -L "$f" ] || [ ! -f "$f" ]; then
    echo "refused not-a-regular-file"
    return
  fi
  if [ -z "$tmpd" ]; then tmpd=$(mktemp -d) || exit 1; fi
  # Opened once after the name checks; owner and links are judged on what was opened (a name
  # swapped in meanwhile, even a link, shows its own file's owner and is refused).
  rc=0
  rd_copy "$f" "$tmpd/f" "$o 1" 2> /dev/null || rc=$?
  # rd_st: set by rd_copy (read-lib.sh, prepended).
  # shellcheck disable=SC2154
  case $rc in
    0) ;;
    12) echo "refused not-a-regular-file" && return ;;
    13) echo "refused too-big" && return ;;
    14) echo "refused owner-or-links ${rd_st% *}" && return ;;
    *) echo "refused unreadable" && return ;;
  esac
  echo "ok $(wc -c < "$tmpd/f")"
  base64 < "$tmpd/f" || exit 1
  echo end
}

mode=$1
shift
if [ "$mode" = list ]; then
  list "$@"
elif [ "$mode" = read ]; then
  t=$1
  shift
  owner_of "$t" || exit 1
  for n in "$@"; do read_one "$t" "$n"; done
else
  exit 2
fi
