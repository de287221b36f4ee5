"""Rule families of the temporal tagger beyond plain dates: feasts, points "dans N jours", parts of a period,
"les N derniers jours", clock times in words, "lundi en huit", and a day joined with its clock time.

Each `resolve_<rule>` method resolves the matches of the rule of that name (timex_patterns.py) to
TIMEX3 values, with French TimeBank's conventions: determiners inside the span, positional words
("début", "fin") in the span but not in the value.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from recoupe.read.timex.base import Out, TaggerCore
from recoupe.read.timex.patterns import normalise_key
from recoupe.read.timex.resolve import (
    duration_value,
    format_week,
    resolve_weekday,
    resolve_year_of,
    shift_months,
    valid_day,
)


def easter_sunday(year: int) -> date:
    """Easter Sunday of a Gregorian year, by the anonymous Gregorian computus (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def day_number(text: str) -> int:
    """The day of "12", "1er" or "premier" (the first of the month is written as an ordinal)."""
    digits = re.match(r"\d+", text)
    return int(digits.group(0)) if digits else 1


# The precision mark of an expression that takes its value from an earlier one ("ce moment-là").
ANAPHOR = "anaphor"


class FamilyResolvers(TaggerCore):
    """Resolvers of the feast, relative-point, period-part, clock-in-words and week-ahead families."""

    def holiday_day(self, key: str, year: int) -> date:
        """The day of a feast in a given year: fixed in the calendar, or counted from Easter."""
        if key in self.g.fixed_holidays:
            month, day = self.g.fixed_holidays[key]
            return date(year, month, day)
        return easter_sunday(year) + timedelta(days=self.g.easter_holidays[key])

    def resolve_holiday(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"Noël", "à Pâques", "le 14-Juillet", "la Toussaint 2020", "Pentecôte": a feast names a day of the
        calendar; without a year, the one the text dated before, else the one the tense points to (as a
        yearless "le 25 décembre" would be)."""
        key = normalise_key(m.group("hol"))
        if m.group("y"):
            year = self.explicit_year(m.group("y"))
            self.state.feasts[key] = year
            return [self.day_out(start, end, self.holiday_day(key, year))]
        if key in self.state.feasts and not m.group("rel"):
            # The feast named again: the one the text has already dated ("Noël 2019" ... "pour Noël").
            return [self.day_out(start, end, self.holiday_day(key, self.state.feasts[key]))]
        if self.anchor.year is None:
            if key in self.g.fixed_holidays:
                month, day = self.g.fixed_holidays[key]
                return [Out(start, end, "DATE", f"XXXX-{month:02d}-{day:02d}", "day")]
            return []
        guess = self.holiday_day(key, self.anchor.year)
        direction, strict = self.rel_direction(m, start, end)
        chosen = resolve_year_of(self.anchor, guess.month, guess.day, direction, strict)
        if chosen is None:
            return []
        return [self.day_out(start, end, self.holiday_day(key, chosen), anchor=self.anchor.iso)]

    def resolve_numeric_day_month(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"le 17/02", "du 3/11 au 5/11": day and month in figures (French order) after a determiner or
        "du"/"au", the way a date is introduced (a fraction "3/4" is not); the year as for "le 17 février"."""
        day, month = int(m.group("d")), int(m.group("mo"))
        year = self.guess_year(m, month, day, start, end)
        if year is None:
            return [Out(start, end, "DATE", f"XXXX-{month:02d}-{day:02d}", "day")]
        if not valid_day(year, month, day):
            return []
        return [self.day_out(start, end, date(year, month, day), anchor=self.anchor.iso)]

    def resolve_in_n(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"dans dix jours", "dans trois mois": a point that far after the publication date (the anchor
        shifted, at the unit's precision), not a duration; clock units and no DCT keep the duration."""
        letter, factor, is_time = self.g.units[m.group("unit").lower()]
        amount = self.g.parse_number(m.group("n"))
        dct = self.anchor.as_date
        if amount is None or is_time or amount != int(amount) or dct is None:
            return [Out(m.start("n"), end, "DURATION", duration_value(amount, letter, factor, is_time))]
        n = int(amount) * factor
        if letter == "Y":
            return [Out(start, end, "DATE", f"{dct.year + n:04d}", "year", self.anchor.iso)]
        if letter == "M":
            y, mo = shift_months(dct.year, dct.month, n)
            return [Out(start, end, "DATE", f"{y:04d}-{mo:02d}", "month", self.anchor.iso)]
        if letter == "W":
            return [Out(start, end, "DATE", format_week(dct + timedelta(weeks=n)), "week", self.anchor.iso)]
        return [self.day_out(start, end, dct + timedelta(days=n), anchor=self.anchor.iso)]

    def resolve_year_part(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"en début d'année", "fin de mois", "en fin d'année dernière": the period in course (or the one
        "dernière"/"prochaine" names); a past "fin d'année" read in the first half of a year is last year's,
        a future "début d'année" read in the second half next year's."""
        unit = self.g.part_nouns[m.group("noun").lower()]
        a = self.anchor
        if a.year is None:
            return []
        direction, strict = self.rel_direction(m, start, end)
        step = (-1 if direction == "past" else 1) if strict else 0
        mod = m.group("mod").lower()
        if unit == "year" or a.month is None:
            if not strict and a.month is not None:
                edges = self.g.data["year_edge_mods"]
                if mod == edges["end"] and direction == "past" and a.month <= 6:
                    step = -1
                elif mod == edges["start"] and direction == "future" and a.month > 6:
                    step = 1
            return [Out(start, end, "DATE", f"{a.year + step:04d}", "year", a.iso)]
        if unit == "month":
            y, mo = shift_months(a.year, a.month, step)
            return [Out(start, end, "DATE", f"{y:04d}-{mo:02d}", "month", a.iso)]
        dct = a.as_date
        if dct is None:
            return [Out(start, end, "DATE", f"{a.year:04d}-{a.month:02d}", "month", a.iso)]
        return [Out(start, end, "DATE", format_week(dct + timedelta(weeks=step)), "week", a.iso)]

    def resolve_last_n(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"ces trois derniers jours", "les cinq prochaines années": a stretch of that length ending or
        starting now, which TimeML writes as its duration."""
        letter, factor, is_time = self.g.units[m.group("unit").lower()]
        return [Out(start, end, "DURATION", duration_value(self.g.parse_number(m.group("n")), letter, factor, is_time))]

    def clock_value(self, hour: int, minute: int, m: re.Match[str]) -> str | None:
        """"HH:MM" of an hour and minute, moved to the afternoon by "du soir"/"de l'après-midi"."""
        half = m.groupdict().get("half")
        if half:
            shift = self.g.clock_halves[normalise_key(half)]
            hour = hour + shift if hour < 12 else hour
        if minute < 0:
            hour, minute = hour - 1, minute + 60
        if not (0 <= hour <= 24 and 0 <= minute < 60):
            return None
        return f"{hour % 24:02d}:{minute:02d}"

    def resolve_clock_spelled(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"à quinze heures", "vers huit heures et demie", "à vingt heures trente", "à sept heures du soir"."""
        hour = self.g.parse_number(m.group("hw"))
        minute: float | None = 0
        if m.group("frac"):
            minute = self.g.clock_fractions[normalise_key(m.group("frac"))]
        elif m.group("mw"):
            minute = self.g.parse_number(m.group("mw"))
        if hour is None or minute is None or hour != int(hour) or minute != int(minute):
            return []
        clock = self.clock_value(int(hour), int(minute), m)
        return [Out(start, end, "TIME", "", "minute", clock=clock)] if clock else []

    def resolve_weekday_ahead(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"lundi en huit": the Monday a week after the coming one; "aujourd'hui en huit", a week from today."""
        dct = self.anchor.as_date
        if dct is None:
            return []
        weeks = self.g.weeks_ahead[normalise_key(m.group("ahead"))]
        if m.group("today"):
            return [self.day_out(start, end, dct + timedelta(days=weeks), anchor=self.anchor.iso)]
        coming = resolve_weekday(self.anchor, self.g.weekdays[m.group("wd").lower()], "future", strict=True)
        if coming is None:
            return []
        return [self.day_out(start, end, coming + timedelta(days=weeks), anchor=self.anchor.iso)]

    def resolve_night_between(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"la nuit de mardi à mercredi (8 janvier)": a TIME "dayTNI" dated by the day the night ends on, when
        its news happens (after midnight) and the day a date written after it names."""
        first = self.g.weekdays[m.group("wd0").lower()]
        second = self.g.weekdays[m.group("wd").lower()]
        if second != first % 7 + 1:
            return []
        if m.group("d"):
            days = self.resolve_day_month(m, start, end)  # type: ignore[attr-defined]
            if not days or days[0].day is None:
                return days
            d: date | None = days[0].day
        else:
            direction, _strict = self.rel_direction(m, start, end)
            d = resolve_weekday(self.anchor, second, direction)
        if d is None:
            return []
        return [Out(start, end, "TIME", f"{d.isoformat()}TNI", "part_of_day", self.anchor.iso, d)]

    def resolve_n_later(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"trois jours plus tard", "deux ans auparavant": a point that far from the story's last dated day, at
        the unit's precision (narrative news counts from its own dates); looking back with no day told
        before, from the publication date; looking ahead with none, only the duration is known."""
        letter, factor, is_time = self.g.units[m.group("unit").lower()]
        amount = self.g.parse_number(m.group("n"))
        sign = self.g.later_words[normalise_key(m.group("later"))]
        before = [d for pos, d in self.state.days if pos < start]
        # "deux jours plus tôt" may count back from today; "deux jours plus tard" needs a day told before it.
        base = before[-1] if before else self.anchor.as_date if sign < 0 else None
        if amount is None or is_time or amount != int(amount) or base is None:
            return [Out(start, m.end("unit"), "DURATION", duration_value(amount, letter, factor, is_time))]
        n = int(amount) * factor * sign
        if letter == "Y":
            return [Out(start, end, "DATE", f"{base.year + n:04d}", "year", base.isoformat())]
        if letter == "M":
            y, mo = shift_months(base.year, base.month, n)
            return [Out(start, end, "DATE", f"{y:04d}-{mo:02d}", "month", base.isoformat())]
        if letter == "W":
            return [Out(start, end, "DATE", format_week(base + timedelta(weeks=n)), "week", base.isoformat())]
        return [self.day_out(start, end, base + timedelta(days=n), anchor=base.isoformat())]

    def resolve_ordinal_period(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"au premier trimestre 2020" -> 2020-Q1, "le second semestre" -> H2 of the year in course, or of
        the year before (after) when the tense tells of a period that has not yet come (is gone)."""
        letter, per_year = self.g.ordinal_periods[m.group("noun").lower()]
        n = self.g.ordinals.get(normalise_key(m.group("ord")))
        if n is None or not 1 <= n <= per_year:
            return []
        year = self.explicit_year(m.group("y")) if m.group("y") else self.anchor.year
        a = self.anchor
        if not m.group("y") and year is not None and a.month is not None:
            # Told in the past, a period still to come this year is last year's; told ahead, one gone is next year's.
            index = (a.month - 1) * per_year // 12 + 1
            direction = self.direction(start, end)
            year += -1 if direction == "past" and n > index else 1 if direction == "future" and n < index else 0
        if year is None:
            return [Out(start, end, "DATE", f"XXXX-{letter}{n}", "quarter")]
        return [Out(start, end, "DATE", f"{year:04d}-{letter}{n}", "quarter", None if m.group("y") else self.anchor.iso)]

    def resolve_night_before(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"la nuit dernière": the night before the publication day, a TIME "dayTNI" on the eve."""
        pod = self.g.night_before[normalise_key(m.group("nb"))]
        return [self.relative_out(start, end, -1, pod)]

    def resolve_new_year(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"la nouvelle année": the year just begun at publication, the DCT's."""
        if self.anchor.year is None:
            return []
        return [Out(start, end, "DATE", f"{self.anchor.year:04d}", "year", self.anchor.iso)]

    def resolve_moment_anaphor(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"à ce moment-là": the moment last told before it; its value is copied once every clock time is
        on its day (see `point_back`)."""
        return [Out(start, end, "TIME", "", ANAPHOR)]

    def point_back(self, outs: list[Out]) -> None:
        """Give each "ce moment-là" the value of the last clock time before it, else of the last dated day."""
        for i, out in enumerate(outs):
            if out.precision != ANAPHOR:
                continue
            earlier = [o for o in outs[:i] if o.value and o.value[:1].isdigit()]
            clocks = [o for o in earlier if o.type == "TIME" and "T" in o.value]
            days = [o for o in earlier if o.precision == "day"]
            source = clocks[-1] if clocks else days[-1] if days else None
            if source is not None:
                out.type, out.value, out.precision, out.anchor = source.type, source.value, source.precision, source.value
