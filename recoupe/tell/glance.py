"""A story at a glance: its title and description, its outlets, key events, main actors and key figures.

Pure functions over records (`TimelineEntry`, `Comparison`, `FigureSeries`), so that the web page and the
exports can draw the same summary. Nothing here is written by the program: every line of text is an
event's own clause from an article, trimmed, and every value is a figure an outlet gave.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from recoupe.clean.outlets import UNKNOWN_SOURCE
from recoupe.folding import fold
from recoupe.link.coverage import coverage_start, last_day
from recoupe.link.key_events import key_events
from recoupe.records import Comparison, Evidence, FigureClaim, FigureSeries, TimelineEntry
from recoupe.tell.story_common import main_date_articles

# A title fits on two lines of a laptop screen and three of a phone: about 100 characters, the length of a long
# news headline (a layout choice, not measured; 140 made the seeds' title six lines on a 390 px phone).
TITLE_MAX = 100
# A description line: two lines of a phone screen (a layout choice).
LINE_MAX = 160
# The description holds two lines: how the story began and where it stands now.
DESCRIPTION_LINES = 2
# Main actors shown: what a reader scans in one look (a layout choice).
ACTORS_MAX = 8
# Key figures shown: one row each in the table and the grid (a layout choice).
KEY_FIGURES_MAX = 6
# Independent outlets a figure needs to be a key figure: two, as for a key event (corroborated or contested).
MIN_FIGURE_OUTLETS = 2
# Entity types that act in a story: people and organisations; places are where it happens.
ACTOR_TYPES = frozenset({"PER", "ORG"})
# Marks that end a clause strongly enough to cut a title there: a reader takes what stands before
# them as a whole statement (a comma does not: it often splits a subject from its verb).
_CLAUSE_ENDS = (" ; ", " : ", " – ", " — ", " (")
_QUOTES = "«»\"“”‘’"

# Reporting states of a grid cell (the template words them).
REPORTS = "reports"
SILENT = "silent"
DISAGREES = "disagrees"


@dataclass(frozen=True)
class LineRules:
    """A language's words for making an event's clause into a line (`recoupe/lang/<code>/glance.json`)."""

    openers: frozenset[str] = frozenset()  # folded connectives that open a sentence ("de son côté")
    stamp: re.Pattern[str] | None = None  # a live blog's clock time heading a post ("21h01 :")
    complementizers: tuple[str, ...] = ()  # folded words that open a reported clause ("que", "qu'")

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> LineRules:
        """The rules from a language's glance.json (empty rules for a language without one)."""
        stamp = data.get("stamp")
        return cls(openers=frozenset(fold(o) for o in data.get("openers", [])),
                   stamp=re.compile(stamp) if stamp else None,
                   complementizers=tuple(fold(c) for c in data.get("complementizers", [])))


@dataclass(slots=True)
class Outlet:
    """An independent voice of the story: an outlet, or a wire with the outlets that ran it."""

    label: str  # "Belga, via rtl.be, lalibre.be", "RT", "unknown source"
    articles: list[str] = field(default_factory=list)

    @property
    def known(self) -> bool:
        """Whether the outlet is named (articles of no known outlet are grouped, never counted as one)."""
        return self.label != UNKNOWN_SOURCE


@dataclass(slots=True)
class KeyEvent:
    """A key event as the glance shows it: its trimmed clause, its date and who reports it, with evidence."""

    index: int  # in the story's full timeline
    date: str
    precision: str
    text: str
    states: dict[str, str]  # outlet label -> REPORTS | SILENT | DISAGREES
    evidence: dict[str, Evidence]  # outlet label -> its first evidence sentence


@dataclass(slots=True)
class Actor:
    """An entity the story's outlets name, with how many independent outlets and articles name it."""

    id: str
    name: str
    type: str
    outlets: list[str]
    articles: int


@dataclass(slots=True)
class KeyFigure:
    """A thing counted by several outlets: per outlet the values it gives, and whether they disagree."""

    subject: str
    kind: str
    cells: dict[str, list[FigureClaim]]  # outlet label -> its claims, those in conflict first, then newest first
    states: dict[str, str]  # outlet label -> REPORTS | SILENT | DISAGREES

    @property
    def disputed(self) -> bool:
        """Whether two outlets give incompatible values for this subject."""
        return DISAGREES in self.states.values()


@dataclass(slots=True)
class EntityRow:
    """One entity of one article, with its id across the store: what the actors are counted from."""

    article: str
    id: str  # the id across the store (the article's own id when the entity is linked to none)
    name: str  # the name across the store
    type: str
    local: str = ""  # the entity's id in its article (what a quote's speaker_entity names)


@dataclass(slots=True)
class Glance:
    """The story at a glance: what the top of its page shows."""

    title: str
    title_from_events: bool  # False when no dated event exists and the title is the stored headline
    description: list[tuple[str, str, str]]  # (date, precision, clause)
    window: tuple[str, str] | None  # first and last day of the coverage window, ISO
    outlets: list[Outlet]
    key_events: list[KeyEvent]
    actors: list[Actor]
    key_figures: list[KeyFigure]

    @property
    def outlet_count(self) -> int:
        """Independent named outlets (a wire and the outlets that run it count once)."""
        return sum(1 for o in self.outlets if o.known)


def outlets_of(comparison: Comparison | None) -> list[Outlet]:
    """The story's independent voices from its comparison, most articles first, unknown source last."""
    found = [Outlet(label=r.source, articles=list(r.articles)) for r in (comparison.sources if comparison else [])]
    return sorted(found, key=lambda o: (not o.known, -len(o.articles), o.label.lower()))


def outlet_of_articles(outlets: Iterable[Outlet]) -> dict[str, str]:
    """Article id -> the label of the independent outlet it belongs to."""
    return {a: o.label for o in outlets for a in o.articles}


def trim_clause(text: str, rules: LineRules, size: int, when: str = "") -> str:
    """An event's clause made into a line: its linking word and dating words dropped, cut at a clause end.

    The line is shown beside its date, so the time expression that dates it (`when`, the evidence's) goes
    when it stands apart: at the head of the clause ("Le 7 avril, les autorités ...") or between commas
    ("a annoncé, jeudi soir, que ..."); inside the clause ("s'est tenu en juin") it stays. A live blog's
    clock time heading a post ("21h01 : ...") stamps the post, not the event, and goes too. French news opens many sentences with a connective closed by a comma ("De son côté, ...",
    "En effet, ..."): it ties the sentence to the previous one and reports nothing, so the line starts
    after it; so does a clause cut from reported speech after its "que" ("que le pont restera fermé").
    A line longer than `size` is cut where a clause ends (";", ":", a dash, a parenthesis) if
    one falls in its second half, else at a word boundary with "…". Nothing is added but that mark and
    a capital on the first letter.
    """
    flat = " ".join(text.split()).strip(" ,;:")
    if rules.stamp is not None:
        flat = rules.stamp.sub("", flat, count=1)
    flat = _drop_opener(_drop_when(_drop_complementizer(_drop_opener(flat, rules), rules), " ".join(when.split())),
                        rules)
    if len(flat) > size:
        cut = max((flat.rfind(mark, 0, size) for mark in _CLAUSE_ENDS), default=-1)
        if cut >= size // 2:
            flat = flat[:cut].rstrip(" ,;:")
        else:
            head = flat[: size - 1]
            flat = (head.rsplit(" ", 1)[0] if " " in head else head).rstrip(" ,;:(") + "…"
    flat = _balance_quotes(flat)
    return flat[:1].upper() + flat[1:]


def _drop_when(text: str, when: str) -> str:
    """The text without its dating expression where commas set it apart (at the head or as an incise)."""
    if not when:
        return text
    low, key = text.lower(), when.lower()
    if low.startswith(key + ", "):
        return text[len(key) + 2:]
    incise = low.find(", " + key + ", ")
    if incise >= 0:
        return text[:incise] + " " + text[incise + len(key) + 4:]
    return text


def _drop_complementizer(text: str, rules: LineRules) -> str:
    """The text without a leading complementizer ("que le pont restera fermé" -> "le pont restera fermé")."""
    head = fold(text[:4])
    for word in rules.complementizers:
        elided = not word[-1].isalpha()
        if head.startswith(word) and (elided or text[len(word):len(word) + 1] == " "):
            return text[len(word):].lstrip()
    return text


def _drop_opener(text: str, rules: LineRules) -> str:
    """The text without a leading connective closed by a comma ("De son côté, le ministre" -> "le ministre")."""
    head, comma, rest = text.partition(",")
    if comma and rest.strip() and fold(head.strip()) in rules.openers:
        return rest.strip()
    return text


def _balance_quotes(text: str) -> str:
    """Drop a French quotation mark left open or closed by a cut, so a line never shows half a quote."""
    if text.count("«") != text.count("»"):
        text = text.replace("«", "").replace("»", "")
        text = " ".join(text.split())
    return text


def choose_key_events(entries: Sequence[tuple[int, TimelineEntry]], outlets: Sequence[Outlet],
                      rules: LineRules) -> list[KeyEvent]:
    """The story's key events (entries several independent outlets support, see `link.key_events`), in
    date order, each with the state of every outlet: reports it at its date, gives another date
    (disagrees), or does not report it.

    `entries` are (index in the full timeline, entry), such as the heaviest entries a page loads: key
    events are the heaviest corroborated entries, so they are among them.
    """
    timeline = [e for _, e in entries]
    of_article = outlet_of_articles(outlets)
    chosen = []
    for pos in key_events(timeline):
        index, entry = entries[pos]
        chosen.append(KeyEvent(index=index, date=entry.date, precision=entry.precision,
                               text=trim_clause(entry.event, rules, LINE_MAX, when_of(entry)),
                               states=_entry_states(entry, outlets, of_article),
                               evidence=_first_evidence(entry, of_article)))
    return sorted(chosen, key=lambda k: (k.date, k.index))


def _entry_states(entry: TimelineEntry, outlets: Sequence[Outlet], of_article: Mapping[str, str]) -> dict[str, str]:
    """Per outlet: REPORTS when one of its articles gives the entry's date, DISAGREES when it dates the
    event otherwise (and never at the entry's date), SILENT when it says nothing of it."""
    own = {of_article[a] for a in main_date_articles(entry) if a in of_article}
    own |= {of_article[m.article] for m in entry.evidence if m.article in of_article}
    other = {of_article[a] for _, ids in entry.other_dates for a in ids if a in of_article} - own
    return {o.label: REPORTS if o.label in own else DISAGREES if o.label in other else SILENT for o in outlets}


def when_of(entry: TimelineEntry) -> str:
    """The words that date an entry's event in the sentence its text comes from ("jeudi soir"); "" when
    no evidence's dating words stand in the event's text (the longest wins: "jeudi soir" over "jeudi")."""
    found = [m.when.mention.text for m in entry.evidence
             if m.when is not None and m.when.value.startswith(entry.date) and m.when.mention.text in entry.event]
    return max(found, key=len, default="")


def _first_evidence(entry: TimelineEntry, of_article: Mapping[str, str]) -> dict[str, Evidence]:
    """Per outlet, the first evidence sentence one of its articles gives for the entry."""
    found: dict[str, Evidence] = {}
    for m in entry.evidence:
        label = of_article.get(m.article)
        if label is not None and label not in found:
            found[label] = m
    return found


def choose_title(story_title: str, entries: Sequence[tuple[int, TimelineEntry]], events: Sequence[KeyEvent],
                 rules: LineRules) -> tuple[str, bool]:
    """The story's title: the clause of its heaviest key event, else of its heaviest event in the coverage
    window, trimmed; the stored headline (one article's) only when the story dates no event.

    A story is named after what happened, as the most outlets tell it, not after how one outlet headlined
    its own article. Returns the title and whether it was drawn from an event.
    """
    best = _heaviest(entries, {k.index for k in events}) or _heaviest(entries, None)
    if best is None:
        return story_title, False
    return trim_clause(best.event, rules, TITLE_MAX, when_of(best)), True


def _heaviest(entries: Sequence[tuple[int, TimelineEntry]], among: set[int] | None) -> TimelineEntry | None:
    """The heaviest entry that is not background (among the given indexes when `among` is given)."""
    pool = [e for i, e in entries if not e.background and (among is None or i in among)]
    return max(pool, key=lambda e: (e.weight, e.date), default=None)


def choose_description(entries: Sequence[tuple[int, TimelineEntry]], events: Sequence[KeyEvent],
                       rules: LineRules) -> list[tuple[str, str, str]]:
    """Two lines that tell the story's arc: its earliest key event and its latest, each with its date.

    A news story is read as where it started and where it stands now. The title's event is left out so
    nothing is said twice; when fewer than two other key events exist, the heaviest events of the coverage
    window (background excluded) fill in, since they are what the story reports most.
    """
    title_event = _heaviest(entries, {k.index for k in events}) or _heaviest(entries, None)
    pool = [(i, e) for i, e in entries if e is not title_event and not e.background]
    keys = {k.index for k in events}
    picked = [(i, e) for i, e in pool if i in keys]
    if len(picked) < DESCRIPTION_LINES:
        rest = sorted((p for p in pool if p[0] not in keys), key=lambda p: (-p[1].weight, p[1].date, p[0]))
        picked += rest[: DESCRIPTION_LINES - len(picked)]
    picked.sort(key=lambda p: (p[1].date, p[0]))
    if len(picked) > DESCRIPTION_LINES:
        picked = [picked[0], picked[-1]]
    return [(e.date, e.precision, trim_clause(e.event, rules, LINE_MAX, when_of(e))) for _, e in picked]


def coverage_window(published: Iterable[str | None]) -> tuple[str, str] | None:
    """The story's coverage window: from a week before its first report (see `link.coverage`) to the last
    day of its latest one; None when no article has a date."""
    dates = [p for p in published if p]
    start = coverage_start(dates)
    ends = [d for p in dates if (d := last_day(p)) is not None]
    if start is None or not ends:
        return None
    return start.isoformat(), max(ends).isoformat()


def choose_actors(rows: Iterable[EntityRow], of_article: Mapping[str, str], narrators: Iterable[str]) -> list[Actor]:
    """The story's main actors: the people and organisations named by the most independent outlets.

    What several outlets name on their own is who the story is about; what one outlet names many times is
    its angle. Outlets and wires of the story (`narrators`) tell it and are not actors, and "unknown
    source" counts as one outlet like everywhere else. Ties go to the entity in more articles.
    """
    told_by = {fold(n) for n in narrators}
    outlets: dict[str, set[str]] = {}
    articles: dict[str, set[str]] = {}
    names: dict[str, tuple[str, str]] = {}
    narrating: dict[str, bool] = {}  # name -> whether it names an outlet (folded once per name)
    for r in rows:
        if r.type not in ACTOR_TYPES or r.article not in of_article:
            continue
        if narrating.setdefault(r.name, fold(r.name) in told_by):
            continue
        outlets.setdefault(r.id, set()).add(of_article[r.article])
        articles.setdefault(r.id, set()).add(r.article)
        names.setdefault(r.id, (r.name, r.type))
    ranked = sorted(outlets, key=lambda i: (-len(outlets[i]), -len(articles[i]), names[i][0].lower(), i))
    return [Actor(id=i, name=names[i][0], type=names[i][1], outlets=sorted(outlets[i]), articles=len(articles[i]))
            for i in ranked[:ACTORS_MAX]]


def choose_key_figures(comparison: Comparison | None, outlets: Sequence[Outlet]) -> list[KeyFigure]:
    """The story's key figures: the things counted (series of like with like, see `link.compare`) that two
    or more independent outlets give, most outlets first; per outlet its values and whether it disagrees.

    A count several outlets give is one the story turns on, whether they agree or not; a count only one
    outlet gives is its detail. An outlet disagrees when one of its claims stands in a conflict the
    comparison found (incompatible values for one subject, scope and period).
    """
    if comparison is None:
        return []
    disputed = {(cl.article, cl.figure.mention.start) for c in comparison.conflicts for cl in c.claims}
    found = [_key_figure(s, outlets, disputed) for s in comparison.series]
    kept = [f for f in found if sum(1 for v in f.states.values() if v != SILENT) >= MIN_FIGURE_OUTLETS]
    kept.sort(key=lambda f: (-sum(1 for v in f.states.values() if v != SILENT), not f.disputed, f.subject))
    return kept[:KEY_FIGURES_MAX]


def order_claims(claims: list[FigureClaim], disputed: set[tuple[str, int]]) -> None:
    """Put an outlet's claims in conflict first, then its newest: a count is read as it stands now, and a
    value with no calendar date ("earlier, undated") comes after the dated ones."""
    claims.sort(key=lambda c: (bool((c.figure.as_of or "")[:1].isdigit()), c.figure.as_of or ""), reverse=True)
    claims.sort(key=lambda c: (c.article, c.figure.mention.start) not in disputed)


def _key_figure(series: FigureSeries, outlets: Sequence[Outlet], disputed: set[tuple[str, int]]) -> KeyFigure:
    """One series as a row of the figures table: its claims by outlet, each outlet's state."""
    cells: dict[str, list[FigureClaim]] = {}
    for claim in series.claims:
        cells.setdefault(claim.source, []).append(claim)
    for claims in cells.values():
        order_claims(claims, disputed)
    states = {}
    for o in outlets:
        claims = cells.get(o.label, [])
        states[o.label] = (DISAGREES if any((c.article, c.figure.mention.start) in disputed for c in claims)
                           else REPORTS if claims else SILENT)
    return KeyFigure(subject=series.subject, kind=series.kind, cells=cells, states=states)


def story_glance(story_title: str, entries: Sequence[tuple[int, TimelineEntry]], comparison: Comparison | None,
                 published: Iterable[str | None], entities: Iterable[EntityRow], rules: LineRules,
                 narrators: Iterable[str] = ()) -> Glance:
    """Everything the top of a story's page shows, from its records (see each `choose_*` for the why)."""
    outlets = outlets_of(comparison)
    events = choose_key_events(entries, outlets, rules)
    title, from_events = choose_title(story_title, entries, events, rules)
    names = {o.label for o in outlets if o.known} | {part.strip() for o in outlets for part in
                                                      o.label.replace(", via ", ",").split(",")}
    return Glance(title=title, title_from_events=from_events,
                  description=choose_description(entries, events, rules),
                  window=coverage_window(published), outlets=outlets, key_events=events,
                  actors=choose_actors(entities, outlet_of_articles(outlets), names | set(narrators)),
                  key_figures=choose_key_figures(comparison, outlets))



@dataclass(slots=True)
class GridRow:
    """A row of the outlet × fact grid: a key event or a key figure and what each outlet does with it."""

    kind: str  # "event" | "figure"
    label: str
    date: str  # the event's date; "" for a figure
    states: dict[str, str]  # outlet label -> REPORTS | SILENT | DISAGREES


def fact_grid(glance: Glance) -> list[GridRow]:
    """The comparison as a grid: key events (in date order), then key figures, each outlet's state."""
    rows = [GridRow("event", k.text, k.date, k.states) for k in glance.key_events]
    return rows + [GridRow("figure", f.subject, "", f.states) for f in glance.key_figures]
