"""A story's glance and who said what, kept in the store by the link stage (recoupe.tell.story_views): what
is kept reads back equal to what was computed, a row of another version or format is never shown, and the
story page is the same with the row, without it, and with a stale or broken one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from recoupe import api
from recoupe.records import Evidence, Figure, FigureClaim, Mention, Story, TimeRef
from recoupe.store.links import load_timeline, save_story
from recoupe.tell.glance import Actor, Glance, KeyEvent, KeyFigure, Outlet
from recoupe.tell.story_views import VIEW_FORMAT, decode_view, encode_view, gather_glance, save_story_view
from recoupe.tell.view_codec import ViewFormatError, decode, encode
from recoupe.tell.who_said import Carrier, Speaker, Statement

fastapi_testclient = pytest.importorskip("fastapi.testclient", reason="fastapi's TestClient needs httpx")


def _glance(window: tuple[str, str] | None, value: float) -> Glance:
    """A glance of a port strike (invented), with an event dated by a time expression and a figure."""
    when = TimeRef(type="DATE", value="2024-03-04", mention=Mention("a1", 10, 15, "lundi"), precision="day")
    evidence = Evidence("a1", 0, 60, "Les dockers ont cessé le travail lundi.", when=when)
    claim = FigureClaim(source="Le Courrier", article="a1", period="2024-03",
                        figure=Figure(value=value, mention=Mention("a1", 70, 75, "3 000"), unit="grévistes",
                                      subject="grévistes", approx=True, bound="about"))
    return Glance(title="Grève au port", title_from_events=True,
                  description=[("2024-03-04", "day", "les dockers cessent le travail")], window=window,
                  outlets=[Outlet(label="Le Courrier", articles=["a1"])],
                  key_events=[KeyEvent(index=0, date="2024-03-04", precision="day", text="grève",
                                       states={"Le Courrier": "reports"}, evidence={"Le Courrier": evidence})],
                  actors=[Actor(id="g1", name="Syndicat des dockers", type="ORG", outlets=["Le Courrier"], articles=1)],
                  key_figures=[KeyFigure(subject="grévistes", kind="count", cells={"Le Courrier": [claim]},
                                         states={"Le Courrier": "reports"})])


SPEAKERS = [Speaker(id="g2", name="Marie Lenoir", statements=[Statement(text="Nous tiendrons", carriers=[
                Carrier(outlet="Le Courrier", article="a1", published="2024-03-04", start=3, end=17),
                Carrier(outlet="Radio Port", article="a2", published=None, start=0, end=14)])]),
            Speaker(id=None, name=None)]


@pytest.mark.parametrize(("window", "value"), [(("2024-02-26", "2024-03-05"), 3000), (None, 2.5), (None, 3000.0)])
def test_a_kept_view_reads_back_equal_with_its_types(window: tuple[str, str] | None, value: float) -> None:
    view = decode_view(encode_view((_glance(window, value), SPEAKERS)))
    assert view == (_glance(window, value), SPEAKERS)
    assert view is not None
    assert view[0].window is None or isinstance(view[0].window, tuple)
    assert type(view[0].key_figures[0].cells["Le Courrier"][0].figure.value) is type(value)


@pytest.mark.parametrize("text", [
    "{",  # not JSON
    json.dumps({"format": VIEW_FORMAT + 1, "glance": {}, "speakers": []}),  # another format
    json.dumps({"format": VIEW_FORMAT, "glance": {"title": "x"}, "speakers": []}),  # fields missing
    json.dumps({"format": VIEW_FORMAT, "speakers": []}),
])
def test_a_view_of_another_format_is_not_read(text: str) -> None:
    assert decode_view(text) is None


@dataclass
class _Row:
    name: str
    span: tuple[int, int]
    tags: list[str] = field(default_factory=list)
    extra: dict[str, float] | None = None


@pytest.mark.parametrize(("data", "hint"), [
    ({"name": 3, "span": [1, 2], "tags": [], "extra": None}, _Row),  # a number for a text
    ({"name": "a", "span": [1], "tags": [], "extra": None}, _Row),  # a pair of one
    ({"name": "a", "span": [1, 2], "tags": "ab", "extra": None}, _Row),  # a text for a list
    ({"name": "a", "span": [1, 2], "tags": [], "extra": None, "more": 1}, _Row),  # a field too many
])
def test_data_that_does_not_fit_its_type_is_refused(data: Any, hint: Any) -> None:
    with pytest.raises(ViewFormatError):
        decode(data, hint)


def test_a_record_round_trips_through_the_codec() -> None:
    row = _Row(name="quai", span=(4, 9), tags=["port"], extra={"taux": 0.25, "jours": 3})
    assert decode(json.loads(json.dumps(encode(row))), _Row) == row


def test_the_store_keeps_one_view_per_story_and_gives_it_only_for_its_version(any_store: Any) -> None:
    save_story(any_store, Story(id="s-port", title="Grève au port", articles=[]), [])
    version = any_store.story_updated_at("s-port")
    assert any_store.story_view("s-port", version) is None
    any_store.save_story_view("s-port", version, "un")
    any_store.save_story_view("s-port", version, "deux")  # replaces
    assert any_store.story_view("s-port", version) == "deux"
    assert any_store.story_view("s-port", version + "-older") is None
    assert any_store.story_view("s-autre", version) is None


# The slow half: a store analyzed from the bundled sample corpus, linked (the link stage keeps the views).

@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    """The sample corpus, analyzed and linked (the `nlp` fixture marks the tests `model`)."""
    from recoupe.sample import sample_corpus_path

    path = tmp_path_factory.mktemp("story-views") / "sample.db"
    with api.open_store(path) as store:
        assert api.analyze([sample_corpus_path()], store).failed == 0
    return path


@pytest.fixture(scope="module")
def story_ids(db: Path) -> list[str]:
    with api.open_store(db) as store:
        return [r[0] for r in store.conn.execute("SELECT id FROM stories ORDER BY id")]


def _pages(db: Path, story_ids: list[str]) -> Iterator[str]:
    """Every story page as a new app (empty caches) serves it."""
    from recoupe.serve.app import create_app

    with fastapi_testclient.TestClient(create_app(str(db))) as client:
        for story_id in story_ids:
            response = client.get(f"/stories/{story_id}")
            assert response.status_code == 200
            yield response.text


@pytest.mark.slow
def test_the_link_stage_keeps_each_story_view_as_the_page_computes_it(db: Path, story_ids: list[str]) -> None:
    with api.open_store(db) as store:
        for story_id in story_ids:
            kept = store.story_view(story_id, store.story_updated_at(story_id) or "")
            assert kept is not None
            found = api.story_page(store, story_id, api.StoryPageOptions(), load_timeline(store, story_id))
            assert found is not None
            assert decode_view(kept) == gather_glance(store, found, api.story_comparison(store, story_id))


@pytest.mark.slow
def test_the_page_is_the_same_with_the_kept_view_without_it_and_with_a_broken_one(
        db: Path, story_ids: list[str]) -> None:
    kept = list(_pages(db, story_ids))
    with api.open_store(db) as store:
        store.conn.execute("DELETE FROM story_views")
    assert list(_pages(db, story_ids)) == kept  # computed: an older store
    with api.open_store(db) as store:
        for story_id in story_ids:
            store.save_story_view(story_id, store.story_updated_at(story_id) or "", '{"format": 1, "glance": 7}')
    assert list(_pages(db, story_ids)) == kept  # a broken row is not shown
    with api.open_store(db) as store:
        for story_id in story_ids:
            save_story_view(store, story_id)
    assert list(_pages(db, story_ids)) == kept


@pytest.mark.slow
def test_a_store_linked_before_views_were_kept_gets_them_all(db: Path, story_ids: list[str]) -> None:
    with api.open_store(db) as store:
        store.conn.execute("DELETE FROM story_views")
        assert all(store.story_view(s, store.story_updated_at(s) or "") is None for s in story_ids)
        assert api.keep_story_views(store) == len(story_ids)
        for story_id in story_ids:
            assert decode_view(store.story_view(story_id, store.story_updated_at(story_id) or "") or "") is not None
