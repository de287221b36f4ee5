"""The temporal tagger's regular expressions, compiled once per language from `timex.json`.

Every word comes from the language plug: its word tables from `timex.json`, the
grammar that assembles them into one pattern per rule family (and reads spelled
numbers back) from its hooks (`timex_rules`, `parse_number_words`); this module
holds the tables and the language-neutral pieces (word boundaries, years).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from recoupe.lang import Language
from recoupe.read.timex.gates import Gates, find_gates

FLAGS = re.IGNORECASE | re.UNICODE
# Word boundaries that also treat "-" and apostrophes as part of a word ("avant-hier", "aujourd'hui").
B = r"(?<![\w\-])"
E = r"(?![\w\-])"
YEAR4 = r"(?:1[0-9]\d\d|20\d\d)(?!\d|[.,]\d)"


def alternation(words: list[str] | set[str] | dict[str, Any]) -> str:
    """A regex alternation of literal words, longest first, spaces matching any run of blanks."""
    items = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) + ")"


def normalise_key(text: str) -> str:
    """Lower-case and collapse blanks so a matched phrase can be looked up in the data tables."""
    return re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip()


@dataclass(frozen=True)
class Rule:
    """One rule family: a name (the resolver's method) and its compiled pattern."""

    name: str
    pattern: re.Pattern[str]
    priority: int
    gates: Gates = ()  # requirements every match meets, each words one of which it holds (timex.gates)


class TimexGrammar:
    """All patterns and lookup tables of one language, built from its `timex.json`."""

    def __init__(self, lang: Language) -> None:
        """Compile the rule patterns from the language plug's data."""
        d: dict[str, Any] = lang.json("timex.json")
        self.lang = lang
        self.data = d
        self.months: dict[str, int] = {k.lower(): v for k, v in d["months"].items()}
        self.weekdays: dict[str, int] = d["weekdays"]
        self.weekdays_plural: dict[str, int] = d["weekdays_plural"]
        self.numbers: dict[str, int] = d["number_words"]
        self.units: dict[str, list[Any]] = d["duration_units"]
        self.anchored_days: dict[str, int] = {normalise_key(k): v for k, v in d["anchored_days"].items()}
        self.collectives: dict[str, int] = d["collective_numbers"]
        self.relative_days: dict[str, int] = {normalise_key(k): v for k, v in d["relative_days"].items()}
        self.parts_of_day: dict[str, str] = d["parts_of_day"]
        self.clock_words: dict[str, str] = d["clock_words"]
        self.seasons: dict[str, str] = d["seasons"]
        self.past_words = set(d["past_words"])
        self.future_words = set(d["future_words"])
        self.vague_refs: dict[str, str] = {normalise_key(k): v for k, v in d["vague_refs"].items()}
        self.fixed_durations: dict[str, str] = {normalise_key(k): v for k, v in d["fixed_durations"].items()}
        self.period_nouns: dict[str, str] = d["period_nouns"]
        self.sets: dict[str, dict[str, str]] = d["sets"]
        self.set_adjectives: dict[str, str] = d["set_adjectives"]
        self.set_adjective_blockers = set(d["set_adjective_blockers"])
        self.year_cues = {normalise_key(w) for w in d["year_cues"]}
        self.year_duration_cues = {normalise_key(w) for w in d["year_duration_cues"]}
        self.age_cues = {normalise_key(w) for w in d["age_cues"]}
        self.season_cues = {normalise_key(w) for w in d["season_cues"]}
        self.time_cues = {normalise_key(w) for w in d["time_cues"]}
        self.bare_year_relations = frozenset(d["bare_year_relations"]["relations"])
        self.numbered_nouns = frozenset(normalise_key(w) for w in d["numbered_nouns"]["words"])
        self.spelled_clock_cues = {normalise_key(w) for w in d["spelled_clock_cues"]}
        self.vague_quantities = {normalise_key(w) for w in d["vague_quantities"]}
        self.same_year = {normalise_key(w) for w in d["same_year_phrases"]}
        hol = d["holidays"]
        self.fixed_holidays: dict[str, tuple[int, int]] = {
            normalise_key(k): (v[0], v[1]) for k, v in hol["fixed"].items()}
        self.easter_holidays: dict[str, int] = {normalise_key(k): v for k, v in hol["easter"].items()}
        self.clock_halves: dict[str, int] = {normalise_key(k): v for k, v in d["clock_halves"].items()
                                             if not k.startswith("_")}
        self.clock_fractions: dict[str, int] = {normalise_key(k): v for k, v in d["clock_fractions"].items()}
        self.weeks_ahead: dict[str, int] = {normalise_key(k): v for k, v in d["weeks_ahead"].items()
                                            if not k.startswith("_")}
        self.part_nouns: dict[str, str] = d["year_parts"]["nouns"]
        self.ordinals: dict[str, int] = {normalise_key(k): v for k, v in d["ordinal_words"].items()}
        self.ordinal_periods: dict[str, list[Any]] = {k: v for k, v in d["ordinal_periods"].items()
                                                      if not k.startswith("_")}
        self.night_before: dict[str, str] = {normalise_key(k): v for k, v in d["night_before"].items()
                                             if not k.startswith("_")}
        self.later_words: dict[str, int] = {normalise_key(k): v for k, v in d["later_words"].items()
                                            if not k.startswith("_")}
        self.rules = self._compile_rules()
        followers = "|".join([*d["clock_followers"], alternation(self.weekdays), alternation(self.relative_days)])
        self.clock_follower_re = re.compile(rf"\s*,?\s*\(?(?:{followers}){E}", FLAGS)
        tense = d["tense"]
        self.future_re = re.compile("|".join(tense["future"]), FLAGS)
        self.past_re = re.compile("|".join(tense["past"]), FLAGS)
        self.not_verbs = re.compile("|".join(tense["exclude"]), FLAGS)
        self.planning_lemmas = frozenset(tense["planning_lemmas"])
        self.future_modals = frozenset(tense["future_modals"])

    def _compile_rules(self) -> list[Rule]:
        """Compile the language's rule families, in priority order, from its plug's `timex_rules` hook."""
        specs: list[tuple[str, str]] = self.lang.hook("timex_rules")(self)
        rules = []
        for i, (name, spec) in enumerate(specs):
            pattern = re.compile(spec, FLAGS)
            rules.append(Rule(name, pattern, i, find_gates(pattern)))
        return rules

    def parse_number(self, text: str) -> float | None:
        """Read a number written in digits ("12", "30,4") or in the language's words, by its plug's hook."""
        t = normalise_key(text)
        if re.fullmatch(r"\d+(?:[.,]\d+)?", t):
            return float(t.replace(",", "."))
        value: float | None = self.lang.hook("parse_number_words")(self, t)
        return value


@cache
def get_grammar(lang: Language) -> TimexGrammar:
    """The compiled grammar of a language (built once per process)."""
    return TimexGrammar(lang)
