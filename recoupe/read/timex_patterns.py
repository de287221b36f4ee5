"""The temporal tagger's regular expressions, compiled once per language from `timex.json`.

Every word comes from the language plug's data file; this module only knows how
to assemble them into patterns (one per rule family) and to read numbers back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from recoupe.lang import Language

FLAGS = re.IGNORECASE | re.UNICODE
# Word boundaries that also treat "-" and apostrophes as part of a word ("avant-hier", "aujourd'hui").
B = r"(?<![\w\-])"
E = r"(?![\w\-])"
DAYNUM = r"(?:1er|1re|[12]\d|3[01]|0?[1-9])(?![\d,.]\d)"
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


class TimexGrammar:
    """All patterns and lookup tables of one language, built from its `timex.json`."""

    def __init__(self, lang: Language) -> None:
        """Compile the rule patterns from the language plug's data."""
        d: dict[str, Any] = lang.json("timex.json")
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
        d = self.data
        month = alternation(self.months)
        wd = alternation(self.weekdays)
        wd_pl = alternation(self.weekdays_plural)
        num_atom = alternation(self.numbers)
        joiner = "(?:" + "|".join(re.escape(j).replace(r"\ ", r"\s+") for j in d["number_joiners"]) + ")"
        numw = rf"{B}{num_atom}(?:{joiner}{num_atom})*{E}"
        num = rf"(?:\d+(?:[.,]\d+)?(?!\d)|{numw})"
        vague = alternation(d["vague_quantities"])
        units = alternation(self.units)
        past = alternation(self.past_words)
        future = alternation(self.future_words)
        rel = rf"(?P<rel>{past}|{future})"
        mods = alternation(d["position_mods"])
        pod = alternation(self.parts_of_day)
        rdays = alternation([*self.relative_days, "aujourd’hui"])
        season = alternation(self.seasons)
        same = alternation(d["same_year_phrases"])
        this = alternation(d["this_words"])
        ago = alternation(d["ago"])
        approx = alternation(d["approximators"])
        year2 = r"'?\d{2}(?![\d\w%])"
        periods = alternation(self.period_nouns)
        sets = "|".join(
            rf"{alternation([head])}\s+{alternation(list(table))}" for head, table in self.sets.items()
        )
        set_adj = alternation(self.set_adjectives)
        vague_refs = alternation(list(self.vague_refs))
        fixed = alternation(list(self.fixed_durations))
        clock = alternation(self.clock_words)
        collective = alternation(self.collectives)
        anchored_days = alternation(list(self.anchored_days))
        pod_anchor = alternation(d["part_of_day_anchored"])
        holidays = alternation([*d["holidays"]["fixed"], *d["holidays"]["easter"]])
        halves = alternation([k for k in d["clock_halves"] if not k.startswith("_")])
        half = rf"(?:\s+(?P<half>{halves}){E})?"
        fractions = alternation(list(d["clock_fractions"]))
        ahead = alternation([k for k in d["weeks_ahead"] if not k.startswith("_")])
        part_mods = alternation(d["year_parts"]["mods"])
        part_nouns = alternation(list(d["year_parts"]["nouns"]))
        ordinals = alternation(list(d["ordinal_words"]))
        ord_periods = alternation([k for k in d["ordinal_periods"] if not k.startswith("_")])
        new_year = alternation(d["new_year_phrases"])
        anaphors = alternation(d["moment_anaphors"])
        night_before = alternation([k for k in d["night_before"] if not k.startswith("_")])
        later = alternation([k for k in d["later_words"] if not k.startswith("_")])
        specs: list[tuple[str, str]] = [
            ("numeric_date", rf"{B}(?P<d>\d{{1,2}})[./](?P<mo>\d{{1,2}})[./](?P<y>\d{{4}}|\d{{2}})(?![\d/]|[.,]\d)"),
            ("iso_date", rf"{B}(?P<y>\d{{4}})-(?P<mo>\d{{2}})-(?P<d>\d{{2}})(?!\d)"),
            ("range_day", rf"{B}(?:(?P<det>les?)\s+)?(?P<d>{DAYNUM})(?=\s*(?:et|au|à|-|–)\s*(?:le\s+)?(?:{wd}\s+)?"
                          rf"(?P<d2>{DAYNUM})\s+(?P<mo>{month}){E}(?:\s+(?P<y>{YEAR4}))?(?:\s+{rel}{E})?)"),
            ("day_month", rf"{B}(?:(?P<det>les?|ce)\s+)?(?:(?P<wd>{wd})\s+)?(?P<d>premier|{DAYNUM})(?:\s+|-)(?P<mo>{month}){E}"
                          rf"(?:\s+(?P<y>{YEAR4}|{year2}))?(?:\s+{rel}{E})?(?:\s+(?P<same>{same}){E})?"),
            ("month_year", rf"{B}(?:(?P<mod>{mods})\s*)?(?:(?:le\s+)?mois\s+d[e']\s*)?(?P<mo>{month}){E}\s+(?P<y>{YEAR4}|{year2})"),
            ("month", rf"{B}(?:(?P<mod>{mods})\s*)?(?P<mois>(?:le\s+)?mois\s+d[e']\s*)?(?P<mo>{month}){E}"
                      rf"(?:\s+{rel}{E})?(?:\s+(?P<same>{same}){E})?"),
            ("decade", rf"{B}(?:(?:les|des)\s+)?années\s+(?P<dec>(?:19|20)?\d0|{numw})(?!\d)"),
            ("century", rf"{B}(?P<c>[IVXL]+|\d{{1,2}})(?:e|ème|è|eme|ᵉ)\s+siècles?{E}"),
            ("year", rf"{B}(?:(?P<mod>{mods})\s*)?(?:(?P<lan>l'année|l'an|l’année|année)\s+)?(?P<y>{YEAR4})"),
            ("season", rf"{B}(?:(?P<mod>{mods})\s*)?(?:(?P<det>{this}|l'|l’|les\s+mois\s+d'|le|la)\s*)?(?P<season>{season}){E}"
                       rf"(?:\s+(?P<y>{YEAR4})|\s+{rel}{E})?"),
            ("period", rf"{B}(?:(?P<mod>{mods})\s*)?(?P<det>{this}|la|le|l'|l’|du)?\s*(?P<noun>{periods})(?:-ci)?{E}"
                       rf"(?:\s+{rel}{E})?"),
            ("same_year", rf"{B}(?P<same>{same}){E}"),
            ("relative_day", rf"{B}(?P<rd>{rdays}){E}(?:\s+(?P<wd>{wd}){E})?(?:\s+(?P<pod>{pod}){E})?"),
            ("this_part", rf"{B}(?:ce|cet|cette)\s+(?P<pod>matin|soir|après-midi|nuit){E}"),
            ("weekday_day", rf"{B}(?:(?P<det>{this}|le)\s+)?(?P<wd>{wd})\s+(?P<d>{DAYNUM}){E}(?!\s*(?:h\b|heures?|{month}))"),
            ("anchored_day", rf"{B}(?P<ad>{anchored_days}){E}(?:\s+(?:au\s+)?(?P<pod>{pod}){E})?"),
            ("weekday", rf"{B}(?:(?P<det>{this}|le)\s+)?(?P<wd>{wd}){E}(?:\s+(?P<pod>{pod}){E})?(?:\s+{rel}{E})?"),
            ("anchored_part", rf"(?<=\s)(?:{pod_anchor})\s*(?P<span>(?:la\s+|l'|l’)?(?P<pod>{pod})){E}"),
            ("part_same", rf"{B}le\s+(?P<pod>matin|soir)\s+même{E}"),
            ("clock", r"(?<!\w)(?:(?P<vers>vers)\s+)?(?P<h>[01]?\d|2[0-3])\s*(?:h|H)\s*(?P<mi>[0-5]\d)?(?!\w)" + half),
            ("clock_word", rf"{B}(?:(?P<vers>vers)\s+)?(?P<h>[01]?\d|2[0-3])\s+heures?(?:\s+(?P<mi>[0-5]\d))?{E}{half}"),
            ("clock_spelled", rf"{B}(?:(?P<vers>vers)\s+)?(?P<hw>{numw})\s+heures?(?:\s+(?P<frac>{fractions})|\s+(?P<mw>{numw}))?"
                              rf"{E}{half}"),
            ("clock_colon", rf"{B}(?:(?P<vers>vers)\s+)?(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])"),
            ("clock_named", rf"{B}(?P<cw>{clock}){E}"),
            ("holiday", rf"{B}(?:(?P<det>le|la|l'|l’)\s*)?(?-i:(?P<hol>{holidays}))(?![\w\-])"
                        rf"(?:\s+(?P<y>{YEAR4})|\s+{rel}{E})?"),
            ("numeric_day_month", rf"(?:{B}(?P<det>le)\s+|(?<=du\s)|(?<=au\s))(?P<d>[12]\d|3[01]|0?[1-9])/(?P<mo>1[0-2]|0?[1-9])"
                                  rf"(?![\d/]|[.,]\d)"),
            ("in_n", rf"{B}dans\s+(?P<n>{num})\s+(?P<unit>{units}){E}"),
            ("year_part", rf"{B}(?P<mod>{part_mods})\s*(?:d['’]\s*|de\s+(?:l['’]\s*)?)(?P<noun>{part_nouns}){E}(?:\s+{rel}{E})?"),
            ("last_n", rf"{B}(?:les|ces|des)\s+(?P<n>{num})\s+(?P<rel>{past}|{future})\s+(?P<unit>{units}){E}"),
            ("ordinal_period", rf"{B}(?:(?P<det>le|ce)\s+)?(?P<ord>{ordinals})\s+(?P<noun>{ord_periods}){E}"
                               rf"(?:\s+(?:de\s+l['’]année\s+)?(?P<y>{YEAR4}))?"),
            ("new_year", rf"{B}(?:{new_year}){E}"),
            ("moment_anaphor", rf"{B}(?:{anaphors}){E}"),
            ("night_before", rf"{B}(?P<nb>{night_before}){E}"),
            ("night_between", rf"{B}(?:la\s+)?nuit\s+d[eu]\s+(?P<wd0>{wd})\s+(?:à|au)\s+(?P<wd>{wd}){E}"
                              rf"(?:\s+(?P<d>{DAYNUM})\s+(?P<mo>{month}){E}(?:\s+(?P<y>{YEAR4}))?)?"),
            ("n_later", rf"{B}(?:(?P<approx>{approx})\s+)?(?P<n>{num})\s+(?P<unit>{units})\s+(?P<later>{later})(?=\s*[,.;:!?)»]|\s*$)"),
            ("weekday_ahead", rf"{B}(?:(?P<wd>{wd})|(?P<today>aujourd['’]hui))\s+(?P<ahead>{ahead}){E}"),
            ("ago", rf"{B}(?P<ago>{ago})\s+(?:(?P<n>{num}|{vague})\s+|(?P<n2>une\s+{collective})\s+d(?:e\s+|['’]\s*))"
                    rf"(?P<unit>{units}){E}"),
            ("collective_duration", rf"{B}(?:(?P<approx>{approx})\s+)?(?P<n>(?:une|la|des|quelques)\s+{collective}s?)"
                                    rf"\s+d['’]\s*(?P<unit>{units}){E}"),
            ("fixed_duration", rf"{B}(?P<fixed>{fixed}){E}"),
            ("duration", rf"{B}(?:(?P<approx>{approx})\s+)?(?P<n>{num}|{vague})\s+(?P<unit>{units}){E}"),
            ("set_every_n", rf"{B}tou(?:te)?s\s+les\s+(?P<n>{num})\s+(?P<unit>{units}){E}"),
            ("set_weekday", rf"{B}(?:tous\s+les\s+(?P<wdp>{wd_pl})|chaque\s+(?P<wd>{wd})){E}"),
            ("set", rf"{B}(?P<set>{sets}){E}"),
            ("set_adjective", rf"{B}(?P<adj>{set_adj}){E}"),
            ("vague_ref", rf"{B}(?P<vr>{vague_refs}){E}"),
        ]
        return [Rule(name, re.compile(p, FLAGS), i) for i, (name, p) in enumerate(specs)]

    def parse_number(self, text: str) -> float | None:
        """Read "12", "30,4" or French number words ("vingt-deux", "quatre-vingt-dix") as a number."""
        t = normalise_key(text)
        if re.fullmatch(r"\d+(?:[.,]\d+)?", t):
            return float(t.replace(",", "."))
        t = re.sub(r"quatre[- ]vingts?", "quatrevingt", t)
        words = t.split(" ")
        if words[-1] in self.collectives or words[-1].rstrip("s") in self.collectives:
            return float(self.collectives[words[-1].rstrip("s")]) if words[0] in ("une", "la") else None
        total = 0
        current = 0
        for tok in re.split(r"[-\s]+", t):
            if tok in ("et", ""):
                continue
            if tok == "quatrevingt":
                current += 80
                continue
            value = self.numbers.get(tok)
            if value is None:
                return None
            if value == 100:
                current = max(current, 1) * 100
            elif value == 1000:
                total += max(current, 1) * 1000
                current = 0
            else:
                current += value
        return float(total + current)


@cache
def get_grammar(lang: Language) -> TimexGrammar:
    """The compiled grammar of a language (built once per process)."""
    return TimexGrammar(lang)
