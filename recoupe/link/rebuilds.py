"""Story rebuilds planned before they are written, and side by side: the end of a link run on several cores.

A link run rebuilds the timeline of every story it touched once its articles are linked, with the story's
title and its page's kept view; after a bulk run that is every story of the corpus. Finding all three reads
the store and writes nothing (`plan_story`), and two stories' plans never depend on each other, so worker
processes plan them, each on its own connection to the store, while the link stage's process writes each
plan with its story as it comes, in the story's own transaction (`recoupe.link.driver.rebuild_story` plans
again in place if the story's articles changed in between). The result is the one-process result, story for
story.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, replace
from typing import Any

from recoupe.link.timeline_update import TimelinePlan, plan_timeline
from recoupe.read.workers import spawn_helpers
from recoupe.records import Story
from recoupe.store import Store
from recoupe.store.browse import load_story_row
from recoupe.store.links import count_story_articles, encode_entries, stored_entries
from recoupe.store.opening import open_shared_target, shared_target
from recoupe.tell.story_views import compose_view

# Fewest stories to rebuild for which a link run starts planning processes. Starting one costs about a second
# of CPU (spawn, imports, opening the store) where a small story plans in milliseconds: a live arrival or a
# small run (the dev corpus: 2 to 40 stories) rebuilds in place; a bulk run of thousands of stories gains.
MIN_PARALLEL_STORIES = 64
# Plans asked ahead, per process: enough that a process done with a story finds the next one queued, few enough
# that finished plans (a big story's candidates and word counts: a few MB for the largest OrangeSum story) do not
# pile up while the writer saves a long one.
AHEAD_PER_PROCESS = 4


@dataclass
class StoryPlan:
    """What rebuilding one story writes, found without writing: its timeline plan, and when the story still has
    articles, its title and its page's kept view (JSON, `recoupe.tell.story_views`).

    A plan found by a planning process comes packed (`pack`): its timeline's entries as the rows storage keeps
    (`entry_rows`), the entries themselves dropped. Unpickling a big story's entries (dataclasses within
    dataclasses) cost the writing process more than writing them; plain rows cost it little.
    """

    timeline: TimelinePlan
    title: str = ""
    view: str | None = None
    entry_rows: list[tuple[Any, ...]] | None = None  # packed: the entries' `story_entries` rows

    def pack(self) -> StoryPlan:
        """This plan with its timeline's entries encoded as rows and dropped (a dropped story's plan as it is)."""
        entries = self.timeline.entries
        if entries is None:
            return self
        return replace(self, timeline=replace(self.timeline, entries=[]), entry_rows=encode_entries(entries))

    def rows(self) -> list[tuple[Any, ...]]:
        """The timeline's entries as `story_entries` rows (none for a dropped story)."""
        if self.entry_rows is not None:
            return self.entry_rows
        return encode_entries(self.timeline.entries or [])


def plan_story(store: Store, story_id: str, title: str | None = None) -> StoryPlan:
    """Plan one story's rebuild: its timeline, its title (`title`, the link stage's, else the one it has, else
    its first article's) and its page's view as the page will compute it once the story is written."""
    timeline = plan_timeline(store, story_id)
    if timeline.entries is None:  # no article left: the story is dropped
        return StoryPlan(timeline)
    title = choose_title(store, story_id, title)
    view = compose_view(store, Story(id=story_id, title=title), stored_entries(timeline.entries))
    return StoryPlan(timeline, title, view)


def choose_title(store: Store, story_id: str, title: str | None) -> str:
    """A story's title: the one given, else the one it has, else its first article's, else that article's id."""
    if title:
        return title
    existing = load_story_row(store, story_id)
    if existing is not None and existing.title:
        return existing.title
    ids = store.story_article_ids(story_id)
    first = store.get_article(ids[0]) if ids else None
    return (first.title if first else None) or (ids[0] if ids else story_id)


def plan_stories(store: Store, story_ids: Sequence[str], processes: int, least: int | None = None,
                 titles: Mapping[str, str] | None = None) -> Iterator[tuple[str, StoryPlan | None]]:
    """Each story with its plan (`plan_story`, with its title from `titles` when there), found by `processes`
    worker processes reading the store while the caller writes, in the order the plans are found (a big story's
    plan never holds up the small ones behind it), the stories with the most articles asked first; with None
    for every story, in the given order (the caller plans in place), when fewer than two processes are asked,
    the stories are fewer than `least` (default `MIN_PARALLEL_STORIES`), too few to pay for starting the
    processes, or no other process can open the store.
    """
    target = shared_target(store)
    least = MIN_PARALLEL_STORIES if least is None else least
    titles = titles or {}
    if processes < 2 or target is None or len(story_ids) < least:
        for story_id in story_ids:
            yield story_id, None
        return
    sizes = count_story_articles(store)
    # the biggest stories first: planned last, one could keep a process busy alone while the other waits
    story_ids = sorted(story_ids, key=lambda s: -sizes.get(s, 0))
    pool = spawn_helpers(processes)
    try:
        remaining = iter(story_ids)
        pending: dict[Future[StoryPlan], str] = {}
        for story_id in remaining:
            pending[pool.submit(plan_in_worker, target, story_id, titles.get(story_id))] = story_id
            if len(pending) >= processes * AHEAD_PER_PROCESS:
                break
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                following = next(remaining, None)
                if following is not None:
                    pending[pool.submit(plan_in_worker, target, following, titles.get(following))] = following
                yield pending.pop(future), future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def plan_in_worker(target: str, story_id: str, title: str | None) -> StoryPlan:
    """Plan one story's rebuild in a worker process, on that process's own connection to the store; packed."""
    return plan_story(open_shared_target(target), story_id, title).pack()
