"""The web app of `recoupe serve`: FastAPI routes over `recoupe.api`, server-rendered pages and a JSON API.

`create_app(db)` opens the store (a SQLite file or a `postgresql://` URL) and
serves every request from a small pool of connections set read-only (SQLite's
`PRAGMA query_only`, PostgreSQL's `default_transaction_read_only`); a PostgreSQL
connection the server dropped is replaced when next borrowed. Every response carries a strict
Content-Security-Policy; errors are one clear line (HTML page or `{"error": ...}`
under /api/), never a traceback.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from recoupe import api
from recoupe.records import Comparison
from recoupe.serve.i18n import (
    COOKIE,
    COOKIE_AGE_S,
    LANGUAGES,
    NATIVE_NAMES,
    choose_language,
    template_translate,
)
from recoupe.serve.params import BadParameter
from recoupe.store import is_postgres_url
from recoupe.tell.story_common import format_date, format_number, hedge_sign, hedge_word, truncate

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
# Headers on every response. The CSP forbids inline script and style and any other origin:
# even an injection that slipped through escaping could not run.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
                               " frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
LOOPBACK = ("127.0.0.1", "localhost", "::1")

# Story pages kept ready (content gathered and charts laid out, and their JSON): the largest
# take ~0.1 s to gather on a loaded machine, a reader revisits them.
STORY_CACHE = 32

# What tells a listing that the store changed: the newest article and the stories' count and last update.
# PostgreSQL keeps no index on articles.rowid: its sequence says the same (it moves on every insert or
# rewrite of an article) without reading the table.
STAMP_SQL = {
    "sqlite": "SELECT (SELECT max(rowid) FROM articles), (SELECT count(*) FROM stories),"
              " (SELECT max(updated_at) FROM stories)",
    "postgres": "SELECT (SELECT last_value FROM articles_rowid_seq), (SELECT count(*) FROM stories),"
                " (SELECT max(updated_at) FROM stories)",
}

log = logging.getLogger("recoupe.serve")
T = TypeVar("T")


class StorePool:
    """A few read-only connections to one store, handed to one request at a time."""

    def __init__(self, db: str, size: int = POOL_SIZE) -> None:
        self.db = db
        self.postgres = is_postgres_url(db)
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
        if self.postgres:
            store.conn.execute("SET default_transaction_read_only = on")
        else:
            store.conn.execute("PRAGMA query_only = ON")
            store.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        return store

    @contextmanager
    def store(self) -> Iterator[api.Store]:
        """Borrow a connection for the block (waits when all are in use)."""
        store = self._free.get()
        try:
            if self.postgres and _is_broken(store):
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


def _is_broken(store: api.Store) -> bool:
    """Whether a PostgreSQL store's connection is closed or was lost (server restart, network)."""
    raw = getattr(store.conn, "raw", None)
    return raw is not None and bool(raw.closed or raw.broken)


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
    stories_views: Memo = field(default_factory=lambda: Memo(STORY_CACHE))
    listings: Memo = field(default_factory=lambda: Memo(LISTING_CACHE, LISTING_TTL_S))
    choices: Memo = field(default_factory=lambda: Memo(1, CHOICES_TTL_S))

    def stories(self, store: api.Store, story_filter: api.StoryFilter) -> api.StoriesPage:
        """A stories page, recomputed only when the store changed (new articles, re-linked stories)."""
        stamp = tuple(store.conn.execute(STAMP_SQL[store.dialect]).fetchone())
        return self.listings.get((story_filter, *stamp), lambda: api.stories_page(store, story_filter))

    def story_version(self, store: api.Store, story_id: str) -> str | None:
        """The story's version (its `updated_at`), None when there is no such story."""
        row = store.conn.execute("SELECT updated_at FROM stories WHERE id = ?", (story_id,)).fetchone()
        return None if row is None else str(row[0])

    def comparison(self, store: api.Store, story_id: str) -> Comparison | None:
        """The story's comparison, computed once per version of the story."""
        version = self.story_version(store, story_id)
        if version is None:
            return None
        return self.comparisons.get((story_id, version), lambda: api.story_comparison(store, story_id))

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


# -- templates ----------------------------------------------------------------------------------------------


def url_segment(value: str) -> str:
    """An id quoted for one path segment: every byte but unreserved ASCII escaped."""
    return quote(value, safe="")


def safe_link(url: str | None) -> str | None:
    """An article's URL when it is a plain http(s) link; None for anything else (javascript:, data:, ...)."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ord(c) < 0x21 for c in url):
        return None
    return url


def page_url(path: str, params: dict[str, Any], **changes: Any) -> str:
    """`path` with the non-empty query parameters, some replaced (for pagination links)."""
    merged = {**params, **changes}
    query = urlencode({k: v for k, v in merged.items() if v not in (None, "") and not (k == "page" and v == 1)})
    return f"{path}?{query}" if query else path


def make_templates() -> Jinja2Templates:
    """The Jinja2 environment: package templates, autoescape on for every template, strict undefined."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("recoupe.serve", "templates"),
        autoescape=True,  # every template, whatever its extension (HTML and SVG alike)
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["seg"] = url_segment
    env.filters["fdate"] = format_date
    env.filters["fnum"] = format_number
    env.filters["hedge"] = hedge_sign
    env.filters["hedge_word"] = hedge_word
    env.filters["truncate_words"] = truncate
    env.filters["safe_link"] = safe_link
    env.globals["page_url"] = page_url
    env.globals["t"] = template_translate
    return Jinja2Templates(env=env)


def language_of(request: Request) -> str:
    """The interface language chosen for this request (set by the app's language middleware)."""
    return str(getattr(request.state, "lang", None) or choose_language(None, None, None))


def interface_context(request: Request) -> dict[str, Any]:
    """What every page needs to speak the reader's language: `lang` and the switch's links (this page in
    each language)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    switch = [(code, NATIVE_NAMES[code], f"{request.url.path}?{urlencode([*params, ('lang', code)])}")
              for code in LANGUAGES]
    return {"lang": language_of(request), "switch": switch}


# -- the app -------------------------------------------------------------------------------------------------


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def error_response(request: Request, status: int, message: str) -> Response:
    """An error as `{"error": ...}` under /api/, as a small HTML page elsewhere."""
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status, headers=SECURITY_HEADERS)
    ctx: Context = request.app.state.ctx
    response = ctx.templates.TemplateResponse(request, "error.html",
                                              {"status": status, "message": message, **interface_context(request)},
                                              status_code=status)
    response.headers.update(SECURITY_HEADERS)
    return response


def _validation_message(exc: RequestValidationError) -> str:
    """FastAPI's validation errors as one line: "page: Input should be greater than or equal to 1"."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ())[1:]) or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "bad parameter: " + "; ".join(parts[:3])


def _install_handlers(app: FastAPI) -> None:
    """Map every failure to a status and one line: 400 bad input, 404 unknown, 503 store unreachable,
    500 with no detail."""

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path[:200]}"
        return error_response(request, exc.status_code, message)

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error_response(request, 400, _validation_message(exc))

    async def on_bad_parameter(request: Request, exc: Exception) -> Response:
        return error_response(request, 400, str(exc))

    async def on_search_syntax(request: Request, exc: Exception) -> Response:
        # The hint helps with FTS5's operators (SQLite); PostgreSQL's web-search syntax never fails to parse.
        hint = " (quote words with special characters: \"like this\")" if "cannot parse" in str(exc) else ""
        return error_response(request, 400, f"{exc}{hint}")

    async def on_store_error(request: Request, exc: Exception) -> Response:
        log.error("error serving %s: %s", request.url.path, exc)  # one line, password already blanked
        return error_response(request, 503, f"store unavailable: {exc}")

    async def on_error(request: Request, exc: Exception) -> Response:
        log.error("error serving %s: %s: %s", request.url.path, type(exc).__name__, exc)
        return error_response(request, 500, "internal error: the server could not answer this request")

    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(BadParameter, on_bad_parameter)
    app.add_exception_handler(api.SearchSyntaxError, on_search_syntax)
    app.add_exception_handler(api.StoreError, on_store_error)
    app.add_exception_handler(Exception, on_error)


def create_app(db: str) -> FastAPI:
    """The web app over the store at `db` (a SQLite file, which must exist, or a `postgresql://` URL): pages,
    /api/, /static/, /openapi.json and its interactive documentation at /docs."""
    if not is_postgres_url(db) and not Path(db).is_file():
        raise api.StoreError(f"{db}: no such store (run `recoupe analyze PATH --db {db}` first)")
    pool = StorePool(db)
    app = FastAPI(title="recoupe", version=_version(),
                  description="Browse a recoupe store: stories, timelines, source comparisons, articles, entities.",
                  docs_url=None, redoc_url=None)  # FastAPI's docs load a CDN: /docs comes from `serve.docs`
    app.state.ctx = Context(db=db, pool=pool, caches=Caches(), templates=make_templates())

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.middleware("http")
    async def interface_language(request: Request,
                                 call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        """Pick the page's language (switch, cookie, browser) and remember a switch in a cookie."""
        asked = request.query_params.get("lang")
        request.state.lang = choose_language(asked, request.cookies.get(COOKIE), request.headers.get("accept-language"))
        response = await call_next(request)
        response.headers.append("Vary", "Accept-Language, Cookie")
        if asked and asked.lower() in LANGUAGES:
            response.set_cookie(COOKIE, asked.lower(), max_age=COOKIE_AGE_S, samesite="lax", httponly=True)
        return response

    _install_handlers(app)
    static = resources.files("recoupe.serve") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    from recoupe.serve.api_routes import router as api_router
    from recoupe.serve.docs import mount_docs
    from recoupe.serve.pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)
    mount_docs(app)
    app.router.add_event_handler("shutdown", pool.close)
    return app


def _version() -> str:
    from recoupe import __version__

    return str(__version__)


