"""Opening a store by the `--db` value: a SQLite file, ":memory:", or a PostgreSQL URL.

The one place that knows both back-ends, so that neither back-end module imports the other.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from recoupe.store.base import Store
from recoupe.store.sqlite import open_sqlite_store


def is_postgres_url(target: str) -> bool:
    """Whether a `--db` value names a PostgreSQL database rather than a SQLite file."""
    return target.startswith(("postgresql://", "postgres://"))


def open_store(path: str | Path) -> Store:
    """Open (creating if needed) the store at `path` and migrate it.

    `path` is a SQLite file, ":memory:" for a throw-away store, or a `postgresql://user@host/db` URL.
    """
    target = str(path)
    if is_postgres_url(target):
        # imported only for a PostgreSQL store: a cold `recoupe analyze` on a SQLite file does not pay for it
        from recoupe.store.postgres import open_postgres_store

        return open_postgres_store(target)
    return open_sqlite_store(target)


def shared_target(store: Store) -> str | None:
    """What another process opens to read the same store, or None when it cannot (an in-memory SQLite store;
    a PostgreSQL store, whose URL is kept without its password)."""
    if store.dialect == "sqlite" and store.path != ":memory:":
        return store.path
    return None


@cache
def open_shared_target(target: str) -> Store:
    """The store another process named by `shared_target`, opened once in this process on first use: what the
    link stage's helper processes (planners, the signer) read it through, for every task they are given."""
    return open_store(target)
