#!/usr/bin/env bash
# Installs what the browser tests need beyond node_modules: Debian's Chromium (as root, or through sudo).
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "chromium: using CHROMIUM_PATH=$CHROMIUM_PATH"
  exit 0
fi
if command -v chromium >/dev/null 2>&1; then
  echo "chromium: $(chromium --version 2>/dev/null || echo present)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "No apt-get here: install Chromium or Chrome and set CHROMIUM_PATH to it (the window tests drive it headless)." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium
chromium --version
