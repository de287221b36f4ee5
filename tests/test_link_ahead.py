"""A cold run's cleaning and link stage in a second process (`recoupe.link.ahead`): it cleans and links as the
run would in place, falls back to doing so in place when that process cannot, and leaves nothing running."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from test_rebuilds import TOPICS, linkable

from recoupe import pipeline
from recoupe.ingest import IngestOptions, iter_articles
from recoupe.lang import load_language
from recoupe.link import ahead
from recoupe.link.ahead import LinkAhead
from recoupe.link.driver import link_store
from recoupe.pipeline import prepare_in_worker
from recoupe.records import Article
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
    report = LinkAhead(str(tmp_path / "there.db"), "fr", prepare_in_worker).link()
    assert report is not None
    assert (report.linked, report.stories_touched) == (in_place.linked, in_place.stories_touched) == (4, 4)
    there = open_store(str(tmp_path / "there.db"))
    assert None not in linked_state(there)[0].values()
    assert linked_state(there) == linked_state(here)


def test_the_process_cleans_as_the_run_cleans_in_place(tmp_path: Path) -> None:
    store = half_linked(tmp_path / "s.db")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text("<html><head><title>Crue de la Loire</title></head><body><nav>Accueil | Sport"
                                   "</nav><article><h1>Crue de la Loire</h1><p>La Loire est sortie de son lit "
                                   "mardi à Saumur, où les pompiers ont évacué quarante maisons du quartier du "
                                   "port.</p></article><footer>Mentions légales</footer></body></html>",
                                   encoding="utf-8")
    (folder / "b.txt").write_text("Der Rhein ist am Dienstag in Köln über die Ufer getreten, und die Feuerwehr hat "
                                  "vierzig Häuser geräumt.", encoding="utf-8")
    articles = [a for a in iter_articles([folder], IngestOptions()) if not isinstance(a, pipeline.IngestIssue)]
    assert len(articles) == 2
    prepared = LinkAhead(str(tmp_path / "s.db"), "fr", prepare_in_worker)
    there = prepared.prepare(articles)()
    prepared.stop()
    here = [pipeline.Engine(pipeline.AnalyzeOptions()).prepare(a) for a in articles]
    assert there == here
    assert [a.language for a in here] == ["fr", "de"]  # detected there as here: the German one is left unread
    store.close()


def test_a_process_that_cannot_clean_or_link_reports_none(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "store.db"  # the process cannot open it
    prepared = LinkAhead(str(missing), "fr", prepare_in_worker)
    assert prepared.prepare([])() is None
    assert prepared.link() is None
    assert not missing.exists()


def test_a_run_that_ends_without_linking_stops_the_process(tmp_path: Path) -> None:
    store = half_linked(tmp_path / "s.db")
    prepared = LinkAhead(str(tmp_path / "s.db"), "fr", prepare_in_worker)
    prepared.stop()
    assert not prepared._process.is_alive()
    assert store.conn.execute("SELECT count(*) FROM articles WHERE story IS NULL").fetchone()[0] == len(TOPICS)


def test_a_run_that_fails_while_its_batch_is_being_sent_stops_the_process(tmp_path: Path) -> None:
    half_linked(tmp_path / "s.db").close()
    big = [Article(id=f"big-{i}", raw_text="Le conseil municipal a voté le budget. " * 2_000) for i in range(20)]
    prepared = LinkAhead(str(tmp_path / "s.db"), "fr", prepare_in_worker)
    prepared.prepare(big)  # about 1.6 MB: more than a pipe holds, sent while the process starts
    prepared.stop()  # the run failed before asking for the batch back (its model would not load, say)
    assert not prepared._process.is_alive()


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
    cleaned: list[int] = []
    original, original_prepare = LinkAhead.link, LinkAhead.prepare

    def link(self: LinkAhead) -> Any:
        report = original(self) if works else None
        used.append(report is not None)
        return report

    def prepare(self: LinkAhead, articles: list[Any]) -> Any:
        cleaned.append(len(articles))
        return original_prepare(self, articles) if works else (lambda: None)

    monkeypatch.setattr(ahead.LinkAhead, "link", link)
    monkeypatch.setattr(ahead.LinkAhead, "prepare", prepare)
    monkeypatch.setattr(pipeline.Engine, "loads_model_here", lambda self: True)  # as in a fresh process
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "quai.txt").write_text("Les dockers du port de Brévannes ont voté la grève lundi 3 avril.\n\n"
                                     "Le trafic des conteneurs est arrêté depuis lundi soir.", encoding="utf-8")
    report = pipeline.analyze([folder], store)
    assert used == [works] and cleaned == [1]
    assert report.added == 1 and report.linked == 1 + len(TOPICS)  # the new one, and the third of each topic
    assert store.conn.execute("SELECT count(*) FROM articles WHERE story IS NULL").fetchone()[0] == 0
