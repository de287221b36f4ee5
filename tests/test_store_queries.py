"""The questions the rest of recoupe asks a store (recoupe/store/queries.py and each back-end's serving
methods) answer alike on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from test_store_backends import make_article, make_reading

from recoupe.records import Entity, Reading, Story
from recoupe.store import Store
from recoupe.store.links import save_global_entities, save_signature, save_story, set_article_links
from recoupe.store.queries import IN_CHUNK


def _linked(store: Store) -> None:
    """Three articles of story s1 (one undated, one in German), one of s2, one not linked."""
    for aid, day, story in (("a1", "2021-03-05", "s1"), ("a2", "2021-03-04", "s1"), ("a3", None, "s1"),
                            ("b1", "2021-04-01", "s2"), ("c1", "2021-05-01", None)):
        article = make_article(aid, published=day)
        article.language = "de" if aid == "a2" else "fr"
        store.save_article(article, "v1", make_reading(aid))
        set_article_links(store, aid, story, None)


def test_an_article_tells_its_story(any_store: Store) -> None:
    _linked(any_store)
    assert [any_store.story_of_article(a) for a in ("a1", "b1", "c1", "nope")] == ["s1", "s2", None, None]


def test_a_story_lists_its_articles_dates_and_languages(any_store: Store) -> None:
    _linked(any_store)
    assert any_store.story_article_ids("s1") == ["a2", "a1", "a3"]  # by publication, undated last
    assert sorted(any_store.story_published_dates("s1")) == ["2021-03-04", "2021-03-05"]
    assert sorted(any_store.story_languages("s1")) == ["de", "fr"]
    assert any_store.story_languages("s1", limit=1)[0] in {"de", "fr"}
    assert any_store.story_article_ids("none") == [] and any_store.story_languages("none") == []


def test_a_story_quotes_come_in_publication_order(any_store: Store) -> None:
    _linked(any_store)
    quotes = any_store.story_quotes("s1")
    assert [(q.mention.article, day) for q, day in quotes] == [("a2", "2021-03-04"), ("a1", "2021-03-05"),
                                                               ("a3", None)]
    assert all(q.text == "Nous rouvrirons lundi" and q.speaker == "Girard" for q, _ in quotes)


def test_a_story_entities_carry_their_global_names_once_linked(any_store: Store) -> None:
    _linked(any_store)
    save_global_entities(any_store, [Entity("Ville de Lyon", "ORG", [], ["Ville de Lyon"], id="g1")],
                         {"a1:e0": "g1"})
    rows = {e.local_id: e for e in any_store.story_entities("s1")}
    assert len(rows) == 6 and (rows["a1:e0"].global_id, rows["a1:e0"].global_name) == ("g1", "Ville de Lyon")
    assert (rows["a2:e0"].global_id, rows["a2:e0"].name) == (None, "mairie de Lyon")
    [named] = any_store.global_entity_names()
    assert (named.id, named.name, named.aliases, named.mentions) == ("g1", "Ville de Lyon", ["Ville de Lyon"], [])


def test_linked_entities_in_stories_skip_a_type_and_follow_publication(any_store: Store) -> None:
    _linked(any_store)
    save_global_entities(any_store, [], {f"{a}:e{i}": f"g{a}{i}" for a in ("a1", "a2", "b1") for i in (0, 1)})
    found = any_store.linked_entities_in_stories(["s1", "s2"], "PER")
    assert [(e.local_id, e.story, e.global_id) for e in found] == [
        ("a2:e0", "s1", "ga20"), ("a1:e0", "s1", "ga10"), ("b1:e0", "s2", "gb10")]
    assert found[0].aliases == ["mairie de Lyon"]
    assert [e.local_id for e in any_store.linked_entities_in_stories(["s2"], "ORG")] == ["b1:e1"]
    assert any_store.linked_entities_in_stories([], "PER") == []


def test_stories_of_many_articles_are_asked_in_chunks(any_store: Store) -> None:
    _linked(any_store)
    ids = ["a1", "b1", "c1"] + [f"missing{i}" for i in range(IN_CHUNK + 10)]
    assert any_store.stories_of_articles(ids) == ["s1", "s2"]
    assert any_store.stories_of_articles([]) == []


def test_dirty_stories_are_marked_once_and_cleared(any_store: Store) -> None:
    with any_store.transaction():
        any_store.mark_stories_dirty(["s2", None, "s1", "s2"])
        any_store.mark_stories_dirty(["s1"])
    assert any_store.dirty_story_ids() == ["s1", "s2"]
    any_store.clear_dirty_story("s1")
    assert any_store.dirty_story_ids() == ["s2"]


def test_newest_signatures_come_first(any_store: Store) -> None:
    _linked(any_store)
    for aid in ("a1", "a2", "b1", "a1"):
        save_signature(any_store, aid, aid.encode())
    assert any_store.newest_signatures(2) == [("a1", b"a1"), ("b1", b"b1")]


def test_the_change_stamp_moves_with_articles_and_stories(any_store: Store) -> None:
    _linked(any_store)
    first = any_store.change_stamp()
    any_store.save_article(make_article("d1"), "v1", Reading(article="d1"))
    second = any_store.change_stamp()
    save_story(any_store, Story(id="s1", title="Le pont", articles=[]), [])
    third = any_store.change_stamp()
    assert first != second != third
    assert any_store.story_updated_at("s1") is not None and any_store.story_updated_at("none") is None


def test_a_read_only_store_refuses_writes_and_stays_connected(any_store: Store) -> None:
    any_store.set_read_only(1024 * 1024)
    assert not any_store.is_broken()
    with pytest.raises(Exception, match=r"(?i)read.?only"):  # each driver's own error, saying why
        any_store.save_article(make_article("x1"), "v1")
    assert any_store.count_articles() == 0
