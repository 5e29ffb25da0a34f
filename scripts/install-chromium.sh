#!/usr/bin/env bash
# Install Debian's chromium for the HTML report tests (tests/reports/test_html.py), unless a
# `chromium` is already on PATH.  Needs root (apt-get); prints what it does.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
    echo "chromium already installed: $(command -v chromium) ($(chromium --version 2>/dev/null || echo 'version unknown'))"
    exit 0
fi

# shellcheck source=apt-install.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"
apt_install install-chromium.sh chromium fonts-noto-color-emoji
echo "installed: $(command -v chromium) ($(chromium --version 2>/dev/null || echo 'version unknown'))"
