#!/usr/bin/env bash
# apt_install WHO PACKAGE...: install Debian packages for the test set-up scripts, or say in one
# line what to do where that cannot be done here (not root, no apt-get).  Sourced by
# install-chromium.sh and install-test-servers.sh; prints what it runs.

apt_install() {
    local who="$1"
    shift
    if [ "$(id -u)" -ne 0 ]; then
        echo "$who: installing $* needs root; run: sudo bash $0" >&2
        exit 2
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "$who: apt-get not found; install $* with your system's package manager" >&2
        exit 2
    fi
    export DEBIAN_FRONTEND=noninteractive
    echo "+ apt-get update"
    apt-get update
    echo "+ apt-get install -y $*"
    apt-get install -y "$@"
}
