"""An entity's local entities and articles saved as appended rows (migration 0019): a batch writes what it
attached, the store gives back whole states, and a store saved before keeps its lists until they move."""

from __future__ import annotations

from pathlib import Path

from entity_helpers import ent

from recoupe.lang import load_language
from recoupe.link.driver import restore_entity_linker
from recoupe.link.entities import EntityLinker
from recoupe.records import Entity
from recoupe.store import Store, list_migrations, open_store
from recoupe.store.links import (
    load_entity_snapshot,
    load_entity_states,
    mark_entity_keys_complete,
    save_entity_keys,
    save_entity_parts,
    save_entity_states,
)

# Articles written for the test: a much-named person and place met again and again, and others met once.
ARTICLES: list[tuple[str, list[Entity]]] = [
    ("b1", [ent("b1", 0, "Adèle Morvan", "PER", "Morvan"), ent("b1", 1, "Quimperlé", "LOC")]),
    ("b2", [ent("b2", 0, "Morvan", "PER"), ent("b2", 1, "Quimperlé", "LOC"), ent("b2", 2, "Yann Le Goff", "PER")]),
    ("b3", [ent("b3", 0, "Adèle Morvan", "PER"), ent("b3", 1, "Port de Quimperlé", "ORG")]),
    ("b4", [ent("b4", 0, "la maire Adèle Morvan", "PER"), ent("b4", 1, "Quimperlé", "LOC"),
            ent("b4", 2, "Morvan", "PER")]),
]


def linked(upto: int) -> EntityLinker:
    linker = EntityLinker(load_language("fr"))
    for aid, entities in ARTICLES[:upto]:
        linker.add(aid, entities)
    return linker


def rebuilt(states: list[dict[str, object]], members: list[tuple[str, str, int, str]]) -> dict[str, dict[str, list[str]]]:
    """The lists each entity's member rows give, by id."""
    out: dict[str, dict[str, list[str]]] = {str(s["id"]): {"l": [], "a": []} for s in states}
    for gid, kind, seq, member in sorted(members):
        assert seq == len(out.setdefault(gid, {"l": [], "a": []})[kind])  # appended in order, no gap
        out[gid][kind].append(member)
    return out


def test_parts_carry_only_what_each_entity_gained_since_the_last_save() -> None:
    linker = linked(2)
    states, first = linker.pop_entity_parts()
    assert all("locals" not in s and "articles" not in s for s in states)
    assert len(first) == sum(len(s["locals"]) + len(s["articles"]) for s in linker.entity_states())
    touched = set(linker.add(*ARTICLES[2]).values())
    _, second = linker.pop_entity_parts(touched)
    assert {gid for gid, *_ in second} == touched
    assert all(seq > 0 or gid not in {g for g, *_ in first} for gid, _, seq, _ in second)
    whole = rebuilt(states, first + second)
    for state in linker.entity_states():
        assert whole[state["id"]] == {"l": state["locals"], "a": state["articles"]}
    assert linker.pop_entity_parts(touched)[1] == []  # nothing attached since: nothing to append


def test_the_store_gives_back_whole_states_from_the_rows(fresh_db: Store) -> None:
    linker = linked(2)
    save_entity_parts(fresh_db, linker.counter_state(), *linker.pop_entity_parts())
    touched = set()
    for aid, entities in ARTICLES[2:]:
        touched |= set(linker.add(aid, entities).values())
    save_entity_parts(fresh_db, linker.counter_state(), *linker.pop_entity_parts(touched))
    expected = linker.entity_states()
    snapshot, legacy = load_entity_snapshot(fresh_db)
    assert snapshot is not None and not legacy and snapshot["entities"] == expected
    loaded = load_entity_states(fresh_db, [s["id"] for s in expected])
    assert [{k: v for k, v in s.items() if k != "parted"} for s in loaded] == expected
    assert all(s["parted"] for s in loaded)


def test_a_whole_state_written_over_rows_is_the_truth(fresh_db: Store) -> None:
    linker = linked(3)
    save_entity_parts(fresh_db, linker.counter_state(), *linker.pop_entity_parts())
    whole = linked(4)  # as `recoupe load` writes a Spark run's states: lists inside
    save_entity_states(fresh_db, whole.counter_state(), whole.entity_states())
    loaded = load_entity_states(fresh_db, [s["id"] for s in whole.entity_states()])
    assert loaded == whole.entity_states()  # no row left to mix in, no "parted" mark
    assert fresh_db.conn.execute("SELECT count(*) FROM entity_members").fetchone()[0] == 0


def test_a_store_saved_before_0019_upgrades_and_moves_the_lists_on_the_next_save(tmp_path: Path) -> None:
    path = str(tmp_path / "old.db")
    old = linked(3)
    with open_store(path) as store, store.transaction():  # what a schema-18 store holds: whole states, no rows
        save_entity_states(store, old.counter_state(), old.entity_states())
        save_entity_keys(store, old.keys_of())
        mark_entity_keys_complete(store)
        store.conn.execute("DROP TABLE entity_members")
        store.conn.execute("PRAGMA user_version = 18")
    with open_store(path) as store:
        assert store.schema_version == list_migrations()[-1][0] >= 19
        linker, whole = restore_entity_linker(store, load_language("fr"))
        assert not whole  # restored lazily from the old rows
        touched = set(linker.add(*ARTICLES[3]).values())
        save_entity_parts(store, linker.counter_state(), *linker.pop_entity_parts(touched))
        snapshot, _ = load_entity_snapshot(store)
        assert snapshot is not None and snapshot["entities"] == linked(4).entity_states()
        moved = store.conn.execute("SELECT DISTINCT global_id FROM entity_members").fetchall()
        assert {r[0] for r in moved} == touched  # the touched entities' lists are rows now, the others unchanged
