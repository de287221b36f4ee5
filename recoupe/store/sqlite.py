"""The SQLite store: the system of record for articles, what cleaning did, and what reading found.

(`recoupe.store.open_store` also opens PostgreSQL databases, `postgresql://` URLs: see `postgres.py`; both
share the SQL of `common.py` and differ here in what SQLite does its own way: locks, migrations, full text.)

One file, a versioned schema (`PRAGMA user_version`) migrated forward by the SQL
files in `migrations/`, WAL journaling so readers never block the writer, and
every write inside an explicit transaction so that a killed run leaves the
file consistent. Articles are keyed by id and carry the hash of what was
ingested: writing the same article again is a no-op.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from recoupe.store.base import SearchHit, SearchSyntaxError, Store, StoreError
from recoupe.store.common import SqlStore, check_lock_name, list_migrations
from recoupe.store.dialect import Connection, SqliteDialect
from recoupe.store.search_terms import widen_query

# `Store` is the interface (recoupe.store.base); named here too so that modules written against the time when it
# was this module's class still import it.
__all__ = ["SearchHit", "SearchSyntaxError", "SqliteStore", "Store", "StoreError", "list_migrations",
           "open_sqlite_store"]

# How long a writer waits for another writer's lock before failing (milliseconds).
# 60 s: a batch of reading commits in well under a second, so only a stuck
# process could hold the lock that long.
BUSY_TIMEOUT_MS = 60_000


def open_sqlite_store(target: str) -> SqliteStore:
    """Open (creating if needed) the SQLite store at `target`, a file or ":memory:", and migrate it."""
    if target != ":memory:":
        parent = Path(target).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(f"{target}: folder {parent} does not exist")
    try:
        conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"{target}: cannot open as SQLite ({exc})") from exc
    store = SqliteStore(conn, target)
    store.migrate()
    return store


def enter_wal_mode(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL journaling, waiting while another process holds the file.

    Changing the journal mode of a new file can fail at once with "database is locked" while another
    process creates or migrates it: SQLite does not call the busy handler there (seen once in
    tests/test_concurrency.py during a fresh-clone `make test` on a busy machine; 0 of 120 openings
    failed on an idle one with or without this), so this retries for up to the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class SqliteStore(SqlStore):
    """A recoupe store on one SQLite connection. Use `open_store` to get one."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn: Connection = conn
        self.path = path
        self.dialect = "sqlite"
        self.sql = SqliteDialect()
        self._held: dict[str, tuple[int, int]] = {}  # lock name -> (file descriptor, depth)
        conn.row_factory = sqlite3.Row
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            if path != ":memory:":
                enter_wal_mode(conn)
                # NORMAL is durable across application crashes in WAL mode (only a power
                # loss can drop the last commits), and several times faster than FULL.
                conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{path}: not a recoupe store or a corrupt SQLite file ({exc})") from exc
        self._depth = 0

    # -- life cycle -----------------------------------------------------------

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """Hold the lock `name` of this store for the block: one holder at a time, across processes.

        SQLite: an flock on `<db>.<name>.lock` beside the file (no-op for ":memory:"); nested blocks in one
        store join the outer hold. Used so that two runs on one store never interleave their linking.
        """
        check_lock_name(name)
        if self.path == ":memory:":
            yield
            return
        held = self._held.get(name)
        if held:
            self._held[name] = (held[0], held[1] + 1)
            try:
                yield
            finally:
                fd, depth = self._held[name]
                self._held[name] = (fd, depth - 1)
            return
        try:
            fd = os.open(f"{self.path}.{name}.lock", os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create lock file ({exc.strerror})") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._held[name] = (fd, 1)
            try:
                yield
            finally:
                del self._held[name]
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def table_names(self) -> set[str]:
        """The tables this store holds (an older schema lacks the newer ones)."""
        return {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    @property
    def schema_version(self) -> int:
        """The schema version this file is at."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> int:
        """Apply every migration newer than the file's version, each in its own transaction."""
        migrations = list_migrations()
        latest = migrations[-1][0] if migrations else 0
        try:
            current = self.schema_version
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a SQLite database ({exc})") from exc
        if current > latest:
            raise StoreError(
                f"{self.path}: schema version {current} is newer than this recoupe knows ({latest}); "
                "upgrade recoupe"
            )
        for version, name, sql in migrations:
            if version <= current:
                continue
            try:
                with self.transaction():
                    if self.schema_version >= version:  # another process migrated while this one waited
                        continue
                    for statement in _split_sql(sql):
                        self.conn.execute(statement)
                    self.conn.execute(f"PRAGMA user_version = {version}")
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{self.path}: migration {name} failed ({exc})") from exc
        return self.schema_version
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search (FTS5 syntax) over titles and cleaned texts, best first."""
        sql = (
            "SELECT a.id, a.title, a.source, a.published,"
            " snippet(articles_fts, 1, '[', ']', '…', 12) AS snip, bm25(articles_fts) AS rank"
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?"
        )
        try:
            rows = self.conn.execute(sql, (widen_query(self.conn, query), limit)).fetchall()
        except sqlite3.OperationalError as exc:
            message = str(exc)
            if "locked" in message or "no such table" in message or "disk" in message:
                raise
            # Everything else MATCH raises is about the query text (unterminated string,
            # unknown column filter, stray operator): the user's to fix, not a crash.
            raise SearchSyntaxError(f"cannot parse search query {query!r}: {message}") from exc
        return [SearchHit(id=r[0], title=r[1], source=r[2], published=r[3], snippet=r[4], rank=r[5]) for r in rows]

    def full_text_condition(self, alias: str = "a") -> str:
        """A WHERE condition with one `?` (the query) true for the articles `alias` that match it, in this
        store's dialect: lets listings filter by full text without knowing the back-end."""
        return f"{alias}.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"

    def integrity_check(self) -> str:
        """SQLite's own consistency check: "ok" when the file is sound."""
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    # -- serving ----------------------------------------------------------------

    def set_read_only(self, mmap_bytes: int = 0) -> None:
        """Refuse every write on this connection (a web server's), and read up to `mmap_bytes` of the file
        through mmap, so that pages are shared with the OS cache rather than copied per connection."""
        self.conn.execute("PRAGMA query_only = ON")
        self.conn.execute(f"PRAGMA mmap_size = {int(mmap_bytes)}")

    def change_stamp(self) -> tuple[object, ...]:
        """Values that change whenever an article is written or a story rewritten (the newest article's rowid,
        the stories' count and last update): listings cached under one stamp stay true."""
        return tuple(self.conn.execute(
            "SELECT (SELECT max(rowid) FROM articles), (SELECT count(*) FROM stories),"
            " (SELECT max(updated_at) FROM stories)").fetchone())

    def is_broken(self) -> bool:
        """Whether the connection was lost: never for a SQLite file."""
        return False

def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping CREATE TRIGGER ... END blocks whole."""
    statements: list[str] = []
    buffer: list[str] = []
    for line in script.splitlines():
        if line.strip().startswith("--") and not buffer:
            continue
        buffer.append(line)
        candidate = "\n".join(buffer).strip()
        if candidate.endswith(";") and sqlite3.complete_statement(candidate):
            statements.append(candidate)
            buffer = []
    rest = "\n".join(buffer).strip()
    if rest:
        statements.append(rest)
    return statements
