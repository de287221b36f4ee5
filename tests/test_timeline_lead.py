"""A month-dated article's lead reports its publication day or the day before: its weekdays narrow the week."""

from __future__ import annotations

from datetime import date

import pytest
from test_timeline import make_item, month_item

from recoupe.link.timeline import TimelineOptions, _collect, place_weekdays
from recoupe.link.timeline_lead import narrow_to_lead
from recoupe.link.timeline_words import french_rules

WEEK = {date(2022, 3, d) for d in range(5, 12)}  # Saturday 5 to Friday 11 March 2022


@pytest.mark.parametrize("weekdays, days", [
    ([3], {date(2022, 3, 9), date(2022, 3, 10)}),  # a Wednesday told in the lead: out on Wednesday or Thursday
    ([1, 2], {date(2022, 3, 8)}),  # Monday night and Tuesday: out on Tuesday
    ([], WEEK),  # a lead naming no weekday says nothing
    ([1, 4], WEEK),  # Monday and Thursday cannot both be the day or the day before: the lead recalls, unchanged
])
def test_the_lead_weekdays_narrow_the_publication_days(weekdays: list[int], days: set[date]) -> None:
    assert narrow_to_lead(WEEK, weekdays) == days


DRONE = "Un drone a frappé le 4 mars le convoi du général Ostrov près de l'aéroport de Korvan."


@pytest.mark.parametrize("lead, words, day", [
    ("Des missiles ont visé mercredi la base aérienne de Korvan.", "mercredi", "2022-03-09"),
    ("La base aérienne de Korvan a été la cible de plusieurs roquettes tirées mardi soir.", "mardi soir",
     "2022-03-08"),
    ("Le gouvernement a annoncé jeudi la fermeture de l'espace aérien au-dessus de Korvan.", "jeudi", "2022-03-10"),
])
def test_a_weekday_of_the_lead_is_placed_in_the_week_another_weekday_fixes(lead: str, words: str, day: str) -> None:
    # "vendredi dernier" ties the article to the week after Friday 4 March 2022; its lead tells of a day
    # of that week, reported on that day or the next.
    a = month_item("a", "alpha.fr", "2022-03", [
        (lead, [words]),
        ("Le convoi du général Ostrov a été frappé vendredi dernier par un drone près de l'aéroport de Korvan.",
         ["vendredi dernier"])])
    b = make_item("b", "beta.fr", "2022-03-05", [(DRONE, "2022-03-04", "le 4 mars")])
    rules, opts = french_rules(), TimelineOptions()
    placed = place_weekdays([a, b], _collect([a, b], rules), rules, opts)
    assert sorted(c.event.date for c in placed if c.article == "a") == sorted([day, "2022-03-04"])


@pytest.mark.parametrize("later, words", [
    ("La télévision d'État a diffusé les images des tirs de ce mercredi sur la base de Korvan.", "ce mercredi"),
    ("Ce mercredi, le ministre de la Défense a promis une riposte mesurée.", "Ce mercredi"),
])
def test_a_weekday_after_a_demonstrative_is_placed_like_the_bare_weekday(later: str, words: str) -> None:
    # "ce mercredi" is the Wednesday of the week the article is tied to, as "mercredi" is.
    a = month_item("a", "alpha.fr", "2022-03", [
        ("Des missiles ont visé mercredi la base aérienne de Korvan.", ["mercredi"]),
        ("Le convoi du général Ostrov a été frappé vendredi dernier par un drone près de l'aéroport de Korvan.",
         ["vendredi dernier"]),
        (later, [words])])
    b = make_item("b", "beta.fr", "2022-03-05", [(DRONE, "2022-03-04", "le 4 mars")])
    rules, opts = french_rules(), TimelineOptions()
    placed = place_weekdays([a, b], _collect([a, b], rules), rules, opts)
    assert [c.event.date for c in placed if c.article == "a" and c.event.evidence.text == later] == ["2022-03-09"]
