"""An entry's description is the clause of its reports that states the event most fully: who did what."""

from __future__ import annotations

import pytest

from recoupe.link.timeline import build_timeline
from recoupe.records import Article, Entity, Event, Mention, ReadArticle, Reading, TimeRef


def report(aid: str, source: str, sentence: str, date: str, words: str, names: list[str]) -> ReadArticle:
    """An article of one dated sentence, with the named entities (`names`) it mentions as the event's actors."""
    entities = []
    for k, name in enumerate(names):
        at = sentence.index(name)
        entities.append(Entity(name=name, type="PER", mentions=[Mention(aid, at, at + len(name), name)],
                               id=f"{aid}-e{k}"))
    w = sentence.index(words)
    event = Event(date=date, precision="day", what=sentence, evidence=Mention(aid, 0, len(sentence), sentence),
                  actors=[e.id for e in entities])
    timex = TimeRef("DATE", date, Mention(aid, w, w + len(words), words), precision="day")
    article = Article(id=aid, raw_text=sentence, source=source, published="2023-03-08", clean_text=sentence)
    return ReadArticle(article, Reading(article=aid, entities=entities, events=[event], timexes=[timex],
                                        lemmas={x: 1 for x in sentence.lower().split()}))


@pytest.mark.parametrize(("bare", "full", "names"), [
    ("L'accord sur le tracé de la frontière a été signé lundi 6 mars à Genève.",
     "Le ministre Paul Durand a signé lundi 6 mars à Genève l'accord sur le tracé de la frontière.",
     ["Paul Durand"]),
    ("Lundi 6 mars, la démission du ministre de la Défense a été annoncée.",
     "Le ministre de la Défense Marc Lenoir a annoncé sa démission lundi 6 mars, a indiqué Anne Roux.",
     ["Marc Lenoir", "Anne Roux"]),
    ("Une enquête pour corruption a été ouverte lundi 6 mars contre le maire de Korvan.",
     "Le parquet a ouvert lundi 6 mars une enquête pour corruption contre le maire de Korvan, Jean Piel.",
     ["Jean Piel"]),
])
def test_the_description_is_the_report_that_names_the_actors(bare: str, full: str, names: list[str]) -> None:
    timeline = build_timeline([report("a", "alpha.fr", bare, "2023-03-06", "6 mars", []),
                               report("b", "beta.fr", full, "2023-03-06", "6 mars", names)])
    assert len(timeline) == 1
    assert timeline[0].event == full


def report_typed(aid: str, sentence: str, words: str, names: list[tuple[str, str]]) -> ReadArticle:
    """`report` with typed entities (`names`: (name, type) pairs)."""
    item = report(aid, f"{aid}.fr", sentence, "2023-03-06", words, [n for n, _ in names])
    for entity, (_, kind) in zip(item.reading.entities, names, strict=True):
        entity.type = kind
    return item


@pytest.mark.parametrize(("placed", "doer", "names"), [
    ("Des doutes sur la cathédrale Notre-Dame de Paris : la structure a été jugée fragile lundi 6 mars.",
     "Le préfet Jean Piel a jugé lundi 6 mars la structure de la cathédrale fragile.",
     [("cathédrale Notre-Dame de Paris", "LOC")]),
    ("À Saint-Martin-de-Ré, sur l'île de Ré, le port a été fermé lundi 6 mars.",
     "La maire Anne Roux a fermé le port de Saint-Martin-de-Ré lundi 6 mars.",
     [("Saint-Martin-de-Ré", "LOC"), ("île de Ré", "LOC")]),
])
def test_a_line_names_who_acted_before_where(placed: str, doer: str, names: list[tuple[str, str]]) -> None:
    """A clause naming a person or a body is the description before one naming more places."""
    person = [(n, "PER") for n in ("Jean Piel", "Anne Roux") if n in doer]
    timeline = build_timeline([report_typed("a", placed, "6 mars", names),
                               report_typed("b", doer, "6 mars", person)])
    assert len(timeline) == 1
    assert timeline[0].event == doer
