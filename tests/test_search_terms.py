"""Widening a search word: to its inflected forms only (not to words derived from its stem, not a name to
common words), and to the other spellings of a merged name only when written alike (recoupe.store.search_terms).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from recoupe.records import Article, Entity
from recoupe.store import Store, open_store
from recoupe.store.links import save_global_entities
from recoupe.store.search_terms import MAX_FORMS, read_names, widen_query, word_forms


def _article(aid: str, text: str) -> Article:
    return Article(id=aid, raw_text=text, clean_text=text, title="Titre", source="exemple.fr",
                   published="2022-05-01", published_precision="day", language="fr")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "s.db") as s:
        yield s


def _index(store: Store, *texts: str) -> None:
    for i, text in enumerate(texts):
        store.save_article(_article(f"a{i}", text), "v1")


@pytest.mark.parametrize(("word", "expected", "refused"), [
    # a noun: its plural, never the verb or the adjective derived from the same root
    ("gouvernement", {"gouvernements"}, {"gouverner", "gouvernance", "gouvernable"}),
    # a plural finds its singular
    ("soldats", {"soldat"}, set()),
    # a feminine finds its masculine and plurals
    ("présidente", {"president", "presidents", "presidentes"}, set()),
    # an adjective: gender and number
    ("vert", {"verte", "verts", "vertes"}, set()),
])
def test_word_forms_are_inflections_not_derivations(store: Store, word: str, expected: set[str],
                                                   refused: set[str]) -> None:
    _index(store, "Le gouvernement a parlé. Les gouvernements se taisent. Il faut gouverner avec gouvernance.",
           "Un texte gouvernable. Un soldat et des soldats. La présidente et le président, les présidents.",
           "Deux présidentes. Un pull vert, une robe verte, des bancs verts, des haies vertes.")
    forms = word_forms(store.conn, word, "fr")
    assert expected <= forms
    assert not forms & refused


@pytest.mark.parametrize("word", ["France", "france", "FRANCE"])
def test_a_place_name_does_not_widen_to_a_word_sharing_its_stem(store: Store, word: str) -> None:
    _index(store, "La France a voté. Le franc suisse monte. Les francs et les Français.",
           "Le ministre des Affaires étrangères de la France parle.")
    save_global_entities(store, [Entity(name="France", type="LOC", id="g1", aliases=["France", "la France"])], {})
    widened = widen_query(store.conn, word)
    assert "franc" not in widened.lower().replace(word.lower(), "")
    assert "francais" not in widened


def test_a_common_word_still_drops_its_feminine_ending(store: Store) -> None:
    # not a name: "verte" widens to its masculine
    _index(store, "Une robe verte et un pull vert.")
    assert "vert" in word_forms(store.conn, "verte", "fr")


def test_forms_are_bounded(store: Store) -> None:
    endings = ["e", "es", "ait", "aient", "ons", "ez", "er", "era", "erai", "eras", "erons", "erez", "eront",
               "ais", "ions", "iez", "é", "ée", "és", "ées", "ant", "a", "as", "ai", "erait", "erais"]
    _index(store, " ".join("il parl" + e for e in endings))
    forms = word_forms(store.conn, "parler", "fr")
    assert 5 < len(forms) <= MAX_FORMS


@pytest.mark.parametrize(("aliases", "query", "expected"), [
    (["Mustafa al-Kadhimi", "Moustafa al-Kazimi"], "kazimi", {"kadhimi"}),
    (["Mouammar Kadhafi", "Mouammar Khadafi", "famille Kadhafi"], "khadafi", {"kadhafi"}),
    (["Volodymyr Zelensky", "Volodymyr Zelenski"], "Zelenski", {"zelensky"}),
])
def test_a_merged_name_widens_to_its_other_spellings(store: Store, aliases: list[str], query: str,
                                                     expected: set[str]) -> None:
    save_global_entities(store, [Entity(name=aliases[0], type="PER", id="g1", aliases=aliases)], {})
    assert read_names(store.conn, [query])[query.lower()].spellings == expected


@pytest.mark.parametrize(("aliases", "query"), [
    # a one-word alias (a first name a wrong merge attached) is no spelling of the surname
    (["Anatole France", "Franck"], "france"),
    # two names whose last words look alike but whose names do not
    (["Visite guidée de Paris", "Conseil national du parti"], "paris"),
    # a derived word is two letters longer: not a spelling
    (["République de France", "République française"], "france"),
])
def test_a_wrong_merge_lends_no_spelling(store: Store, aliases: list[str], query: str) -> None:
    save_global_entities(store, [Entity(name=aliases[0], type="LOC", id="g1", aliases=aliases)], {})
    assert read_names(store.conn, [query])[query].spellings == set()


def test_the_names_index_follows_replaced_entities(store: Store) -> None:
    save_global_entities(store, [Entity(name="Ali Kazem", type="PER", id="g1", aliases=["Ali Kazem", "Ali Kazim"])],
                         {})
    assert read_names(store.conn, ["kazem"])["kazem"].spellings == {"kazim"}
    # the linker rewrites the entity (INSERT OR REPLACE): the old names leave the index
    save_global_entities(store, [Entity(name="Ali Kazem", type="PER", id="g1", aliases=["Ali Kazem"])], {})
    assert read_names(store.conn, ["kazim"])["kazim"].spellings == set()
    assert read_names(store.conn, ["kazem"])["kazem"].spellings == set()
