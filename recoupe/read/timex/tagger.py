"""French temporal tagger and normaliser: finds TIMEX3 expressions in news text and resolves them against the DCT.

Rules are regular expressions built from the language plug's `timex.json`
(timex_patterns.py); this module picks non-overlapping matches (longest first)
and resolves each to a TIMEX3 value following French TimeBank conventions:
determiners "le"/"les" are inside the span, prepositions ("en", "depuis", "à")
are outside; positional modifiers ("début", "fin", "mi-") are in the span but
do not change the value ("fin 2011" -> "2011"). Relative expressions are
resolved against the publication date (DCT): weekdays and month names without
year go backwards in past-tense reporting and forwards in future tense.

DCT known only to the month ("2021-07"): a weekday or "hier" cannot be put on a
day, so it gets the DCT month ("2021-07", precision "month") -- the most precise
value that is still true to within the few days of uncertainty. With no DCT at
all, day-relative words get PAST_REF / PRESENT_REF / FUTURE_REF and weekdays the
unanchored "XXXX-WXX-n".
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from recoupe.lang import Language
from recoupe.read.timex.accept import MatchFilter
from recoupe.read.timex.base import Candidate, Out
from recoupe.read.timex.families import FamilyResolvers, day_number
from recoupe.read.timex.gates import folds_plainly, may_match_all
from recoupe.read.timex.patterns import Rule, get_grammar, normalise_key
from recoupe.read.timex.resolve import (
    duration_value,
    expand_two_digit_year,
    format_week,
    in_calendar,
    parse_anchor,
    resolve_weekday,
    shift_months,
    valid_day,
)
from recoupe.records import Mention, TimeRef

if TYPE_CHECKING:
    from spacy.language import Language as SpacyLanguage
    from spacy.tokens import Doc

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
# A day this close to the publication date is of the DCT's year whatever weekday is written beside it.
NEAR_DCT_DAYS = 31
POD_FOR_CLOCK = {"MO", "AF", "EV", "NI", "DT"}


def _roman(text: str) -> int | None:
    if not text.isdigit():
        values = [ROMAN.get(ch.upper()) for ch in text]
        if any(v is None for v in values):
            return None
        nums = [v for v in values if v is not None]
        return sum(-v if i + 1 < len(nums) and v < nums[i + 1] else v for i, v in enumerate(nums))
    return int(text)


class _Tagger(FamilyResolvers):
    """Tags one document: collects rule matches, keeps the longest non-overlapping ones, resolves them in order."""

    # ---- candidate collection --------------------------------------------------------------------
    def collect(self) -> list[Candidate]:
        """Every accepted rule match, then the longest non-overlapping ones in text order."""
        found: list[Candidate] = []
        checks = MatchFilter(self.text, self.g, self.doc)
        for rule in self.open_rules():
            accept = getattr(checks, f"accept_{rule.name}", None)
            for m in rule.pattern.finditer(self.text):
                span = m.span("span") if "span" in m.groupdict() else m.span()
                if span[0] == span[1] or (accept is not None and not accept(m)):
                    continue
                found.append(Candidate(span[0], span[1], rule.name, rule.priority, m))
        found.sort(key=lambda c: (-(c.end - c.start), c.priority, c.start))
        chosen: list[Candidate] = []
        taken = bytearray(len(self.text) + 1)
        for c in found:
            if any(taken[c.start:c.end]):
                continue
            taken[c.start:c.end] = b"\x01" * (c.end - c.start)
            chosen.append(c)
        chosen.sort(key=lambda c: c.start)
        return chosen

    def open_rules(self) -> list[Rule]:
        """The rules that can match the text: those each of whose requirements has a word in it (a requirement
        shared by several rules, as the month names are, is asked once), or every rule when the text's case
        folding is not plain."""
        folded = self.text.lower()
        if not folds_plainly(self.text, folded):
            return list(self.g.rules)
        answers: dict[tuple[str, ...], bool] = {}
        rules = []
        for rule in self.g.rules:
            for gate in rule.gates:
                if gate not in answers:
                    answers[gate] = may_match_all((gate,), folded)
            if all(answers[gate] for gate in rule.gates):
                rules.append(rule)  # else a word every match of the rule holds is missing from the text
        return rules

    # ---- resolution ------------------------------------------------------------------------------
    def run(self) -> list[Out]:
        """Resolve the chosen candidates: dates first in text order, then clock times against the day in context."""
        outs: list[Out] = []
        for c in self.collect():
            resolve = getattr(self, f"resolve_{c.rule}")
            try:
                resolved = resolve(c.match, c.start, c.end) or []
            except (OverflowError, ValueError):  # date arithmetic past year 1 or 9999 (a DCT at the edge)
                continue
            for out in resolved:
                if not in_calendar(out.value):  # "il y a trois ans" from year 2: no such year
                    continue
                outs.append(out)
                if out.day is not None:
                    self.state.days.append((out.start, out.day))
                if out.type == "DATE" and out.precision == "year" and out.value.isdigit():
                    self.state.years.append((out.start, int(out.value)))
        for out in outs:
            if out.clock is not None:
                self.finish_clock(out)
        self.point_back(outs)
        return outs

    def resolve_numeric_date(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"23.07.2021", "12/06/20": day first, as French writes it."""
        d, mo, y = int(m.group("d")), int(m.group("mo")), self.explicit_year(m.group("y"))
        return [self.day_out(start, end, date(y, mo, d))] if valid_day(y, mo, d) else []

    def resolve_iso_date(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"2021-07-23"."""
        return self.resolve_numeric_date(m, start, end)

    def near_dct(self, year: int, month: int, day: int) -> bool:
        """Whether a day lies within NEAR_DCT_DAYS of a DCT known to the day."""
        dct = self.anchor.as_date
        return dct is not None and valid_day(year, month, day) and abs((date(year, month, day) - dct).days) <= NEAR_DCT_DAYS

    def resolve_day_month(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"le 7 avril", "mercredi 3 avril 2002", "le 6 mai dernier", "10 novembre 93"."""
        day = day_number(m.group("d"))
        month = self.month_num(m.group("mo"))
        if m.group("y"):
            year: int | None = self.explicit_year(m.group("y"))
            anchor = None
        else:
            year = self.guess_year(m, month, day, start, end)
            anchor = self.anchor.iso
            weekday = self.g.weekdays.get((m.groupdict().get("wd") or "").lower())
            if year is not None and weekday is not None and not self.near_dct(year, month, day):
                # "jeudi 12 novembre": the year, next to the guessed one, in which that day is a Thursday.
                # Within a month of the DCT the year is not in doubt: a weekday that disagrees is a slip.
                fits = [y for y in (year, year - 1, year + 1) if valid_day(y, month, day)
                        and date(y, month, day).isoweekday() == weekday]
                year = fits[0] if fits else year
        if year is None:
            return [Out(start, end, "DATE", f"XXXX-{month:02d}-{day:02d}", "day")]
        if not valid_day(year, month, day):
            return []
        return [self.day_out(start, end, date(year, month, day), anchor=anchor)]

    def resolve_range_day(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """The first day of "les 6 et 13 avril", "du 3 au 5 mars" (the second is tagged by day_month)."""
        return self.resolve_day_month(m, start, end)

    def resolve_month_year(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"juin 2020", "début octobre 98", "le mois de mai 2001"."""
        year = self.explicit_year(m.group("y"))
        return [Out(start, end, "DATE", f"{year:04d}-{self.month_num(m.group('mo')):02d}", "month")]

    def resolve_month(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"en juin", "septembre dernier", "mi-mars", "en août de la même année"."""
        month = self.month_num(m.group("mo"))
        year = self.guess_year(m, month, None, start, end)
        if year is None:
            return [Out(start, end, "DATE", f"XXXX-{month:02d}", "month")]
        return [Out(start, end, "DATE", f"{year:04d}-{month:02d}", "month", self.anchor.iso)]

    def resolve_year(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"en 2014", "fin 2011", "l'année 2001"."""
        year = self.explicit_year(m.group("y"))
        return [Out(start, end, "DATE", f"{year:04d}", "year")]

    def resolve_decade(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"les années 90" -> "199X", "les années 2000" -> "200X" (French TimeBank writes the unknown digits as X)."""
        raw = m.group("dec")
        if raw.isdigit():
            year = int(raw) if len(raw) == 4 else expand_two_digit_year(int(raw), self.anchor)
        else:
            n = self.g.parse_number(raw)
            if n is None or n % 10 or n >= 100:
                return []
            year = expand_two_digit_year(int(n), self.anchor)
        return [Out(start, end, "DATE", f"{year // 10:03d}X", "decade")]

    def resolve_century(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"le XXe siècle" -> "19XX" (French TimeBank writes the unknown digits as X)."""
        n = _roman(m.group("c"))
        return [Out(start, end, "DATE", f"{n - 1:02d}XX", "century")] if n and 0 < n < 30 else []

    def resolve_season(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"l'été 2020" -> "2020-SU", "cet hiver", "l'été dernier"; a bare "en été" is the generic "XXXX-SU"."""
        code = self.g.seasons[m.group("season").lower()]
        det = normalise_key(m.group("det") or "")
        year: int | None = None
        if m.group("y"):
            year = self.explicit_year(m.group("y"))
        elif self.anchor.year is not None and (m.group("rel") or det in self.g.data["this_words"]):
            year = self.anchor.year
            started = self.anchor.month is None or SEASON_START[code] <= self.anchor.month
            if m.group("rel") and m.group("rel").lower() in self.g.past_words and not started:
                year -= 1
            elif m.group("rel") and m.group("rel").lower() in self.g.future_words and started:
                year += 1
        return [Out(start, end, "DATE", f"{year:04d}-{code}" if year else f"XXXX-{code}", "season")]

    def resolve_period(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"la semaine dernière", "cette année", "le mois prochain", "ce week-end", "l'an dernier"."""
        unit = self.g.period_nouns[m.group("noun").lower()]
        step = 0
        rel = m.group("rel")
        if rel:
            step = -1 if rel.lower() in self.g.past_words else 1
        a = self.anchor
        narrative = bool(rel) and rel.lower() in self.g.data["narrative_words"]
        if unit == "year" and narrative and self.state.last_year is not None:
            # "l'année suivante" follows the story's year, not the publication's.
            return [Out(start, end, "DATE", f"{self.state.last_year + step:04d}", "year")]
        if a.year is None:
            return [Out(start, end, "DATE", "PAST_REF" if step < 0 else "FUTURE_REF" if step > 0 else "PRESENT_REF")]
        if unit == "year":
            return [Out(start, end, "DATE", f"{a.year + step:04d}", "year", a.iso)]
        if unit == "century":
            # "le siècle dernier" read in 2021 is the 1900s: French TimeBank writes it "19XX".
            return [Out(start, end, "DATE", f"{a.year // 100 + step:02d}XX", "century", a.iso)]
        if unit == "decade":
            return [Out(start, end, "DATE", f"{a.year // 10 + step:03d}X", "decade", a.iso)]
        if a.month is None:
            return [Out(start, end, "DATE", f"{a.year:04d}", "year", a.iso)]
        if unit == "month":
            y, mo = shift_months(a.year, a.month, step)
            return [Out(start, end, "DATE", f"{y:04d}-{mo:02d}", "month", a.iso)]
        if unit == "quarter":
            y, mo = shift_months(a.year, a.month, 3 * step)
            return [Out(start, end, "DATE", f"{y:04d}-Q{(mo - 1) // 3 + 1}", "quarter", a.iso)]
        if unit == "half":
            y, mo = shift_months(a.year, a.month, 6 * step)
            return [Out(start, end, "DATE", f"{y:04d}-H{(mo - 1) // 6 + 1}", "half", a.iso)]
        dct = a.as_date
        if unit in ("week", "weekend") and dct is not None:
            if unit == "weekend" and step == 0 and dct.isoweekday() < 6 and self.direction(start, end) == "past":
                step = -1
            ref = dct + timedelta(days=7 * step)
            suffix = "-WE" if unit == "weekend" else ""
            return [Out(start, end, "DATE", format_week(ref) + suffix, "week", a.iso)]
        if unit in ("century", "decade"):
            return []  # handled above, before the month is needed
        return [Out(start, end, "DATE", a.iso or "", a.precision, a.iso)]

    def resolve_same_year(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"la même année": the last explicit year of the document."""
        if self.state.last_year is None:
            return []
        return [Out(start, end, "DATE", f"{self.state.last_year:04d}", "year")]

    def resolve_relative_day(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"hier", "aujourd'hui vendredi", "demain matin", "hier soir"."""
        offset = self.g.relative_days[normalise_key(m.group("rd"))]
        pod = self.g.parts_of_day.get(m.group("pod").lower()) if m.group("pod") else None
        return [self.relative_out(start, end, offset, pod)]

    def resolve_this_part(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"ce matin", "ce soir", "cette nuit": today's part of day."""
        return [self.relative_out(start, end, 0, self.g.parts_of_day[m.group("pod").lower()])]

    def resolve_weekday(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"jeudi": the one before the DCT in past reporting, after it in future; "mardi soir", "vendredi dernier"."""
        wd = self.g.weekdays[m.group("wd").lower()]
        pod = self.g.parts_of_day.get(m.group("pod").lower()) if m.group("pod") else None
        if (m.group("det") or "").lower() in self.g.data["habitual_determiners"] and not m.group("rel"):
            # The definite article makes a weekday habitual: "le mercredi" = on Wednesdays.
            return [Out(start, end, "SET", f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""))]
        direction, strict = self.rel_direction(m, start, end)
        d = resolve_weekday(self.anchor, wd, direction, strict)
        if d is not None and strict:
            d = self.skip_eve(d)
        d = d or self.weekday_near_story(wd, start)
        if d is None:
            if self.anchor.iso is not None:
                return [Out(start, end, "DATE", self.anchor.iso, self.anchor.precision, self.anchor.iso)]
            return [Out(start, end, "DATE", f"XXXX-WXX-{wd}")]
        return [self.day_out(start, end, d, pod=pod, anchor=self.anchor.iso)]

    def skip_eve(self, d: date) -> date:
        """A weekday with "dernier"/"prochain" is not the day next to publication: news calls that day
        "hier" or "demain", so "lundi dernier" read on a Tuesday is the Monday of the week before."""
        dct = self.anchor.as_date
        if dct is None or abs((d - dct).days) != 1:
            return d
        return d + timedelta(days=7 if d > dct else -7)

    def weekday_near_story(self, weekday: int, start: int) -> date | None:
        """With a DCT known only to the month, the story's own dates anchor a weekday: the day of that name
        within three days of the last day the text has dated in the DCT's month, else None."""
        a = self.anchor
        if a.as_date is not None or a.month is None:
            return None
        story = [d for pos, d in self.state.days if pos < start and (d.year, d.month) == (a.year, a.month)]
        if not story:
            return None
        base = story[-1]
        return base + timedelta(days=(weekday - base.isoweekday() + 3) % 7 - 3)

    def resolve_weekday_day(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"samedi 12" without month: the day numbered 12 nearest the DCT that falls on a Saturday."""
        dct = self.anchor.as_date
        wd = self.g.weekdays[m.group("wd").lower()]
        if dct is None:  # no day to count from: as a bare weekday would be (this pattern has no "pod"/"rel")
            if self.anchor.iso is not None:
                return [Out(start, end, "DATE", self.anchor.iso, self.anchor.precision, self.anchor.iso)]
            return [Out(start, end, "DATE", f"XXXX-WXX-{wd}")]
        day = int(re.match(r"\d+", m.group("d")).group(0))  # type: ignore[union-attr]
        options = []
        for step in (-1, 0, 1):
            y, mo = shift_months(dct.year, dct.month, step)
            if valid_day(y, mo, day):
                options.append(date(y, mo, day))
        matching = [d for d in options if d.isoweekday() == wd] or options
        if not matching:
            return []
        best = min(matching, key=lambda d: abs((d - dct).days))
        return [self.day_out(start, end, best, anchor=self.anchor.iso)]

    def resolve_anchored_day(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"la veille", "le lendemain": a day before or after the last dated day of the text (else the DCT)."""
        offset = self.g.anchored_days[normalise_key(m.group("ad"))]
        before = [d for pos, d in self.state.days if pos < start]
        base = before[-1] if before else self.anchor.as_date
        if base is None:
            return []
        pod = self.g.parts_of_day.get(m.group("pod").lower()) if m.group("pod") else None
        return [self.day_out(start, end, base + timedelta(days=offset), pod=pod, anchor=base.isoformat())]

    def resolve_anchored_part(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"dans la soirée", "pendant la nuit": a part of the day in context."""
        pod = self.g.parts_of_day[m.group("pod").lower()]
        return [Out(start, end, "TIME", "", "part_of_day", clock=pod)]

    def resolve_part_same(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"le matin même": a part of the day in context."""
        return self.resolve_anchored_part(m, start, end)

    def resolve_clock(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"21 h 45", "vers 18 h", "8h du soir": a time on the day in context."""
        clock = self.clock_value(int(m.group("h")), int(m.group("mi") or 0), m)
        return [Out(start, end, "TIME", "", "minute", clock=clock)] if clock else []

    def resolve_clock_word(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"à 15 heures"."""
        return self.resolve_clock(m, start, end)

    def resolve_clock_colon(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"à 10:12"."""
        return self.resolve_clock(m, start, end)

    def resolve_clock_named(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"vers midi", "à minuit"."""
        return [Out(start, end, "TIME", "", "minute", clock=self.g.clock_words[m.group("cw").lower()])]

    def told_before_its_day(self, out: Out, day: date | None) -> bool:
        """Whether a time of day borrowed from a day named before it is told in the past although that day is
        after the publication day ("le verdict tombera lundi. [...] vers 9h, les avocats sont sortis").

        What a sentence tells as done has happened by the time it is published: the later day an earlier
        sentence announced is not its day, the publication day is.
        """
        dct = self.anchor.as_date
        return day is not None and dct is not None and day > dct and self.direction(out.start, out.end) == "past"

    def finish_clock(self, out: Out) -> None:
        """Put a time on the day in context: a dated day of the same sentence, else the last one before, else the DCT."""
        s0, s1 = self.sentence_bounds(out.start, out.end)
        same = [(abs(pos - out.start), d) for pos, d in self.state.days if s0 <= pos < s1 and pos != out.start]
        line_start = self.text.rfind("\n", 0, out.start) + 1
        before = [d for pos, d in self.state.days if pos < out.start]
        if not self.text[line_start:out.start].strip() and re.match(r"\s*[:\-–—]\s", self.text[out.end:out.end + 3]):
            # "14h05 : ..." opening a line is a live-blog or dispatch timestamp: the publication day.
            same, before = [], []
        day: date | None = min(same, key=lambda x: x[0])[1] if same else before[-1] if before else self.anchor.as_date
        if not same and self.told_before_its_day(out, day):
            day = self.anchor.as_date
        if day is None:
            out.value = f"T{out.clock}"
            return
        out.value = f"{day.isoformat()}T{out.clock}"
        out.anchor = day.isoformat()

    def resolve_ago(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"il y a trois ans" -> the DCT minus three years, "il y a une dizaine de jours" about ten days back;
        a vague "il y a quelques mois" stays a duration."""
        letter, factor, is_time = self.g.units[m.group("unit").lower()]
        number = "n" if m.group("n") else "n2"  # "il y a trois jours" / "il y a une dizaine de jours"
        amount = self.g.parse_number(m.group(number))
        dct = self.anchor.as_date
        if amount is None or dct is None or is_time or amount != int(amount):
            s, e = m.span(number)[0], end
            return [Out(s, e, "DURATION", duration_value(amount, letter, factor, is_time))]
        n = int(amount) * factor
        if letter == "Y":
            return [Out(start, end, "DATE", f"{dct.year - n:04d}", "year", self.anchor.iso)]
        if letter == "M":
            y, mo = shift_months(dct.year, dct.month, -n)
            return [Out(start, end, "DATE", f"{y:04d}-{mo:02d}", "month", self.anchor.iso)]
        if letter == "W":
            return [Out(start, end, "DATE", format_week(dct - timedelta(weeks=n)), "week", self.anchor.iso)]
        return [self.day_out(start, end, dct - timedelta(days=n), anchor=self.anchor.iso)]

    def resolve_fixed_duration(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"un quart de siècle", "quinquennat"."""
        return [Out(start, end, "DURATION", self.g.fixed_durations[normalise_key(m.group("fixed"))])]

    def resolve_duration(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"trois ans", "30,4 secondes", "plusieurs jours" (PXD), "environ deux mois"."""
        letter, factor, is_time = self.g.units[m.group("unit").lower()]
        n = normalise_key(m.group("n"))
        amount = None if n in self.g.vague_quantities else self.g.parse_number(n)
        return [Out(start, end, "DURATION", duration_value(amount, letter, factor, is_time))]

    def resolve_collective_duration(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"une vingtaine d'années" -> P20Y; "des dizaines d'années" -> PXY."""
        letter, factor, is_time = self.g.units[m.group("unit").lower()]
        amount = self.g.parse_number(m.group("n"))
        return [Out(start, end, "DURATION", duration_value(amount, letter, factor, is_time))]

    def resolve_set_every_n(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"tous les deux ans" -> P2Y."""
        letter, factor, is_time = self.g.units[m.group("unit").lower()]
        return [Out(start, end, "SET", duration_value(self.g.parse_number(m.group("n")), letter, factor, is_time))]

    def resolve_set_weekday(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"tous les jeudis", "chaque lundi" -> XXXX-WXX-4."""
        wd = self.g.weekdays_plural[m.group("wdp").lower()] if m.group("wdp") else self.g.weekdays[m.group("wd").lower()]
        return [Out(start, end, "SET", f"XXXX-WXX-{wd}")]

    def resolve_set(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"chaque année" -> P1Y, "tous les jours" -> P1D, "par an" -> P1Y."""
        key = normalise_key(m.group("set"))
        # A head may hold several words ("tous les") and a noun too ("la journée"): the longest head wins.
        for head in sorted(self.g.sets, key=len, reverse=True):
            if key.startswith(head + " "):
                value = self.g.sets[head].get(key[len(head) + 1:])
                if value:
                    return [Out(start, end, "SET", value)]
        return []

    def resolve_set_adjective(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"annuel" -> P1Y."""
        return [Out(start, end, "SET", self.g.set_adjectives[m.group("adj").lower()])]

    def resolve_vague_ref(self, m: re.Match[str], start: int, end: int) -> list[Out]:
        """"désormais" -> PRESENT_REF, "auparavant" -> PAST_REF."""
        return [Out(start, end, "TIME", self.g.vague_refs[normalise_key(m.group("vr"))])]


def tag_timexes(text: str, dct: str | None, lang: Language, doc: Doc | None = None,
                article_id: str = "") -> list[TimeRef]:
    """Find and normalise the temporal expressions of `text`, resolving relative ones against `dct`.

    `dct` is the publication date (ISO at day, month or year precision, or None);
    `doc`, a spaCy Doc of the same text, lets tense come from the morphology.
    """
    tagger = _Tagger(text, parse_anchor(dct), get_grammar(lang), doc)
    refs: list[TimeRef] = []
    for out in tagger.run():
        if not out.value:
            continue
        mention = Mention(article_id, out.start, out.end, text[out.start:out.end])
        refs.append(TimeRef(out.type, out.value, mention, out.precision, out.anchor))
    return refs


def tag_jsonl(in_path: Path, out_path: Path, lang: Language, nlp: SpacyLanguage | None = None) -> int:
    """Tag every `{"id", "text", "dct"}` line of `in_path` into `{"id", "timexes": [...]}` lines; return the count.

    Each text is parsed by the language's spaCy pipeline (loaded once here unless `nlp` is
    given) and tagged with its Doc, exactly as the reader does in `recoupe analyze`: what is
    measured on TimeBank is what runs on articles.
    """
    from recoupe.read.nlp import load_nlp, pipe_texts

    with Path(in_path).open(encoding="utf-8") as src:
        records = [json.loads(line) for line in src if line.strip()]
    pipeline = nlp if nlp is not None else load_nlp(lang)
    docs = pipe_texts(pipeline, (str(r["text"]) for r in records))
    with Path(out_path).open("w", encoding="utf-8") as dst:
        for record, doc in zip(records, docs, strict=True):
            refs = tag_timexes(doc.text, record.get("dct"), lang, doc=doc, article_id=str(record["id"]))
            timexes = [{"start": r.mention.start, "end": r.mention.end, "text": r.mention.text,
                        "type": r.type, "value": r.value} for r in refs]
            dst.write(json.dumps({"id": record["id"], "timexes": timexes}, ensure_ascii=False) + "\n")
    return len(records)
