"""Hooks of the French plug: the code that only French needs (recoupe finds it by the plug's folder).

The pipeline is the plug's spaCy model (`language.json`), loaded by `recoupe.read.nlp`; this module holds
what cannot be a word list: the grammar of French temporal expressions (`timex_rules`, one pattern per rule
family, assembled from the word tables of `timex.json`) and the reading of French number words
(`parse_number_words`: "quatre-vingt-dix", "une dizaine"). Hooks a plug may provide, all optional:
`make_nlp(lang)` (its own spaCy pipeline instead of `language.json`'s model), `timex_rules(grammar)`,
`parse_number_words(grammar, text)`, and any reading stage by name (`find_entities`, `tag_timexes`,
`find_quotes`, `find_figures`, `find_events`, with the shared extractor's signature).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from recoupe.read.timex.patterns import YEAR4, B, E, alternation

if TYPE_CHECKING:
    from recoupe.read.timex.patterns import TimexGrammar

# A day of the month: 1 to 31, the first written "1er" or "1re" (French writes the first day as an ordinal).
DAYNUM = r"(?:1er|1re|[12]\d|3[01]|0?[1-9])(?![\d,.]\d)"


def timex_rules(g: TimexGrammar) -> list[tuple[str, str]]:
    """The rule families of French temporal expressions, in priority order: (name, pattern) pairs whose
    names are the resolver's methods, assembled from the word tables of `timex.json` (`g`)."""
    d = g.data
    month = alternation(g.months)
    wd = alternation(g.weekdays)
    wd_pl = alternation(g.weekdays_plural)
    num_atom = alternation(g.numbers)
    joiner = "(?:" + "|".join(re.escape(j).replace(r"\ ", r"\s+") for j in d["number_joiners"]) + ")"
    numw = rf"{B}{num_atom}(?:{joiner}{num_atom})*{E}"
    num = rf"(?:\d+(?:[.,]\d+)?(?!\d)|{numw})"
    vague = alternation(d["vague_quantities"])
    units = alternation(g.units)
    past = alternation(g.past_words)
    future = alternation(g.future_words)
    rel = rf"(?P<rel>{past}|{future})"
    mods = alternation(d["position_mods"])
    pod = alternation(g.parts_of_day)
    rdays = alternation([*g.relative_days, "aujourd’hui"])
    season = alternation(g.seasons)
    same = alternation(d["same_year_phrases"])
    this = alternation(d["this_words"])
    ago = alternation(d["ago"])
    approx = alternation(d["approximators"])
    year2 = r"'?\d{2}(?![\d\w%])"
    periods = alternation(g.period_nouns)
    sets = "|".join(
        rf"{alternation([head])}\s+{alternation(list(table))}" for head, table in g.sets.items()
    )
    set_adj = alternation(g.set_adjectives)
    vague_refs = alternation(list(g.vague_refs))
    fixed = alternation(list(g.fixed_durations))
    clock = alternation(g.clock_words)
    collective = alternation(g.collectives)
    anchored_days = alternation(list(g.anchored_days))
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
    later_adverbs = d["later_words"]["_adverbs"]
    later = alternation([k for k in d["later_words"] if not k.startswith("_") and k not in later_adverbs])
    # An adverb ("plus tard") closes its phrase whatever follows; a preposition ("après") must end it.
    later_any = rf"(?:{alternation(later_adverbs)}){E}|(?:{later})(?=\s*[,.;:!?)»]|\s*$)"
    specs: list[tuple[str, str]] = [
        ("numeric_date", rf"{B}(?P<d>\d{{1,2}})[./](?P<mo>\d{{1,2}})[./](?P<y>\d{{4}}|\d{{2}})(?![\d/]|[.,]\d)"),
        ("iso_date", rf"{B}(?P<y>\d{{4}})-(?P<mo>\d{{2}})-(?P<d>\d{{2}})(?!\d)"),
        ("range_day", rf"{B}(?:(?P<det>les?)\s+)?(?P<d>{DAYNUM})(?=\s*(?:et|au|à|-|–)\s*(?:le\s+)?(?:{wd}\s+)?"
                      rf"(?P<d2>{DAYNUM})\s+(?P<mo>{month}){E}(?:\s+(?P<y>{YEAR4}))?(?:\s+{rel}{E})?)"),
        ("day_month", rf"{B}(?:(?P<det>les?|ce)\s+)?(?:(?P<wd>{wd})\s+)?(?P<d>premier|{DAYNUM})(?:\s+|-)(?P<mo>{month}){E}"
                      rf"(?:\s+(?P<y>{YEAR4}|{year2}))?(?:\s+{rel}{E})?(?:\s+(?P<same>{same}){E})?"),
        ("month_year", rf"{B}(?:(?P<mod>{mods})\s*)?(?:(?:le\s+)?mois\s+d[e']\s*)?(?P<mo>{month}){E}\s+(?P<y>{YEAR4}|{year2})"),
        ("month", rf"{B}(?:(?P<mod>{mods})\s*)?(?P<month_noun>(?:le\s+)?mois\s+d[e']\s*)?(?P<mo>{month}){E}"
                  rf"(?:\s+{rel}{E})?(?:\s+(?P<same>{same}){E})?"),
        ("decade", rf"{B}(?:(?:les|des)\s+)?années\s+(?P<dec>(?:19|20)?\d0|{numw})(?!\d)"),
        ("century", rf"{B}(?P<c>[IVXL]+|\d{{1,2}})(?:e|ème|è|eme|ᵉ)\s+siècles?{E}"),
        ("year", rf"{B}(?:(?P<mod>{mods})\s*)?(?:(?P<year_noun>l'année|l'an|l’année|année)\s+)?(?P<y>{YEAR4})"),
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
        ("clock", r"(?<!\w)(?:(?P<about>vers)\s+)?(?P<h>[01]?\d|2[0-3])\s*(?:h|H)\s*(?P<mi>[0-5]\d)?(?!\w)" + half),
        ("clock_word", rf"{B}(?:(?P<about>vers)\s+)?(?P<h>[01]?\d|2[0-3])\s+heures?(?:\s+(?P<mi>[0-5]\d))?{E}{half}"),
        ("clock_spelled", rf"{B}(?:(?P<about>vers)\s+)?(?P<hw>{numw})\s+heures?(?:\s+(?P<frac>{fractions})|\s+(?P<mw>{numw}))?"
                          rf"{E}{half}"),
        ("clock_colon", rf"{B}(?:(?P<about>vers)\s+)?(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])"),
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
        ("n_later", rf"{B}(?:(?P<approx>{approx})\s+)?(?P<n>{num})\s+(?P<unit>{units})\s+(?P<later>{later_any})"),
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
    return specs


def parse_number_words(g: TimexGrammar, t: str) -> float | None:
    """Read French number words ("vingt-deux", "quatre-vingt-dix", "une dizaine") as a number; `t` is
    lower-cased with blanks collapsed. None when a word is no number word."""
    t = re.sub(r"quatre[- ]vingts?", "quatrevingt", t)
    words = t.split(" ")
    if words[-1] in g.collectives or words[-1].rstrip("s") in g.collectives:
        return float(g.collectives[words[-1].rstrip("s")]) if words[0] in ("une", "la") else None
    total = 0
    current = 0
    for tok in re.split(r"[-\s]+", t):
        if tok in ("et", ""):
            continue
        if tok == "quatrevingt":
            current += 80
            continue
        value = g.numbers.get(tok)
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


