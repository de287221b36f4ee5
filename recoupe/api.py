"""The one Python API: the CLI, the web app and the Spark job call these and nothing deeper.

    from recoupe import api
    with api.open_store("news.db") as store:
        report = api.analyze(["articles/"], store)
        api.write_export(store, "export.json")
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Any

from recoupe.ingest import IngestIssue, IngestOptions, iter_articles
from recoupe.lang import UnknownLanguageError, load_language
from recoupe.pipeline import (
    AnalyzeOptions,
    AnalyzeReport,
    Engine,
    Hooks,
    InputError,
    analyze,
    analyze_items,
    unread_reason,
)
from recoupe.read.nlp import ModelNotInstalledError
from recoupe.records import Article, ArticleView, Comparison, Reading, Story, TimelineEntry
from recoupe.store import SearchHit, SearchSyntaxError, Store, StoreError, open_store

if TYPE_CHECKING:
    from recoupe.live import WatchHooks, WatchOptions, WatchReport, watch
    from recoupe.spark.load import LoadReport
    from recoupe.spark.options import SparkOptions, SparkReport
    from recoupe.store.browse import (
        ArticleRow,
        EntityBrowse,
        SearchResult,
        SearchRow,
        StoriesPage,
        StoryFigure,
        StoryFilter,
    )
    from recoupe.tell.export import write_export
    from recoupe.tell.story_data import (
        StoryPage,
        StoryPageOptions,
        story_comparison,
        story_entities,
        story_language,
        story_page,
        story_published,
        story_quotes,
    )
    from recoupe.tell.terminal import render_article

# What the API offers from the stages that `analyze` never needs (watching, browsing, pages, the export, the
# terminal view): imported on first use, so that a command's start (a cold `recoupe analyze` of one file, whose
# budget is the model load + 2 s) does not import them all. Name -> the module that defines it.
_LATER = {
    **dict.fromkeys(("WatchHooks", "WatchOptions", "WatchReport", "watch"), "recoupe.live"),
    **dict.fromkeys(("ArticleRow", "EntityBrowse", "SearchResult", "SearchRow", "StoriesPage", "StoryFigure",
                     "StoryFilter"), "recoupe.store.browse"),
    "write_export": "recoupe.tell.export",
    **dict.fromkeys(("StoryPage", "StoryPageOptions", "story_comparison", "story_entities", "story_language",
                     "story_page", "story_published", "story_quotes"), "recoupe.tell.story_data"),
    "render_article": "recoupe.tell.terminal",
}


def __getattr__(name: str) -> Any:
    """An API name from a stage imported on first use (`_LATER`)."""
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AnalyzeOptions", "AnalyzeReport", "Article", "ArticlePage", "ArticleRow", "ArticleView", "Engine",
    "EntityBrowse", "Hooks", "IngestIssue", "IngestOptions", "InputError", "ModelNotInstalledError", "Reading",
    "SearchHit", "SearchResult", "SearchRow", "SearchSyntaxError", "Store", "StoreError", "StoriesPage", "StoryFigure",
    "StoryFilter", "StoryPage", "StoryPageOptions", "StoryView", "UnknownLanguageError", "WatchHooks", "WatchOptions",
    "WatchReport", "analyze", "analyze_items", "article_list", "article_page", "article_view", "entity_page", "filter_choices",
    "iter_articles", "open_store", "perf_counter", "render_article", "search", "search_page", "stories_page",
    "story_comparison", "story_entities", "story_language", "story_list", "story_page", "story_published",
    "story_quotes", "story_view", "tag_timex_file", "watch", "write_export",
]

def article_view(store: Store, article_id: str) -> ArticleView | None:
    """Gather an article, its cleaning edits and its reading; None if the store lacks it."""
    article = store.get_article(article_id)
    if article is None:
        return None
    state = store.article_state(article_id)
    return ArticleView(article=article, reading=store.reading(article_id),
                       unread=unread_reason(article.language, state[1] if state else None))


@dataclass
class StoryView:
    """One story with its timeline, its articles and (when asked) the source comparison."""

    story: Story
    timeline: list[TimelineEntry]
    articles: dict[str, Article]
    comparison: Comparison | None = None


def story_view(store: Store, story_or_article: str, with_comparison: bool = True) -> StoryView | None:
    """A story by id, or the story of the article with that id; None when neither exists."""
    from recoupe.link.compare import compare_sources
    from recoupe.store.links import load_read_articles, load_story, load_timeline
    from recoupe.tell.story_data import comparison_language

    story = load_story(store, story_or_article)
    if story is None:
        owner = store.story_of_article(story_or_article)
        story = load_story(store, owner) if owner else None
    if story is None:
        return None
    timeline = load_timeline(store, story.id)
    comparison = None
    if not with_comparison:
        articles = {aid: a for aid in story.articles if (a := store.get_article(aid)) is not None}
    else:
        items = load_read_articles(store, story.articles)
        articles = {item.article.id: item.article for item in items}
        language = comparison_language(a.language for a in articles.values())
        comparison = compare_sources(story.id, items, timeline, language)
    return StoryView(story=story, timeline=timeline, articles=articles, comparison=comparison)


def article_list(store: Store, limit: int | None = None) -> tuple[list[Any], int]:
    """Light rows of the stored articles (no texts; at most `limit`, all when None) and how many are stored."""
    return store.article_rows(limit), store.count_articles()


def search(store: Store, query: str, limit: int = 20) -> list[SearchHit]:
    """Full-text search (FTS5 syntax) over titles and cleaned texts, best first; a query the engine cannot
    read raises `SearchSyntaxError`."""
    return store.search(query, limit)


def story_list(store: Store, limit: int | None = None) -> tuple[list[Story], dict[str, Article]]:
    """Stories (largest first) and a light view of their articles (source, date, title; no texts)."""
    from recoupe.store.links import list_stories

    rows = list_stories(store, limit)
    wanted = {r.id for r in rows}
    stories: dict[str, Story] = {r.id: Story(id=r.id, title=r.title) for r in rows}
    articles: dict[str, Article] = {}
    for r in store.article_rows():
        if r["story"] in wanted:
            stories[r["story"]].articles.append(r["id"])
            articles[r["id"]] = Article(id=r["id"], raw_text="", source=r["source"], published=r["published"],
                                        published_precision=r["published_precision"], title=r["title"])
    return list(stories.values()), articles


def tag_timex_file(infile: Path, out: Path, language: str = "fr") -> int:
    """Tag the temporal expressions of a JSONL of {"id", "text", "dct"}; return documents written."""
    from recoupe.read.timex.tagger import tag_jsonl

    return tag_jsonl(infile, out, load_language(language))


# -- browsing: what the web app's pages show (paged and indexed: never every article of the store) --------


def stories_page(store: Store, story_filter: StoryFilter) -> StoriesPage:
    """One page of stories whose articles match a filter (full-text query, dates, outlet, entity)."""
    from recoupe.store.browse import browse_stories

    return browse_stories(store, story_filter)


def keep_story_views(store: Store) -> int:
    """Compute and keep the page view (glance, who said what) of every story, as the link stage does when it
    rewrites a story: for a store linked before views were kept, whose cold story pages compute them.
    Returns the number of stories."""
    from recoupe.store.links import list_stories
    from recoupe.tell.story_views import save_story_view

    stories = list_stories(store)
    with store.transaction():
        for row in stories:
            save_story_view(store, row.id)
    return len(stories)


@dataclass
class ArticlePage:
    """An article's page: the article with its reading, its story, what it copies and what copies it."""

    view: ArticleView
    story: Story | None
    duplicate_of: ArticleRow | None
    copies: list[ArticleRow]
    global_ids: dict[str, str]  # the article's entity ids -> entity ids across the store


def article_page(store: Store, article_id: str) -> ArticlePage | None:
    """Everything an article's page shows; None when the store lacks the article."""
    from recoupe.store.browse import duplicates_of, global_ids_of, load_story_row

    view = article_view(store, article_id)
    if view is None:
        return None
    owner = store.story_of_article(article_id)
    story = load_story_row(store, owner) if owner else None
    original, copies = duplicates_of(store, article_id)
    return ArticlePage(view=view, story=story, duplicate_of=original, copies=copies,
                       global_ids=global_ids_of(store, article_id))


def entity_page(store: Store, entity_id: str, page: int = 1, per_page: int = 50) -> EntityBrowse | None:
    """An entity's spellings, a page of its articles, its stories and quotes; None when unknown."""
    from recoupe.store.browse import browse_entity

    return browse_entity(store, entity_id, page, per_page)


def search_page(store: Store, query: str, page: int = 1, per_page: int = 20) -> SearchResult:
    """One page of full-text hits with snippets, the number of matches (SearchSyntaxError on a bad query)."""
    from recoupe.store.browse import search_articles

    return search_articles(store, query, page, per_page)


def filter_choices(store: Store, limit: int = 50) -> tuple[list[tuple[str, int]], list[tuple[str, str, int]]]:
    """The outlets and entities with most articles: what the stories page offers to filter by."""
    from recoupe.store.browse import top_entities, top_sources

    return top_sources(store, limit), top_entities(store, limit)


def run_spark(input_path: str, out: str, options: SparkOptions | None = None) -> SparkReport:
    """Analyze a corpus with the Spark engine into Parquet tables under `out` (see `recoupe.spark`)."""
    from recoupe.spark import run_spark as run

    return run(input_path, out, options)


def load_parquet(folder: str | Path, store: Store, language: str = "fr") -> LoadReport:
    """Bring a Spark run's Parquet tables into a store (see `recoupe.spark.load`); later analyze runs join its
    stories."""
    from recoupe.spark import load_parquet as load

    return load(folder, store, language)


def spark_input_path(path: str | Path) -> str:
    """A path as Spark reads it: "s3:/bucket/x" (a URL squeezed by `Path`) back to "s3://bucket/x"."""
    import re

    text = str(path)
    return text if text.startswith("file:") else re.sub(r"^([A-Za-z][\w+.-]*):/(?!/)", r"\1://", text)
