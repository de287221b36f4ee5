"""The act of a dated clause and its doer: the predicate the date attaches to, read from the parse, kept in the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from recoupe.read.events import find_events, reporting_verbs
from recoupe.read.timex.tagger import tag_timexes
from recoupe.records import Article, Entity, Event, Mention, Reading
from recoupe.store import open_store


def read(nlp: Any, fr: Any, text: str, entities: list[Entity] | None = None) -> list[Event]:
    doc = nlp(text)
    timexes = tag_timexes(text, "2023-06-14", fr, doc=doc, article_id="t")
    return find_events(doc, timexes, entities or [], "t", reporting_verbs(fr))


def entity(text: str, name: str, kind: str, key: str) -> Entity:
    start = text.index(name)
    return Entity(name, kind, [Mention("t", start, start + len(name), name)], [name], id=key)


@pytest.mark.parametrize(("text", "act"), [
    ("L'armée a bombardé dimanche plusieurs dépôts de munitions dans le nord du pays.", "bombarder"),
    ("Les deux pays ont signé lundi un accord de coopération sur l'énergie.", "signer"),
    ("Le tribunal a condamné mardi l'ancien maire à deux ans de prison.", "condamner"),
])
def test_a_full_verb_is_the_act_of_its_clause(nlp: Any, fr: Any, text: str, act: str) -> None:
    events = read(nlp, fr, text)
    assert [e.predicate for e in events] == [act]


@pytest.mark.parametrize(("text", "act"), [
    ("L'aviation a mené des frappes dimanche contre des dépôts d'armes.", "frappe"),
    ("L'aviation a mené dimanche des frappes contre des dépôts d'armes.", "frappe"),
    ("Les forces spéciales ont lancé fin juin des raids contre des camps de la milice.", "raid"),
    ("La police a procédé lundi à plusieurs arrestations dans le quartier.", "arrestation"),
    ("Les rebelles ont lancé mardi une offensive sur la ville.", "offensive"),
])
def test_a_support_verb_lends_its_object_the_act(nlp: Any, fr: Any, text: str, act: str) -> None:
    events = read(nlp, fr, text)
    assert [e.predicate for e in events] == [act]


@pytest.mark.parametrize(("text", "act"), [
    ("Le ministre a annoncé mardi que les troupes quitteraient le pays avant l'hiver.", "quitter"),
    ("La présidence a déclaré jeudi que le sommet serait reporté.", "reporter"),
])
def test_a_reporting_verb_tells_the_act_of_its_content(nlp: Any, fr: Any, text: str, act: str) -> None:
    events = read(nlp, fr, text)
    assert [e.predicate for e in events] == [act]


@pytest.mark.parametrize(("text", "doer", "kind"), [
    ("Le gouvernement a suspendu lundi les vols vers la capitale.", "gouvernement", "ORG"),
    ("Marie Durand a remporté dimanche le second tour de l'élection.", "Marie Durand", "PER"),
    ("Jeudi, le port a été fermé par la Marine nationale.", "Marine nationale", "ORG"),
])
def test_the_doer_is_the_entity_its_subject_or_passive_agent_names(nlp: Any, fr: Any, text: str, doer: str,
                                                                    kind: str) -> None:
    events = read(nlp, fr, text, [entity(text, doer, kind, "t:e0")])
    assert [e.agent for e in events] == ["t:e0"]


def test_an_entity_outside_the_subject_is_no_doer(nlp: Any, fr: Any) -> None:
    text = "Les manifestants ont bloqué mardi le siège de Renault."
    events = read(nlp, fr, text, [entity(text, "Renault", "ORG", "t:e0")])
    assert [e.agent for e in events] == [None]


def test_the_act_and_doer_survive_the_store(tmp_path: Path) -> None:
    text = "L'armée a bombardé dimanche des dépôts."
    event = Event("2023-06-11", "day", text, Mention("a1", 0, len(text), text), ["a1:e0"], None,
                  predicate="bombarder", agent="a1:e0")
    bare = Event("2023-06-11", "day", text, Mention("a1", 0, len(text), text))
    article = Article(id="a1", raw_text=text, clean_text=text, published="2023-06-14", language="fr")
    with open_store(tmp_path / "s.db") as store:
        store.save_article(article, "v1", Reading(article="a1", events=[event, bare]))
        assert store.reading("a1").events == [event, bare]


@pytest.mark.parametrize(("text", "act"), [
    ("Les enquêteurs reviennent sur l'incendie du 3 mars, qui a détruit l'usine.", "incendie"),
    ("La commission publiera son rapport sur l'explosion du 12 mai.", "explosion"),
])
def test_a_date_qualifying_a_noun_names_that_nouns_act(nlp: Any, fr: Any, text: str, act: str) -> None:
    events = read(nlp, fr, text)
    assert act in [e.predicate for e in events]
