"""Families named by their surname: one entity of their own, apart from the person who bears the surname."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.link.entities import EntityLinker
from recoupe.read.entities import find_entities
from recoupe.records import Entity


def _entities(nlp: Any, fr: Any, text: str, article: str = "a1") -> list[Entity]:
    return find_entities(nlp(text), fr, article)


def _holding(entities: list[Entity], surface: str) -> list[Entity]:
    return [e for e in entities if any(m.text == surface for m in e.mentions)]


@pytest.mark.parametrize("text", [
    "Bernard Arnault a signé la convention. La famille Arnault versera 200 millions d'euros, a précisé M. Arnault.",
    "La famille Arnault a promis un don. Son patriarche, Bernard Arnault, l'a confirmé lundi.",
    "Le milliardaire Bernard Arnault s'est exprimé jeudi ; la famille Arnault financera la charpente.",
])
def test_a_family_is_not_the_person_of_its_name(nlp: Any, fr: Any, text: str) -> None:
    entities = _entities(nlp, fr, text)
    family = _holding(entities, "famille Arnault")
    person = _holding(entities, "Bernard Arnault")
    assert len(family) == 1 and len(person) == 1 and family[0] is not person[0]
    assert family[0].name == "famille Arnault"


@pytest.mark.parametrize(("text", "names"), [
    ("Les familles Pinault et Arnault ont annoncé 300 millions d'euros de dons.", ["Pinault", "Arnault"]),
    ("Les familles Peugeot, Bettencourt et Dassault figurent parmi les donateurs.",
     ["Peugeot", "Bettencourt", "Dassault"]),
])
def test_a_plural_family_noun_introduces_each_coordinated_name(nlp: Any, fr: Any, text: str,
                                                                names: list[str]) -> None:
    entities = _entities(nlp, fr, text)
    for name in names:
        found = _holding(entities, name)
        assert len(found) == 1 and found[0].name == f"famille {name}", [(e.name, e.mentions) for e in entities]


@pytest.mark.parametrize("text", [
    "Les familles Pinault et Arnault ont promis 300 millions d'euros. Les plus grandes fortunes (Arnault, "
    "Bettencourt, Pinault) ont donné.",
    "La famille Pinault et la famille Arnault financeront les travaux. Dassault, Pinault et Arnault se sont "
    "engagés dès lundi.",
])
def test_a_list_with_two_families_lists_families(nlp: Any, fr: Any, text: str) -> None:
    entities = _entities(nlp, fr, text)
    for name in ("Pinault", "Arnault"):
        holders = _holding(entities, name)
        assert len(holders) == 1 and holders[0].name == f"famille {name}", [(e.name, e.mentions) for e in entities]


@pytest.mark.parametrize(("text", "name"), [
    ("Le clan Kadhafi veut se venger. Ceux qui entouraient Kadhafi ont pillé le pays.", "Kadhafi"),
    ("La famille Pinault a promis 100 millions d'euros. Jeudi, Pinault a confirmé le montant.", "Pinault"),
])
def test_a_bare_surname_alone_is_not_the_family(nlp: Any, fr: Any, text: str, name: str) -> None:
    entities = _entities(nlp, fr, text)
    assert all(not e.name.startswith("famille") for e in _holding(entities, name))


def test_a_family_does_not_join_the_person_across_articles(fr: Any) -> None:
    linker = EntityLinker(fr)
    person = Entity("Bernard Arnault", "PER", [], ["Bernard Arnault", "Arnault"], "a1:e0")
    family = Entity("famille Arnault", "PER", [], ["famille Arnault", "Arnault"], "a2:e0")
    again = Entity("famille Arnault", "PER", [], ["Arnault"], "a3:e0")
    ids = {**linker.add("a1", [person]), **linker.add("a2", [family]), **linker.add("a3", [again])}
    assert ids["a1:e0"] != ids["a2:e0"] == ids["a3:e0"]
