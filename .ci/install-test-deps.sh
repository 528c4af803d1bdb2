#!/usr/bin/env bash
# Installs the Debian packages Patchbay's tests need (Chromium for Playwright, PostgreSQL for the site
# database option, OpenSSH server for client tests, dpkg-dev for the local apt repository the deployment
# tests build with dpkg-deb and dpkg-scanpackages, osslsigncode and openssl to sign and verify test
# cabinets, needrestart for the scan of services on outdated libraries, gcab to build the wsusscn2.cab-shaped
# test cabinets), and PowerShell 7 from NuGet.
# Idempotent: installs only what is missing and runs `apt-get update` only when something must be installed
# and the package lists are missing or stale.
# Runs as root, or through sudo otherwise. Downloads nothing but Debian packages.
set -euo pipefail

PACKAGES=(ca-certificates chromium postgresql openssh-server cabextract dpkg-dev osslsigncode openssl needrestart gcab)
# Installed without their Recommends (dpkg-dev recommends a whole compiler toolchain the tests never use;
# needrestart recommends systemd or sysvinit-core, an init system the tests must never swap).
LEAN=(dpkg-dev needrestart)

log() { printf 'install-test-deps: %s\n' "$*"; }

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  log "need root (or sudo) to install: ${PACKAGES[*]}" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  log "apt-get not found: install ${PACKAGES[*]} with your system's package manager" >&2
  exit 1
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }

# PowerShell 7 is in neither apt nor npm: it comes from NuGet as a .NET global tool (~/.dotnet/tools/pwsh). The
# tests run Patchbay's PowerShell through it. 7.6.10 is pinned: a plain install takes 7.7.0, which fails here.
PWSH_VERSION=7.6.10
install_pwsh() {
  if [ -x "$HOME/.dotnet/tools/pwsh" ] || command -v pwsh >/dev/null 2>&1; then
    log "pwsh: already installed"
  elif command -v dotnet >/dev/null 2>&1; then
    log "pwsh: dotnet tool install --global PowerShell --version $PWSH_VERSION"
    dotnet tool install --global PowerShell --version "$PWSH_VERSION" >/dev/null
  else
    log "pwsh: the .NET SDK (dotnet) is missing, so PowerShell 7 cannot be installed; its tests will not run" >&2
  fi
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  if installed "$pkg"; then
    log "$pkg: already installed"
  else
    missing+=("$pkg")
  fi
done

# Tests read apt's own package lists (the apt scan and the local mirror built from them): make sure they exist.
has_lists() { [ -n "$(find /var/lib/apt/lists -maxdepth 1 -name '*_InRelease' -print -quit 2>/dev/null)" ]; }

install_pwsh

if [ "${#missing[@]}" -eq 0 ]; then
  if ! has_lists; then
    log "apt-get update (no package lists yet)"
    "${SUDO[@]}" apt-get update -q
  fi
  log "nothing to install"
  exit 0
fi

# Refresh the package lists when they are missing or older than a day, or when a package is unknown.
lists_fresh() {
  [ -n "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -1440 -print -quit 2>/dev/null)" ]
}
all_known() {
  local pkg
  for pkg in "${missing[@]}"; do
    apt-cache show "$pkg" >/dev/null 2>&1 || return 1
  done
}
if ! lists_fresh || ! all_known; then
  log "apt-get update"
  "${SUDO[@]}" apt-get update -q
fi

# The tests run private instances (own config, ports and data), so the packages' own services must not
# start: a temporary policy-rc.d tells invoke-rc.d to leave them alone (unless the system has one).
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  "${SUDO[@]}" sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
  trap '"${SUDO[@]}" rm -f "$policy"' EXIT
fi

is_lean() { local l; for l in "${LEAN[@]}"; do [ "$l" = "$1" ] && return 0; done; return 1; }
full=()
lean=()
for pkg in "${missing[@]}"; do
  if is_lean "$pkg"; then lean+=("$pkg"); else full+=("$pkg"); fi
done

log "installing: ${missing[*]}"
if [ "${#full[@]}" -gt 0 ]; then
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${full[@]}"
fi
if [ "${#lean[@]}" -gt 0 ]; then
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${lean[@]}"
fi

for pkg in "${missing[@]}"; do
  installed "$pkg" || { log "$pkg did not install" >&2; exit 1; }
done
log "installed: ${missing[*]}"
