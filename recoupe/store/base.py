"""What the rest of recoupe may ask of a store, whatever its back-end: the `Store` interface and its records.

Code outside `recoupe/store` holds a `Store` and calls these methods; it never sees SQL, a connection or a
driver (tests/test_store_interface.py checks both that and that every method it uses is declared here).
SQLite (`sqlite.py`) and PostgreSQL (`postgres.py`) implement it side by side.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, NamedTuple

from recoupe.records import Article, Edit, Entity, Quote, Reading
from recoupe.store.dialect import Connection, Dialect


class StoreError(RuntimeError):
    """A store could not be opened or used (bad path, newer schema, corrupt file)."""


class SearchSyntaxError(ValueError):
    """A full-text query the back-end cannot use (FTS5 cannot parse it, PostgreSQL finds no word); says why."""


@dataclass(slots=True)
class SearchHit:
    """One article matching a full-text query, with a highlighted snippet."""

    id: str
    title: str | None
    source: str | None
    published: str | None
    snippet: str
    rank: float


class StoryEntity(NamedTuple):
    """An entity of one of a story's articles, with its id and name across the store (None when unlinked)."""

    local_id: str
    article_id: str
    name: str
    type: str
    global_id: str | None
    global_name: str | None


class LinkedEntity(NamedTuple):
    """A linked entity of an article in a story: what the institution resolver groups."""

    local_id: str
    article_id: str
    story: str
    name: str
    aliases: list[str]
    global_id: str


class Store(ABC):
    """A recoupe store: articles, what cleaning did, what reading found, and what the link stage made of them.

    Use `recoupe.store.open_store` to get one. `conn` and `sql` are the back-end's connection and SQL dialect,
    for the query modules of `recoupe/store` (browse, links) only.
    """

    path: str  # the file, ":memory:", or the URL without its password: fit for messages
    dialect: str  # "sqlite" or "postgres"
    conn: Connection
    sql: Dialect

    # -- life cycle -------------------------------------------------------------------------------------

    @abstractmethod
    def close(self) -> None:
        """Close the connection."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """Run the block in one write transaction (nested blocks join the outer one): all of it or nothing."""

    @abstractmethod
    def exclusive(self, name: str) -> AbstractContextManager[None]:
        """Hold the lock `name` of this store for the block, one holder at a time across processes, so that
        two runs on one store never interleave their linking."""

    @property
    @abstractmethod
    def schema_version(self) -> int:
        """The schema version the store is at (exports record it)."""

    @abstractmethod
    def migrate(self) -> int:
        """Bring the schema to the newest this recoupe knows; return the version reached."""

    @abstractmethod
    def table_names(self) -> set[str]:
        """The tables this store holds (an older schema lacks the newer ones)."""

    @abstractmethod
    def integrity_check(self) -> str:
        """"ok" when the store is sound, else what is wrong."""

    # -- articles and readings --------------------------------------------------------------------------

    @abstractmethod
    def article_state(self, article_id: str) -> tuple[str, str] | None:
        """(content hash, pipeline version) of the stored article, None if absent: says whether to read it again."""

    @abstractmethod
    def save_article(self, article: Article, pipeline_version: str, reading: Reading | None = None) -> None:
        """Write (or replace) one article with its edits and reading, atomically."""

    @abstractmethod
    def count_articles(self) -> int:
        """Number of articles stored."""

    @abstractmethod
    def article_ids(self) -> list[str]:
        """Every article id, in id order."""

    @abstractmethod
    def get_article(self, article_id: str) -> Article | None:
        """The stored article with its edits, or None."""

    @abstractmethod
    def iter_articles(self, with_edits: bool = False) -> Iterator[Article]:
        """Every stored article in id order, streamed (a store may hold more than memory does)."""

    @abstractmethod
    def article_rows(self, limit: int | None = None, offset: int = 0) -> list[Any]:
        """Light rows (no texts) for listings: id, source, published, precision, language, title, fmt, story,
        duplicate_of, chars; by column name or position."""

    @abstractmethod
    def edits(self, article_id: str) -> list[Edit]:
        """What cleaning removed or repaired in one article, in order."""

    @abstractmethod
    def reading(self, article_id: str) -> Reading:
        """What the reading stage stored for one article (empty lists when not read)."""

    @abstractmethod
    def link_reading(self, article_id: str) -> Reading:
        """The part of an article's reading the linkers use: its entities (with their mentions) and lemma counts;
        the other lists are left empty."""

    @abstractmethod
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles and cleaned texts, best first; SearchSyntaxError for an unusable query."""

    @abstractmethod
    def full_text_condition(self, alias: str = "a") -> str:
        """A WHERE condition with one `?` (the query) true for the articles `alias` that match it, for the
        listings of recoupe.store.browse."""

    # -- stories and links ------------------------------------------------------------------------------

    @abstractmethod
    def story_of_article(self, article_id: str) -> str | None:
        """The story an article belongs to, None when it is not linked or not stored."""

    @abstractmethod
    def story_article_ids(self, story_id: str) -> list[str]:
        """A story's article ids in publication order (undated last), the order its timeline is built in."""

    @abstractmethod
    def story_languages(self, story_id: str, limit: int = 5) -> list[str]:
        """Up to `limit` distinct languages of a story's articles (a story is normally in one)."""

    @abstractmethod
    def story_published_dates(self, story_id: str) -> list[str]:
        """The distinct publication dates of a story's articles (its coverage window is drawn from them)."""

    @abstractmethod
    def story_entities(self, story_id: str) -> list[StoryEntity]:
        """Every entity of a story's articles with its global id and name when it is linked."""

    @abstractmethod
    def story_quotes(self, story_id: str) -> list[tuple[Quote, str | None]]:
        """Every quote of a story's articles with its article's publication date, in publication order."""

    @abstractmethod
    def stories_of_articles(self, article_ids: Sequence[str]) -> list[str]:
        """The distinct stories the given articles belong to, in id order."""

    @abstractmethod
    def linked_entities_in_stories(self, story_ids: Sequence[str], skip_type: str) -> list[LinkedEntity]:
        """The linked entities (but those of type `skip_type`) of the articles of these stories, in
        publication order (undated last) then entity id."""

    @abstractmethod
    def global_entity_names(self) -> list[Entity]:
        """Every entity across articles (id, name, type, aliases; no mentions), in id order."""

    @abstractmethod
    def mark_stories_dirty(self, story_ids: Iterable[str | None]) -> None:
        """Note stories whose timeline must be rebuilt (joins the caller's transaction, if any)."""

    @abstractmethod
    def clear_dirty_story(self, story_id: str) -> None:
        """Note that a story's timeline was rebuilt."""

    @abstractmethod
    def dirty_story_ids(self) -> list[str]:
        """Stories marked for a timeline rebuild, in id order."""

    @abstractmethod
    def newest_signatures(self, limit: int) -> list[tuple[str, bytes]]:
        """(article id, MinHash signature) of the `limit` most recently saved signatures, newest first."""

    @abstractmethod
    def story_updated_at(self, story_id: str) -> str | None:
        """When the link stage last rewrote a story (its version for caches), None when there is no such story."""

    @abstractmethod
    def story_view(self, story_id: str, version: str) -> str | None:
        """The story view (JSON text, `recoupe.tell.story_views`) kept for this version of a story, else None."""

    @abstractmethod
    def save_story_view(self, story_id: str, version: str, payload: str) -> None:
        """Keep a story's view (JSON text) for a version of the story, replacing the one kept before."""

    # -- serving ----------------------------------------------------------------------------------------

    @abstractmethod
    def set_read_only(self, mmap_bytes: int = 0) -> None:
        """Refuse every write on this connection (a web server's); SQLite also reads up to `mmap_bytes` of the
        file through mmap."""

    @abstractmethod
    def change_stamp(self) -> tuple[object, ...]:
        """Values that change whenever an article is written or a story rewritten, so that listings cached
        under one stamp stay true."""

    @abstractmethod
    def is_broken(self) -> bool:
        """Whether the connection was lost (a server restart): the caller opens a new one."""
