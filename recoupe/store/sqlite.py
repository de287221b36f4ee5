"""The SQLite store: the system of record for articles, what cleaning did, and what reading found.

(`recoupe.store.open_store` also opens PostgreSQL databases, `postgresql://` URLs: see `postgres.py`,
which reuses this `Store` with a connection adapter and overrides only what differs.)

One file, a versioned schema (`PRAGMA user_version`) migrated forward by the SQL
files in `migrations/`, WAL journaling so readers never block the writer, and
every write inside an explicit transaction so that a killed run leaves the
file consistent. Articles are keyed by id and carry the hash of what was
ingested: writing the same article again is a no-op.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from recoupe.records import (
    Article,
    Edit,
    Entity,
    Event,
    Figure,
    Mention,
    Quote,
    Reading,
    TimeRef,
    ingest_hash,
)
from recoupe.store.base import SearchHit, SearchSyntaxError, Store, StoreError
from recoupe.store.dialect import Connection, SqliteDialect
from recoupe.store.queries import StoryQueries
from recoupe.store.search_terms import widen_query

# How long a writer waits for another writer's lock before failing (milliseconds).
# 60 s: a batch of reading commits in well under a second, so only a stuck
# process could hold the lock that long.
BUSY_TIMEOUT_MS = 60_000

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def list_migrations(dialect: str = "sqlite") -> list[tuple[int, str, str]]:
    """Return (version, file name, SQL) for every migration shipped for "sqlite" or "postgres", in order."""
    folder = resources.files("recoupe.store") / "migrations"
    if dialect == "postgres":
        folder = folder / "postgres"
    elif dialect != "sqlite":
        raise ValueError(f"unknown store dialect {dialect!r}")
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def check_lock_name(name: str) -> None:
    """Refuse a lock name that would not make a safe file name (`Store.exclusive` puts it in one)."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise ValueError(f"lock name {name!r}: use letters, digits, '-' and '_' only")


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


class SqliteStore(StoryQueries, Store):
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
    def transaction(self) -> Iterator[None]:
        """Run the block in one write transaction (nested blocks join the outer one)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")

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

    def _lock_article(self, article_id: str) -> None:
        """Serialise writers of one article inside the current transaction (SQLite's BEGIN IMMEDIATE does)."""

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

    # -- writing ----------------------------------------------------------------

    def article_state(self, article_id: str) -> tuple[str, str] | None:
        """Return (content hash, pipeline version) of the stored article, or None if absent."""
        row = self.conn.execute(
            "SELECT content_hash, pipeline_version FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def save_article(self, article: Article, pipeline_version: str, reading: Reading | None = None) -> None:
        """Write (or replace) one article with its edits and reading, atomically."""
        digest = article.content_hash or ingest_hash(article)
        with self.transaction():
            self._lock_article(article.id)
            self.conn.execute("DELETE FROM articles WHERE id = ?", (article.id,))
            self.conn.execute(
                "INSERT INTO articles (id, content_hash, pipeline_version, origin, fmt, url, source, wire, title,"
                " published, published_precision, language, raw_text, clean_text)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.id, digest, pipeline_version, article.origin, article.fmt,
                 article.url, article.source, article.wire, article.title, article.published,
                 article.published_precision, article.language, article.raw_text, article.clean_text),
            )
            self.conn.executemany(
                'INSERT INTO edits (article_id, seq, kind, start, "end", original, replacement, reason)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(article.id, i, e.kind, e.start, e.end, e.original, e.replacement, e.reason)
                 for i, e in enumerate(article.edits)],
            )
            if reading is not None:
                self._write_reading(reading)

    def _write_reading(self, reading: Reading) -> None:
        aid = reading.article
        self.conn.execute("INSERT INTO article_features (article_id, lemmas) VALUES (?, ?)",
                          (aid, json.dumps(reading.lemmas, ensure_ascii=False)))
        for ent in reading.entities:
            self.conn.execute(
                "INSERT INTO entities (id, article_id, name, type, aliases) VALUES (?, ?, ?, ?, ?)",
                (ent.id, aid, ent.name, ent.type, json.dumps(ent.aliases, ensure_ascii=False)),
            )
            self.conn.executemany(
                'INSERT INTO mentions (entity_id, article_id, start, "end", text) VALUES (?, ?, ?, ?, ?)',
                [(ent.id, aid, m.start, m.end, m.text) for m in ent.mentions],
            )
        self.conn.executemany(
            'INSERT INTO timexes (article_id, seq, type, value, precision, anchor, start, "end", text)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(aid, i, t.type, t.value, t.precision, t.anchor, t.mention.start, t.mention.end, t.mention.text)
             for i, t in enumerate(reading.timexes)],
        )
        self.conn.executemany(
            'INSERT INTO quotes (article_id, seq, text, start, "end", speaker, speaker_entity,'
            " speaker_start, speaker_end, cue) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(aid, i, q.text, q.mention.start, q.mention.end, q.speaker, q.speaker_entity,
              q.speaker_mention.start if q.speaker_mention else None,
              q.speaker_mention.end if q.speaker_mention else None, q.cue)
             for i, q in enumerate(reading.quotes)],
        )
        self.conn.executemany(
            'INSERT INTO figures (article_id, seq, value, approx, unit, subject, as_of, start, "end", text,'
            " bound, according_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(aid, i, f.value, int(f.approx), f.unit, f.subject, f.as_of, f.mention.start, f.mention.end,
              f.mention.text, f.bound, f.according_to) for i, f in enumerate(reading.figures)],
        )
        self.conn.executemany(
            'INSERT INTO events (article_id, seq, date, precision, what, type, actors, start, "end", sentence)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(aid, i, e.date, e.precision, e.what, e.type, json.dumps(e.actors), e.evidence.start,
              e.evidence.end, e.evidence.text) for i, e in enumerate(reading.events)],
        )

    # -- reading ----------------------------------------------------------------

    def count_articles(self) -> int:
        """Number of articles stored."""
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def article_ids(self) -> list[str]:
        """Every article id, in id order."""
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id")]

    def get_article(self, article_id: str) -> Article | None:
        """The stored article with its edits, or None."""
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        article = article_from_row(row)
        article.edits = self.edits(article_id)
        return article

    def iter_articles(self, with_edits: bool = False) -> Iterator[Article]:
        """Every stored article in id order, streamed."""
        cursor = self.conn.execute("SELECT * FROM articles ORDER BY id")
        for row in cursor:
            article = article_from_row(row)
            if with_edits:
                article.edits = self.edits(article.id)
            yield article

    def article_rows(self, limit: int | None = None, offset: int = 0) -> list[Any]:
        """Light rows (no texts) for listings: id, source, published, precision, language, title, length."""
        sql = (
            "SELECT id, source, published, published_precision, language, title, fmt, story, duplicate_of,"
            " length(clean_text) AS chars FROM articles ORDER BY id"
        )
        params: tuple[int, ...] = ()
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = (limit, offset)
        return list(self.conn.execute(sql, params))

    def edits(self, article_id: str) -> list[Edit]:
        """What cleaning removed or repaired in one article, in order."""
        return [
            Edit(kind=r["kind"], start=r["start"], end=r["end"], original=r["original"], reason=r["reason"],
                 replacement=r["replacement"])
            for r in self.conn.execute("SELECT * FROM edits WHERE article_id = ? ORDER BY seq", (article_id,))
        ]

    def reading(self, article_id: str) -> Reading:
        """What the reading stage stored for one article (empty lists when not read)."""
        conn = self.conn
        mentions: dict[str, list[Mention]] = {}
        for r in conn.execute(
            'SELECT entity_id, start, "end", text FROM mentions WHERE article_id = ? ORDER BY start',
            (article_id,),
        ):
            mentions.setdefault(r[0], []).append(Mention(article_id, r[1], r[2], r[3]))
        entities = [
            Entity(name=r["name"], type=r["type"], mentions=mentions.get(r["id"], []),
                   aliases=json.loads(r["aliases"]), id=r["id"])
            for r in conn.execute("SELECT * FROM entities WHERE article_id = ? ORDER BY rowid", (article_id,))
        ]
        timexes = [
            TimeRef(type=r["type"], value=r["value"], mention=Mention(article_id, r["start"], r["end"], r["text"]),
                    precision=r["precision"], anchor=r["anchor"])
            for r in conn.execute("SELECT * FROM timexes WHERE article_id = ? ORDER BY seq", (article_id,))
        ]
        quotes = []
        for r in conn.execute("SELECT q.*, a.clean_text AS body FROM quotes q JOIN articles a ON a.id = q.article_id"
                              " WHERE q.article_id = ? ORDER BY seq", (article_id,)):
            speaker_mention = None
            if r["speaker_start"] is not None:
                speaker_mention = Mention(article_id, r["speaker_start"], r["speaker_end"],
                                          r["body"][r["speaker_start"]:r["speaker_end"]])
            quotes.append(Quote(text=r["text"], mention=Mention(article_id, r["start"], r["end"], r["text"]),
                                speaker=r["speaker"], speaker_entity=r["speaker_entity"],
                                speaker_mention=speaker_mention, cue=r["cue"]))
        figures = [
            Figure(value=r["value"], mention=Mention(article_id, r["start"], r["end"], r["text"]), unit=r["unit"],
                   subject=r["subject"], as_of=r["as_of"], approx=bool(r["approx"]), bound=r["bound"],
                   according_to=r["according_to"])
            for r in conn.execute("SELECT * FROM figures WHERE article_id = ? ORDER BY seq", (article_id,))
        ]
        events = [
            Event(date=r["date"], precision=r["precision"], what=r["what"],
                  evidence=Mention(article_id, r["start"], r["end"], r["sentence"]),
                  actors=json.loads(r["actors"]), type=r["type"])
            for r in conn.execute("SELECT * FROM events WHERE article_id = ? ORDER BY seq", (article_id,))
        ]
        row = conn.execute("SELECT lemmas FROM article_features WHERE article_id = ?", (article_id,)).fetchone()
        return Reading(article=article_id, entities=entities, timexes=timexes, quotes=quotes, figures=figures,
                       events=events, lemmas=json.loads(row[0]) if row else {})

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


def article_from_row(row: Any) -> Article:
    """An `Article` (without its edits) from a `SELECT * FROM articles` row of either back-end."""
    return Article(
        id=row["id"], raw_text=row["raw_text"], origin=row["origin"], url=row["url"], source=row["source"],
        wire=row["wire"], title=row["title"], published=row["published"], published_precision=row["published_precision"],
        language=row["language"], clean_text=row["clean_text"], fmt=row["fmt"], content_hash=row["content_hash"],
    )


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
