#!/usr/bin/env bash
# Removes what Patchbay's tests create on this machine and a user would not want left behind: the test
# accounts (patchbay-test, patchbay-test-pw, with their home folders), the test apt sources
# (/etc/apt/sources.list.d/patchbay-testrepo-*.list and the lists apt fetched for them), the test package
# (patchbay-testpkg) and its cached .deb. The test run calls it when it ends; run it by hand after an
# interrupted run. Leaves the Debian packages .ci/install-test-deps.sh installed (see README to remove them).
# Idempotent; runs as root, or through sudo otherwise.
set -uo pipefail

if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n); else
  echo "remove-test-state: need root (or sudo) to remove test accounts and apt sources" >&2
  exit 1
fi
log() { printf 'remove-test-state: %s\n' "$*"; }

for user in $(getent passwd | cut -d: -f1 | grep -E '^patchbay-test(-[a-z0-9]+)?$'); do
  "${SUDO[@]}" pkill -KILL -u "$user" 2>/dev/null || true
  if "${SUDO[@]}" userdel -r -f "$user" 2>/dev/null || "${SUDO[@]}" userdel -f "$user" 2>/dev/null; then
    log "account $user removed"
  fi
done
getent group patchbay-test >/dev/null 2>&1 && "${SUDO[@]}" groupdel patchbay-test 2>/dev/null

for f in /etc/apt/sources.list.d/patchbay-testrepo-*.list; do
  [ -e "$f" ] || continue
  port=$(basename "$f" | grep -oE '[0-9]+')
  for d in /var/lib/apt/lists /var/lib/apt/lists/partial; do
    "${SUDO[@]}" rm -f "$f" "$d/127.0.0.1:${port}_"* "$d/127.0.0.1%3a${port}_"*
  done
  log "apt source $f removed"
done

if dpkg-query -W -f='${Status}' patchbay-testpkg 2>/dev/null | grep -qv 'not-installed'; then
  "${SUDO[@]}" dpkg --purge patchbay-testpkg >/dev/null && log "package patchbay-testpkg purged"
fi
"${SUDO[@]}" rm -f /var/cache/apt/archives/patchbay-testpkg_*.deb
exit 0
