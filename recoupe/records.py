"""The typed records that pipeline stages hand to each other (see DESIGN.md).

Stages never reach into each other's internals: ingest yields `Article`s with
raw text, clean fills `clean_text` and `edits`, read adds `Mention`-backed
entities, time references, quotes, figures and events, link groups articles
into `Story`s. Every offset is a character offset into `Article.clean_text`
unless a field says otherwise.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

Precision = Literal["day", "month", "year"]
EditKind = Literal["removed", "repaired"]


@dataclass(slots=True)
class Edit:
    """One span that cleaning removed or repaired, with what it was and why.

    Offsets of a "repaired" edit refer to the raw text; offsets of a "removed"
    edit refer to the repaired text the boilerplate pass saw (repairs run
    first). `replacement` is empty for removals.
    """

    kind: EditKind
    start: int
    end: int
    original: str
    reason: str
    replacement: str = ""


@dataclass(slots=True)
class Article:
    """One news article as ingested, then as cleaned."""

    id: str
    raw_text: str
    origin: str = ""  # where it came from: a path, or "path:line" for JSONL
    url: str | None = None
    source: str | None = None  # the outlet that published it: a domain or a name
    wire: str | None = None  # the wire agency whose dispatch the outlet runs ("Belga" for a Belga copy on rtl.be)
    title: str | None = None
    published: str | None = None  # ISO 8601 at `published_precision`
    published_precision: Precision | None = None
    language: str | None = None
    clean_text: str = ""
    edits: list[Edit] = field(default_factory=list)
    fmt: str = "txt"  # txt | html | jsonl | feed

    content_hash: str = ""  # hash of what was ingested, set before cleaning (see `ingest_hash`)


def ingest_hash(article: Article) -> str:
    """Hash of what was ingested (id, raw text and the metadata the input stated): equal hash, same article.

    Computed before cleaning, so that metadata the cleaner infers does not change it.
    """
    h = hashlib.sha256()
    for part in (article.id, article.raw_text, article.url or "", article.title or "", article.published or "",
                 article.source or ""):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


@dataclass(slots=True)
class Mention:
    """A span of an article's clean text."""

    article: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Entity:
    """A person, organisation or place, with every surface form that names it."""

    name: str
    type: str  # PER | ORG | LOC | MISC
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    id: str = ""


@dataclass(slots=True)
class TimeRef:
    """A temporal expression (TIMEX3-style) resolved to an ISO value."""

    type: str  # DATE | TIME | DURATION | SET
    value: str  # ISO 8601 (or TIMEX3 value such as P3Y, PRESENT_REF, 2011-Q4)
    mention: Mention
    precision: str | None = None  # day | month | year | ... for DATE values
    anchor: str | None = None  # the date it was resolved against, if relative


@dataclass(slots=True)
class Quote:
    """A direct quotation with the speaker the article attributes it to."""

    text: str
    mention: Mention
    speaker: str | None = None
    speaker_entity: str | None = None  # Entity.id
    speaker_mention: Mention | None = None
    cue: str | None = None


@dataclass(slots=True)
class Figure:
    """A count stated as a fact: value, unit, what it counts and when."""

    value: float
    mention: Mention
    unit: str | None = None
    subject: str | None = None
    as_of: str | None = None
    approx: bool = False
    bound: str | None = None  # "about", "at_least", "at_most" (the hedge's kind), None for an exact count
    according_to: str | None = None  # whose count it is, when the sentence says so ("la police")


@dataclass(slots=True)
class Event:
    """Something a sentence dates: when, what (taken from the sentence), who, and the evidence."""

    date: str
    precision: str
    what: str
    evidence: Mention
    actors: list[str] = field(default_factory=list)  # Entity ids
    type: str | None = None
    predicate: str | None = None  # lemma of the word naming its act ("frapper", "frappe"), from the parse
    agent: str | None = None  # id of the entity that does the act (its subject), when the sentence names one


@dataclass(slots=True)
class Story:
    """Articles about the same events, with their merged timeline."""

    id: str
    title: str
    articles: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Reading:
    """Everything the reading stage found in one article."""

    article: str
    entities: list[Entity] = field(default_factory=list)
    timexes: list[TimeRef] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    lemmas: dict[str, int] = field(default_factory=dict)  # content-word lemma counts, for linking


@dataclass(slots=True)
class ReadArticle:
    """An article with its reading: what the linking stage works from (no spaCy doc needed)."""

    article: Article
    reading: Reading
    duplicate_of: str | None = None


@dataclass(slots=True)
class Evidence(Mention):
    """A sentence that supports a timeline entry, with the time expression in it that dates it (`when`).

    `when` is what proves the date: a reader checks the entry's date against it without re-reading
    the article. None only for entries stored before evidence carried it.
    """

    when: TimeRef | None = None
    # The span's other dates: a sentence is evidence of one entry, its other dates are listed with it.
    also: list[TimeRef] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The export's evidence item (OUTPUT.md): the sentence, its offsets, `when` when known, `also` if any."""
        out: dict[str, Any] = {"article": self.article, "sentence": self.text, "start": self.start, "end": self.end}
        if self.when is not None:
            out["when"] = _timex_dict(self.when)
        if self.also:
            out["also"] = [_timex_dict(t) for t in self.also]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        """Read back what `to_dict` wrote (older items without `when` or `also` read as None and empty)."""
        when = data.get("when")
        return cls(data["article"], data["start"], data["end"], data["sentence"],
                   when=_timex_from_dict(data["article"], when) if when else None,
                   also=[_timex_from_dict(data["article"], t) for t in data.get("also") or []])


def _timex_dict(ref: TimeRef) -> dict[str, Any]:
    m = ref.mention
    return {"text": m.text, "start": m.start, "end": m.end, "value": ref.value}


def _timex_from_dict(article: str, data: dict[str, Any]) -> TimeRef:
    return TimeRef(type="DATE", value=data["value"], mention=Mention(article, data["start"], data["end"], data["text"]))


@dataclass(slots=True)
class TimelineEntry:
    """One line of a story's timeline: a date, what happened, and every source that says so."""

    date: str
    precision: str
    event: str  # one sentence, drawn from the best evidence
    articles: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)  # sentences, offsets into each article's clean text
    sources: list[str] = field(default_factory=list)  # distinct outlets (duplicates not counted twice)
    weight: float = 0.0  # importance within the story: higher first
    other_dates: list[tuple[str, list[str]]] = field(default_factory=list)  # (date, articles) where sources differ
    background: bool = False  # dated before the story's coverage window: the past the story recalls


@dataclass(slots=True)
class FigureClaim:
    """One source's figure, as a side of a comparison."""

    source: str
    article: str
    figure: Figure
    period: str = ""  # the month (or year) the figure holds at, as compared; "" when it names no calendar time


@dataclass(slots=True)
class FigureConflict:
    """Figures about the same subject and period that differ between sources."""

    subject: str
    period: str
    claims: list[FigureClaim] = field(default_factory=list)


@dataclass(slots=True)
class FigureSeries:
    """The figures of a story that count one thing (kind, whose, where), each with its source and period."""

    subject: str
    kind: str
    scope: list[str] = field(default_factory=list)
    claims: list[FigureClaim] = field(default_factory=list)


@dataclass(slots=True)
class SourceReport:
    """What one source reports in a story."""

    source: str
    articles: list[str] = field(default_factory=list)
    entries: list[int] = field(default_factory=list)  # indexes into the story's timeline
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass(slots=True)
class Comparison:
    """Per story: who reports what, where figures disagree, what only one source says."""

    story: str
    sources: list[SourceReport] = field(default_factory=list)
    conflicts: list[FigureConflict] = field(default_factory=list)
    single_source_entries: list[int] = field(default_factory=list)
    series: list[FigureSeries] = field(default_factory=list)


@dataclass
class ArticleView:
    """One stored article with everything known about it (its cleaning edits ride on the article, its
    reading beside it), for `show` and the web page."""

    article: Article
    reading: Reading
    unread: str | None = None  # why the article was not read (no plug for its language), None when it was
