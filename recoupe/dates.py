"""Partial calendar dates: a year, maybe a month, maybe a day — the precision news dates come at."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to some precision; missing parts are None (even the year may be missing)."""

    year: int | None
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str | None:
        """"day", "month" or "year" when the year is known; None without a year."""
        if self.year is None:
            return None
        if self.month is None:
            return "year"
        return "day" if self.day is not None else "month"

    @property
    def iso(self) -> str | None:
        """ISO 8601 at this date's own precision ("2021-07-23", "2021-07", "2021"); None without a year."""
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def from_iso(cls, value: str) -> PartialDate | None:
        """The date an ISO value states at its precision ("2021", "2021-07", "2021-07-26", a time after "T"
        ignored); None for anything else."""
        m = _ISO.fullmatch(value.split("T")[0])
        if not m:
            return None
        return cls(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)

    @property
    def enclosing(self) -> list[str]:
        """The ISO values of the coarser periods that hold this date, narrowest first ("2021-07-26" ->
        ["2021-07", "2021"], "2021-07" -> ["2021"], a year -> [])."""
        if self.year is None or self.month is None:
            return []
        year = f"{self.year:04d}"
        return [f"{year}-{self.month:02d}", year] if self.day is not None else [year]

    @property
    def first_day(self) -> date | None:
        """The first day the date covers ("2021-07" -> 1 July 2021); None without a year."""
        if self.year is None:
            return None
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> date | None:
        """The last day the date covers ("2021-07" -> 31 July 2021); None without a year."""
        if self.year is None:
            return None
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    @property
    def as_date(self) -> date | None:
        """The day as a `date` when it is known to the day."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)

    def agrees(self, other: PartialDate) -> bool:
        """Whether the two dates agree on every part both of them know."""
        pairs = ((self.year, other.year), (self.month, other.month), (self.day, other.day))
        return all(a is None or b is None or a == b for a, b in pairs)

    def merged(self, other: PartialDate) -> PartialDate:
        """This date with the parts it lacks taken from `other` (call only when they agree)."""
        return PartialDate(self.year if self.year is not None else other.year,
                           self.month if self.month is not None else other.month,
                           self.day if self.day is not None else other.day)
