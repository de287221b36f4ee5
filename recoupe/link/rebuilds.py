"""Story timelines planned side by side: the end of a bulk link run on several cores.

A link run rebuilds the timeline of every story it touched once its articles are linked; after a bulk run
that is every story of the corpus, one by one, while the reading workers have stopped and one core works.
Finding a story's timeline reads the store and writes nothing (`plan_timeline`), and two stories' timelines
never depend on each other, so worker processes plan them, each on its own connection to the store, while
the link stage's process writes each plan with its story as it comes, in the story's own transaction
(`recoupe.link.driver.rebuild_story` plans again in place if the story's articles changed in between). The
result is the one-process result, story for story.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from functools import cache

from recoupe.link.timeline_update import TimelinePlan, plan_timeline
from recoupe.store import Store, open_store

# Fewest stories to rebuild for which a link run starts planning processes. Starting one costs about a second
# of CPU (spawn, imports, opening the store) where a small story plans in milliseconds: a live arrival or a
# small run (the dev corpus: 2 to 40 stories) rebuilds in place; a bulk run of thousands of stories gains.
MIN_PARALLEL_STORIES = 64
# Plans asked ahead, per process: enough that a process done with a story finds the next one queued, few enough
# that finished plans (a big story's candidates and word counts: a few MB for the largest OrangeSum story) do not
# pile up while the writer saves a long one.
AHEAD_PER_PROCESS = 4


def shared_target(store: Store) -> str | None:
    """What another process opens to read the same store, or None when it cannot (an in-memory SQLite store;
    a PostgreSQL store, whose URL is kept without its password)."""
    if store.dialect == "sqlite" and store.path != ":memory:":
        return store.path
    return None


def plan_stories(store: Store, story_ids: Sequence[str], processes: int,
                 least: int | None = None) -> Iterator[tuple[str, TimelinePlan | None]]:
    """Each story with its timeline plan, found by `processes` worker processes reading the store while the caller
    writes, in the order the plans are found (a big story's plan never holds up the small ones behind it);
    with None for every story, in the given order (the caller plans in place), when fewer than two processes are
    asked, the stories are fewer than `least` (default `MIN_PARALLEL_STORIES`), too few to pay for starting the
    processes, or no other process can open the store.
    """
    target = shared_target(store)
    least = MIN_PARALLEL_STORIES if least is None else least
    if processes < 2 or target is None or len(story_ids) < least:
        for story_id in story_ids:
            yield story_id, None
        return
    # spawn, not fork: the link stage's process holds the store's connection and the linkers' state
    pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"))
    try:
        remaining = iter(story_ids)
        pending: dict[Future[TimelinePlan], str] = {}
        for story_id in remaining:
            pending[pool.submit(plan_in_worker, target, story_id)] = story_id
            if len(pending) >= processes * AHEAD_PER_PROCESS:
                break
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                following = next(remaining, None)
                if following is not None:
                    pending[pool.submit(plan_in_worker, target, following)] = following
                yield pending.pop(future), future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def plan_in_worker(target: str, story_id: str) -> TimelinePlan:
    """Plan one story's timeline in a worker process, on that process's own connection to the store."""
    return plan_timeline(_worker_store(target), story_id)


@cache
def _worker_store(target: str) -> Store:
    """The store as one worker process reads it, opened on its first story."""
    return open_store(target)
