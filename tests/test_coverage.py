"""A story's coverage window: what its articles date before it is background, kept, marked, weighing less."""

from __future__ import annotations

import datetime as dt

import pytest
from test_timeline import make_item

from recoupe.link.coverage import before_coverage, coverage_start, first_day, last_day
from recoupe.link.timeline import build_timeline


@pytest.mark.parametrize("value, first, last", [
    ("2021-07-26", "2021-07-26", "2021-07-26"),
    ("2021-07", "2021-07-01", "2021-07-31"),
    ("2020-02", "2020-02-01", "2020-02-29"),
    ("1986", "1986-01-01", "1986-12-31"),
    ("2021-W30", "2021-07-26", "2021-08-01"),
    ("2021-07-26T20:00", "2021-07-26", "2021-07-26"),
])
def test_periods_have_a_first_and_a_last_day(value: str, first: str, last: str) -> None:
    assert (first_day(value), last_day(value)) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))


def test_the_window_opens_a_week_before_the_first_publication() -> None:
    start = coverage_start(["2011-03-02", "2011-02-16", None, "2011-04"])
    assert start == dt.date(2011, 2, 9)
    assert coverage_start([None]) is None
    assert before_coverage("1986", start) and before_coverage("2011-02", start) is False
    assert before_coverage("2011-02-08", start) and not before_coverage("2011-02-15", start)
    assert not before_coverage("1986", None)


@pytest.mark.parametrize("recalled, retold", [
    (("La monarchie avait été renversée par un coup d'État militaire en 1969 à Tripoli.", "1969", "1969"),
     ("En 1969, des officiers avaient renversé la monarchie par un coup d'État à Tripoli.", "1969", "En 1969")),
    (("Un avion de ligne avait explosé au-dessus de l'Écosse le 21 décembre 1988.", "1988-12-21",
      "21 décembre 1988"),
     ("Le 21 décembre 1988, un avion de ligne explosait en vol au-dessus de l'Écosse.", "1988-12-21",
      "Le 21 décembre 1988")),
    (("Le traité d'amitié entre les deux pays avait été signé en août 2008.", "2008-08", "août 2008"),
     ("Les deux pays avaient signé leur traité d'amitié en août 2008 à Benghazi.", "2008-08", "août 2008")),
])
def test_what_a_story_recalls_before_its_window_is_background(recalled: tuple[str, str, str],
                                                              retold: tuple[str, str, str]) -> None:
    news = ("Les rebelles ont pris le 20 février le contrôle de la ville portuaire de Benghazi.", "2011-02-20",
            "le 20 février")
    a = make_item("a", "alpha.fr", "2011-02-21", [news, recalled])
    b = make_item("b", "beta.fr", "2011-02-22", [
        ("Depuis le 20 février, la ville portuaire de Benghazi est sous le contrôle des rebelles.", "2011-02-20",
         "le 20 février"), retold])
    timeline = build_timeline([a, b])
    past = [e for e in timeline if e.date == recalled[1]]
    now = [e for e in timeline if e.date == "2011-02-20"]
    assert len(past) == 1 and len(now) == 1
    assert past[0].background and not now[0].background
    # two sources each, yet the recalled past weighs less than what the story reports
    assert len(past[0].sources) == len(now[0].sources) == 2
    assert past[0].weight < now[0].weight
