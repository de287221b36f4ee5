"""The HTML pages: stories, a story, an article, an entity, search. Each gathers its content from `views`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException

from recoupe import api
from recoupe.serve.i18n import interface_context
from recoupe.serve.params import (
    PageParam,
    QParam,
    check_id,
    filter_params,
    story_filter,
    text_param,
    timeline_query,
)
from recoupe.serve.state import borrow_store, context_of
from recoupe.serve.timeline import TimelineQuery, gather_timeline
from recoupe.serve.views import (
    ARTICLES_PER_PAGE,
    HITS_PER_PAGE,
    article_data,
    snippet_parts,
    story_data,
)
from recoupe.store.browse import RECENT_LINKS

router = APIRouter(include_in_schema=False)  # the schema documents /api/; pages mirror it

StoreDep = Annotated[api.Store, Depends(borrow_store)]


def render(request: Request, name: str, context: dict[str, Any]) -> Response:
    """A template rendered with the request (autoescaped; see `app.make_templates`)."""
    return context_of(request).templates.TemplateResponse(request, name, {**context, **interface_context(request)})


@router.get("/", response_class=HTMLResponse)
def stories_page(request: Request, store: StoreDep,
                 story_filter: Annotated[api.StoryFilter, Depends(story_filter)]) -> Response:
    """The stories, most articles first, with search and filters by dates, outlet and entity."""
    found = context_of(request).caches.stories(store, story_filter)
    sources, entities = context_of(request).caches.filter_choices(store)
    pages = max(1, -(-found.total // found.per_page))
    return render(request, "stories.html", {"found": found, "filter": story_filter, "sources": sources,
                                            "entities": entities, "params": filter_params(story_filter),
                                            "pages": pages})


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep, q: QParam = None, page: PageParam = 1) -> Response:
    """Articles matching a full-text query, best first, with snippets."""
    query = text_param(q)
    found = api.search_page(store, query, page, HITS_PER_PAGE) if query else None
    rows = [(h, snippet_parts(h.snippet)) for h in found.hits] if found else []
    return render(request, "search.html", {"q": query or "", "rows": rows, "found": found, "page": page,
                                           "per_page": HITS_PER_PAGE, "params": {"q": query, "page": page}})


@router.get("/stories/{story_id:path}", response_class=HTMLResponse)
def story_page(request: Request, store: StoreDep, story_id: str,
               tlq: Annotated[TimelineQuery, Depends(timeline_query)], page: PageParam = 1) -> Response:
    """A story: its timeline on a time axis with evidence (filtered and paged as asked), the source comparison,
    its figures over time."""
    ctx = context_of(request)
    check_id(story_id, "story")
    interface = interface_context(request)

    def draw() -> str | None:
        data = story_data(ctx, store, story_id, page)
        if data is None:
            return None
        tl = ctx.caches.story_view(store, story_id, ("timeline", tlq),
                                   lambda: gather_timeline(store, story_id, tlq, ctx.caches.timeline(store, story_id)))
        params = {"page": page, **tlq.params()}
        return ctx.templates.env.get_template("story.html").render(d=data, p=data.page, params=params, tl=tl,
                                                                   **interface)

    # The page only depends on the story's version and what the reader asked: kept rendered.
    html = ctx.caches.story_view(store, story_id, ("html", page, tlq, interface["lang"]), draw)
    if html is None:
        raise HTTPException(404, f"no story {story_id[:200]!r}")
    return HTMLResponse(html)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(request: Request, store: StoreDep, article_id: str, removed: int = 0) -> Response:
    """An article: cleaned text with what was read marked, what cleaning removed, its duplicates."""
    data = article_data(store, check_id(article_id, "article"))
    if data is None:
        raise HTTPException(404, f"no article {article_id[:200]!r}")
    return render(request, "article.html", {"d": data, "p": data.page, "a": data.page.view.article,
                                            "r": data.page.view.reading, "show_removed": bool(removed)})


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity_page(request: Request, store: StoreDep, entity_id: str, page: PageParam = 1) -> Response:
    """An entity: its spellings, the articles and stories it appears in, its quotes."""
    entity = api.entity_page(store, check_id(entity_id, "entity"), page, ARTICLES_PER_PAGE)
    if entity is None:
        raise HTTPException(404, f"no entity {entity_id[:200]!r}")
    pages = max(1, -(-entity.article_total // ARTICLES_PER_PAGE))
    return render(request, "entity.html", {"e": entity, "page": page, "pages": pages, "params": {"page": page},
                                           "recent": RECENT_LINKS})


# Each story export: its file extension and media type.
EXPORTS = {"json": ("json", "application/json"), "md": ("md", "text/markdown; charset=utf-8"),
           "csv": ("csv", "text/csv; charset=utf-8"), "timelinejs": ("timelinejs.json", "application/json"),
           "html": ("html", "text/html; charset=utf-8")}


@router.get("/exports/{fmt}/{story_id:path}")
def story_export(request: Request, store: StoreDep, fmt: str, story_id: str) -> Response:
    """A story as a file to download: JSON, Markdown, CSV, TimelineJS or a standalone HTML page (what
    `recoupe timeline STORY --format FMT` writes)."""
    from recoupe.tell.story import write_story

    check_id(story_id, "story")
    if fmt not in EXPORTS:
        raise HTTPException(404, f"no export format {fmt[:40]!r} (use one of {', '.join(EXPORTS)})")
    view = api.story_view(store, story_id, with_comparison=False)
    if view is None or view.story.id != story_id:
        raise HTTPException(404, f"no story {story_id[:200]!r}")
    comparison = context_of(request).caches.comparison(store, story_id)  # computed once per story version
    extension, media = EXPORTS[fmt]
    body = write_story(fmt, view.story, view.timeline, comparison, view.articles)  # type: ignore[arg-type]
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in story_id)[:80]
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="story-{safe}.{extension}"'})
