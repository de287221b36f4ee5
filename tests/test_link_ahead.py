"""A cold run's link stage prepared in a second process (`recoupe.link.ahead`): it links as the run would
link in place, falls back to linking in place when that process cannot, and leaves nothing running."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from test_rebuilds import TOPICS, linkable

from recoupe import pipeline
from recoupe.lang import load_language
from recoupe.link import ahead
from recoupe.link.ahead import LinkAhead
from recoupe.link.driver import link_store
from recoupe.store import Store, open_store
from recoupe.store.links import load_timeline


def half_linked(path: Path) -> Store:
    """A store file whose first two articles of each topic are linked, the third of each stored unlinked."""
    store = open_store(str(path))
    for day in range(1, 4):
        for t, (topic, words) in enumerate(TOPICS):
            article, reading = linkable(f"{topic}-{day}", f"2023-0{t + 3}-0{day}", topic, words)
            store.save_article(article, "1", reading)
        if day == 2:
            link_store(store, load_language("fr"))
    return store


def linked_state(store: Store) -> tuple[dict[str, str], dict[str, Any], dict[str, str | None]]:
    """Each article's story, each story's stored timeline and each story's kept view."""
    stories = dict(store.conn.execute("SELECT id, story FROM articles ORDER BY id").fetchall())
    timelines = {s: load_timeline(store, s) for s in sorted(set(stories.values()))}
    views = {s: store.story_view(s, store.story_updated_at(s) or "") for s in timelines}
    return stories, timelines, views


def test_the_process_links_what_linking_in_place_links(tmp_path: Path) -> None:
    here = half_linked(tmp_path / "here.db")
    here.close()
    shutil.copy(tmp_path / "here.db", tmp_path / "there.db")
    here = open_store(str(tmp_path / "here.db"))
    in_place = link_store(here, load_language("fr"))
    report = LinkAhead(str(tmp_path / "there.db"), "fr").link()
    assert report is not None
    assert (report.linked, report.stories_touched) == (in_place.linked, in_place.stories_touched) == (4, 4)
    there = open_store(str(tmp_path / "there.db"))
    assert None not in linked_state(there)[0].values()
    assert linked_state(there) == linked_state(here)


def test_a_process_that_cannot_link_reports_none(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "store.db"  # the process cannot open it
    assert LinkAhead(str(missing), "fr").link() is None
    assert not missing.exists()


def test_a_run_that_ends_without_linking_stops_the_process(tmp_path: Path) -> None:
    store = half_linked(tmp_path / "s.db")
    prepared = LinkAhead(str(tmp_path / "s.db"), "fr")
    prepared.stop()
    assert not prepared._process.is_alive()
    assert store.conn.execute("SELECT count(*) FROM articles WHERE story IS NULL").fetchone()[0] == len(TOPICS)


def test_no_process_starts_for_a_program_read_from_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    assert LinkAhead.can_start()  # pytest's main module is a file
    monkeypatch.setattr(sys.modules["__main__"], "__file__", "<stdin>", raising=False)
    assert not LinkAhead.can_start()


@pytest.mark.model
@pytest.mark.parametrize("works", [True, False])
def test_a_cold_run_links_through_the_process_or_in_place_when_it_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, works: bool) -> None:
    store = half_linked(tmp_path / "s.db")
    used: list[bool] = []
    original = LinkAhead.link

    def link(self: LinkAhead) -> Any:
        report = original(self) if works else None
        used.append(report is not None)
        return report

    monkeypatch.setattr(ahead.LinkAhead, "link", link)
    monkeypatch.setattr(pipeline.Engine, "loads_model_here", lambda self: True)  # as in a fresh process
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "quai.txt").write_text("Les dockers du port de Brévannes ont voté la grève lundi 3 avril.\n\n"
                                     "Le trafic des conteneurs est arrêté depuis lundi soir.", encoding="utf-8")
    report = pipeline.analyze([folder], store)
    assert used == [works]
    assert report.added == 1 and report.linked == 1 + len(TOPICS)  # the new one, and the third of each topic
    assert store.conn.execute("SELECT count(*) FROM articles WHERE story IS NULL").fetchone()[0] == 0
