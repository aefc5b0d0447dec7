#!/usr/bin/env bash
# Installs what the tests need beyond node_modules (as root, or through sudo):
# - Debian's Chromium for the window tests (or the browser CHROMIUM_PATH names);
# - the Wine lane for test/windows: Debian's wine64 and wine, a Windows Node and koffi's win32 build
#   (scripts/wine-lane.mjs prepare). Where apt-get is missing, the lane is skipped with a message and those
#   tests skip, saying why. A second run only checks (a few seconds).
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    $sudo apt-get update -qq
    apt_updated=1
  fi
  $sudo apt-get install -y -qq --no-install-recommends "$@"
}

# Chromium
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "chromium: using CHROMIUM_PATH=$CHROMIUM_PATH"
elif command -v chromium >/dev/null 2>&1; then
  echo "chromium: $(chromium --version 2>/dev/null || echo present)"
elif command -v apt-get >/dev/null 2>&1; then
  apt_install chromium
  chromium --version
else
  echo "No apt-get here: install Chromium or Chrome and set CHROMIUM_PATH to it (the window tests drive it headless)." >&2
  exit 1
fi

# The Wine lane (Linux only: on Windows the same tests run on the machine's own Node).
if [ "$(uname -s)" != "Linux" ]; then
  echo "wine lane: not needed here ($(uname -s)): test/windows runs natively on Windows and is skipped elsewhere"
  exit 0
fi
if ! command -v wine >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    # 64-bit Wine only: the Windows Node is x64, so the i386 architecture (wine32) is not needed.
    apt_install wine64 wine
  else
    echo "wine lane: skipped: no apt-get here to install Wine (install Wine 8+ yourself to run test/windows)" >&2
    exit 0
  fi
fi
node scripts/wine-lane.mjs prepare
