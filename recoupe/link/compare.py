"""The source comparison of a story: who reports which timeline entries, quotes and figures, and where figures disagree.

Figures are compared when they count the same thing (unit group and scope:
"3 500 soldats étrangers" and "3 000 soldats de la coalition" are both foreign
troops; "soldats tués" are a toll, not troops; American and British troops are
two counts) over the same period (the figure's as-of month, or the publication
month when the as-of date is only a starting point, "depuis 2014"; a count with
no calendar date, such as the earlier reference of "contre 5 200", has no
period and is compared with nothing). A disagreement is a matter between
independent voices: two articles of different outlets (a copy speaks with its
original's voice; an article of no known outlet speaks for itself), never two
numbers of one article or of one outlet. Two voices disagree when no value of
one can be a value of the other: a bound allows one side ("plus de 5 200"
agrees with "5 300"), a hedge a rounding ("quelque 5 000" and "5 200"); a voice
that gives both a current and a past count agrees with any voice that gives one
of them.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from recoupe.clean.outlets import independent_voice
from recoupe.lang import Language, load_language
from recoupe.link.compare_series import build_series
from recoupe.link.timeline import independent_sources
from recoupe.link.timeline_words import STEM_LENGTH, WordRules, date_relation, fold, word_rules
from recoupe.records import (
    Comparison,
    Figure,
    FigureClaim,
    FigureConflict,
    Quote,
    ReadArticle,
    SourceReport,
    TimelineEntry,
)

# Relative gap under which two approximate counts agree: "quelque 5 000" and "5 200"
# (4 %) are one count rounded, "quelque 3 500" and "environ 3 000" (14 %) are not.
# Exact counts must be equal.
APPROX_TOLERANCE = 0.05

_WORD = re.compile(r"[a-z0-9]+")
_CAPITALISED = re.compile(r"\b[A-ZÀ-Ý][\w'-]+")
_CALENDAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


class FigureKey(NamedTuple):
    """What a figure counts: its unit group, the scope words that say whose, and the places that say where."""

    group: str
    scope: frozenset[str]
    places: frozenset[str] = frozenset()


@dataclass(frozen=True)
class FigureRules:
    """What makes two figures count the same thing, from the language's `timeline.json`."""

    unit_group: dict[str, str]
    scope_group: dict[str, str]
    demonym_suffixes: tuple[str, ...]
    people_unit: str
    people_groups: frozenset[str]
    toll_groups: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()

    def key(self, figure: Figure) -> FigureKey:
        """(unit group, scope words, places) of a figure: what it counts, whose and where.

        A toll word in the subject makes the count that toll among what the noun names:
        "12 soldats tués" counts deaths among soldiers, never the troops a country keeps
        somewhere, nor the whole toll of the attack ("1 enfant tué" beside "10 morts").
        """
        unit = fold(figure.unit or "")
        subject = figure.subject or ""
        group = self.unit_group.get(unit, "")
        scope: set[str] = set()
        if not group and self._is_demonym(unit):
            group = self.people_unit
            scope.add(unit[:STEM_LENGTH])
        words = _WORD.findall(fold(subject))
        toll = next((self.unit_group[w] for w in words if self.unit_group.get(w) in self.toll_groups), group)
        if toll != group:
            scope.add(group or unit[:STEM_LENGTH])
            group = toll
        for word in words:
            if word == unit or self.unit_group.get(word) == group:
                continue
            if word in self.scope_group:
                scope.add(self.scope_group[word])
            elif self._is_demonym(word):
                scope.add(word[:STEM_LENGTH])
        places: set[str] = set()
        for name in _CAPITALISED.findall(subject):
            word = fold(name)
            if word in self.places:
                places.add(word[:STEM_LENGTH])
            elif word != unit and not self._is_demonym(word):
                scope.add(word[:STEM_LENGTH])
        return FigureKey(group, frozenset(scope), frozenset(places))

    def comparable(self, a: FigureKey, b: FigureKey) -> bool:
        """Whether two figure keys count the same thing (a bare "2 500 Américains" compares with troops).

        Only counts of a known kind that say whose compare: "six personnes" and "500
        personnes" are too vague to be one count, and so are "100 combattants" and
        "18 soldats", or "150 morts" and "22 morts" (whose troops, which attack?).
        """
        if not a.group or not b.group or not a.scope or a.scope != b.scope or a.places != b.places:
            return False
        if a.group == b.group:
            return True
        groups = {a.group, b.group}
        return self.people_unit in groups and bool(groups & self.people_groups)

    def _is_demonym(self, word: str) -> bool:
        """Whether a folded word looks like a nationality ("americains", "irakiennes")."""
        return len(word) > 5 and word.endswith(self.demonym_suffixes)


@cache
def figure_rules(language: Language) -> FigureRules:
    """The figure-comparison rules of `language`, from its `timeline.json`."""
    data = language.json("timeline.json")
    gazetteer = language.json("places.json")
    units = {fold(w): group for group, words in data["figure_units"].items() for w in words}
    scopes = {fold(w): group for group, words in data["figure_scopes"].items() for w in words}
    return FigureRules(
        unit_group=units, scope_group=scopes,
        demonym_suffixes=tuple(sorted({fold(s) for s in data["demonym_suffixes"]}, key=len, reverse=True)),
        people_unit=data["people_unit"], people_groups=frozenset(data["people_groups"]),
        toll_groups=frozenset(data.get("toll_groups", [])),
        places=frozenset(fold(p) for kind in ("countries", "regions") for p in gazetteer.get(kind, [])),
    )


@dataclass(slots=True)
class _Claim:
    """One figure with the source, the voice it speaks with, its comparison key and its period."""

    source: str
    voice: str
    article: str
    figure: Figure
    key: FigureKey
    period: str


def compare_sources(story_id: str, items: Sequence[ReadArticle], timeline: Sequence[TimelineEntry],
                    language: str = "fr") -> Comparison:
    """Per source of a story: its timeline entries, quotes and figures; conflicting figures; single-source entries.

    A copy (`duplicate_of` set) belongs to the source of its original and is never a second source.
    """
    lang = load_language(language)
    frules, wrules = figure_rules(lang), word_rules(lang)
    source_of = independent_sources(items)
    voice_of = _voices(items)
    labels = _voice_labels(items, source_of)
    reports: dict[str, SourceReport] = {}
    for it in items:
        src = source_of[it.article.id]
        report = reports.setdefault(src, SourceReport(source=labels[src]))
        report.articles.append(it.article.id)
    for index, entry in enumerate(timeline):
        cited = set(entry.articles) | {m.article for m in entry.evidence}
        cited |= {a for _, arts in entry.other_dates for a in arts}
        for src in dict.fromkeys(source_of[a] for a in cited if a in source_of):
            reports[src].entries.append(index)
    claims: list[_Claim] = []
    kept: dict[str, set[tuple[float, str | None, str | None]]] = defaultdict(set)  # source -> its figures' claims
    for it in items:
        report = reports[source_of[it.article.id]]
        _add_quotes(report, it.reading.quotes)
        for fig in it.reading.figures:
            if _figure_claim(fig) not in kept[report.source]:
                kept[report.source].add(_figure_claim(fig))
                report.figures.append(fig)
                key = frules.key(fig)
                claims.append(_Claim(report.source, voice_of[it.article.id], it.article.id, fig, key,
                                     _toll_day(fig, key, frules) or _period(it, fig, wrules)))
    _drop_settings(claims)
    single = [i for i, e in enumerate(timeline) if len(_entry_sources(e, source_of)) == 1]
    return Comparison(story=story_id, sources=list(reports.values()), conflicts=_conflicts(claims, frules),
                      single_source_entries=single,
                      series=build_series(claims, frules.people_unit, frules.people_groups))


def _voice_labels(items: Sequence[ReadArticle], source_of: dict[str, str]) -> dict[str, str]:
    """Each independent source as a reader names it: a wire with the outlets that ran it ("Belga, via
    rtl.be, lalibre.be"), else the outlet."""
    outlets: dict[str, list[str]] = {}
    for it in items:
        voice = source_of[it.article.id]
        runs = outlets.setdefault(voice, [])
        if it.article.wire == voice and it.article.source and it.article.source not in runs:
            runs.append(it.article.source)
    return {voice: f"{voice}, via {', '.join(sorted(runs))}" if runs else voice for voice, runs in outlets.items()}


def _drop_settings(claims: list[_Claim]) -> None:
    """Forget the place of counts whose story names a single place for them: that place is the setting.

    In a story on Iraq, "5 000 soldats américains en Irak" and "2 500 soldats
    américains" count the same troops; once the story also counts American troops
    in Syria, the place tells two counts apart and stays.
    """
    named: dict[tuple[str, frozenset[str]], set[str]] = defaultdict(set)
    for c in claims:
        named[c.key.group, c.key.scope] |= c.key.places
    for c in claims:
        if c.key.places and len(named[c.key.group, c.key.scope]) <= 1:
            c.key = c.key._replace(places=frozenset())


def _toll_day(fig: Figure, key: FigureKey, rules: FigureRules) -> str:
    """The day a toll holds at, when it has one: a toll grows as the news unfolds, so tolls compare day by day.

    "30 morts" on the day of a collapse and "43 morts" a week later are one toll
    told twice, not two outlets that disagree.
    """
    as_of = fig.as_of or ""
    return as_of[:10] if key.group in rules.toll_groups and len(as_of) >= 10 and _CALENDAR.match(as_of[:10]) else ""


def _voices(items: Sequence[ReadArticle]) -> dict[str, str]:
    """Article id -> the voice it speaks with: the wire it carries or its outlet when known, else the
    article itself.

    A copy speaks with its original's voice, and outlets running one wire's dispatch with the wire's.
    Two articles of one outlet are one voice (an outlet revising its count is not two sources
    disagreeing); two articles of no known outlet are two voices, since nothing says they share one.
    """
    own = {it.article.id: f"outlet:{independent_voice(it.article.source, it.article.wire)}"
           if it.article.source or it.article.wire else f"article:{it.article.id}" for it in items}
    return {it.article.id: own.get(it.duplicate_of or "", f"article:{it.duplicate_of}") if it.duplicate_of
            else own[it.article.id] for it in items}


def _entry_sources(entry: TimelineEntry, source_of: dict[str, str]) -> set[str]:
    """The independent sources that report an entry, at any of its dates."""
    cited = set(entry.articles) | {m.article for m in entry.evidence}
    cited |= {a for _, arts in entry.other_dates for a in arts}
    return {source_of.get(a, a) for a in cited}


def _add_quotes(report: SourceReport, quotes: Sequence[Quote]) -> None:
    """Add quotes to a source's report, once per text (a copy repeats its original's quotes)."""
    seen = {q.text for q in report.quotes}
    for q in quotes:
        if q.text not in seen:
            seen.add(q.text)
            report.quotes.append(q)


def _same_figure(a: Figure, b: Figure) -> bool:
    """Whether two figures of one source are the same claim repeated (a copy, or a lead restated)."""
    return _figure_claim(a) == _figure_claim(b)


def _figure_claim(fig: Figure) -> tuple[float, str | None, str | None]:
    """What makes a figure the same claim as another (`_same_figure`), as a key: looked up, not compared
    with each figure kept (a story of hundreds of articles repeats thousands of figures)."""
    return fig.value, fig.unit, fig.as_of


def _period(item: ReadArticle, fig: Figure, rules: WordRules) -> str:
    """The month (or year) a figure is true at: its as-of date, or the publication month when that is vaguer.

    A year-only as-of date introduced by a starting-point word ("depuis 2014") dates
    the start of a state, not the count: the count is as of publication.
    """
    as_of = fig.as_of or ""
    published = (item.article.published or "")[:7]
    if as_of and not _CALENDAR.match(as_of):
        return ""  # "contre 5 200" measured against an earlier, unnamed time (PAST_REF): no period to share
    if len(as_of) >= 7:
        return as_of[:7]
    if not as_of:
        return published
    if published and (as_of >= published[:4] or _started_at(item, fig, as_of, rules)):
        return published
    return as_of


def _started_at(item: ReadArticle, fig: Figure, as_of: str, rules: WordRules) -> bool:
    """Whether the expression that gives a figure its as-of year is a starting point ("depuis 2014")."""
    text = item.article.clean_text
    for t in item.reading.timexes:
        if t.value[:len(as_of)] != as_of or not (0 <= fig.mention.start - t.mention.start <= 300):
            continue
        if rules.is_background(text[max(0, t.mention.start - 40):t.mention.start]):
            return True
    return False


def value_range(fig: Figure) -> tuple[float, float]:
    """The values a figure allows: a bound states a side ("plus de 5 200" is 5 200 or more), a hedge a rounding.

    "plus de", "au moins" (at_least) leave the top open; "moins de", "jusqu'à" (at_most) the bottom; "environ",
    "quelque", "près de" (about, or an approximate count with no bound) allow APPROX_TOLERANCE either way;
    an exact count allows itself.
    """
    v = float(fig.value)
    if fig.bound == "at_least":
        return v, math.inf
    if fig.bound == "at_most":
        return -math.inf, v
    if fig.bound == "about" or fig.approx:
        return v - APPROX_TOLERANCE * abs(v), v + APPROX_TOLERANCE * abs(v)
    return v, v


def _agree(a: Figure, b: Figure) -> bool:
    """Whether two figures can state one count: the values each allows overlap (exact counts equal once rounded)."""
    if not (a.bound or a.approx or b.bound or b.approx):
        return round(a.value) == round(b.value)
    lo_a, hi_a = value_range(a)
    lo_b, hi_b = value_range(b)
    return max(lo_a, lo_b) <= min(hi_a, hi_b)


def _conflicts(claims: list[_Claim], rules: FigureRules) -> list[FigureConflict]:
    """Groups of figures on which independent voices disagree: the same thing counted over one period.

    Each disagreement is a pair of claims from two voices; pairs that share a claim
    make one group. Numbers of one voice are never set against each other.
    """
    pairs = _disagreeing_pairs(claims, rules)
    parent = list(range(len(claims)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        parent[find(j)] = find(i)
    members = sorted({k for pair in pairs for k in pair})
    groups: dict[int, list[_Claim]] = defaultdict(list)
    for k in members:
        groups[find(k)].append(claims[k])
    out: list[FigureConflict] = []
    for group in groups.values():
        subject = max((c.figure.subject or c.figure.unit or "" for c in group), key=len)
        period = min((c.period for c in group), key=len)
        out.append(FigureConflict(subject=subject, period=period,
                                  claims=[FigureClaim(c.source, c.article, c.figure, c.period) for c in group]))
    return out


def _disagreeing_pairs(claims: list[_Claim], rules: FigureRules) -> list[tuple[int, int]]:
    """Pairs of claims of two voices that count the same thing in one period and share no value.

    A voice that also gives a value the other voice's claim allows ("2 500, contre
    5 200 auparavant" beside "5 200") agrees with it: the pair is no disagreement.
    """
    near: dict[int, list[int]] = defaultdict(list)
    for i, j in _candidate_pairs(claims):
        if _comparable(claims[i], claims[j], rules):
            near[i].append(j)
            near[j].append(i)
    pairs = []
    for i, a in enumerate(claims):
        for j in near[i]:
            b = claims[j]
            if j < i or _agree(a.figure, b.figure):
                continue
            if any(_agree(claims[k].figure, b.figure) for k in near[j] if claims[k].voice == a.voice) \
                    or any(_agree(a.figure, claims[k].figure) for k in near[i] if claims[k].voice == b.voice):
                continue
            pairs.append((i, j))
    return pairs


def _candidate_pairs(claims: list[_Claim]) -> list[tuple[int, int]]:
    """The pairs (i < j, in order) of claims that may be comparable: both of a known kind, saying whose and
    over a period, with one scope and one place (what `FigureRules.comparable` asks first). Grouping by scope
    and place spares comparing every claim with every other in a story of thousands of figures."""
    blocks: dict[tuple[frozenset[str], frozenset[str]], list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        if c.key.group and c.key.scope and c.period:
            blocks[(c.key.scope, c.key.places)].append(i)
    return sorted((i, j) for block in blocks.values() for n, i in enumerate(block) for j in block[n + 1:])


def _comparable(a: _Claim, b: _Claim, rules: FigureRules) -> bool:
    """Whether two claims of two voices count the same thing over one period."""
    if a.voice == b.voice or not a.period or not b.period or not rules.comparable(a.key, b.key):
        return False
    return date_relation(a.period, b.period) in ("same", "contains")
