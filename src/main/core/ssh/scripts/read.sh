# shellcheck shell=sh
#
# "$@" = pairs of path and the sha256 the caller already holds for it ("-" = none). For each
# path, in order: a header `<status> <code> <bytes>\n`, then that many bytes.
#  same 0 0       the file still has the hash the caller holds: nothing sent;
#  ok 0 n         the file's content (copied first to a private temp dir, so the byte count and
#                 the bytes are of the same version even if the file is replaced meanwhile);
#  error <rc> n   the copy failed (rd_copy's code rc): its stderr follows;
#  symlink 0 n    running as root, the path is a symlink: where it points follows (root
#                 reading through a link planted in the config dir would show its target);
#  not-regular 0 0 a fifo, device or directory (a fifo would hang the read, /dev/zero never end);
#  too-big 0 0    over L_MAX_READ bytes;
#  missing 0 0    no such file in an existing, searchable directory;
#  dir-denied 0 0 the directory exists but is not searchable;
#  dir-missing 0 0.
# Exit E_READ_COPY = the private copy could not be made or sent.

umask 077
tmpd=
hok=
hs=
euid=
# The private copies may hold secrets (pjsip.conf): never leave them behind.
trap 'if [ -n "$tmpd" ]; then rm -rf -- "$tmpd"; fi' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM

# The caller already holds these exact bytes (its last read or write): a hash says so. One h256
# hashes every regular file the caller knows a hash for; kn_<i> = file i's hash, or "" (not
# hashed: sent whole). hok says they are set; if that h256 failed (a file unreadable), each
# known file is hashed alone by send_files.
hash_known_files() {
  i=0
  m=0
  k=$(($# / 2))
  while [ "$i" -lt "$k" ]; do
    i=$((i + 1))
    eval "kn_$i="
    if [ "$2" != - ] && [ -f "$1" ]; then
      m=$((m + 1))
      eval "w_$m=$i"
      set -- "$@" "$1"
    fi
    shift 2
  done
  # The 2k arguments are shifted out: what is left is the list of files to hash.
  if [ "$m" -gt 0 ]; then hs=$(h256 "$@" 2> /dev/null) || return; fi
  j=0
  while [ "$j" -lt "$m" ]; do
    j=$((j + 1))
    hpop || return
    eval "i=\$w_$j"
    eval "kn_$i=\$h"
  done
  [ -z "$hs" ] && hok=1
}

mk_tmpd() {
  if [ -z "$tmpd" ]; then tmpd=$(mktemp -d) || exit "$E_READ_COPY"; fi
}

is_root() {
  [ -n "$euid" ] || euid=$(id -u) || return
  [ "$euid" = 0 ]
}

send_files() {
  i=0
  while [ $# -gt 0 ]; do
    p=$1
    kh=$2
    shift 2
    i=$((i + 1))
    d=${p%/*}
    [ -n "$d" ] || d=/
    if [ -e "$p" ] || [ -L "$p" ]; then
      if [ -L "$p" ] && is_root; then
        mk_tmpd
        readlink -- "$p" > "$tmpd/f" || exit "$E_READ_COPY"
        send symlink 0 "$tmpd/f"
        continue
      fi
      if [ ! -f "$p" ]; then
        echo "not-regular 0 0"
        continue
      fi
      if [ "$kh" != - ]; then
        if [ -n "$hok" ]; then
          eval "h=\$kn_$i"
        elif h=$(h256 < "$p" 2> /dev/null); then
          h=${h%% *}
        else
          h=
        fi
        if [ "$h" = "$kh" ]; then
          echo "same 0 0"
          continue
        fi
      fi
      mk_tmpd
      rc=0
      rd_copy "$p" "$tmpd/f" 2> "$tmpd/e" || rc=$?
      case $rc in
        0) send ok 0 "$tmpd/f" ;;
        12) echo "not-regular 0 0" ;;
        13) echo "too-big 0 0" ;;
        *) send error "$rc" "$tmpd/e" ;;
      esac
    elif [ -d "$d" ]; then
      if [ -x "$d" ]; then echo "missing 0 0"; else echo "dir-denied 0 0"; fi
    else
      echo "dir-missing 0 0"
    fi
  done
}

# A record: header `$1 $2 <bytes of file $3>`, then the file.
send() {
  n=$(wc -c < "$3") || exit "$E_READ_COPY"
  # Unquoted: a wc that pads the count with blanks still makes a well-formed header.
  # shellcheck disable=SC2086
  printf "%s %s %s\n" "$1" "$2" $n
  cat -- "$3" || exit "$E_READ_COPY"
}

hash_known_files "$@"
send_files "$@"
exit 0
