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
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from recoupe import __version__, api
from recoupe.serve.api_routes import router as api_router
from recoupe.serve.docs import mount_docs
from recoupe.serve.i18n import (
    COOKIE,
    COOKIE_AGE_S,
    LANGUAGES,
    choose_language,
    interface_context,
    template_outlet,
    template_translate,
)
from recoupe.serve.pages import router as pages_router
from recoupe.serve.params import BadParameter
from recoupe.serve.state import Caches, Context, StorePool
from recoupe.store import is_postgres_url
from recoupe.tell.story_common import format_date, format_number, hedge_sign, hedge_word, truncate

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

log = logging.getLogger("recoupe.serve")


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
    env.filters["outlet"] = template_outlet
    return Jinja2Templates(env=env)


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


def compile_templates(templates: Jinja2Templates) -> None:
    """Compile every template before the first request: the story page's templates take about half a second
    to compile (measured on a loaded 2-core machine), which the first reader of each page would wait."""
    for name in templates.env.list_templates():
        templates.env.get_template(name)


def warm_up(templates: Jinja2Templates) -> None:
    """What the first story page would otherwise pay for, done at startup: the templates compiled, the source
    comparison's module imported and its rules for French (the default language) read (about 0.1 s)."""
    from recoupe.lang import load_language
    from recoupe.link.compare import figure_rules
    from recoupe.link.timeline_words import word_rules

    compile_templates(templates)
    language = load_language("fr")
    figure_rules(language)
    word_rules(language)


def create_app(db: str) -> FastAPI:
    """The web app over the store at `db` (a SQLite file, which must exist, or a `postgresql://` URL): pages,
    /api/, /static/, /openapi.json and its interactive documentation at /docs."""
    if not is_postgres_url(db) and not Path(db).is_file():
        raise api.StoreError(f"{db}: no such store (run `recoupe analyze PATH --db {db}` first)")
    pool = StorePool(db)
    app = FastAPI(title="recoupe", version=str(__version__),
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
    app.include_router(api_router)
    app.include_router(pages_router)
    mount_docs(app)
    app.router.add_event_handler("startup", lambda: warm_up(app.state.ctx.templates))
    app.router.add_event_handler("shutdown", pool.close)
    return app

