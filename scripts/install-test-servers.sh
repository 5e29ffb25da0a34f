#!/usr/bin/env bash
# Install what the live-pull tests against a real Bluesky network need
# (tests/pull/test_bluesky_pull.py, tests/servers/bluesky/network.mjs):
#
#   - PostgreSQL and Redis, for the AppView (Debian packages `postgresql` and `redis-server`);
#   - Node.js and npm (Debian's `nodejs` and `npm`), when there is no `node` on PATH;
#   - the npm packages of tests/servers/bluesky (@atproto/dev-env 0.3.215, @atproto/api), by
#     `npm ci` from its package-lock.json, when node_modules is missing or older than the lock.
#
# Idempotent: what is there is left alone, and with everything there it exits 0 at once.
# apt-get needs root; prints what it does.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
servers="$here/tests/servers/bluesky"
stamp="$servers/node_modules/.twoway-package-lock.sha256"

have_postgres() {
    command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

packages=()
have_postgres || packages+=(postgresql)
command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

if [ "${#packages[@]}" -gt 0 ]; then
    # shellcheck source=apt-install.sh
    source "$here/scripts/apt-install.sh"
    apt_install install-test-servers.sh "${packages[@]}"
else
    echo "PostgreSQL, Redis and Node.js already installed"
fi

major="$(node --version | sed -e 's/^v//' -e 's/\..*//')"
if [ "$major" -lt 18 ]; then
    echo "install-test-servers.sh: Node.js $(node --version) is too old; @atproto/dev-env 0.3 needs 18.7 or newer" >&2
    exit 2
fi

wanted="$(sha256sum "$servers/package-lock.json" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] \
    && [ -f "$servers/node_modules/@atproto/dev-env/package.json" ]; then
    echo "npm packages of tests/servers/bluesky already installed"
    exit 0
fi
echo "+ npm ci (in tests/servers/bluesky; about 2 minutes and 360 MB the first time)"
(cd "$servers" && npm ci --no-audit --no-fund)
echo "$wanted" >"$stamp"
echo "installed the npm packages of tests/servers/bluesky"
