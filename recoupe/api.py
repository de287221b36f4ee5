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
from recoupe.records import Article, Reading
from recoupe.store import SearchHit, SearchSyntaxError, Store, StoreError, open_store
from recoupe.tell.export import write_export
from recoupe.tell.terminal import render_article

__all__ = [
    "AnalyzeOptions", "AnalyzeReport", "Article", "ArticleView", "Engine", "Hooks", "IngestIssue", "IngestOptions",
    "InputError", "ModelNotInstalledError", "Reading", "SearchHit", "SearchSyntaxError", "Store", "StoreError",
    "UnknownLanguageError", "analyze", "article_view", "open_store", "perf_counter", "render_article",
    "tag_timex_file", "write_export",
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


def tag_timex_file(infile: Path, out: Path, language: str = "fr") -> int:
    """Tag the temporal expressions of a JSONL of {"id", "text", "dct"}; return documents written."""
    from recoupe.read.timex import tag_jsonl

    return tag_jsonl(infile, out, load_language(language))
