"""Cleaning and reading in several processes: each worker builds its engine (spaCy loaded) once and takes chunks.

The local engine's answer to "more cores": the main process ingests and writes, the workers clean and
read (spaCy's parser is single-threaded), and the store keeps one writer. A batch is handed over as
soon as it is ingested and its results are collected only once as many later batches as there are
workers are handed over too (`Engine.ahead`), so a worker that ends its chunk early finds the next one
queued instead of waiting while the main process writes.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Generic, TypeVar

from recoupe.records import Article

K = TypeVar("K")
R = TypeVar("R")


class WorkerPool(Generic[K, R]):
    """A pool of processes that run `work(key, chunk)` over chunks of a batch; call `close` when done.

    `work` must be a module-level function (the workers import it by name); `key` tells it what to build
    once per process (a language and options), so a worker loads spaCy on its first chunk only.
    """

    def __init__(self, work: Callable[[K, list[Article]], list[R]], key: K, workers: int) -> None:
        self.work, self.key, self.workers = work, key, workers
        # spawn, not fork: the parent may hold threads (language detection) that fork would copy half-alive
        self._executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))

    def submit(self, articles: Sequence[Article]) -> Callable[[], list[R]]:
        """Start a batch across the workers (one chunk each); the returned call waits for its results in order."""
        size = max(1, -(-len(articles) // self.workers))
        futures = [self._executor.submit(self.work, self.key, list(articles[i:i + size]))
                   for i in range(0, len(articles), size)]

        def results() -> list[R]:
            out: list[R] = []
            for future in futures:
                out.extend(future.result())
            return out

        return results

    def close(self) -> None:
        """Stop the workers."""
        self._executor.shutdown(wait=True, cancel_futures=True)
