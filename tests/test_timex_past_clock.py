"""A time of day told in the past is not put on a later day an earlier sentence announced."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.read.timex.tagger import tag_timexes

DCT = "2019-06-28"  # a Friday


def clock_day(nlp: Any, fr: Any, text: str, clock: str) -> str:
    """The day the tagger puts the time of day `clock` of `text` on."""
    doc = nlp(text)
    found = [t for t in tag_timexes(text, DCT, fr, doc=doc, article_id="t") if clock in t.mention.text]
    assert found, text
    return found[0].value[:10]


@pytest.mark.parametrize("text", [
    "Les orages devraient se poursuivre jusqu'à samedi sur le littoral. Dès 7h, les équipes de la voirie ont "
    "dégagé les routes inondées.",
    "Le tribunal rendra sa décision mardi prochain. Vers 9h30, les manifestants ont quitté la salle d'audience.",
    "Le sommet s'ouvrira lundi à Bruxelles. À 11h, le ministre avait déjà rencontré son homologue allemand.",
])
def test_a_past_time_of_day_stays_on_the_publication_day(nlp: Any, fr: Any, text: str) -> None:
    clock = next(w for w in ("7h", "9h30", "11h") if w in text)
    assert clock_day(nlp, fr, text, clock) == DCT


@pytest.mark.parametrize(("text", "clock", "day"), [
    ("Le tribunal rendra sa décision mardi prochain. À 9h30, les avocats seront reçus par le juge.", "9h30",
     "2019-07-02"),
    ("Le sommet s'ouvrira lundi à Bruxelles. À 11h, les chefs d'État se retrouveront pour un déjeuner.", "11h",
     "2019-07-01"),
    ("Jeudi, la préfecture a fermé les écoles. Vers 18h, les pompiers ont maîtrisé le feu.", "18h", "2019-06-27"),
])
def test_a_time_of_day_to_come_or_of_an_earlier_day_keeps_that_day(nlp: Any, fr: Any, text: str, clock: str,
                                                                     day: str) -> None:
    assert clock_day(nlp, fr, text, clock) == day
