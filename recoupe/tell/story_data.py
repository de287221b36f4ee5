"""What a story page shows, read from the store: its heaviest entries, a page of its articles, its figures,
entities, quotes and source comparison (the web app, the kept story views and `recoupe.api` share these)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from recoupe.lang import DEFAULT_LANGUAGE, Language, UnknownLanguageError, find_language, load_language
from recoupe.records import Comparison, Quote, Story, TimelineEntry
from recoupe.store import Store
from recoupe.store.browse import (
    ArticleRow,
    StoryFigure,
    heaviest_entries,
    load_story_row,
    story_article_rows,
    story_figures,
    story_read_articles,
)
from recoupe.tell.glance import EntityRow

# The data files of a plug that the source comparison reads (recoupe/link/compare.py).
COMPARISON_DATA = ("timeline.json", "places.json", "figures.json", "numbers.json")


@dataclass(frozen=True)
class StoryPageOptions:
    """Which page of a story's articles to show, and how many timeline entries to draw at most."""

    page: int = 1
    per_page: int = 50
    # 200 entries: what a time axis one screen wide can still show legibly (a layout choice).
    max_entries: int = 200


@dataclass
class StoryPage:
    """A story as the web page shows it: its heaviest entries by date, a page of its articles, its figures."""

    story: Story
    entries: list[tuple[int, TimelineEntry]]  # (index in the full timeline, entry), oldest first
    entry_total: int
    articles: list[ArticleRow]
    article_total: int
    cited: dict[str, ArticleRow]  # every article the shown entries cite
    figures: list[StoryFigure]
    options: StoryPageOptions


def story_page(store: Store, story_id: str, options: StoryPageOptions | None = None,
               timeline: list[TimelineEntry] | None = None, story: Story | None = None) -> StoryPage | None:
    """A story's page: the heaviest timeline entries, one page of articles, the figures; None if no such story.

    A caller that holds the story's whole timeline already (the web app reads it once per version of the
    story) passes it: the heaviest entries are then picked from it rather than read again. A caller that
    holds the story itself (the link stage, composing a story's kept view before it writes the story) passes
    it too: the page then shows that story, written or not.
    """
    from recoupe.store.browse import article_rows
    from recoupe.tell.story_common import chronological

    options = options or StoryPageOptions()
    story = story or load_story_row(store, story_id)
    if story is None:
        return None
    if timeline is None:
        heaviest, entry_total = heaviest_entries(store, story_id, options.max_entries)
    else:
        heaviest, entry_total = heaviest_of(timeline, options.max_entries), len(timeline)
    ordered = chronological([e for _, e in heaviest])
    entries = [(heaviest[i][0], e) for i, e in ordered]
    rows, article_total = story_article_rows(store, story_id, options.page, options.per_page)
    figures = story_figures(store, story_id)
    wanted = {a for _, e in entries for a in e.articles} | {m.article for _, e in entries for m in e.evidence}
    return StoryPage(story=story, entries=entries, entry_total=entry_total, articles=rows,
                     article_total=article_total, cited=article_rows(store, sorted(wanted)), figures=figures,
                     options=options)


def heaviest_of(timeline: list[TimelineEntry], limit: int) -> list[tuple[int, TimelineEntry]]:
    """The `limit` heaviest entries of a whole timeline with their index, heaviest first (then by index): the
    order `heaviest_entries` reads them in from the store."""
    return sorted(enumerate(timeline), key=lambda pair: (-pair[1].weight, pair[0]))[:limit]


def story_comparison(store: Store, story_id: str, timeline: list[TimelineEntry] | None = None,
                     story: Story | None = None) -> Comparison | None:
    """The source comparison of a story, from one bulk read of its articles; None if no such story.

    The costliest part of a story page: callers that serve many requests should keep the result, and pass
    the story's timeline when they hold it already (and the story, as `story_page` takes it).
    """
    from recoupe.link.compare import compare_sources
    from recoupe.store.links import load_timeline

    if story is None and load_story_row(store, story_id) is None:
        return None
    items = story_read_articles(store, story_id)
    language = comparison_language(it.article.language for it in items)
    return compare_sources(story_id, items, load_timeline(store, story_id) if timeline is None else timeline, language)


def comparison_language(codes: Iterable[str | None]) -> str:
    """The language a story's source comparison is read in: its first article's whose plug ships the
    comparison's words (a story may mix languages), else the default language."""
    for code in codes:
        lang = find_language(code)
        if lang is not None and all(lang.has(name) for name in COMPARISON_DATA):
            return lang.code
    return DEFAULT_LANGUAGE


def story_language(store: Store, story_id: str) -> Language:
    """The language plug of a story: its first article's language that recoupe knows, else French."""
    for code in store.story_languages(story_id):
        try:
            return load_language(code)
        except UnknownLanguageError:
            continue
    return load_language("fr")


def story_published(store: Store, story_id: str) -> list[str]:
    """The distinct publication dates of a story's articles (what its coverage window is drawn from)."""
    return store.story_published_dates(story_id)


def story_entities(store: Store, story_id: str) -> list[EntityRow]:
    """Every entity of a story's articles with its id and name across the store (its own when unlinked)."""
    return [EntityRow(article=e.article_id, id=e.global_id or e.local_id, name=e.global_name or e.name, type=e.type,
                      local=e.local_id) for e in store.story_entities(story_id)]


def story_quotes(store: Store, story_id: str) -> list[tuple[Quote, str | None]]:
    """Every quote of a story's articles with its article's publication date, in publication order (undated
    last), then by article id and place: sorted here, so that both back-ends give one order whatever their
    collation."""
    return store.story_quotes(story_id)
