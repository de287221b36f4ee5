"""Reading in several processes: each worker loads the spaCy pipeline once and reads whole chunks.

The local engine's answer to "more cores": articles are cleaned in the main
process, read in `workers` processes (spaCy's parser is single-threaded), and
written back by the main process, so the store keeps one writer.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache

from recoupe.lang import load_language
from recoupe.read.reader import Reader
from recoupe.records import Article, Reading


class ReadingFailedError(RuntimeError):
    """An extractor failed on one article in a worker; the message carries the worker's error."""


@cache
def _worker_reader(language: str) -> Reader:
    """The reader of this worker process, built on its first chunk (one spaCy load per process)."""
    return Reader(load_language(language))


def _read_chunk(language: str, articles: list[Article]) -> list[tuple[Reading, str | None]]:
    errors: dict[str, str] = {}

    def note(article: Article, exc: Exception) -> None:
        errors[article.id] = f"{type(exc).__name__}: {exc}"

    readings = _worker_reader(language).read_batch(articles, on_error=note)
    return [(r, errors.get(r.article)) for r in readings]


class ReaderPool:
    """A pool of reading processes for one language; use as a context manager or call `close`."""

    def __init__(self, language: str, workers: int) -> None:
        self.language = language
        self.workers = workers
        # spawn, not fork: the parent may hold threads (language detection) that fork would copy half-alive
        self._executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))

    def read_batch(self, articles: Sequence[Article]) -> list[tuple[Reading, str | None]]:
        """Read articles across the workers; each reading comes with its error message, if an extractor failed."""
        if not articles:
            return []
        size = max(1, -(-len(articles) // self.workers))
        chunks = [list(articles[i:i + size]) for i in range(0, len(articles), size)]
        results: list[tuple[Reading, str | None]] = []
        for part in self._executor.map(_read_chunk, [self.language] * len(chunks), chunks):
            results.extend(part)
        return results

    def close(self) -> None:
        """Stop the workers."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ReaderPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
