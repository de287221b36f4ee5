"""The watcher's link stage, run beside its looks: arrivals are stored (visible) while earlier ones are linked.

Linking one arrival into a big story takes a second or more (its timeline and page view); a watcher that linked
between its looks kept every article that landed meanwhile waiting for that link before it was even read. Here
the link stage runs in a thread of its own, on its own connection to the store, while the watcher goes on
looking, reading and storing. The link stage writes in short transactions (`recoupe.link.driver.link_store`
plans a story and composes its view outside them), so the watcher's writes wait for little. A store no other
connection can open (in memory) or one kept without its password (PostgreSQL) is linked in place, between
looks, as before. Crash rules are `link_store`'s: every write is a transaction, a killed watcher leaves what it
did not link unlinked or its stories dirty, and the next run finishes it.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from recoupe.store import Store, open_store
from recoupe.store.opening import shared_target

if TYPE_CHECKING:
    from recoupe.lang import Language
    from recoupe.link.driver import LinkReport, WarmLinkers
    from recoupe.pipeline import AnalyzeReport


class LinkBeside:
    """Links a store in a thread beside the caller's, one run at a time, on a connection of its own.

    `start` begins a run for the looks it is given (it links every unlinked article, theirs and any left by an
    earlier run); `finished` hands those looks back with their link counts once the run is over. Where no
    second connection can be opened, `start` links in place and the looks are finished at once.
    """

    def __init__(self, store: Store, language: Language, warm: WarmLinkers) -> None:
        target = shared_target(store)
        self.language = language
        self.warm = warm
        self._store = store
        self._own: Store | None = open_store(target) if target is not None else None
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="recoupe-link") if self._own is not None else None
        self._running: Future[LinkReport] | None = None
        self._looks: list[AnalyzeReport] = []
        self._done: list[AnalyzeReport] = []

    @property
    def idle(self) -> bool:
        """Whether no link run is going on (a finished one may still wait to be collected)."""
        return self._running is None or self._running.done()

    def start(self, looks: list[AnalyzeReport]) -> None:
        """Link what `looks` stored (and anything else unlinked): in the thread, or here when there is none.

        Call only when `idle`: the finished run's looks are collected first."""
        self._collect()
        if self._thread is None or self._own is None:
            self._finish(looks, self._link(self._store))
            return
        self._looks = looks
        self._running = self._thread.submit(self._link, self._own)

    def finished(self) -> list[AnalyzeReport]:
        """The looks whose link run is over, with their link counts, in the order they were started; a run that
        failed raises its error here."""
        self._collect()
        done, self._done = self._done, []
        return done

    def wait(self) -> None:
        """Wait for the current run, if any, to end."""
        if self._running is not None:
            self._running.exception()

    def close(self) -> None:
        """Wait for the current run to end (a run is never cut: it ends as it would have), then drop the thread and
        the connection. The run's looks stay to collect with `finished`."""
        self.wait()
        if self._thread is not None:
            self._thread.shutdown(wait=True)
            self._thread = None
        if self._own is not None:
            self._own.close()
            self._own = None

    def _link(self, store: Store) -> LinkReport:
        from recoupe.link.driver import link_store

        return link_store(store, self.language, warm=self.warm)

    def _collect(self) -> None:
        if self._running is None or not self._running.done():
            return
        running, self._running = self._running, None
        looks, self._looks = self._looks, []
        self._finish(looks, running.result())

    def _finish(self, looks: list[AnalyzeReport], linked: LinkReport) -> None:
        """Count a link run in the last of the looks it linked (as one link after those looks)."""
        if looks:
            last = looks[-1]
            last.linked, last.duplicates, last.stories_touched = linked.linked, linked.duplicates, linked.stories_touched
            last.seconds += linked.seconds
        self._done.extend(looks)
