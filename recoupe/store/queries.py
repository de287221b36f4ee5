"""Questions the rest of recoupe asks of a store about stories, links and the link stage's bookkeeping.

Each is a typed method returning values or records, so that no SQL and no connection is needed outside
`recoupe/store`. The SQL here is the part both back-ends understand alike (`?` placeholders, standard
joins, `ON CONFLICT DO NOTHING`), so one implementation serves SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from recoupe.records import Entity, Mention, Quote
from recoupe.store.base import LinkedEntity, StoryEntity
from recoupe.store.dialect import Connection

# Values bound in one `IN (...)` list at most: under SQLite's bound-parameter limit on every build.
IN_CHUNK = 500


class StoryQueries:
    """Story- and link-level reads and the link stage's small writes, in SQL both back-ends share."""

    conn: Connection

    def story_of_article(self, article_id: str) -> str | None:
        """The story an article belongs to, None when it is not linked or not stored."""
        row = self.conn.execute("SELECT story FROM articles WHERE id = ?", (article_id,)).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def story_article_ids(self, story_id: str) -> list[str]:
        """A story's article ids in publication order (undated last), the order its timeline is built in."""
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM articles WHERE story = ? ORDER BY published IS NULL, published, id", (story_id,))]

    def story_languages(self, story_id: str, limit: int = 5) -> list[str]:
        """Up to `limit` distinct languages of a story's articles (a story is normally in one)."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT language FROM articles WHERE story = ? AND language IS NOT NULL LIMIT ?",
            (story_id, limit))]

    def story_published_dates(self, story_id: str) -> list[str]:
        """The distinct publication dates of a story's articles (its coverage window is drawn from them)."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT published FROM articles WHERE story = ? AND published IS NOT NULL", (story_id,))]

    def story_entities(self, story_id: str) -> list[StoryEntity]:
        """Every entity of a story's articles with its global id and name when it is linked."""
        return [StoryEntity(*r) for r in self.conn.execute(
            "SELECT e.id, e.article_id, e.name, e.type, l.global_id, g.name FROM articles a"
            " JOIN entities e ON e.article_id = a.id LEFT JOIN entity_links l ON l.entity_id = e.id"
            " LEFT JOIN global_entities g ON g.id = l.global_id WHERE a.story = ?", (story_id,))]

    def story_quotes(self, story_id: str) -> list[tuple[Quote, str | None]]:
        """Every quote of a story's articles with its article's publication date, in publication order
        (undated last), then by article id and place: sorted in Python so that both back-ends give one
        order whatever their collation."""
        rows = sorted(self.conn.execute(
            'SELECT q.article_id, q.text, q.start, q."end", q.speaker, q.speaker_entity, q.cue, a.published'
            " FROM articles a JOIN quotes q ON q.article_id = a.id WHERE a.story = ?", (story_id,)),
            key=lambda r: (r[7] is None, r[7] or "", r[0], r[2], r[3]))
        return [(Quote(text=r[1], mention=Mention(r[0], r[2], r[3], r[1]), speaker=r[4], speaker_entity=r[5],
                       cue=r[6]), r[7]) for r in rows]

    def stories_of_articles(self, article_ids: Sequence[str]) -> list[str]:
        """The distinct stories the given articles belong to, in id order."""
        found: set[str] = set()
        for chunk in chunk_values(article_ids):
            found.update(r[0] for r in self.conn.execute(
                f"SELECT DISTINCT story FROM articles WHERE story IS NOT NULL AND id IN ({in_marks(chunk)})", chunk))
        return sorted(found)

    def linked_entities_in_stories(self, story_ids: Sequence[str], skip_type: str) -> list[LinkedEntity]:
        """The linked entities (but those of type `skip_type`) of the articles of these stories, in publication
        order (undated last) then entity id, chunk by chunk of stories."""
        out: list[LinkedEntity] = []
        for chunk in chunk_values(story_ids):
            out.extend(LinkedEntity(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5]) for r in self.conn.execute(
                "SELECT e.id, e.article_id, a.story, e.name, e.aliases, l.global_id FROM entities e"
                " JOIN articles a ON a.id = e.article_id JOIN entity_links l ON l.entity_id = e.id"
                f" WHERE e.type != ? AND a.story IN ({in_marks(chunk)})"
                " ORDER BY a.published IS NULL, a.published, e.id", [skip_type, *chunk]))
        return out

    def global_entity_names(self) -> list[Entity]:
        """Every entity across articles (id, name, type, aliases; no mentions), in id order."""
        return [Entity(name=r[1], type=r[2], mentions=[], aliases=json.loads(r[3]), id=r[0])
                for r in self.conn.execute("SELECT id, name, type, aliases FROM global_entities ORDER BY id")]

    def mark_stories_dirty(self, story_ids: Iterable[str | None]) -> None:
        """Note stories whose timeline must be rebuilt (joins the caller's transaction, if any)."""
        rows = [(s,) for s in story_ids if s]
        if rows:
            self.conn.executemany("INSERT INTO dirty_stories (story_id) VALUES (?) ON CONFLICT DO NOTHING", rows)

    def clear_dirty_story(self, story_id: str) -> None:
        """Note that a story's timeline was rebuilt."""
        self.conn.execute("DELETE FROM dirty_stories WHERE story_id = ?", (story_id,))

    def dirty_story_ids(self) -> list[str]:
        """Stories marked for a timeline rebuild, in id order."""
        return [r[0] for r in self.conn.execute("SELECT story_id FROM dirty_stories ORDER BY story_id")]

    def newest_signatures(self, limit: int) -> list[tuple[str, bytes]]:
        """(article id, MinHash signature) of the `limit` most recently saved signatures, newest first."""
        return [(r[0], bytes(r[1])) for r in self.conn.execute(
            "SELECT article_id, signature FROM article_signatures ORDER BY rowid DESC LIMIT ?", (limit,))]

    def story_updated_at(self, story_id: str) -> str | None:
        """When the link stage last rewrote a story (its version for caches), None when there is no such story."""
        row = self.conn.execute("SELECT updated_at FROM stories WHERE id = ?", (story_id,)).fetchone()
        return None if row is None else str(row[0])

    def story_view(self, story_id: str, version: str) -> str | None:
        """The story view (JSON text) kept for this version of a story, else None (none kept, or an older one)."""
        row = self.conn.execute("SELECT payload FROM story_views WHERE story_id = ? AND version = ?",
                                (story_id, version)).fetchone()
        return None if row is None else str(row[0])

    def save_story_view(self, story_id: str, version: str, payload: str) -> None:
        """Keep a story's view for a version of the story, replacing the one kept before (joins the caller's
        transaction, if any)."""
        self.conn.execute("INSERT INTO story_views (story_id, version, payload) VALUES (?, ?, ?) ON CONFLICT (story_id)"
                          " DO UPDATE SET version = excluded.version, payload = excluded.payload",
                          (story_id, version, payload))


def chunk_values(values: Sequence[Any]) -> list[list[Any]]:
    """`values` cut in lists of at most IN_CHUNK (none for no values: `IN ()` is an error in PostgreSQL)."""
    values = list(values)
    return [values[i:i + IN_CHUNK] for i in range(0, len(values), IN_CHUNK)]


def in_marks(values: Sequence[object]) -> str:
    """The `?, ?, ...` placeholders of an `IN` list."""
    return ",".join("?" * len(values))
