"""Story rebuilds planned in worker processes are the rebuilds planned in place, story for story: timelines,
titles and the kept page views."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_timeline_update import BRIDGE, HARBOUR, make_article, store_story

from recoupe.lang import load_language
from recoupe.link import driver, rebuilds
from recoupe.link.driver import link_store, rebuild_story
from recoupe.link.rebuilds import StoryPlan, plan_stories, plan_story
from recoupe.link.timeline_update import update_timeline
from recoupe.read.workers import spawn_helpers
from recoupe.records import Article, Reading
from recoupe.store import Store, open_store
from recoupe.store.links import load_timeline, load_timeline_ledger, set_article_links
from recoupe.store.opening import shared_target
from recoupe.tell.story_views import compose_story_view


def two_story_store(path: Path) -> Store:
    """A file store holding the harbour and bridge stories, their first articles built once, the rest new."""
    store = open_store(str(path))
    for story, rows in (("s-harbour", HARBOUR), ("s-bridge", BRIDGE)):
        store_story(store, story, rows[:2])
        update_timeline(store, story)
        store_story(store, story, rows[2:])
    return store


def test_plans_from_worker_processes_are_the_plans_found_in_place(tmp_path: Path) -> None:
    store = two_story_store(tmp_path / "a.db")
    ids = ["s-harbour", "s-bridge"]
    titles = {"s-bridge": "Le pont"}
    here = {s: plan_story(store, s, titles.get(s)) for s in ids}
    away = list(plan_stories(store, ids, 2, least=1, titles=titles))
    assert sorted(s for s, _ in away) == sorted(ids)  # each story once, in the order its plan was found
    assert dict(away) == {s: plan.pack() for s, plan in here.items()}  # packed: the entries as stored rows
    assert all(p is not None and p.entry_rows and p.view for _, p in away)
    assert all(p is not None and p.rows() == here[s].rows() for s, p in away)
    assert not here["s-harbour"].timeline.whole  # the harbour story is extended from its ledger, not built whole
    assert here["s-bridge"].title == "Le pont"
    first = store.get_article(store.story_article_ids("s-harbour")[0])
    assert first is not None and first.title is None
    assert here["s-harbour"].title == first.id  # never titled, its first article untitled: that article's id


def test_processes_are_asked_for_the_biggest_stories_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = two_story_store(tmp_path / "a.db")  # the harbour story has six articles, the bridge story three
    asked: list[str] = []

    def recording(processes: int) -> Any:
        pool = spawn_helpers(processes)
        submit = pool.submit

        def recorded(fn: Any, /, *args: Any, **kwargs: Any) -> Any:
            asked.append(args[1])
            return submit(fn, *args, **kwargs)

        pool.submit = recorded  # type: ignore[method-assign]
        return pool

    monkeypatch.setattr(rebuilds, "spawn_helpers", recording)
    found = dict(plan_stories(store, ["s-bridge", "s-harbour"], 2, least=1))
    assert asked == ["s-harbour", "s-bridge"]
    assert found == {s: plan_story(store, s).pack() for s in ("s-bridge", "s-harbour")}


def test_too_few_stories_or_one_process_are_planned_in_place(tmp_path: Path, fresh_db: Any) -> None:
    store = two_story_store(tmp_path / "a.db")
    assert list(plan_stories(store, ["s-harbour", "s-bridge"], 2)) == [("s-harbour", None), ("s-bridge", None)]
    assert list(plan_stories(store, ["s-harbour"], 1, least=0)) == [("s-harbour", None)]
    assert shared_target(fresh_db) is None  # an in-memory store: no other process can read it
    assert list(plan_stories(fresh_db, ["s"], 2, least=0)) == [("s", None)]


def test_a_story_that_changed_after_its_plan_is_planned_again(tmp_path: Path) -> None:
    store = two_story_store(tmp_path / "a.db")
    stale = plan_story(store, "s-bridge")
    article, reading = make_article("b4", "zeta.fr", "2023-06-13", [
        ("Le pont de la Lirance a été fermé lundi 12 juin pour une inspection des joints.", "2023-06-12",
         "lundi 12 juin")])
    store.save_article(article, "1", reading)
    set_article_links(store, "b4", "s-bridge", None)
    with store.transaction():
        rebuild_story(store, "s-bridge", "Le pont", stale)
    assert any(e.date == "2023-06-12" for e in load_timeline(store, "s-bridge"))
    ledger = load_timeline_ledger(store, "s-bridge")
    assert ledger is not None and "b4" in ledger["articles"]


def linkable(aid: str, published: str, topic: str, words: str) -> tuple[Article, Reading]:
    """An article about `topic` whose lemmas make it cluster with the others of its topic, with one dated event."""
    article, reading = make_article(aid, f"{aid}.fr", published, [
        (f"Le {published[8:]} du mois, {words}.", published, f"Le {published[8:]}")])
    lemmas = {w: 3 for w in (topic + " " + words).split() if len(w) > 3}
    return article, Reading(article=aid, events=reading.events, timexes=reading.timexes, lemmas=lemmas)


TOPICS = [
    ("barrage", "le barrage de Vernon retient les eaux de la crue"),
    ("vendanges", "les vendanges commencent tôt dans les coteaux du Layon"),
    ("tramway", "le tramway de Sorbiers roule sur sa nouvelle ligne"),
    ("incendie", "un incendie de forêt menace les pinèdes du massif"),
]


def linked_timelines(path: Path, workers: int) -> dict[str, Any]:
    """Link the same small corpus into a fresh store with `workers` processes; each story's stored timeline."""
    store = link_topics(path, workers)
    stories = {row[0] for row in store.conn.execute("SELECT DISTINCT story FROM articles")}
    return {s: load_timeline(store, s) for s in sorted(stories)}


def link_topics(path: Path, workers: int) -> Store:
    """A fresh store at `path` holding the small corpus of `TOPICS`, linked with `workers` processes."""
    store = open_store(str(path))
    for t, (topic, words) in enumerate(TOPICS):
        for day in range(1, 4):
            article, reading = linkable(f"{topic}-{day}", f"2023-0{t + 3}-0{day}", topic, words)
            store.save_article(article, "1", reading)
    link_store(store, load_language("fr"), workers=workers)
    return store


@pytest.mark.parametrize("workers", [1, 2])
def test_each_kept_view_is_the_one_the_page_computes_from_the_written_story(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    monkeypatch.setattr(rebuilds, "MIN_PARALLEL_STORIES", 1)
    store = link_topics(tmp_path / "s.db", workers)
    stories = sorted({row[0] for row in store.conn.execute("SELECT DISTINCT story FROM articles")})
    assert len(stories) == len(TOPICS)
    for story_id in stories:
        page = compose_story_view(store, story_id)  # what a page computes from the store, read back
        assert page is not None
        assert store.story_view(story_id, page[0]) == page[1]  # composed before the write, kept with its version


def test_a_link_run_with_planning_processes_stores_the_one_process_timelines(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rebuilds, "MIN_PARALLEL_STORIES", 1)
    planned: list[StoryPlan | None] = []

    def recorded(*args: Any, **kwargs: Any) -> Iterator[tuple[str, StoryPlan | None]]:
        for story, plan in plan_stories(*args, **kwargs):
            planned.append(plan)
            yield story, plan

    monkeypatch.setattr(driver, "plan_stories", recorded)
    alone = linked_timelines(tmp_path / "one.db", 1)
    assert len(planned) == len(TOPICS) and not any(planned)  # one process: every story planned in place
    planned.clear()
    side_by_side = linked_timelines(tmp_path / "two.db", 2)
    assert len(planned) == len(TOPICS) and all(planned)  # two: every story planned by a worker
    assert side_by_side == alone
    assert all(alone.values())
