# shellcheck shell=sh
# shellcheck disable=SC2034 # each script uses its own subset; file-ops.ts reads them all
#
# Exit codes of the PBX-side scripts, declared once: scripts/gen-pbx-scripts.ts turns every
# `NAME=<number>` line below into a constant of the TypeScript side, and prepends this file to
# the scripts that use them. One line each, a comment above it saying what the caller learns.

# read: the private copy of a file could not be made or sent (nothing after it is reliable).
E_READ_COPY=47

# write: the kept head or tail of a target cannot be copied (dd's message says why).
E_KEEP_COPY=45
# write: the target's directory does not exist.
E_DIR_MISSING=46
# write: a temp cannot be created or written.
E_TEMP_CREATE=47
# write: the target is a symlink ("unsafe <i> symlink <where it points>"); nothing was written.
E_SYMLINK_TARGET=48
# write: stdin ended before the arguments or the hashes, or they were malformed (the client went
# away, or a command started ahead was not used).
E_NO_HASHES=50
# write: the same file twice in one batch (through a symlinked directory).
E_SAME_FILE=72
# write: a target changed since it was read ("at <i>", "actual <sha|->").
E_TARGET_CHANGED=73
# write: a temp is not what was sent.
E_TEMP_MISMATCH=74
# write: aborted before the renames (the client did not say "go").
E_ABORTED=75
# write: cannot give the temp the target's owner and mode.
E_OWNER_MODE=76
# write: cannot read a target.
E_TARGET_UNREADABLE=77
# write: cannot make the backup hard link (never a copy: a copy could follow a planted link).
E_BACKUP=78
# write: a rename failed ("renamed <k>": files 1..k were replaced).
E_RENAME=79
# write: running as root in a directory another account can write
# ("unsafe <i> dir <uid> <gid> <octal mode>"); nothing was written.
E_SHARED_DIR=80
# write: as E_SHARED_DIR, but the host allows it: run the write again as the directory's owner
# ("unsafe <i> owner <uid> <gid> <octal mode>").
E_RUN_AS_OWNER=81

# read, history: the most bytes a file read may have (64 MiB; a config file is far smaller).
L_MAX_READ=67108864
# write: the bytes of temps from which targets and temps are hashed side by side (32 MiB).
L_PARALLEL_HASH=33554432

# write: how long a write waits for the locks of its directories, all together, before it goes
# on without them (seconds; the client stops a command after 60).
L_LOCK_WAIT=20
# write: a temp left by another write is removed only once it is this old (seconds of the host's
# uptime; a write's command is stopped after 60 s): a younger one may be a concurrent write's.
L_STALE_TEMP=900

# Name parts of the files a write leaves beside its target (TypeScript gets them too).
M_TEMP=.rayanpbx-tmp-
M_BACKUP=.rayanpbx-bak-
