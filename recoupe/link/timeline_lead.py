"""The publication day of an article dated only by month, narrowed by the weekdays its lead reports.

A news lead reports what happened on its publication day or the day before ("des missiles ont été
lancés mercredi" in a piece of Wednesday or Thursday). Once an article's weekdays are tied to a week
(`place_weekdays`), a weekday its lead names in the past tells which days of that week it can have been
published on.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date as Date

# How many days after the day it reports a lead is published: that day itself or the next.
LEAD_DELAY = (0, 1)


def narrow_to_lead(publication: set[Date], lead_weekdays: Sequence[int]) -> set[Date]:
    """The publication days that fall on, or the day after, every ISO weekday the lead reports in the past.

    When no day fits them all (a lead recalling an older day), the days are left as they were: the lead
    then says nothing about the publication.
    """
    narrowed = {p for p in publication
                if all((p.isoweekday() - wd) % 7 in LEAD_DELAY for wd in lead_weekdays)}
    return narrowed or publication
