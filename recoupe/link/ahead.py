"""A cold run's cleaning and link stage in a second process while the run loads its model.

A cold `recoupe analyze` (spaCy not loaded yet in its process) spends seconds loading the model, on one core,
before it reads its first article. The link stage it ends with first imports its modules, restores the linkers
from the store (the duplicate finder's kept order, the story clusterer's rows, the entity linker) and builds
what it needs of the language (`build_first_use`): work that needs no article. `LinkAhead` starts a process
that does that meanwhile, on the other core, and also cleans the run's first batch (language detection and
cleaning, `Engine.prepare`: the articles the model load is for) so that the run reads it as soon as its model
is loaded; once the run has stored its articles, that process links them with the linkers it holds warm
(`link_store`, same lock, same snapshot check) and reports back. A run of one article on a large
store ends that much sooner; nothing it stores changes. A killed linking process leaves what a killed link run
leaves, and the run then links in place (as the next run would); it exits when the run ends without asking
it to link, or when the run's process is gone.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.process import BaseProcess

    from recoupe.lang import Language
    from recoupe.records import Article

    # What cleans a batch in the process, given the run's default language (`recoupe.pipeline.prepare_in_worker`).
    Preparer = Callable[[str, list[Article]], list[Article]]

# Seconds a run waits, on its way out without linking, for the linking process to end before it is killed.
STOP_WAIT_S = 5.0


class LinkCounts(NamedTuple):
    """What the linking process's run did, as `recoupe.link.driver.LinkReport` counts it (plain numbers: the
    run's process never imports the link stage to read them)."""

    linked: int
    duplicates: int
    stories_touched: int


class LinkAhead:
    """A process preparing the link stage of a store (a SQLite file) from now, and linking it when asked."""

    @staticmethod
    def can_start() -> bool:
        """Whether a spawned process can start from here: it imports this program's main module again, which a
        program read from standard input does not have as a file."""
        path = getattr(sys.modules.get("__main__"), "__file__", None)
        return path is None or os.path.isfile(path)

    def __init__(self, target: str, language: str, prepare: Preparer) -> None:
        """Start the process: `target` is the store's file, `language` the run's default language code, `prepare`
        what cleans a batch there (`recoupe.pipeline.prepare_in_worker`: a module-level function, which the
        process imports by name)."""
        # spawn, never fork: this process may hold threads and an open connection to the store
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process: BaseProcess = context.Process(target=prepare_and_link, args=(child, target, language,
                                                                                   prepare, os.getpid()),
                                                     name="recoupe-link-ahead", daemon=True)
        self._process.start()
        child.close()
        self._sending: threading.Thread | None = None  # the thread sending a batch to clean, while it runs

    def prepare(self, articles: list[Article]) -> Callable[[], list[Article] | None]:
        """Have the process clean these articles (`Engine.prepare`, with the run's default language) while this
        one loads its model; the returned call gives them, or None when the process could not (the caller then
        cleans them in place). The articles are sent from a thread: a batch larger than the pipe's buffer waits
        there until the process, still starting, reads it, not in this process's way."""
        sending = self._sending = threading.Thread(target=self._send, args=(("prepare", articles),),
                                                   name="recoupe-ahead-send", daemon=True)
        sending.start()

        def receive() -> list[Article] | None:
            sending.join()
            try:
                outcome, value = self._conn.recv()
            except (EOFError, OSError):
                return None
            return value if outcome == "prepared" else None

        return receive

    def _send(self, message: object) -> None:
        """Send a message to the process; one it can no longer read is dropped (its reply never comes)."""
        with contextlib.suppress(OSError):
            self._conn.send(message)

    def link(self) -> LinkCounts | None:
        """Link the store's unlinked articles there (as `link_store` does here) and return its report; None when
        the process could not (it failed to start, or died, or its link run raised): the caller then links in
        place, as a run without this process does, and meets any error of the link stage itself there."""
        try:
            self._conn.send("link")
            outcome, value = self._conn.recv()
        except (EOFError, OSError):
            outcome, value = "failed", None
        if outcome != "done":
            self.stop()
            return None
        self._conn.close()  # the process closed the store before reporting, and exits by itself
        return LinkCounts(*value)

    def stop(self) -> None:
        """End the process (it links nothing more): this end of the pipe closed ends its wait for an order, or
        its reply; a process still busy (linking) after `STOP_WAIT_S` is killed, as a killed link run."""
        if self._sending is not None and self._sending.is_alive():
            self._process.kill()  # still starting, before reading the batch (it has written nothing): the send fails
            self._sending.join()
        self._conn.close()
        self._process.join(STOP_WAIT_S)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def build_first_use(lang: Language) -> None:
    """Build now what the link stage builds on its first use in a process: the modules it imports late (the
    source comparison) and the language's time-expression grammar, which the timeline reads candidates' dates
    with (about 45 regular expressions: 0.3 to 0.5 s to compile, by profiles of one-article runs)."""
    import recoupe.link.compare  # noqa: F401 - imported for its cost, by `story_comparison` otherwise
    from recoupe.read.timex.patterns import get_grammar

    get_grammar(lang)


def prepare_and_link(conn: Connection, target: str, language: str, prepare: Preparer, parent: int) -> None:
    """In the helper process: restore the linkers, then clean the batches it is handed and link when asked (or
    exit when the run closes its end of the pipe, or when the run's process is gone)."""
    from recoupe.lang import load_language
    from recoupe.link.driver import WarmLinkers, link_store, restore_linkers
    from recoupe.read.workers import leave_signals_to_parent
    from recoupe.store import open_store

    leave_signals_to_parent(parent)
    store = open_store(target)
    try:
        lang = load_language(language)
        warm, whole = restore_linkers(store, lang)
        if whole:  # its entities must be saved whole: the link run restores them again and saves them (warm never)
            warm = WarmLinkers()
        build_first_use(lang)
        while True:
            order = conn.recv()
            if isinstance(order, tuple) and order[0] == "prepare":
                conn.send(("prepared", prepare(language, order[1])))
                continue
            if order != "link":
                return
            try:
                report = link_store(store, lang, warm=warm)
            except Exception as exc:  # the run links in place, and meets the error there
                conn.send(("failed", f"{type(exc).__name__}: {exc}"))
                return
            store.close()  # before reporting: the run may end as soon as it has the report
            conn.send(("done", (report.linked, report.duplicates, report.stories_touched)))
            return
    except (EOFError, OSError):  # the run closed its end (it stopped this process) or is gone
        return
    finally:
        store.close()
        conn.close()
