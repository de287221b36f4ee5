"""The JSON API under /api/: the same content as each page, from the same `views` functions.

Errors are `{"error": "..."}` with 400 (bad parameter, bad search syntax) or 404 (unknown id).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from recoupe import api
from recoupe.serve.params import PageParam, QParam, check_id, story_filter, text_param
from recoupe.serve.state import borrow_store, context_of
from recoupe.serve.views import (
    ARTICLES_PER_PAGE,
    HITS_PER_PAGE,
    article_data,
    article_json,
    entity_json,
    search_json,
    stories_json,
    story_json_of,
)

router = APIRouter(prefix="/api", tags=["api"], default_response_class=JSONResponse)

StoreDep = Annotated[api.Store, Depends(borrow_store)]
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad parameter or search syntax: `{\"error\": \"...\"}`"},
    404: {"description": "No such id: `{\"error\": \"...\"}`"},
}


@router.get("/stories", responses=ERRORS)
def stories(request: Request, store: StoreDep,
            story_filter: Annotated[api.StoryFilter, Depends(story_filter)]) -> JSONResponse:
    """Stories having articles that match the filter (most matching articles first), one page."""
    return JSONResponse(stories_json(context_of(request).caches.stories(store, story_filter)))


@router.get("/stories/{story_id:path}", responses=ERRORS)
def story(request: Request, store: StoreDep, story_id: str, page: PageParam = 1) -> JSONResponse:
    """A story: its heaviest timeline entries, source comparison, figures and one page of articles."""
    data = story_json_of(context_of(request), store, check_id(story_id, "story"), page)
    if data is None:
        raise HTTPException(404, f"no story {story_id[:200]!r}")
    return JSONResponse(data)


@router.get("/articles/{article_id:path}", responses=ERRORS)
def article(store: StoreDep, article_id: str) -> JSONResponse:
    """An article: cleaned text, cleaning edits, what was read (entities, dates, quotes, figures, events)."""
    data = article_data(store, check_id(article_id, "article"))
    if data is None:
        raise HTTPException(404, f"no article {article_id[:200]!r}")
    return JSONResponse(article_json(data))


@router.get("/entities/{entity_id:path}", responses=ERRORS)
def entity(store: StoreDep, entity_id: str, page: PageParam = 1) -> JSONResponse:
    """An entity: its spellings, one page of its articles, its stories and quotes."""
    found = api.entity_page(store, check_id(entity_id, "entity"), page, ARTICLES_PER_PAGE)
    if found is None:
        raise HTTPException(404, f"no entity {entity_id[:200]!r}")
    return JSONResponse(entity_json(found, page))


@router.get("/search", responses=ERRORS)
def search(store: StoreDep, q: QParam = None, page: PageParam = 1) -> JSONResponse:
    """Articles matching a full-text query, best first, with snippets."""
    query = text_param(q)
    if query is None:
        raise HTTPException(400, "q: a search query is required")
    return JSONResponse(search_json(api.search_page(store, query, page, HITS_PER_PAGE), query, page))
