"""The entity linker restored lazily, by the keys of the names it meets, links as the linker restored whole."""

from __future__ import annotations

from typing import Any

from entity_helpers import ent

from recoupe.lang import load_language
from recoupe.link.driver import StoredEntities, restore_entity_linker
from recoupe.link.entities import EntityLinker
from recoupe.records import Entity
from recoupe.store.links import (
    entity_keys_complete,
    mark_entity_keys_complete,
    save_entity_keys,
    save_entity_states,
)

# Articles naming people by full name then surname, an organisation by name and acronym, places, a well-known
# entity, and two people sharing a surname; written for the test.
ARTICLES: list[tuple[str, list[Entity]]] = [
    ("a1", [ent("a1", 0, "Mouna Darvel", "PER", "Darvel"), ent("a1", 1, "Castelroc", "LOC"),
            ent("a1", 2, "Union des ports de l'Atlantique", "ORG")]),
    ("a2", [ent("a2", 0, "Darvel", "PER"), ent("a2", 1, "UPA", "ORG"), ent("a2", 2, "Brévannes", "LOC")]),
    ("a3", [ent("a3", 0, "Karim Sadi", "PER"), ent("a3", 1, "Organisation des Nations unies", "ORG", "ONU"),
            ent("a3", 2, "Castelroc", "LOC")]),
    ("a4", [ent("a4", 0, "Lina Sadi", "PER"), ent("a4", 1, "Sadi", "PER"), ent("a4", 2, "Mouna Darvell", "PER")]),
    ("a5", [ent("a5", 0, "M. Sadi", "PER"), ent("a5", 1, "l'ONU", "ORG"), ent("a5", 2, "Brevannes", "LOC")]),
    ("a6", [ent("a6", 0, "Karim Sadi", "PER"), ent("a6", 1, "Union des Ports de l'Atlantique", "ORG", "UPA"),
            ent("a6", 2, "la mairie de Castelroc", "ORG")]),
]


class DictSource:
    """An in-memory entity source: what a store's entity_keys and entity_states hold; counts what was asked."""

    def __init__(self, linker: EntityLinker) -> None:
        self.keys: dict[str, list[str]] = {}
        for key, gid in linker.keys_of():
            self.keys.setdefault(key, []).append(gid)
        self.rows = {s["id"]: s for s in linker.entity_states()}
        self.loaded: set[str] = set()

    def global_ids(self, keys: list[str]) -> dict[str, list[str]]:
        return {k: self.keys[k] for k in keys if k in self.keys}

    def states(self, ids: list[str]) -> list[dict[str, Any]]:
        self.loaded.update(ids)
        return [self.rows[i] for i in ids if i in self.rows]


def linked_half(split: int) -> EntityLinker:
    linker = EntityLinker(load_language("fr"))
    for aid, entities in ARTICLES[:split]:
        linker.add(aid, entities)
    return linker


def test_lazy_and_whole_restores_link_the_next_articles_alike() -> None:
    for split in range(1, len(ARTICLES)):
        first = linked_half(split)
        whole = EntityLinker(load_language("fr"))
        whole.restore(first.snapshot())
        lazy = EntityLinker(load_language("fr"))
        lazy.restore_lazily(first.counter_state(), DictSource(first))
        for aid, entities in ARTICLES[split:]:
            assert lazy.add(aid, entities) == whole.add(aid, entities), (split, aid)
        touched = {s["id"] for s in whole.entity_states()} - {s["id"] for s in first.entity_states()}
        assert lazy.entity_states(touched) == whole.entity_states(touched)


def test_an_article_linked_again_gets_its_first_links_from_a_lazy_linker() -> None:
    first = linked_half(4)
    lazy = EntityLinker(load_language("fr"))
    lazy.restore_lazily(first.counter_state(), DictSource(first))
    aid, entities = ARTICLES[1]
    assert lazy.add(aid, entities) == first.add(aid, entities)


def test_a_lazy_linker_loads_only_the_entities_an_article_can_meet() -> None:
    first = linked_half(len(ARTICLES))
    source = DictSource(first)
    lazy = EntityLinker(load_language("fr"))
    lazy.restore_lazily(first.counter_state(), source)
    lazy.add("a7", [ent("a7", 0, "Brévannes", "LOC")])
    assert source.loaded and len(source.loaded) < len(source.rows)
    assert all("Darvel" not in " ".join(source.rows[g]["forms"]) for g in source.loaded)


def test_new_keys_are_the_keys_of_what_changed() -> None:
    linker = linked_half(3)
    linker.pop_new_keys()
    linker.add(ARTICLES[3][0], ARTICLES[3][1])
    fresh = set(linker.pop_new_keys())
    assert fresh and fresh <= set(linker.keys_of())
    assert ("article:a4", next(g for k, g in fresh if k == "article:a4")) in fresh
    assert linker.pop_new_keys() == []


def test_the_store_gives_a_lazy_linker_once_its_keys_are_complete(fresh_db: Any) -> None:
    lang = load_language("fr")
    first = linked_half(3)
    save_entity_states(fresh_db, first.counter_state(), first.entity_states())
    assert not entity_keys_complete(fresh_db)
    linker, whole = restore_entity_linker(fresh_db, lang)
    assert whole  # keys missing: restored whole, every entity to be saved with its keys
    save_entity_keys(fresh_db, linker.keys_of())
    mark_entity_keys_complete(fresh_db)
    lazy, whole = restore_entity_linker(fresh_db, lang)
    assert not whole and not lazy.entity_states()  # nothing loaded before an article asks
    for aid, entities in ARTICLES[3:]:
        assert lazy.add(aid, entities) == first.add(aid, entities)
    assert StoredEntities(fresh_db).states(["g0"])[0]["id"] == "g0"
