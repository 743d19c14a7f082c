# shellcheck shell=sh
#
# rd_copy <path> <dest> [<uid>:<gid> <links>]: copies <path> to <dest> when it is a regular file of at most L_MAX_READ
# bytes. The file is opened once (fd 4) and everything is checked on that open file, never on
# the name again: a name swapped between the checks and the read cannot pass other bytes off.
# Callers check `[ -L ]` and `[ -f ]` on the name first (an open follows a link and waits on a
# fifo). rd_st = "<uid>:<gid> <links> <bytes>" of the open file. Returns 0 copied, 12 not a
# regular file, 13 over L_MAX_READ bytes (a sparse gigabyte named like a config file would fill
# the temp dir, then the caller's memory), 14 not the owner and link count given (nothing
# copied), anything else: not opened or not read, stderr says why (a failed open is 2 in dash).
rd_copy() {
  { rd_copy_open "$2" "$3"; } 4< "$1"
}

rd_copy_open() {
  rd_st=$(stat -L -c '%F|%u:%g %h %s' /dev/fd/4) || return 1
  case ${rd_st%%|*} in
    "regular file" | "regular empty file") ;;
    *) return 12 ;;
  esac
  rd_st=${rd_st#*|}
  if [ -n "$2" ] && [ "${rd_st% *}" != "$2" ]; then return 14; fi
  [ "${rd_st##* }" -le "$L_MAX_READ" ] || return 13
  # The file may grow after the stat: never more than the cap plus one block is copied.
  dd bs=1048576 count=$((L_MAX_READ / 1048576 + 1)) status=none <&4 > "$1" || return 1
  [ "$(wc -c < "$1")" -le "$L_MAX_READ" ] || return 13
}
