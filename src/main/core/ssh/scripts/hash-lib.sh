# shellcheck shell=sh
#
# h256 [file...]: sha256 of each file (of stdin without one), a line `<hex> ...` per file it
# could read, in order; non-zero when one could not be read. coreutils' sha256sum does not use
# the CPU's SHA instructions; OpenSSL does, and is ~3x faster on a 5 MB pjsip.conf, but takes
# ~5 ms to start: hash a batch's files in one call, not one call each. Most PBXs have openssl
# (ca-certificates needs it); the rest use sha256sum. Both print the lower-case hex digest
# first (sha256sum after a `\` when it escaped the name).
if command -v openssl > /dev/null 2>&1; then
  h256() { openssl dgst -sha256 -r "$@"; }
else
  h256() { sha256sum "$@"; }
fi

# hpop: the next digest of $hs (what one `h256 f1 f2 ...` printed) into h, dropping its line;
# fails when no well-formed line is left. Callers pass only paths without control characters,
# so a line ends at the first one (the newline) whatever the name holds.
hpop() {
  case $hs in "") return 1 ;; esac
  h=${hs%%[[:cntrl:]]*}
  case $hs in *[[:cntrl:]]*) hs=${hs#*[[:cntrl:]]} ;; *) hs= ;; esac
  h=${h#\\}
  h=${h%%[!0-9a-f]*}
  case $h in ????????????????????????????????????????????????????????????????) ;; *) return 1 ;; esac
}
