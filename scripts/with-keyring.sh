#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service (gnome-keyring) on a private D-Bus session,
# so secret-store tests use the OS keychain for real instead of a fake. The keyring lives in a
# throw-away data dir: nothing touches the user's own keyring.
set -euo pipefail
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" > /dev/null 2>&1; then
    echo "with-keyring: $tool is missing; install the Debian packages dbus and gnome-keyring (see .ci/run)." >&2
    exit 1
  fi
done
if [ -z "${RAYANPBX_IN_KEYRING:-}" ]; then
  export RAYANPBX_IN_KEYRING=1
  exec dbus-run-session -- "$0" "$@"
fi
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
export XDG_DATA_HOME="$data"
# A non-empty password makes gnome-keyring create and unlock a default "login" collection.
eval "$(printf 'rayanpbx-test' | gnome-keyring-daemon --daemonize --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
"$@"
