"""What each page shows, gathered once from `recoupe.api` for both the HTML page and its /api/ twin.

The pages and the JSON API call these and nothing deeper; these call the same
`recoupe.api` functions as the CLI, plus the app's caches.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from recoupe import api
from recoupe.records import Comparison, TimelineEntry
from recoupe.serve.marks import Mark, mark_tree, reading_spans
from recoupe.serve.state import Context
from recoupe.serve.svg import FiguresChart, layout_figures
from recoupe.store.browse import HIT_END, HIT_START
from recoupe.tell.entry_json import entry_json
from recoupe.tell.glance import Glance, GridRow, fact_grid
from recoupe.tell.story_views import glance_of
from recoupe.tell.who_said import Speaker

# Articles listed per page of a story or an entity: a screen or two of rows.
ARTICLES_PER_PAGE = 50
# Stories per page of the listing, hits per page of a search.
STORIES_PER_PAGE = 20
HITS_PER_PAGE = 20


@dataclass
class SourceRow:
    """One row of a story's source comparison table."""

    source: str
    articles: int
    entries: int
    only_here: int
    quotes: int
    figures: int


@dataclass
class StoryData:
    """A story page's content: the page from the API, its comparison and figures chart, the glance, who said what
    and the grid (the Timeline section is gathered apart, filtered and paged: `recoupe.serve.timeline`)."""

    page: api.StoryPage
    comparison: Comparison | None
    sources: list[SourceRow]
    figures: FiguresChart
    outlets: dict[str, str]  # article id -> outlet shown (the id when the outlet is unknown)
    glance: Glance
    speakers: list[Speaker]
    grid: list[GridRow]

    @property
    def pages(self) -> int:
        """Pages of the story's article list."""
        return max(1, -(-self.page.article_total // self.page.options.per_page))


def story_data(ctx: Context, store: api.Store, story_id: str, page: int) -> StoryData | None:
    """A story page's content, kept per version of the story; None if there is no such story."""
    return ctx.caches.story_view(store, story_id, ("data", page), lambda: gather_story(ctx, store, story_id, page))


def story_json_of(ctx: Context, store: api.Store, story_id: str, page: int) -> dict[str, Any] | None:
    """The story page as JSON (see `story_json`), kept per version of the story; None if unknown."""
    data = story_data(ctx, store, story_id, page)
    if data is None:
        return None
    return ctx.caches.story_view(store, story_id, ("json", page), lambda: story_json(data))


def gather_story(ctx: Context, store: api.Store, story_id: str, page: int) -> StoryData | None:
    """Gather a story page: entries, one page of articles, the cached comparison, the figures chart; None if
    unknown."""
    options = api.StoryPageOptions(page=page, per_page=ARTICLES_PER_PAGE)
    found = api.story_page(store, story_id, options, ctx.caches.timeline(store, story_id))
    if found is None:
        return None
    comparison = ctx.caches.comparison(store, story_id)
    outlets = {aid: row.outlet for aid, row in found.cited.items()}
    only = set(comparison.single_source_entries) if comparison else set()
    sources = [SourceRow(source=r.source, articles=len(r.articles), entries=len(r.entries),
                         only_here=len(only.intersection(r.entries)), quotes=len(r.quotes), figures=len(r.figures))
               for r in (comparison.sources if comparison else [])]
    sources.sort(key=lambda s: (-s.articles, s.source))
    # The glance and who said what do not depend on the page of articles shown: gathered once per version.
    # They are kept in the store by the link stage (`story_views`), computed here when not (an older store).
    glance, speakers = (ctx.caches.story_view(store, story_id, "glance", lambda: glance_of(store, found, comparison))
                        or glance_of(store, found, comparison))
    return StoryData(page=found, comparison=comparison, sources=sources,
                     figures=layout_figures(found.figures, comparison, outlets), outlets=outlets,
                     glance=glance, speakers=speakers, grid=fact_grid(glance))


def api_entry_json(index: int, entry: TimelineEntry) -> dict[str, Any]:
    """A timeline entry for the JSON API: the shared shape (OUTPUT.md) with its index in the story's full timeline."""
    return {"index": index, **entry_json(entry)}


def story_json(data: StoryData) -> dict[str, Any]:
    """The story page as JSON: story, drawn entries, comparison, figures, a page of articles."""
    p = data.page
    return {
        "story": {"id": p.story.id, "title": p.story.title},
        "glance": {**asdict(data.glance), "outlet_count": data.glance.outlet_count},
        "who_said_what": [{**asdict(s), "outlets": s.outlets} for s in data.speakers],
        "grid": {"outlets": [o.label for o in data.glance.outlets], "rows": [asdict(r) for r in data.grid]},
        "timeline": [api_entry_json(i, e) for i, e in p.entries],
        "entry_total": p.entry_total,
        "entries_shown": len(p.entries),
        "comparison": asdict(data.comparison) if data.comparison else None,
        "figures": [asdict(f) for f in p.figures],
        "articles": [asdict(a) for a in p.articles],
        "article_total": p.article_total,
        "page": p.options.page,
        "per_page": p.options.per_page,
    }


@dataclass
class ArticleData:
    """An article page's content: the page from the API and its text cut into marks."""

    page: api.ArticlePage
    text: list[str | Mark]
    entities: list[tuple[str, str, str]]  # (id across the store, name, type), by name


def article_data(store: api.Store, article_id: str) -> ArticleData | None:
    """Gather an article page: article, reading, marks, story, duplicates; None if unknown."""
    found = api.article_page(store, article_id)
    if found is None:
        return None
    reading = found.view.reading
    tree = mark_tree(found.view.article.clean_text, reading_spans(reading, found.global_ids))
    entities = sorted({(found.global_ids.get(e.id, e.id), e.name, e.type) for e in reading.entities},
                      key=lambda t: (t[1].lower(), t[0]))
    return ArticleData(page=found, text=tree, entities=entities)


def article_json(data: ArticleData) -> dict[str, Any]:
    """The article page as JSON: the article (cleaned text, edits), its reading, story and duplicates."""
    p = data.page
    article = asdict(p.view.article)
    reading = asdict(p.view.reading)
    reading.pop("lemmas", None)
    return {
        "article": article,
        "reading": reading,
        "entity_ids": p.global_ids,
        "story": {"id": p.story.id, "title": p.story.title} if p.story else None,
        "duplicate_of": asdict(p.duplicate_of) if p.duplicate_of else None,
        "copies": [asdict(c) for c in p.copies],
    }


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet as (text, matched) runs, from the FTS5 markers."""
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(snippet.split(HIT_START)):
        if i == 0:
            if chunk:
                parts.append((chunk, False))
            continue
        hit, _, rest = chunk.partition(HIT_END)
        parts.append((hit, True))
        if rest:
            parts.append((rest, False))
    return parts


def search_json(found: api.SearchResult, query: str, page: int) -> dict[str, Any]:
    """A page of search hits as JSON: each article with its snippet as text and as marked runs."""
    hits = found.hits
    return {
        "q": query, "page": page, "more": found.more, "total": found.total,
        "order": "relevance" if found.ranked else "newest stored first",
        "hits": [{**asdict(h.article), "snippet": h.snippet.replace(HIT_START, "").replace(HIT_END, ""),
                  "snippet_parts": [[text, hit] for text, hit in snippet_parts(h.snippet)]} for h in hits],
    }


def entity_json(entity: api.EntityBrowse, page: int) -> dict[str, Any]:
    """An entity page as JSON."""
    out = asdict(entity)
    out["stories"] = [{"id": s, "title": t, "articles": n} for s, t, n in entity.stories]
    out["page"] = page
    out["per_page"] = ARTICLES_PER_PAGE
    return out


def stories_json(found: api.StoriesPage) -> dict[str, Any]:
    """A page of the stories listing as JSON."""
    return {"total": found.total, "page": found.page, "per_page": found.per_page,
            "stories": [asdict(r) for r in found.rows]}
