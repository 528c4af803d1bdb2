#!/bin/sh
# Installs the benchmark peers from Debian, skipping packages already installed (idempotent).
# Needs root (apt-get); prints what it installed or that nothing was missing.
set -eu
PACKAGES="openssh-server pssh ansible postgresql chromium"
missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
if [ -z "$missing" ]; then
  echo "bench deps: all installed ($PACKAGES)"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "bench deps: missing:$missing — run as root or: sudo apt-get install -y$missing" >&2
  exit 1
fi
echo "bench deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "bench deps: installed$missing"
