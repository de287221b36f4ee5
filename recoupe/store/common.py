"""What both SQL back-ends share: articles and readings written and read in the SQL SQLite and PostgreSQL
both understand, with `?` placeholders; each back-end (`sqlite.py`, `postgres.py`) adds what differs.

Where the two dialects part, the queries ask the store's `sql` dialect (`recoupe.store.dialect`) rather
than writing one dialect and translating it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
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
from recoupe.store.base import Store
from recoupe.store.queries import StoryQueries

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



class SqlStore(StoryQueries, Store):
    """A store on one DB-API connection whose SQL is shared by both back-ends (see the module docstring)."""

    _depth: int  # transactions open on this connection (nested blocks join the outer one)

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
        self.conn.execute(self.sql.begin)
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")

    def _lock_article(self, article_id: str) -> None:
        """Serialise writers of one article inside the current transaction (a no-op where the transaction's
        opening already takes the write lock, as SQLite's BEGIN IMMEDIATE does)."""

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
            'INSERT INTO events (article_id, seq, date, precision, what, type, actors, start, "end", sentence,'
            " predicate, agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(aid, i, e.date, e.precision, e.what, e.type, json.dumps(e.actors), e.evidence.start,
              e.evidence.end, e.evidence.text, e.predicate, e.agent) for i, e in enumerate(reading.events)],
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
        entities = self._read_entities(article_id)
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
                  actors=json.loads(r["actors"]), type=r["type"], predicate=r["predicate"], agent=r["agent"])
            for r in conn.execute("SELECT * FROM events WHERE article_id = ? ORDER BY seq", (article_id,))
        ]
        return Reading(article=article_id, entities=entities, timexes=timexes, quotes=quotes, figures=figures,
                       events=events, lemmas=self._read_lemmas(article_id))

    def link_reading(self, article_id: str) -> Reading:
        """The part of an article's reading the linkers use: its entities and lemma counts (half the time of
        `reading`, which also rebuilds the article's quotes, figures, events and time expressions)."""
        return Reading(article=article_id, entities=self._read_entities(article_id),
                       lemmas=self._read_lemmas(article_id))

    def _read_entities(self, article_id: str) -> list[Entity]:
        """An article's stored entities with their mentions, in reading order."""
        mentions: dict[str, list[Mention]] = {}
        for r in self.conn.execute(
            'SELECT entity_id, start, "end", text FROM mentions WHERE article_id = ? ORDER BY start',
            (article_id,),
        ):
            mentions.setdefault(r[0], []).append(Mention(article_id, r[1], r[2], r[3]))
        return [
            Entity(name=r["name"], type=r["type"], mentions=mentions.get(r["id"], []),
                   aliases=json.loads(r["aliases"]), id=r["id"])
            for r in self.conn.execute("SELECT * FROM entities WHERE article_id = ? ORDER BY rowid", (article_id,))
        ]

    def _read_lemmas(self, article_id: str) -> dict[str, int]:
        """An article's lemma counts (empty when not read)."""
        row = self.conn.execute("SELECT lemmas FROM article_features WHERE article_id = ?", (article_id,)).fetchone()
        lemmas: dict[str, int] = json.loads(row[0]) if row else {}
        return lemmas


def article_from_row(row: Any) -> Article:
    """An `Article` (without its edits) from a `SELECT * FROM articles` row of either back-end."""
    return Article(
        id=row["id"], raw_text=row["raw_text"], origin=row["origin"], url=row["url"], source=row["source"],
        wire=row["wire"], title=row["title"], published=row["published"], published_precision=row["published_precision"],
        language=row["language"], clean_text=row["clean_text"], fmt=row["fmt"], content_hash=row["content_hash"],
    )
