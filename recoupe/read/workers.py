"""Cleaning and reading in several processes: each worker builds its engine (spaCy loaded) once and takes chunks.

The local engine's answer to "more cores": the main process ingests and writes, the workers clean and
read (spaCy's parser is single-threaded), and the store keeps one writer. A batch is handed over as
soon as it is ingested and its results are collected only once as many later batches as there are
workers are handed over too (`Engine.ahead`), so a worker that ends its chunk early finds the next one
queued instead of waiting while the main process writes.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Generic, TypeVar

from recoupe.records import Article

# Seconds between a worker's looks at whether its main process is still alive (`exit_with_parent`).
PARENT_POLL_S = 1.0

K = TypeVar("K")
R = TypeVar("R")


class WorkerPool(Generic[K, R]):
    """A pool of processes that run `work(key, chunk)` over chunks of a batch; call `close` when done.

    `work` must be a module-level function (the workers import it by name); `key` tells it what to build
    once per process (a language and options). With `fork`, the caller has built that here already and the
    workers start as copies of this process, spaCy loaded; else each worker loads spaCy on its first chunk.
    """

    def __init__(self, work: Callable[[K, list[Article]], list[R]], key: K, workers: int, fork: bool = False) -> None:
        self.work, self.key, self.workers = work, key, workers
        # fork when the caller has built here what `work` builds once per process, so the workers start with it;
        # else spawn: a fresh process that builds its own
        context = multiprocessing.get_context("fork" if fork else "spawn")
        self._executor = ProcessPoolExecutor(workers, mp_context=context, initializer=leave_signals_to_parent,
                                             initargs=(os.getpid(),))
        if fork:
            # A forking pool starts every worker at its first task, before its own threads: start them now, so
            # that the caller knows when the processes exist, and none is forked later beside those threads.
            gc.freeze()  # what the parent built stays out of the workers' collections: its pages stay shared
            try:
                self._executor.submit(int).result()
            finally:
                gc.unfreeze()

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


def spawn_helpers(processes: int) -> ProcessPoolExecutor:
    """A pool of `processes` fresh (spawned) processes that leave signals to this one and exit with it: the link
    stage's helpers, which must not inherit its store connection or its linkers as forked copies would."""
    return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                               initializer=leave_signals_to_parent, initargs=(os.getpid(),))


def can_fork() -> bool:
    """Whether workers start by fork here: on Linux. Windows has no fork, and on macOS Python starts processes by
    spawn because the system's frameworks are not safe across a fork."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def leave_signals_to_parent(parent: int) -> None:
    """In a worker: Ctrl-C and SIGTERM are the main process's to handle (it stops the pool), not handlers a fork
    inherited from it; a worker ignores Ctrl-C (sent to the whole terminal group) and dies of SIGTERM. A worker
    whose main process is killed (SIGKILL, out of memory) could not be stopped by it: it exits on its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=exit_with_parent, args=(parent,), name="recoupe-parent-watch", daemon=True).start()


def exit_with_parent(parent: int) -> None:
    """Exit this worker once `parent` is no longer its parent. A worker waits for chunks on a pipe that it holds
    open itself, so its main process's death would never end that wait: killed workers' models stayed in memory."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_S)
    os._exit(1)
