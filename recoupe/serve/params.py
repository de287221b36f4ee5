"""Query parameters of the web app, parsed and checked once for the pages and the JSON API alike.

Bad values raise `BadParameter` (answered 400 with its message); FastAPI's own
validation errors (a page that is no number) are mapped to 400 by the app too.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query
from starlette.exceptions import HTTPException

from recoupe.api import StoryFilter
from recoupe.serve.timeline import ZOOMS, TimelineQuery

# Highest page number accepted: 10 000 pages of 20 stories is far past any store's
# end, and a bound keeps OFFSET small enough to stay cheap.
MAX_PAGE = 10_000
# Longest text parameter (a search, an outlet, an entity id): a query of 500
# characters is already ten times a reader's; the bound keeps FTS5 work small.
MAX_TEXT = 500
# Highest "at least N outlets" accepted: no story has more outlets than this.
MAX_OUTLETS = 1000

PageParam = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
QParam = Annotated[str | None, Query(max_length=MAX_TEXT,
                                     description="Full-text query. SQLite store (FTS5): words, \"phrases\","
                                                 " AND/OR/NOT, prefix*; PostgreSQL store (stemmed): words,"
                                                 " \"phrases\", or, -word.")]


class BadParameter(ValueError):
    """A query parameter the app cannot use (answered 400 with this message)."""


def parse_day(value: str | None, name: str) -> str | None:
    """A YYYY-MM-DD parameter checked to be a real day; None when empty."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadParameter(f"{name}: expected a date as YYYY-MM-DD, got {value[:40]!r}") from None


def text_param(value: str | None, name: str = "q") -> str | None:
    """A free-text parameter, trimmed; None when empty. A NUL is refused: no stored text holds one (and
    PostgreSQL cannot even compare with it)."""
    value = (value or "").strip()
    if "\x00" in value:
        raise BadParameter(f"{name}: cannot contain a NUL character")
    return value or None


def check_id(value: str, kind: str) -> str:
    """A path id, or 404 for one no store can hold (a NUL), before it reaches the store."""
    if "\x00" in value:
        raise HTTPException(404, f"no {kind} {value[:200]!r}")
    return value


def story_filter(
    q: QParam = None,
    since: Annotated[str | None, Query(max_length=20, description="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, Query(max_length=20, description="Published on or before (YYYY-MM-DD).")] = None,
    source: Annotated[str | None, Query(max_length=MAX_TEXT, description="Only articles of this outlet.")] = None,
    entity: Annotated[str | None, Query(max_length=MAX_TEXT, description="Only articles naming this entity "
                                                                          "(its id).")] = None,
    page: PageParam = 1,
) -> StoryFilter:
    """FastAPI dependency: the stories filter from the query string (dates checked, empty values dropped)."""
    start, end = parse_day(since, "since"), parse_day(until, "until")
    if start and end and start > end:
        raise BadParameter(f"since ({start}) is after until ({end})")
    return StoryFilter(q=text_param(q), since=start, until=end, source=text_param(source, "source"),
                       entity=text_param(entity, "entity"), page=page)


def filter_params(f: StoryFilter) -> dict[str, str | int | None]:
    """The filter back as query parameters, for links to other pages of the same listing."""
    return {"q": f.q, "since": f.since, "until": f.until, "source": f.source, "entity": f.entity, "page": f.page}


def timeline_query(
    tl_from: Annotated[str | None, Query(max_length=20, description="Timeline entries on or after (YYYY-MM-DD).")] = None,
    tl_to: Annotated[str | None, Query(max_length=20, description="Timeline entries on or before (YYYY-MM-DD).")] = None,
    outlet: Annotated[str | None, Query(max_length=MAX_TEXT, description="Only entries this outlet reports.")] = None,
    min_outlets: Annotated[int, Query(ge=1, le=MAX_OUTLETS, description="Only entries at least this many "
                                                                        "outlets report.")] = 1,
    tl_page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page of the timeline's entries, from 1.")] = 1,
    zoom: Annotated[int, Query(ge=1, le=4, description="Width of the timeline chart: 1, 2 or 4 times.")] = 1,
    bg: Annotated[int, Query(ge=0, le=1, description="1: show the background entries (before the story's "
                                                     "coverage) instead of its own.")] = 0,
) -> TimelineQuery:
    """FastAPI dependency: what the reader asked of a story's timeline (dates checked, zoom rounded to a level)."""
    start, end = parse_day(tl_from, "tl_from"), parse_day(tl_to, "tl_to")
    if start and end and start > end:
        raise BadParameter(f"tl_from ({start}) is after tl_to ({end})")
    level = max(z for z in ZOOMS if z <= zoom)
    return TimelineQuery(since=start, until=end, outlet=text_param(outlet, "outlet"), min_outlets=min_outlets,
                         page=tl_page, zoom=level, background=bool(bg))
