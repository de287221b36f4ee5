#!/usr/bin/env bash
# Install PostgreSQL (Debian's postgresql package) for the store tests when no initdb is found.
# Idempotent and quiet; prints one line saying what it did. Exits 0 whatever happens: without
# PostgreSQL the tests that need it skip and say why. Installs no running server: the tests start
# a throw-away cluster of their own (tests/pg_server.py), so Debian's default "main" cluster is
# not created.
set -u

say() { echo "pg-install: $*"; }

for initdb in "$(command -v initdb 2>/dev/null)" /usr/lib/postgresql/*/bin/initdb; do
    if [ -n "$initdb" ] && [ -x "$initdb" ]; then
        say "PostgreSQL already installed ($initdb)"
        exit 0
    fi
done
if ! command -v apt-get >/dev/null 2>&1; then
    say "apt-get not available; install PostgreSQL yourself or set RECOUPE_TEST_PG=postgresql://... (tests needing it will skip)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    say "not root; run: sudo apt-get install -y postgresql (tests needing it will skip)"
    exit 0
fi
# No cluster at install time: nothing listens on 5432 behind the tests' back.
if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
fi
export DEBIAN_FRONTEND=noninteractive
install() {
    apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold postgresql >/dev/null 2>&1
}
if install || { apt-get update -qq >/dev/null 2>&1 && install; }; then
    say "installed postgresql ($(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -n 1))"
else
    say "could not install postgresql with apt-get (tests needing it will skip)"
fi
exit 0
