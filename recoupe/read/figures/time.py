"""When a figure holds: its as-of date, read from the clause the number sits in.

News states counts in a few ways, and each dates itself differently:

- a count in the present (or future) describes the state of things when the
  article is written: "où environ 3 000 soldats sont déployés" holds at
  publication, whatever "depuis 2014" says about when the deployment began;
- a running total since a date ("depuis octobre, 14 attaques ont visé ...")
  also holds at publication: "depuis" opens an interval that is still open;
- a count in the passé composé tells of an event: it holds on the date written
  in its own clause, or else on the day of the news the article reports (the
  day its lead gives to a past-tense verb);
- a count in the imperfect or the pluperfect ("la collision avait fait 11
  blessés") steps back to the earlier event the article has just told;
- a reported count (credited to a source, quoted, or in the journalistic
  conditional) holds on the day it was said, the day of the news;
- a date that describes another noun ("l'incendie du 26 septembre") or sits in
  another noun's clause ("la digue, dont la rupture le 3 mars ...") does
  not date the count.

The tense is read off the parse (token.morph: Tense, Mood, VerbForm of the verb
that governs the counted noun and of its auxiliaries), never off word lists.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from recoupe.records import TimeRef

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

Tense = Literal["present", "past", "anterior", "future", "conditional", "none"]

# A day-precision calendar date; only those can name the day of an event.
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CALENDAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_YEAR = re.compile(r"\b\d{4}\b")

# How far before publication the lead's event may lie and still be the news the
# article reports: a weekly round-up tells of the last seven days; an older date
# in the lead is background ("le 14 août 2018, le pont s'effondrait ...").
NEWS_WINDOW_DAYS = 7

# How many sentences make the lead (title included): the lead is where a news
# article says what happened and when.
LEAD_SENTENCES = 6

# TIMEX3's value for a time in the past that the text does not name.
PAST_REF = "PAST_REF"

# The tenses that tell of something done.
PAST = frozenset({"past", "anterior"})


@dataclass(frozen=True)
class PastWords:
    """The words by which a language builds its compound past: the auxiliary that always makes one ("a tué"),
    and the verbs that build theirs with the other auxiliary, which otherwise makes a passive ("est tombé")."""

    have: frozenset[str] = frozenset()  # lemmas of the auxiliary of every compound past
    etre_verbs: frozenset[str] = frozenset()  # verbs whose compound past takes the passive's auxiliary


@dataclass(frozen=True)
class DatingContext:
    """What dates a figure besides its own clause: publication, the lead's event day, the interval markers."""

    published: str | None
    news_date: str | None
    interval_markers: frozenset[str]
    past: PastWords = PastWords()
    times: tuple[TimeRef, ...] = ()  # TIME references, whose day may close a span of dates
    joiners: frozenset[str] = frozenset()  # words that join two dates into a span ("et", "au")
    text: str = ""  # the doc's text, read once (spaCy rebuilds `doc.text` from its tokens on every access)


def clause_verb(tok: Token) -> Token | None:
    """The verb whose clause a token sits in: the first verb (or predicate with a copula) up its heads."""
    node = tok
    for _ in range(40):
        # A head with an auxiliary or a copula is a verb whatever its tag ("a privé", tagged ADJ).
        if node.pos_ in {"VERB", "AUX"} or any(c.dep_ in {"cop", "aux", "aux:tense", "aux:pass"}
                                                for c in node.children):
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _auxiliaries(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in {"aux", "aux:tense", "aux:pass", "cop"}]


def _finite_tense(verb: Token, past: PastWords) -> tuple[Tense, bool]:
    """The tense a verb's own form (or its auxiliaries) gives, and whether it is finite at all."""
    auxes = _auxiliaries(verb)
    tense_aux = [a for a in auxes if a.dep_ in {"aux", "aux:tense"}]
    carrier = tense_aux[0] if tense_aux else (auxes[0] if auxes else verb)
    morph = carrier.morph
    if "Fin" not in morph.get("VerbForm", []):
        return "none", False
    if "Cnd" in morph.get("Mood", []):
        return "conditional", True
    if "Fut" in morph.get("Tense", []):
        return "future", True
    if "Imp" in morph.get("Tense", []):
        # The imperfect and the pluperfect ("stockait", "avait fait") tell of a time
        # before the one the article narrates.
        return "anterior", True
    if "Past" in morph.get("Tense", []):
        return "past", True
    participle = "Part" in verb.morph.get("VerbForm", []) or verb.pos_ == "ADJ"  # "a privé", tagged ADJ
    if participle and auxes and _is_compound_past(verb, tense_aux, past):
        return "past", True
    return "present", True


def _is_compound_past(participle: Token, tense_aux: list[Token], past: PastWords) -> bool:
    """Whether a present auxiliary and a participle make a passé composé rather than a passive present.

    "ont tué" (avoir) is a past; with être it is a past for a pronominal verb
    ("se sont présentées") or a verb of the être class ("sont tombées"), and
    otherwise a passive that states the present ("sont déployés").
    """
    if any(a.lemma_ in past.have for a in tense_aux) or any(a.lemma_ in past.have for a in participle.children
                                                              if a.dep_.startswith("aux")):
        return True
    if any(c.dep_.startswith("expl") or "Reflex=Yes" in str(c.morph) for c in participle.children):
        return True
    return participle.lemma_.lower() in past.etre_verbs


def clause_tense(tok: Token, past: PastWords = PastWords()) -> Tense:
    """The tense of the clause a token sits in; a participle or infinitive takes its governor's.

    "56 camions pesant chacun 44 tonnes ont testé ..." is past through "ont testé";
    "décidé de réduire ... à 3 000" is past through "décidé".
    """
    verb = clause_verb(tok)
    for _ in range(6):
        if verb is None:
            return "none"
        tense, finite = _finite_tense(verb, past)
        if finite:
            return tense
        if _is_result_participle(verb):
            # ", faisant 176 morts", ", tuant cinq personnes": a present participle set off after
            # a clause tells what that clause's event did, whatever the parser hangs it on.
            before = _finite_before(verb)
            if before is not None:
                return _finite_tense(before, past)[0]
        if verb.head.i == verb.i:
            return "none"
        verb = clause_verb(verb.head)
    return "none"


def _is_result_participle(verb: Token) -> bool:
    """A present participle set off by a comma: "..., faisant 176 morts"."""
    morph = verb.morph
    return "Part" in morph.get("VerbForm", []) and "Pres" in morph.get("Tense", []) \
        and verb.i > verb.sent.start and verb.doc[verb.i - 1].is_punct


def _finite_before(verb: Token) -> Token | None:
    """The nearest finite verb before a token in its sentence (an auxiliary stands for its participle)."""
    for tok in reversed(list(verb.doc[verb.sent.start:verb.i])):
        if "Fin" in tok.morph.get("VerbForm", []) and tok.pos_ in {"VERB", "AUX"}:
            return tok.head if tok.pos_ == "AUX" and tok.dep_.startswith("aux") else tok
    return None


def _date_tokens(doc: Doc, ref: TimeRef) -> Span | None:
    return doc.char_span(ref.mention.start, ref.mention.end, alignment_mode="expand")


def opens_interval(doc: Doc, ref: TimeRef, markers: frozenset[str]) -> bool:
    """Whether a date opens an interval still running ("depuis septembre"): the language's `markers`."""
    span = _date_tokens(doc, ref)
    if span is None:
        return False
    before = doc[max(span.start - 2, 0):span.start]
    words = [t.lower_.replace("’", "'") for t in before]
    joined = " ".join(words).replace("' ", "'")
    return any(w in markers for w in words) or any(joined.endswith(m) for m in markers)


def describes_other_noun(doc: Doc, ref: TimeRef, figure_noun: Token) -> bool:
    """Whether a date hangs on a noun other than the counted one ("l'incendie du 26 septembre").

    Such a date says when that noun's thing happened, not when the count holds.
    """
    span = _date_tokens(doc, ref)
    if span is None:
        return False
    head = span.root.head
    if head.i == span.root.i or head.pos_ not in {"NOUN", "PROPN"} or span.start <= head.i < span.end:
        return False
    if head.i == figure_noun.i or any(a.i == head.i for a in figure_noun.ancestors):
        return False  # the date qualifies the count itself or what contains it ("le bilan du 15 août")
    # Only a noun that itself modifies a noun is out of the clause's own frame ("une pathologie
    # en lien avec l'incendie du 26 septembre"); a noun the verb governs directly often carries
    # the clause's date in the parse ("rassemblées vendredi devant la préfecture").
    return head.dep_ == "nmod" and head.head.pos_ in {"NOUN", "PROPN"}


def _span_end(text: str, best: TimeRef, dates: Sequence[TimeRef], joiners: frozenset[str]) -> str:
    """The later of two coordinated dates ("jeudi et vendredi matin"): a count over a span of days holds at its end.

    `dates` may hold times of a known day ("vendredi matin"), which stand for that day;
    `joiners` are the language's words that join two dates ("et", "au").
    """
    value = best.value
    for ref in dates:
        later = ref.value[:len(value)]
        between = text[best.mention.end:ref.mention.start].strip().lower()
        if ref.mention.start > best.mention.end and (between in joiners or between == ",") \
                and _CALENDAR.match(later) and len(later) == len(value) and later > value:
            value = later
    return value


def in_other_clause(doc: Doc, ref: TimeRef, counted: Token) -> bool:
    """Whether a date belongs to a clause that neither holds the count nor governs it.

    "Trois pelleteuses travaillent près de la digue dont la rupture le 3 mars a
    inondé 200 maisons": the date dates the breach, told in a relative clause of
    another noun, not the diggers.
    """
    span = _date_tokens(doc, ref)
    if span is None:
        return False
    own, theirs = clause_verb(counted), clause_verb(span.root)
    if own is None or theirs is None or own.i == theirs.i:
        return False
    if any(a.i == theirs.i for a in own.ancestors):
        return False  # "a annoncé lundi que cinq soldats ont été tués": the date of the saying
    if any(t.i == counted.i for t in theirs.subtree):
        return False  # the count sits in that clause itself ("l'accord conclu en 2015 entre cinq pays")
    # A clause of another noun: labelled so, or opened by a relative pronoun ("dont", "qui")
    # where the parser has hung it elsewhere.
    return theirs.dep_ in {"acl:relcl", "acl"} or "Rel" in theirs.left_edge.morph.get("PronType", [])


def _shift_year(value: str, years: int) -> str:
    return f"{int(value[:4]) + years:04d}{value[4:]}"


def _later(a: str, b: str) -> bool:
    """Whether calendar value `a` lies after `b`, compared at the coarser precision of the two."""
    n = min(len(a), len(b))
    return a[:n] > b[:n]


@dataclass(frozen=True)
class AsOf:
    """A figure's as-of date, whether its own clause wrote it, and the tense the clause tells it in."""

    value: str | None
    written: bool
    tense: Tense


def date_figure(anchor: Token, noun: Token | None, dates: Sequence[TimeRef], ctx: DatingContext,
                attributed: bool = False) -> AsOf:
    """The as-of date of a figure whose number ends at `anchor` and counts `noun`.

    `attributed` says the sentence credits the count to a source: the present of
    reported words is the day they were said, the day of the article's news. The
    conditional is such a report of its own (the "conditionnel journalistique" of
    a claim the paper does not vouch for: "la fraude représenterait 117 millions").

    A date of the figure's own sentence dates it, unless it bounds an interval or
    describes another noun; with none, a present or future count holds at
    publication and a past one on the day of the article's news.
    """
    doc = anchor.doc
    sent = anchor.sent
    counted = noun if noun is not None else anchor
    tense = clause_tense(counted, ctx.past)
    best: TimeRef | None = None
    running = False
    for ref in dates:
        if ref.mention.start < sent.start_char or ref.mention.end > sent.end_char:
            continue
        if opens_interval(doc, ref, ctx.interval_markers):
            running = True
            continue
        if describes_other_noun(doc, ref, counted) or in_other_clause(doc, ref, counted):
            continue
        if best is None or abs(ref.mention.start - anchor.idx) < abs(best.mention.start - anchor.idx):
            best = ref
    if best is not None:
        value = _span_end(ctx.text, best, [*dates, *ctx.times], ctx.joiners)
        if tense in PAST and ctx.published and _later(value, ctx.published) \
                and not _YEAR.search(best.mention.text):
            # A past-tense fact cannot postdate its article: a date written without its
            # year ("le 26 septembre") was resolved into the wrong year.
            value = _shift_year(value, -1)
        return AsOf(value, True, tense)
    if running:
        return AsOf(ctx.published, False, tense)  # "depuis octobre, 14 attaques ont visé ...": a running total, as of now
    if tense == "anterior":
        earlier = _earlier_event(anchor, dates, ctx.news_date or ctx.published)
        if earlier is not None:
            return AsOf(earlier, False, tense)
    if ctx.news_date is not None and (tense in PAST or tense == "conditional"
                                       or (attributed and tense == "present")):
        return AsOf(ctx.news_date, False, tense)
    return AsOf(ctx.published, False, tense)


def reference_stretch(number: Span, hedge_start: int, markers: frozenset[str]) -> Span | None:
    """The phrase of a reference count set beside another by a contrast marker, from the number to the next comma.

    French news measures a count against a reference: "2 500 soldats, contre plus
    de 5 200 après les premiers retraits", "42 attaques en mars contre 17 en
    février". None when the number (with its hedge, from `hedge_start`) does not
    follow one of the language's contrast `markers`.
    """
    doc = number.doc
    first = number[0].i
    while first > number.sent.start and doc[first - 1].idx >= hedge_start:
        first -= 1
    if first == number.sent.start or doc[first - 1].lower_ not in markers:
        return None
    end = number.end
    while end < number.sent.end and not doc[end].is_punct:
        end += 1
    return doc[first - 1:end]


def date_reference(stretch: Span, number: Span, dates: Sequence[TimeRef]) -> AsOf | None:
    """The as-of date of a reference count: the date its own phrase writes, else an earlier unnamed time.

    With no date of its own, the reference is the earlier state the count is
    measured against (TIMEX3's PAST_REF), never the main count's date. A reference
    whose phrase names someone or somewhere before any verb ("contre 200 à Lyon")
    differs by place, not time: None, and the figure keeps its clause's date.
    """
    own = [d for d in dates if stretch.start_char <= d.mention.start and d.mention.end <= stretch.end_char]
    if own:
        return AsOf(own[0].value, True, "none")
    for tok in stretch.doc[number.end:stretch.end]:
        if tok.pos_ in {"VERB", "AUX"}:
            break
        if tok.pos_ == "PROPN":
            return None
    return AsOf(PAST_REF, False, "anterior")


def find_news_date(doc: Doc, dates: Sequence[TimeRef], published: str | None,
                   past: PastWords = PastWords()) -> str | None:
    """The day of the event an article reports: the first day-precise date its lead gives to a past-tense verb.

    Kept only when it lies within a week before publication (or in the month of a
    month-precise publication date); an older date in the lead is background.
    """
    if not published:
        return None
    sents = list(doc.sents)[:LEAD_SENTENCES]
    if not sents:
        return None
    lead_end = sents[-1].end_char
    for ref in sorted(dates, key=lambda r: r.mention.start):
        if ref.mention.start >= lead_end:
            break
        if not _DAY.match(ref.value) or not _within_window(ref.value, published):
            continue
        span = _date_tokens(doc, ref)
        if span is not None and _tells_event(span.root, past):
            return ref.value
    return None


def _tells_event(tok: Token, past: PastWords) -> bool:
    """Whether a token's clause tells a completed event: a past tense, or a past participle ("avion abattu le 8")."""
    if clause_tense(tok, past) in PAST:
        return True
    verb = clause_verb(tok)
    return verb is not None and "Part" in verb.morph.get("VerbForm", []) and "Past" in verb.morph.get("Tense", []) \
        and not _auxiliaries(verb)


def _earlier_event(anchor: Token, dates: Sequence[TimeRef], reference: str | None) -> str | None:
    """The last day the article named before a figure that lies before the news it reports.

    An imperfect or a pluperfect without a date of its own steps back to the
    earlier event the article has just told ("Le 16 octobre, un TER percutait un
    convoi. La collision avait fait 11 blessés.").
    """
    if not reference:
        return None
    best: str | None = None
    for ref in dates:
        if ref.mention.start >= anchor.idx:
            break
        if _DAY.match(ref.value) and ref.value[:len(reference)] < reference[:len(ref.value)]:
            best = ref.value
    return best


def _within_window(day: str, published: str) -> bool:
    """Whether a day lies within the news window before a publication date (of day or month precision)."""
    if not _DAY.match(published):
        return day.startswith(published)
    d, p = dt.date.fromisoformat(day), dt.date.fromisoformat(published)
    return dt.timedelta(0) <= p - d <= dt.timedelta(days=NEWS_WINDOW_DAYS)


def calendar_dates(timexes: Sequence[TimeRef]) -> list[TimeRef]:
    """The DATE references with a calendar value: "XXXX-WXX-4" or "PAST_REF" cannot date a fact."""
    return [t for t in timexes if t.type == "DATE" and _CALENDAR.match(t.value)]
