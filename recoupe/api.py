"""The one Python API: the CLI, the web app and the Spark job call these and nothing deeper.

    from recoupe import api
    with api.open_store("news.db") as store:
        report = api.analyze(["articles/"], store)
        api.write_export(store, "export.json")
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

from recoupe.ingest import IngestIssue, IngestOptions
from recoupe.lang import UnknownLanguageError, load_language
from recoupe.pipeline import AnalyzeOptions, AnalyzeReport, Engine, Hooks, InputError, analyze
from recoupe.read.nlp import ModelNotInstalledError
from recoupe.records import Article, Comparison, Reading, Story, TimelineEntry
from recoupe.store import SearchHit, SearchSyntaxError, Store, StoreError, open_store
from recoupe.tell.export import write_export
from recoupe.tell.terminal import render_article

__all__ = [
    "AnalyzeOptions", "AnalyzeReport", "Article", "ArticleView", "Engine", "Hooks", "IngestIssue", "IngestOptions",
    "InputError", "ModelNotInstalledError", "Reading", "SearchHit", "SearchSyntaxError", "Store", "StoreError",
    "StoryView", "UnknownLanguageError", "analyze", "article_view", "open_store", "perf_counter", "render_article",
    "story_list", "story_view", "tag_timex_file", "write_export",
]


@dataclass
class ArticleView:
    """One stored article with everything known about it, for `show` and the web page."""

    article: Article
    reading: Reading


def article_view(store: Store, article_id: str) -> ArticleView | None:
    """Gather an article, its cleaning edits and its reading; None if the store lacks it."""
    article = store.get_article(article_id)
    if article is None:
        return None
    return ArticleView(article=article, reading=store.reading(article_id))


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

    story = load_story(store, story_or_article)
    if story is None:
        row = store.conn.execute("SELECT story FROM articles WHERE id = ?", (story_or_article,)).fetchone()
        story = load_story(store, row[0]) if row and row[0] else None
    if story is None:
        return None
    timeline = load_timeline(store, story.id)
    comparison = None
    if not with_comparison:
        articles = {aid: a for aid in story.articles if (a := store.get_article(aid)) is not None}
    else:
        items = load_read_articles(store, story.articles)
        articles = {item.article.id: item.article for item in items}
        language = next((a.language for a in articles.values() if a.language), None) or "fr"
        try:
            load_language(language)
        except UnknownLanguageError:
            language = "fr"
        comparison = compare_sources(story.id, items, timeline, language)
    return StoryView(story=story, timeline=timeline, articles=articles, comparison=comparison)


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
    from recoupe.read.timex import tag_jsonl

    return tag_jsonl(infile, out, load_language(language))
