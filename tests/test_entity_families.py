"""Families named by their surname: one entity of their own, apart from the person who bears the surname."""

from __future__ import annotations

from typing import Any

import pytest
from entity_helpers import entities_of, holding

from recoupe.link.entities import EntityLinker
from recoupe.records import Entity


@pytest.mark.parametrize("text", [
    "La famille Peugeot détient une part du groupe. Robert Peugeot, qui préside le holding, l'a confirmé, a ajouté "
    "M. Peugeot.",
    "Robert Peugeot siège au conseil depuis 2007 ; la famille Peugeot y garde deux sièges.",
    "L'industriel Robert Peugeot s'est exprimé jeudi : la famille Peugeot ne vendra pas.",
])
def test_a_family_is_not_the_person_of_its_name(nlp: Any, fr: Any, text: str) -> None:
    entities = entities_of(nlp, fr, text)
    family = holding(entities, "famille Peugeot")
    person = holding(entities, "Robert Peugeot")
    assert len(family) == 1 and len(person) == 1 and family[0] is not person[0]
    assert family[0].name == "famille Peugeot"


@pytest.mark.parametrize(("text", "names"), [
    ("Les familles Mulliez et Peugeot investissent ensemble.", ["Mulliez", "Peugeot"]),
    ("Les familles Peugeot, Bettencourt et Dassault figurent parmi les donateurs.",
     ["Peugeot", "Bettencourt", "Dassault"]),
])
def test_a_plural_family_noun_introduces_each_coordinated_name(nlp: Any, fr: Any, text: str,
                                                                names: list[str]) -> None:
    entities = entities_of(nlp, fr, text)
    for name in names:
        found = holding(entities, name)
        assert len(found) == 1 and found[0].name == f"famille {name}", [(e.name, e.mentions) for e in entities]


@pytest.mark.parametrize(("text", "names"), [
    ("Les familles Mulliez et Peugeot investissent ensemble. Parmi les actionnaires (Mulliez, Dassault, Peugeot), "
     "aucun ne vend.", ["Mulliez", "Peugeot", "Dassault"]),
    ("La famille Pinault et la famille Arnault financeront les travaux. Dassault, Pinault et Arnault se sont "
     "engagés dès lundi.", ["Pinault", "Arnault"]),
])
def test_a_list_with_two_families_lists_families(nlp: Any, fr: Any, text: str, names: list[str]) -> None:
    entities = entities_of(nlp, fr, text)
    for name in names:
        holders = holding(entities, name)
        assert len(holders) == 1 and holders[0].name == f"famille {name}", [(e.name, e.mentions) for e in entities]


@pytest.mark.parametrize(("text", "name"), [
    ("Le clan Kadhafi a perdu ses soutiens. En août, Kadhafi a fui Tripoli.", "Kadhafi"),
    ("La famille Pinault a promis 100 millions d'euros. Jeudi, Pinault a confirmé le montant.", "Pinault"),
])
def test_a_bare_surname_alone_is_not_the_family(nlp: Any, fr: Any, text: str, name: str) -> None:
    entities = entities_of(nlp, fr, text)
    assert all(not e.name.startswith("famille") for e in holding(entities, name))


def test_a_family_does_not_join_the_person_across_articles(fr: Any) -> None:
    linker = EntityLinker(fr)
    person = Entity("Bernard Arnault", "PER", [], ["Bernard Arnault", "Arnault"], "a1:e0")
    family = Entity("famille Arnault", "PER", [], ["famille Arnault", "Arnault"], "a2:e0")
    again = Entity("famille Arnault", "PER", [], ["Arnault"], "a3:e0")
    ids = {**linker.add("a1", [person]), **linker.add("a2", [family]), **linker.add("a3", [again])}
    assert ids["a1:e0"] != ids["a2:e0"] == ids["a3:e0"]
