#!/usr/bin/env bash
# Install the system packages the test suite needs and the venv cannot ship:
# Debian's chromium for the browser tests (tests/test_browser.py) and Debian's
# postgresql for the store tests on PostgreSQL (tests/pg_server.py starts its own
# throw-away cluster; no server is left running).
# Idempotent and quiet: prints one line per package saying what it did.
# Run as root on Debian by `make test` and `.ci/run`; anywhere else it says why
# it did nothing and exits 0 (the tests that need the package then skip).
set -uo pipefail

# Prefix for every line this script prints.
say() { echo "install-test-deps: $*"; }

# Install the Debian packages $2... unless the file $1 exists; apt-get update only if a first try fails.
install_packages() {
    local marker="$1"
    shift
    local package="$*"
    if [ -e "$marker" ]; then
        say "$package already installed ($marker)"
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        say "apt-get not available; $package not installed (tests needing it will skip)"
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        say "not root; $package not installed (run: sudo apt-get install -y $package; tests needing it will skip)"
        return 0
    fi
    export DEBIAN_FRONTEND=noninteractive
    local install=(apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold "$@")
    if "${install[@]}" >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1 && "${install[@]}" >/dev/null 2>&1; }; then
        say "installed $package"
    else
        say "could not install $package with apt-get (tests needing it will skip)"
    fi
    return 0
}

# Headless Chromium for the end-to-end tests of `recoupe serve`, with a font so screenshots show text.
install_chromium() {
    install_packages /usr/bin/chromium chromium fonts-liberation
}

# PostgreSQL for the optional store back-end's tests, found by its initdb (Debian keeps it
# under /usr/lib/postgresql/VERSION/bin). No cluster is created at install time: nothing
# listens on 5432 behind the tests' back.
install_postgresql() {
    local initdb
    initdb="$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -n 1)"
    if [ -z "$initdb" ] && [ "$(id -u)" -eq 0 ] && [ ! -e /etc/postgresql-common/createcluster.conf ]; then
        mkdir -p /etc/postgresql-common
        echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
    fi
    install_packages "${initdb:-/usr/lib/postgresql/initdb-not-found}" postgresql
}

install_chromium
install_postgresql
exit 0
