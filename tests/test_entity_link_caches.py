"""The entity linker's caches (type vote, forms by sound key, candidates by whole sound key) link as recomputing
would: they follow every change of an entity, and no candidate that could match is left out."""

from __future__ import annotations

import pytest

from recoupe.lang import load_language
from recoupe.link.entities import EntityLinker
from recoupe.records import Entity, Mention


def ent(aid: str, n: int, name: str, kind: str, *aliases: str, mentions: int = 1) -> Entity:
    """One article's entity with `mentions` mentions of its name and one of each alias (sentences do not matter)."""
    forms = [name] * mentions + list(aliases)
    return Entity(name=name, type=kind, id=f"{aid}:e{n}", aliases=list(aliases),
                  mentions=[Mention(aid, 10 * i, 10 * i + len(f), f) for i, f in enumerate(forms)])


def linker() -> EntityLinker:
    return EntityLinker(load_language("fr"))


@pytest.mark.parametrize(("name", "first", "later"), [
    ("Kerlan", "LOC", "PER"),
    ("Varnelle", "ORG", "PER"),
    ("Maubrac", "PER", "LOC"),
])
def test_type_vote_follows_later_mentions(name: str, first: str, later: str) -> None:
    """An entity's type is the vote of all its mentions so far, also after the vote was asked once."""
    lk = linker()
    lk.add("a1", [ent("a1", 0, name, first)])
    assert [g.type for g in lk.entities()] == [first]
    lk.add("a2", [ent("a2", 0, name, later, mentions=3)])
    assert [g.type for g in lk.entities()] == [later]


@pytest.mark.parametrize(("name", "alias", "kind"), [
    ("Saint-Brévin", "Brevinor", "LOC"),
    ("Compagnie Varnel", "Varnelco", "ORG"),
    ("Haute-Orvanne", "Orvannais", "LOC"),
])
def test_form_learnt_later_is_matched(name: str, alias: str, kind: str) -> None:
    """A surface form an entity gains after it was compared once is matched by the next article."""
    lk = linker()
    first = lk.add("a1", [ent("a1", 0, name, kind)])
    second = lk.add("a2", [ent("a2", 0, name, kind, alias)])  # compares with the first, then learns the alias
    third = lk.add("a3", [ent("a3", 0, alias, kind)])
    assert first["a1:e0"] == second["a2:e0"] == third["a3:e0"]


@pytest.mark.parametrize(("person", "place", "initialled"), [
    ("Émile Tournaux", "Tournaux", "E. Tournaux"),
    ("Paul Gendrin", "Gendrin", "P. Gendrin"),
    ("Hélène Morvaut", "Morvaut", "H. Morvaut"),
])
def test_person_name_taken_for_place_meets_person(person: str, place: str, initialled: str) -> None:
    """A place whose aliases hold a person's full name under another spelling (an initial) still meets that
    person: the person is filed under the surname only through the full name, not under its own sound key."""
    lk = linker()
    first = lk.add("a1", [ent("a1", 0, person, "PER")])
    second = lk.add("a2", [ent("a2", 0, place, "LOC", initialled)])
    assert second["a2:e0"] == first["a1:e0"]


@pytest.mark.parametrize(("longer", "bare"), [
    ("Air Valonie", "Valonie"),
    ("Banque de Castelroc", "Castelroc"),
    ("Radio Brévannes", "Brévannes"),
])
def test_bare_place_does_not_join_longer_name_ending_in_it(longer: str, bare: str) -> None:
    """A one-word place is not the organisation whose longer name ends with it: it joins the place of its name."""
    lk = linker()
    org = lk.add("a1", [ent("a1", 0, longer, "ORG")])
    place = lk.add("a2", [ent("a2", 0, bare, "LOC")])
    again = lk.add("a3", [ent("a3", 0, bare, "LOC")])
    assert place["a2:e0"] != org["a1:e0"]
    assert again["a3:e0"] == place["a2:e0"]


@pytest.mark.parametrize(("full", "other", "initialled", "later"), [
    ("Paul Ravel", "Léa Ravel", "P. Ravel", "Pierre Ravel"),
    ("Julien Dufresnoy", "Anne Dufresnoy", "J. Dufresnoy", "Jérôme Dufresnoy"),
    ("Rémi Carbonnel", "Inès Carbonnel", "R. Carbonnel", "Roland Carbonnel"),
])
def test_canonical_full_name_follows_later_mentions(full: str, other: str, initialled: str, later: str) -> None:
    """The full name a person is mostly called by is what a later full name is compared with, also after it was
    asked once: once the initialled form is the most used, a first name of that initial joins the person."""
    lk = linker()
    first = lk.add("a1", [ent("a1", 0, full, "PER")])
    lk.add("a2", [ent("a2", 0, other, "PER")])  # compares with the first person's canonical name
    third = lk.add("a3", [ent("a3", 0, initialled, "PER", mentions=4)])
    fourth = lk.add("a4", [ent("a4", 0, later, "PER")])
    assert first["a1:e0"] == third["a3:e0"] == fourth["a4:e0"]
