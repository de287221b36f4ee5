"""`recoupe watch`: a long-running local engine that stores and links each article as it lands in a folder.

The costly parts stay warm between arrivals: the language plug and spaCy (the `Engine`, with its worker
processes) and the linkers (`WarmLinkers`). Each look at the folder goes through the same
`analyze_items` as `recoupe analyze`, so the crash rules are the same: every batch is one transaction, a
killed watcher leaves a consistent store, and a restarted one looks at everything again, skipping what
the store already holds by its content hash (nothing lost, nothing doubled).

An article is visible once stored, before it is linked: after a look that stored something the watcher
looks again at once and links only when nothing more has landed (or after MAX_LOOKS_BEFORE_LINK looks), so
articles landing while others are read are stored before the linking of those others, not after it; and the
link stage runs beside the looks (`recoupe.live.linking`), so articles landing while it rebuilds a big story
are stored meanwhile too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from recoupe.live.landing import Item, Landing
from recoupe.pipeline import AnalyzeOptions, AnalyzeReport, Engine, Hooks, analyze_items

if TYPE_CHECKING:
    from recoupe.store import Store

# Seconds between two looks at the folder. A look at a folder of a few thousand files costs a few
# milliseconds (one stat a file), so half a second keeps arrivals-to-visible near the reading time.
POLL_SECONDS = 0.5
# Longest sleep between two checks of the stop flag, so SIGTERM is obeyed within this delay.
STOP_CHECK_SECONDS = 0.1
# Looks that store something in a row before the watcher links what they stored: an article is visible
# once stored, so arrivals landing while others are read are stored first; linking waits at most this
# many looks under a steady stream (each look is one batch of what landed).
MAX_LOOKS_BEFORE_LINK = 5


@dataclass
class WatchOptions:
    """How `watch` runs: the analysis options, how often it looks, and whether it looks only once."""

    analyze: AnalyzeOptions = field(default_factory=AnalyzeOptions)
    poll_seconds: float = POLL_SECONDS
    once: bool = False  # look once (everything present), store and link it, then return


@dataclass
class WatchReport:
    """What a watcher has done so far, summed over its looks."""

    looks: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    warnings: int = 0
    linked: int = 0
    last_seconds: float = 0.0  # how long the last look that stored something took, reading and linking

    def add(self, run: AnalyzeReport) -> None:
        """Count one look's analysis."""
        self.added += run.added
        self.updated += run.updated
        self.unchanged += run.unchanged
        self.failed += run.failed
        self.warnings += run.warnings
        self.linked += run.linked
        if run.stored:
            self.last_seconds = run.seconds


@dataclass
class WatchHooks:
    """Callbacks a shell passes to follow a watcher: the analysis hooks, and one call after each look."""

    analysis: Hooks = field(default_factory=Hooks)
    on_look: Callable[[WatchReport, AnalyzeReport | None], None] | None = None


def watch(root: Path, store: Store, engine: Engine, options: WatchOptions | None = None,
          hooks: WatchHooks | None = None, stop: Callable[[], bool] = lambda: False) -> WatchReport:
    """Store and link what lands under `root` until `stop()` says so (checked between articles and looks).

    The first look takes everything present, which finishes the work of a watcher killed earlier; a look
    that finds nothing new neither reads nor links. Linking runs beside the looks (`LinkBeside`): what lands
    while stories are rebuilt is stored meanwhile, and linked by the next run. Returns the totals.
    """
    # Imported here: the link stage's imports (datasketch, spaCy) load when a watcher starts, not with the CLI.
    from recoupe.link.driver import WarmLinkers
    from recoupe.live.linking import LinkBeside

    options = options or WatchOptions()
    hooks = hooks or WatchHooks()
    landing = Landing(root, options.analyze.ingest)
    report = WatchReport()
    store_only = replace(options.analyze, link=False)
    links = options.analyze.read and options.analyze.link
    linker = LinkBeside(store, engine.default_language, WarmLinkers())
    pending: list[AnalyzeReport] = []  # looks stored but not linked yet
    first = True

    def count(looks: list[AnalyzeReport]) -> None:
        for run in looks:
            report.add(run)
            if hooks.on_look:
                hooks.on_look(report, run)

    try:
        while not stop():
            items = _until_stopped(landing.look(), stop)
            head = next(items, None)
            stored_now = False
            if head is not None or first:
                pending.append(analyze_items(_chain(head, items), store, store_only, hooks.analysis, engine))
                stored_now = pending[-1].stored > 0
            first = False
            report.looks += 1
            count(linker.finished())
            if stored_now and not options.once and len(pending) < MAX_LOOKS_BEFORE_LINK:
                continue  # look again at once: what landed meanwhile is stored (visible) before linking
            if pending and not links:
                count(pending)
                pending = []
            elif pending and linker.idle:
                linker.start(pending)
                pending = []
                count(linker.finished())  # linked in place when the store allows no second connection
            elif hooks.on_look:
                hooks.on_look(report, None)
            if options.once and not pending:
                linker.wait()
                count(linker.finished())
                break
            _sleep(options.poll_seconds, stop)
    finally:
        linker.close()
    count(linker.finished())
    for run in pending:  # stopped before linking them: stored (visible), linked by the next run's first look
        report.add(run)
    return report


def _until_stopped(items: Iterator[Item], stop: Callable[[], bool]) -> Iterator[Item]:
    """Pass items on until told to stop; the rest stays unread for the next run."""
    for item in items:
        if stop():
            return
        yield item


def _chain(head: Item | None, rest: Iterable[Item]) -> Iterator[Item]:
    if head is not None:
        yield head
    yield from rest


def _sleep(seconds: float, stop: Callable[[], bool]) -> None:
    """Sleep `seconds`, waking early when told to stop."""
    deadline = time.monotonic() + seconds
    while not stop():
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(left, STOP_CHECK_SECONDS))
