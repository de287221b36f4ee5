"""What the web app's routes share: the read-only store pool, the caches and the context that holds them.

Kept apart from `app` (which assembles the app) so that the routers and views can reach the shared
context without importing the module that imports them: the app depends on its routes, never the reverse.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from fastapi import Request
from fastapi.templating import Jinja2Templates

from recoupe import api
from recoupe.records import Comparison, TimelineEntry
from recoupe.store.links import load_timeline

# Connections kept open for requests: FastAPI runs page functions in a thread pool,
# and SQLite connections are cheap; 4 serves a reader or a bench client without waiting.
POOL_SIZE = 4
# Bytes of the store each connection reads through mmap rather than read(): pages are then
# shared with the OS cache instead of copied per connection (256 MB covers a 36 000-article store's
# indexes and hot rows).
MMAP_BYTES = 256 * 1024 * 1024
# Listings kept (stories pages by filter): the first page and a reader's recent filters.
LISTING_CACHE = 128
# Longest a cached listing is trusted even if the store's stamp did not change (seconds).
LISTING_TTL_S = 60.0
# Source comparisons kept (the costliest part of a story page): a reader moves among a
# few stories at a time; 64 large comparisons stay well under 100 MB.
COMPARISON_CACHE = 64
# How long the filter lists (top outlets and entities) are reused before being counted again:
# counting every entity link of a large store takes ~0.1 s, too slow for every page view.
CHOICES_TTL_S = 300.0
# Story pages kept ready (content gathered and charts laid out, and their JSON): the largest
# take ~0.1 s to gather on a loaded machine, a reader revisits them.
STORY_CACHE = 32

log = logging.getLogger("recoupe.serve")
T = TypeVar("T")


class StorePool:
    """A few read-only connections to one store, handed to one request at a time."""

    def __init__(self, db: str, size: int = POOL_SIZE) -> None:
        self.db = db
        self._free: queue.LifoQueue[api.Store] = queue.LifoQueue()
        try:
            for _ in range(size):
                self._free.put(self._connect())
        except BaseException:
            self.close()
            raise

    def _connect(self) -> api.Store:
        """One more read-only connection to the store."""
        store = api.open_store(self.db)
        store.set_read_only(MMAP_BYTES)
        return store

    @contextmanager
    def store(self) -> Iterator[api.Store]:
        """Borrow a connection for the block (waits when all are in use)."""
        store = self._free.get()
        try:
            if store.is_broken():
                store = self._replace(store)
            yield store
        finally:
            self._free.put(store)

    def _replace(self, broken: api.Store) -> api.Store:
        """A new connection in place of one the server dropped (StoreError, one line, if it cannot be had)."""
        log.warning("%s: connection lost, reconnecting", broken.path)
        with suppress(OSError, ValueError, api.StoreError):
            broken.close()
        return self._connect()

    def close(self) -> None:
        """Close every idle connection."""
        while not self._free.empty():
            self._free.get_nowait().close()


class Memo:
    """A small thread-safe LRU of computed values, optionally trusted for a limited time only."""

    def __init__(self, size: int, ttl_s: float | None = None) -> None:
        self.size, self.ttl_s = size, ttl_s
        self._items: OrderedDict[Any, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, compute: Callable[[], T]) -> T:
        """The value kept under `key`, or `compute()` kept (two threads may compute it at once: harmless)."""
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and (self.ttl_s is None or now - hit[0] < self.ttl_s):
                self._items.move_to_end(key)
                return cast(T, hit[1])
        value = compute()
        with self._lock:
            self._items[key] = (now, value)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._items.clear()


@dataclass
class Caches:
    """What the app keeps between requests, keyed by the version of what it shows so that it never goes stale.

    Story views and comparisons are keyed by the story's `updated_at` (the link stage
    sets it whenever it rewrites the story); listings by a stamp of the whole store.
    """

    comparisons: Memo = field(default_factory=lambda: Memo(COMPARISON_CACHE))
    timelines: Memo = field(default_factory=lambda: Memo(STORY_CACHE))
    stories_views: Memo = field(default_factory=lambda: Memo(STORY_CACHE))
    listings: Memo = field(default_factory=lambda: Memo(LISTING_CACHE, LISTING_TTL_S))
    choices: Memo = field(default_factory=lambda: Memo(1, CHOICES_TTL_S))

    def stories(self, store: api.Store, story_filter: api.StoryFilter) -> api.StoriesPage:
        """A stories page, recomputed only when the store changed (new articles, re-linked stories)."""
        stamp = store.change_stamp()
        return self.listings.get((story_filter, *stamp), lambda: api.stories_page(store, story_filter))

    def story_version(self, store: api.Store, story_id: str) -> str | None:
        """The story's version (its `updated_at`), None when there is no such story."""
        return store.story_updated_at(story_id)

    def timeline(self, store: api.Store, story_id: str) -> list[TimelineEntry] | None:
        """The story's whole timeline, read once per version of the story: the page's entries, its comparison
        and its timeline section are all drawn from this one read."""
        version = self.story_version(store, story_id)
        if version is None:
            return None
        return self.timelines.get((story_id, version), lambda: load_timeline(store, story_id))

    def comparison(self, store: api.Store, story_id: str) -> Comparison | None:
        """The story's comparison, computed once per version of the story."""
        version = self.story_version(store, story_id)
        if version is None:
            return None
        return self.comparisons.get((story_id, version),
                                    lambda: api.story_comparison(store, story_id, self.timeline(store, story_id)))

    def story_view(self, store: api.Store, story_id: str, key: Any, compute: Callable[[], T]) -> T | None:
        """Something derived from one story (a page's content, its JSON), kept per version of the story."""
        version = self.story_version(store, story_id)
        if version is None:
            return None
        return self.stories_views.get((story_id, version, key), compute)

    def filter_choices(self, store: api.Store) -> Any:
        """(outlets, entities) with most articles, recounted every CHOICES_TTL_S seconds."""
        return self.choices.get("choices", lambda: api.filter_choices(store))


@dataclass
class Context:
    """Everything the routes share: the connection pool, the caches and the templates."""

    db: str
    pool: StorePool
    caches: Caches
    templates: Jinja2Templates


def context_of(request: Request) -> Context:
    """The app's shared context, from a request."""
    ctx: Context = request.app.state.ctx
    return ctx


def borrow_store(request: Request) -> Iterator[api.Store]:
    """FastAPI dependency: a read-only store connection for the length of one request."""
    with context_of(request).pool.store() as store:
        yield store


