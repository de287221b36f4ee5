"""Dates with a precision are parsed in one place (`recoupe.dates.PartialDate`): the readers of a
year, a month or a day elsewhere agree with it."""

from __future__ import annotations

from datetime import date

import pytest

from recoupe.dates import PartialDate
from recoupe.link.stories import ordinal
from recoupe.read.events import event_date
from recoupe.records import Mention, TimeRef
from recoupe.tell.story_common import infer_precision


@pytest.mark.parametrize(("value", "enclosing"), [
    ("2021-07-26", ["2021-07", "2021"]),
    ("1998-12-01", ["1998-12", "1998"]),
    ("2021-07", ["2021"]),
    ("2021", []),
])
def test_enclosing_lists_the_coarser_periods_narrowest_first(value: str, enclosing: list[str]) -> None:
    parsed = PartialDate.from_iso(value)
    assert parsed is not None and parsed.enclosing == enclosing


@pytest.mark.parametrize(("value", "precision"), [
    ("2021-07-26", "day"), ("2021-07-26T15:30", "day"), ("2021-07", "month"), ("2021", "year"),
    ("2011-Q4", "month"),  # no calendar date: read by its length
])
def test_infer_precision_reads_the_calendar_value(value: str, precision: str) -> None:
    assert infer_precision(value) == precision


@pytest.mark.parametrize(("value", "expected"), [
    ("2021-07-26", (2021, 7, 26)), ("2021-07-26T08:00:00", (2021, 7, 26)),
    ("2021-07", (2021, 7, 15)),  # a month stands at its middle
    ("2021", (2021, 7, 1)),  # a year at its middle
])
def test_ordinal_places_a_date_at_the_middle_of_its_period(value: str, expected: tuple[int, int, int]) -> None:
    assert ordinal(value) == date(*expected).toordinal()


@pytest.mark.parametrize("value", ["", "2021-02-30", "juillet 2021", None])
def test_ordinal_is_none_for_what_is_no_date(value: str | None) -> None:
    assert ordinal(value) is None


@pytest.mark.parametrize(("value", "expected"), [
    ("2021-07-22TEV", ("2021-07-22", "day")), ("2021-07-22T15:30", ("2021-07-22", "day")),
    ("2019-03", ("2019-03", "month")), ("2019", ("2019", "year")),
    ("2011-Q4", None), ("PRESENT_REF", None), ("XXXX-07-22", None),
])
def test_event_date_keeps_calendar_values_at_their_precision(value: str, expected: tuple[str, str] | None) -> None:
    timex = TimeRef("DATE", value, Mention("a", 0, 4, "date"))
    assert event_date(timex) == expected
