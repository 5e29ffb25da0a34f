#!/usr/bin/env bash
# Install Debian's chromium for the HTML report tests (tests/reports/test_html.py), unless a
# `chromium` is already on PATH.  Needs root (apt-get); prints what it does.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
    echo "chromium already installed: $(command -v chromium) ($(chromium --version 2>/dev/null || echo 'version unknown'))"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-chromium.sh: installing chromium needs root; run: sudo bash $0" >&2
    exit 2
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-chromium.sh: apt-get not found; install Chromium with your system's package manager" >&2
    exit 2
fi

export DEBIAN_FRONTEND=noninteractive
echo "+ apt-get update"
apt-get update
echo "+ apt-get install -y chromium fonts-noto-color-emoji"
apt-get install -y chromium fonts-noto-color-emoji
echo "installed: $(command -v chromium) ($(chromium --version 2>/dev/null || echo 'version unknown'))"
