#!/usr/bin/env bash
# Bare-machine setup for Gatepost on Debian 12 (or any apt system): installs the Debian packages the kiosk,
# its tests and its packaging need, then builds the optional NFC module if npm had to skip it (npm ci runs
# before this script on a bare machine, when libpcsclite-dev was still missing). `npm start` and `npm test`
# run it first (prestart/pretest), and so does .ci/run. When everything is present it only checks, in well
# under a second, and prints nothing.
#
#   scripts/setup.sh            install what is missing (with sudo when not root)
#   scripts/setup.sh --check    only say, in one line, what is missing; exit 1 if anything is
#
# GATEPOST_SETUP_PACKAGES replaces the package list (the setup test uses it in a throwaway root).
set -euo pipefail
cd "$(dirname "$0")/.."

# Each package, and why it is needed.
default_packages=(
  chromium        # the kiosk screen of the web shell; the browser of the e2e tests and the bench
  xvfb            # a display for Chromium in tests and the launcher test
  socat           # pty pairs for the serial device simulators; stands in for systemd's notify socket in tests
  udev            # SerialPort.list() (udevadm) and the udev rules
  libusb-1.0-0    # node-hid at run time
  pcscd           # the PC/SC daemon NFC readers are reached through
  vsmartcard-vpcd # virtual PC/SC readers for the NFC tests
  libpcsclite-dev # headers the optional NFC module (nfc-pcsc) compiles against
  dpkg-dev        # dpkg-deb, for npm run dist:web
  systemd         # systemd-analyze verify on the packaged units (systemd need not be running)
  debootstrap     # the throwaway Debian root the package install test installs the .deb into
  shellcheck      # checks the package's maintainer scripts and the kiosk session script
)
read -r -a packages <<<"${GATEPOST_SETUP_PACKAGES:-${default_packages[*]}}"
check_only=false
[ "${1:-}" = "--check" ] && check_only=true

missing=()
if command -v dpkg-query >/dev/null; then
  # One dpkg-query for all packages: the fast path when nothing is missing.
  installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${packages[@]}" 2>/dev/null || true)
  for p in "${packages[@]}"; do
    grep -qx "$p installed" <<<"$installed" || missing+=("$p")
  done
else
  echo "setup: not a Debian system (no dpkg-query); install these yourself: ${packages[*]}" >&2
  $check_only && exit 1
  exit 0
fi

if [ ${#missing[@]} -gt 0 ]; then
  if $check_only; then
    echo "setup: missing Debian packages: ${missing[*]} (run: bash scripts/setup.sh)" >&2
    exit 1
  fi
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "setup: need root to install ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
    sudo=(sudo)
  fi
  echo "setup: installing Debian packages: ${missing[*]}"
  apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y -q)
  "${apt[@]}" update >/dev/null
  "${apt[@]}" install --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: installed ${missing[*]}"
fi

# The optional NFC module: npm drops an optional dependency whose build failed (no libpcsclite-dev yet).
# Only when this checkout uses it; a plain `npm install` restores what the lockfile lists and builds it.
if [ -f package.json ] && grep -Eq '"(nfc-pcsc|@pokusew/pcsclite)"' package.json && [ -d node_modules ]; then
  if ! ls node_modules/@pokusew/pcsclite/build/Release/*.node >/dev/null 2>&1; then
    if $check_only; then
      echo "setup: the optional NFC module is not built (run: bash scripts/setup.sh)" >&2
      exit 1
    fi
    echo "setup: building the optional NFC module (nfc-pcsc) against libpcsclite-dev"
    npm install --no-audit --no-fund --no-save >/dev/null
    ls node_modules/@pokusew/pcsclite/build/Release/*.node >/dev/null 2>&1 ||
      echo "setup: the NFC module still did not build; NFC readers stay unavailable (see npm's log)" >&2
  fi
fi
exit 0
