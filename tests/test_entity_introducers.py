"""The noun that introduces a name says what it is: a body's noun an organisation ("l'association X"), a title of
given names a first name ("le prince Philip"), which joins no person by surname."""

from __future__ import annotations

from typing import Any

import pytest
from entity_helpers import entities_of, holding

from recoupe.link.entities import EntityLinker
from recoupe.records import Entity


@pytest.mark.parametrize("text", [
    "L'association Zéro Limite organise une collecte à Lyon. Selon Zéro Limite, les dons affluent.",
    "Le mouvement Zéro Limite a été fondé en 2015. Selon Zéro, les réponses manquent.",
    "La fondation Abbé-Pierre publie son rapport annuel mardi.",
])
def test_a_name_after_a_body_noun_is_an_organisation(nlp: Any, fr: Any, text: str) -> None:
    entities = entities_of(nlp, fr, text)
    body = [e for e in entities if "Zéro Limite" in e.name or "Abbé-Pierre" in e.name]
    assert len(body) == 1 and body[0].type == "ORG", [(e.name, e.type, e.mentions) for e in entities]
    assert all(m.text != "Zéro" for m in body[0].mentions)


def test_a_name_after_an_indefinite_group_noun_is_not_the_group(nlp: Any, fr: Any) -> None:
    text = "Elle a créé un groupe Facebook baptisé « Entraide Lyon Nord » pour aider ses voisins."
    entities = entities_of(nlp, fr, text)
    assert not any({"Facebook", "Entraide Lyon Nord"} <= {m.text for m in e.mentions} for e in entities)


@pytest.mark.parametrize(("text", "given", "person"), [
    ("Emmanuel Philippe a inauguré la salle. Le prince Philip avait visité la ville en 1957.",
     "Philip", "Emmanuel Philippe"),
    ("François Hollande a salué la visite. Le pape François s'est rendu à Lampedusa jeudi.",
     "François", "François Hollande"),
    ("Le roi Albert a reçu le ministre Pierre Albert lundi au palais.", "Albert", "Pierre Albert"),
])
def test_a_given_name_after_its_title_joins_no_other_person(nlp: Any, fr: Any, text: str, given: str,
                                                            person: str) -> None:
    entities = entities_of(nlp, fr, text)
    full = holding(entities, person)
    assert full and all(m.text != given for m in full[0].mentions), [(e.name, e.mentions) for e in entities]


def test_a_given_name_joins_no_surname_across_articles(fr: Any) -> None:
    linker = EntityLinker(fr)
    premier = Entity("Edouard Philippe", "PER", [], ["Edouard Philippe"], "a1:e0")
    prince = Entity("Philip", "PER", [], ["Philip", "prince Philip"], "a2:e0")
    bare = Entity("Philippe", "PER", [], ["Philippe"], "a3:e0")
    ids = {**linker.add("a1", [premier]), **linker.add("a2", [prince]), **linker.add("a3", [bare])}
    assert ids["a2:e0"] != ids["a1:e0"]
    assert ids["a3:e0"] == ids["a1:e0"]  # a bare surname still joins the dominant person who bears it
