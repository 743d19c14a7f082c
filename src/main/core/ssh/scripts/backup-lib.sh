# shellcheck shell=sh
#
# backup_name <name>: whether <name> is one write.sh makes for a backup of $b (set by dirof):
# <b>.rayanpbx-bak-<UTC stamp>-<12 random characters>. The config dir may be writable by an
# account that wants to reach what root can: anything else named like a backup is not ours, and
# is neither listed, read, counted nor removed.
backup_name() {
  # shellcheck disable=SC2154 # b: set by the caller (dirof)
  case $1 in
    "$b$M_BACKUP"[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9].[0-9][0-9][0-9]Z-????????????) ;;
    *) return 1 ;;
  esac
  r=${1#"$b$M_BACKUP"}
  r=${r#*Z-}
  case $r in *[!A-Za-z0-9_-]*) return 1 ;; esac
}
