"""Dated events: one per dated sentence, evidence exact, description taken from the sentence."""

from __future__ import annotations

from typing import Any

from recoupe.read.events import MAX_DESCRIPTION_CHARS, describe, event_date, find_events
from recoupe.read.timex.tagger import tag_timexes
from recoupe.records import Entity, Mention, TimeRef


def read(nlp: Any, fr: Any, text: str, dct: str, entities: list[Entity] | None = None) -> list:
    doc = nlp(text)
    timexes = tag_timexes(text, dct, fr, doc=doc, article_id="t")
    return find_events(doc, timexes, entities or [], "t")


def test_event_date_precision() -> None:
    def ref(value: str, kind: str = "DATE") -> TimeRef:
        return TimeRef(kind, value, Mention("t", 0, 1, "x"))

    assert event_date(ref("2021-07-22")) == ("2021-07-22", "day")
    assert event_date(ref("2021-07")) == ("2021-07", "month")
    assert event_date(ref("2014")) == ("2014", "year")
    assert event_date(ref("2021-07-22TEV", "TIME")) == ("2021-07-22", "day")
    assert event_date(ref("P3Y", "DURATION")) is None
    assert event_date(ref("PRESENT_REF")) is None
    assert event_date(ref("2021-W28")) is None


def test_relative_weekday_becomes_a_dated_event(nlp: Any, fr: Any) -> None:
    text = "Le maire de Lyon a inauguré mardi le nouveau pont sur le Rhône."
    events = read(nlp, fr, text, "2023-03-09")
    assert [(e.date, e.precision) for e in events] == [("2023-03-07", "day")]
    assert events[0].evidence.text == text
    assert events[0].what == text


def test_two_dates_in_one_sentence_give_two_events(nlp: Any, fr: Any) -> None:
    text = ("Le premier sommet s'est tenu en mars 2019, tandis que le second a eu lieu en "
            "octobre de la même année.")
    events = read(nlp, fr, text, "2020-01-15")
    assert sorted(e.date for e in events) == ["2019-03", "2019-10"]
    # each date has its own clause as evidence: no span is evidence of two dates
    assert len({(e.evidence.start, e.evidence.end) for e in events}) == 2
    assert all(e.evidence.text in text for e in events)


def test_sentence_without_a_date_gives_nothing(nlp: Any, fr: Any) -> None:
    assert read(nlp, fr, "Les pompiers sont intervenus pour éteindre le feu.", "2023-03-09") == []


def test_actors_are_the_entities_of_the_sentence(nlp: Any, fr: Any) -> None:
    text = "Paul Durand a démissionné le 4 mai 2022. Le conseil a siégé ensuite."
    start = text.index("Paul Durand")
    durand = Entity("Paul Durand", "PER", [Mention("t", start, start + 11, "Paul Durand")], id="t:e0")
    events = read(nlp, fr, text, "2022-05-10", [durand])
    assert events[0].date == "2022-05-04"
    assert events[0].actors == ["t:e0"]


def test_evidence_stays_in_its_paragraph(nlp: Any, fr: Any) -> None:
    text = "Un sommet sous tension\nLes dirigeants se sont retrouvés jeudi à Bruxelles pour négocier."
    events = read(nlp, fr, text, "2023-06-30")
    assert len(events) == 1
    ev = events[0].evidence
    assert text[ev.start:ev.end] == ev.text
    assert "\n" not in ev.text and ev.text.startswith("Les dirigeants")


def test_long_sentence_is_cut_around_its_date() -> None:
    clause = "les négociateurs ont longuement discuté des détails techniques de l'accord commercial"
    text = f"{clause}, {clause}, puis ils ont signé le texte le 3 avril, {clause}, {clause}, {clause}."
    cut = describe(text, text.index("le 3 avril"))
    assert len(cut) <= MAX_DESCRIPTION_CHARS + 2
    assert "3 avril" in cut
    assert cut[0].isupper()
