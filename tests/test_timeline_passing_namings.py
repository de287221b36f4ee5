"""A sentence telling an act and naming in passing what befell a noun earlier keeps its telling's day."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from recoupe.link.timeline import build_timeline
from recoupe.link.timeline_tellings import names_in_passing
from recoupe.read.events import REFERENCE, find_events, reporting_verbs
from recoupe.read.timex.tagger import tag_timexes
from recoupe.records import Article, Event, Mention, ReadArticle, Reading, TimeRef

PUBLISHED = "2022-05-11"  # a Wednesday


def timeline_days(nlp: Any, fr: Any, text: str) -> dict[str, list[str]]:
    """The timeline of an article of `text`: each entry's date with the evidence texts it cites."""
    doc = nlp(text)
    timexes = tag_timexes(text, PUBLISHED, fr, doc=doc, article_id="t")
    events = find_events(doc, timexes, [], "t", reporting_verbs(fr))
    article = Article(id="t", raw_text=text, source="alpha.fr", published=PUBLISHED, clean_text=text)
    item = ReadArticle(article, Reading(article="t", events=events, timexes=timexes, lemmas={}))
    return {e.date: [ev.text for ev in e.evidence] for e in build_timeline([item])}


@pytest.mark.parametrize(("text", "told"), [
    ("Le maire a assuré mercredi que les clubs allaient financer la reconstruction du gymnase, détruit la "
     "veille par une tempête.", "2022-05-11"),
    ("Le ministre a assuré mardi que l'État allait soutenir les éleveurs de la vallée, touchée lundi par des "
     "inondations.", "2022-05-10"),
    ("La maire a annoncé mercredi que la ville allait reconstruire l'école, détruite lundi par une tempête.",
     "2022-05-11"),
])
def test_the_telling_keeps_its_own_day(nlp: Any, fr: Any, text: str, told: str) -> None:
    days = timeline_days(nlp, fr, text)
    assert told in days
    assert any(text[:30] in ev for ev in days[told])


@dataclass
class Clause:
    """A dated clause of one sentence, as `names_in_passing` reads it."""

    article: str
    event: Event
    dating: tuple[TimeRef, ...] = ()


def clause(date: str, start: int, end: int, kind: str | None = None, article: str = "t") -> Clause:
    """A clause of article `article` spanning [start, end), dated `date`."""
    return Clause(article, Event(date=date, precision="day", what="", evidence=Mention(article, start, end, ""),
                                 type=kind))


@pytest.mark.parametrize(("naming", "telling", "apart"), [
    (clause("2022-05-09", 40, 90, REFERENCE), clause("2022-05-11", 0, 90), True),
    (clause("2022-05", 40, 90, REFERENCE), clause("2022-06-02", 0, 90), True),
    (clause("2022-05-13", 40, 90, REFERENCE), clause("2022-05-11", 0, 90), False),  # a limit or a plan ahead
    (clause("2022-05-09", 40, 90, REFERENCE), clause("2022-05-11", 100, 150), False),  # another sentence
    (clause("2022-05-09", 40, 90, REFERENCE, "u"), clause("2022-05-11", 0, 90), False),  # another article
    (clause("2022-05-09", 40, 90), clause("2022-05-11", 0, 90), False),  # two tellings: other rules judge them
])
def test_only_an_earlier_naming_inside_the_telling_is_kept_apart(naming: Clause, telling: Clause,
                                                                 apart: bool) -> None:
    assert names_in_passing(naming, telling) is apart
    assert names_in_passing(telling, naming) is apart
