"""Two clauses of one article on one day are one event only if they can share an agent."""

from __future__ import annotations

import pytest

from recoupe.link.timeline import build_timeline
from recoupe.records import Article, Entity, Event, Mention, ReadArticle, Reading, TimeRef


def article(sentences: list[tuple[str, str, dict[str, str]]]) -> ReadArticle:
    """One article of sentences dated 7 March 2023 (text, date words, {entity name: type})."""
    text = " ".join(s for s, _, _ in sentences)
    entities: dict[str, Entity] = {}
    events, timexes = [], []
    for sentence, words, named in sentences:
        start = text.index(sentence)
        actors = []
        for name, kind in named.items():
            at = text.index(name, start)
            entity = entities.setdefault(name, Entity(name=name, type=kind, id=f"a:e{len(entities)}"))
            entity.mentions.append(Mention("a", at, at + len(name), name))
            actors.append(entity.id)
        events.append(Event(date="2023-03-07", precision="day", what=sentence, actors=actors,
                            evidence=Mention("a", start, start + len(sentence), sentence)))
        w = text.index(words, start)
        timexes.append(TimeRef("DATE", "2023-03-07", Mention("a", w, w + len(words), words), precision="day"))
    doc = Article(id="a", raw_text=text, source="alpha.fr", published="2023-03-08", clean_text=text)
    return ReadArticle(doc, Reading(article="a", entities=list(entities.values()), events=events, timexes=timexes,
                                    lemmas={x: 1 for x in text.lower().split()}))


@pytest.mark.parametrize(("first", "second"), [
    (("Le ministre Paul Durand a décrété mardi 7 mars la loi martiale dans tout le pays.", "mardi 7 mars",
      {"Paul Durand": "PER"}),
     ("Le Parti du Nord a décrété mardi 7 mars la suspension de sa campagne dans tout le pays.", "mardi 7 mars",
      {"Parti du Nord": "ORG"})),
    (("Mardi 7 mars, la société Korvex a annoncé la fermeture de son usine de Brel.", "Mardi 7 mars",
      {"Korvex": "ORG"}),
     ("Mardi 7 mars, la syndicaliste Anne Roux a annoncé une grève à l'usine de Brel.", "Mardi 7 mars",
      {"Anne Roux": "PER"})),
    (("Le juge Marc Lenoir a ouvert le 7 mars une enquête sur l'incendie de l'entrepôt.", "le 7 mars",
      {"Marc Lenoir": "PER"}),
     ("L'assureur Valmut a ouvert le 7 mars un fonds pour les victimes de l'incendie de l'entrepôt.", "le 7 mars",
      {"Valmut": "ORG"})),
])
def test_clauses_of_one_article_naming_different_agents_are_two_events(
        first: tuple[str, str, dict[str, str]], second: tuple[str, str, dict[str, str]]) -> None:
    assert len(build_timeline([article([first, second])])) == 2


def test_an_article_restating_its_event_with_the_same_agent_tells_one_event() -> None:
    told = ("Le ministre Paul Durand a décrété mardi 7 mars la loi martiale dans tout le pays.", "mardi 7 mars",
            {"Paul Durand": "PER"})
    again = ("La loi martiale décrétée le 7 mars par Paul Durand s'applique dans tout le pays.", "le 7 mars",
             {"Paul Durand": "PER"})
    assert len(build_timeline([article([told, again])])) == 1
