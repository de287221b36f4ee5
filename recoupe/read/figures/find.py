"""Figures: counts of people or things that an article states as facts ("4 800 pompiers mobilisés").

The raw number finder (`recoupe.read.numbers`) proposes every number; this
module keeps the ones that count something. It reads the counted noun off the
parse (or borrows it from a sibling figure for elliptical counts such as
"de 6.400 à 4.100"), drops dates, times, durations, measures, ordinals and
labels, takes the subject from the noun's own modifiers and from what its
clause says of it (`figure_subject`), dates each figure by the tense and the
dates of its own clause (`figure_time`), and reads its hedge and its source
(`figure_source`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any

from recoupe.lang import Language
from recoupe.read.figures.source import bound_of, in_quotation, source_of, source_rules
from recoupe.read.figures.subject import measured_noun, predicate_of
from recoupe.read.figures.time import (
    AsOf,
    DatingContext,
    PastWords,
    calendar_dates,
    date_figure,
    date_reference,
    find_news_date,
    reference_stretch,
)
from recoupe.read.nlp import doc_text, token_lowers
from recoupe.read.numbers import NumberSpan, find_number_spans, number_grammar
from recoupe.records import Figure, Mention, TimeRef

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Longest subject kept, in tokens after the counted noun: gold subjects of the dev
# corpus run to 6-8 words ("pompiers venus des départements voisins"); past 8 the
# dependency subtree mostly drags in clauses that no longer describe the noun.
MAX_SUBJECT_TOKENS = 8

# Dependents of the counted noun that describe it (kept in the subject).
SUBJECT_DEPS = frozenset({"amod", "nmod", "acl", "flat:name", "flat:foreign", "fixed", "compound", "nummod"})

NOUNISH = frozenset({"NOUN", "PROPN"})

# Words a subject may not end on once trimmed ("navires au port et" -> "navires au port").
TRAILING_POS = frozenset({"CCONJ", "SCONJ", "ADP", "DET", "PRON", "AUX", "PUNCT", "SPACE"})


@dataclass(frozen=True)
class FigureRules:
    """The language's figure rules (word lists from `figures.json`), as lower-cased sets."""

    months: frozenset[str]
    not_counted: frozenset[str]
    labels_before: frozenset[str]
    anaphoric_dets: frozenset[str]
    anaphoric_max: float
    of_words: frozenset[str]
    elided: frozenset[str]
    casualty_nouns: frozenset[str]
    casualty_verbs: frozenset[str]
    people: frozenset[str]
    ordinal_cues: tuple[str, ...]
    range_joiners: frozenset[str]
    range_prepositions: frozenset[str]
    joined_number: re.Pattern[str]
    currency: dict[str, str]
    amount_units: frozenset[str]
    part_markers: frozenset[str]
    interval_markers: frozenset[str]
    contrast_markers: frozenset[str]
    money_units: frozenset[str]
    amount_fillers: frozenset[str]
    etre_verbs: frozenset[str]
    relatives: tuple[str, str]
    indefinite_articles: frozenset[str] = frozenset()  # the article that counts one ("un mort")
    victim_subject_verbs: frozenset[str] = frozenset()  # casualty verbs whose subject is the victim
    have_auxiliaries: frozenset[str] = frozenset()  # the auxiliary of every compound past ("avoir")


@cache
def figure_rules(lang: Language) -> FigureRules:
    """Load the figure rules of a language once per process."""
    data: dict[str, Any] = lang.json("figures.json")

    def low(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in data.get(key, []))

    return FigureRules(
        months=low("months"), not_counted=low("not_counted_nouns") | low("weekdays") | low("months"),
        range_joiners=low("range_joiners"), range_prepositions=low("range_prepositions"),
        joined_number=re.compile(
            r"\s*(?:" + "|".join(re.escape(j) for j in data.get("range_joiners", [])) + r")\s*(?=\d)", re.IGNORECASE),
        labels_before=low("label_words_before"),
        anaphoric_dets=low("anaphoric_determiners"), anaphoric_max=float(data.get("anaphoric_max", 0)),
        of_words=low("of_words"), elided=low("elided_words"), casualty_nouns=low("casualty_nouns"),
        casualty_verbs=low("casualty_verbs"), people=low("people_nouns") | low("casualty_nouns"),
        ordinal_cues=tuple(c.lower() for c in data.get("count_ordinal_cues", [])),
        currency=dict(data.get("currency_symbols", {})),
        interval_markers=low("interval_markers"), contrast_markers=low("contrast_markers"),
        money_units=low("money_units"), amount_fillers=low("amount_fillers"), etre_verbs=low("etre_verbs"), amount_units=low("amount_units"),
        part_markers=low("part_markers"),
        relatives=(data.get("relatives", {}).get("subject", ""), data.get("relatives", {}).get("object", "")),
        indefinite_articles=low("indefinite_articles"), victim_subject_verbs=low("victim_subject_verbs"),
        have_auxiliaries=low("have_auxiliaries"),
    )


@dataclass
class _Candidate:
    """A number kept so far, with the noun it counts (None while elliptical)."""

    span: NumberSpan
    tokens: Span
    noun: Token | None
    unit: str | None = None
    borrowed: bool = False  # the noun belongs to another count of the sentence


def find_figures(doc: Doc, lang: Language, as_of: str | None, timexes: Sequence[TimeRef] = (),
                 article_id: str = "") -> list[Figure]:
    """Find the counts an article states as facts, with unit, subject, as-of date and evidence span.

    `as_of` is the publication date, used when the figure's sentence carries no
    DATE; `timexes` (from the temporal tagger) mark numbers that are dates.
    """
    rules = figure_rules(lang)
    text = doc_text(doc)
    time_spans = [(t.mention.start, t.mention.end) for t in timexes]
    dates = calendar_dates(timexes)
    sources = source_rules(lang)
    past = PastWords(have=rules.have_auxiliaries, etre_verbs=rules.etre_verbs)
    dating = DatingContext(published=as_of, news_date=find_news_date(doc, dates, as_of, past),
                           interval_markers=rules.interval_markers, past=past,
                           times=tuple(t for t in timexes if t.type == "TIME"), joiners=rules.range_joiners,
                           text=text)
    read: list[tuple[NumberSpan, _Candidate | None]] = []
    for span in find_number_spans(text, lang):
        if any(span.number_start < e and s < span.end for s, e in time_spans):
            read.append((span, None))
            continue
        read.append((span, _read_candidate(doc, text, span, lang, rules)))
    candidates = _join_ranges(text, read, rules)
    candidates += _find_singular_counts(doc, rules, candidates)
    _borrow_units(candidates, rules)
    figures: list[Figure] = []
    seen: dict[tuple[float, str], list[tuple[Figure, AsOf]]] = {}
    stretches = _reference_stretches(candidates, rules)
    for cand in sorted(candidates, key=lambda c: c.span.start):
        if cand.unit is None:
            continue
        # One value, one fact: news restates its lead figure in the body, often with
        # another word for the same people ("sept personnes" then "sept passagers"),
        # so people nouns share one key. Measured on dev: keying on (value, unit) gave
        # F1 0.899 with 5 such duplicates; (value, people-or-unit) removes them. The same
        # number at another date is another fact, so a date the text gives it is part of the key
        # (a restated count whose date only follows its tense is the same fact).
        counted = cand.noun if cand.noun is not None else cand.tokens[-1]
        source = source_of(counted, sources, text)
        stretch = stretches.get(cand.span.start)
        own_dates = [d for d in dates if not any(s.start_char <= d.mention.start < s.end_char
                                                 for k, s in stretches.items() if k != cand.span.start)]
        when = date_figure(cand.tokens[-1], cand.noun, own_dates, dating,
                           attributed=source is not None or in_quotation(text, cand.span.start))
        if stretch is not None:
            when = date_reference(stretch, cand.tokens, dates) or when
        key = (cand.span.value, "<people>" if cand.unit in rules.people else cand.unit)
        earlier = seen.setdefault(key, [])
        if _restates(earlier, when):
            continue
        figure = Figure(
            value=cand.span.value,
            mention=Mention(article_id, cand.span.start, cand.span.end, text[cand.span.start:cand.span.end]),
            unit=cand.unit,
            subject=_subject_of(cand, rules),
            as_of=when.value,
            approx=cand.span.approx,
            bound=bound_of(cand.span, text, sources),
            according_to=source,
        )
        earlier.append((figure, when))
        figures.append(figure)
    return figures


def _reference_stretches(candidates: Sequence[_Candidate], rules: FigureRules) -> dict[int, Span]:
    """Start of each reference count -> its phrase ("contre 17 en février"), whose date is the reference's only."""
    out: dict[int, Span] = {}
    for cand in candidates:
        if cand.unit is not None and _repeats_count(cand, candidates):
            stretch = reference_stretch(cand.tokens, cand.span.start, rules.contrast_markers)
            if stretch is not None:
                out[cand.span.start] = stretch
    return out


def _repeats_count(cand: _Candidate, candidates: Sequence[_Candidate]) -> bool:
    """Whether a count counts what an earlier count of its sentence counts: elliptical, or the same unit.

    Only such a count can be the reference another is measured against ("900
    policiers, contre 1 400"); one with a noun of its own is a count of its own
    ("deux missiles contre deux bases").
    """
    if cand.borrowed:
        return True
    sent = cand.tokens[0].sent
    return any(o.unit == cand.unit and o.span.start < cand.span.start and o.tokens[0].sent == sent
               for o in candidates if o is not cand)


def _restates(earlier: list[tuple[Figure, AsOf]], when: AsOf) -> bool:
    """Whether a count restates one already kept (same value and unit); a written date then dates the fact.

    News gives a count first undated ("cinq personnes tuées") and its date in
    another mention ("tuant dimanche 27 juin cinq personnes"): both are one fact,
    and the date the text writes is when it holds. Two written dates that differ
    are two facts, and so are a fact and a hypothesis ("deux missiles auraient
    touché l'avion" is not "l'Iran avait tiré deux missiles").
    """
    for k, (figure, seen) in enumerate(earlier):
        same_mood = (seen.tense == "conditional") == (when.tense == "conditional")
        if figure.as_of == when.value or (same_mood and not (when.written and seen.written)):
            if when.written and not seen.written:
                figure.as_of = when.value
                earlier[k] = (figure, when)
            return True
    return False


def _join_ranges(text: str, read: list[tuple[NumberSpan, _Candidate | None]],
                 rules: FigureRules) -> list[_Candidate]:
    """Let the first number of "de 6.400 à 4.100 soldats", "11 et 13 ans" share the second's fate.

    An elliptical number joined to the next one by "à", "et", "ou" counts what
    the next one counts, and is dropped when the next one is not a figure
    ("8,1 à 7,4 %", "du 5 au 6 décembre").
    """
    kept: list[_Candidate] = []
    for k, (span, cand) in enumerate(read):
        if cand is None:
            continue
        if cand.noun is None:
            nxt_span, nxt = read[k + 1] if k + 1 < len(read) else (None, None)
            joined = rules.joined_number.match(text, span.end)
            if joined and (nxt_span is None or nxt_span.number_start != joined.end()):
                continue  # joined to a number the finder did not keep ("de 130 à 110km/h")
            if nxt_span is not None and text[span.end:nxt_span.start].strip().lower() in rules.range_joiners:
                if nxt is None:
                    continue
                if nxt.noun is not None:
                    cand.unit, cand.noun = nxt.unit, nxt.noun
                    if nxt_span.scale > 1 and cand.span.scale == 1 and not cand.span.in_words:
                        # "entre 5 et 8 millions d'euros": the scale word serves both numbers.
                        cand.span = replace(cand.span, value=cand.span.value * nxt_span.scale,
                                            scale=nxt_span.scale)
        kept.append(cand)
    return kept


def _read_candidate(doc: Doc, text: str, span: NumberSpan, lang: Language, rules: FigureRules) -> _Candidate | None:
    """Decide whether one number can be a figure and find the noun it counts (`text` is `doc.text`, read once)."""
    tokens = doc.char_span(span.number_start, span.number_end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return None
    first, last = tokens[0], tokens[-1]
    if any(t.like_url or "/" in t.text for t in tokens):
        return None
    prev = doc[first.i - 1] if first.i > 0 else None
    if prev is not None and prev.lower_ in rules.labels_before:
        return None
    if prev is not None and prev.lower_ in rules.months:
        return None  # "janvier 2021": a year
    if prev is not None and not span.in_words and prev.whitespace_ and not prev.is_sent_start \
            and (prev.pos_ == "PROPN" or (prev.is_title and prev.pos_ not in {"DET", "ADP"})):
        return None  # "Europe 1", "Type 57", "Airbus A 320": part of a name
    if span.kind == "percent":
        return None
    core = text[span.number_start:span.number_end]
    if len(core) > 1 and core[0] == "0" and core[1].isdigit():
        return None  # "01 45 ...", "007": a phone number or a code, not a count
    if span.kind == "ordinal":
        return _read_ordinal(doc, text, span, tokens, rules)
    noun = _counted_noun(doc, last, lang, rules)
    if noun is not None and (noun.lower_ in rules.not_counted
                             or (not noun.is_alpha and noun.text not in rules.currency
                                 and noun.lower_ not in rules.amount_units)):
        return None  # a date ("le 7 avril"), a duration, a time, a measure, a fraction
    if _looks_like_year(span, text) and noun is None:
        return None
    if span.in_words and noun is None and not (prev is not None and prev.lower_ in rules.part_markers):
        return None  # "trois de plus", "l'un des deux": no noun, no count; "16 blessés, dont neuf" is one
    if span.in_words and prev is not None and prev.lower_ in rules.anaphoric_dets \
            and span.value <= rules.anaphoric_max and not span.approx:
        return None  # "les deux pays": the number recalls things already named
    cand = _Candidate(span=span, tokens=tokens, noun=noun)
    if noun is not None:
        cand.unit = rules.currency.get(noun.text, noun.lower_)
    return cand


def _counted_noun(doc: Doc, last: Token, lang: Language, rules: FigureRules) -> Token | None:
    """The noun a number counts: right after it, or after "de" for "une dizaine de", "2 millions de"."""
    i = last.i + 1
    n = len(doc)
    if i < n and doc[i].text in rules.currency:
        return doc[i]
    if i < n and doc[i].text[:1].isalpha() and any(ch.isdigit() for ch in doc[i].text):
        return doc[i]  # "550.000 km2", "20 m³": a unit symbol, which the caller rejects
    if number_grammar(lang).is_counting_noun(last.text):
        if i >= n or doc[i].lower_ not in rules.of_words:
            return None
        i += 1
        while i < n and doc[i].pos_ in {"DET", "ADJ"} and doc[i].lower_ not in rules.elided:
            i += 1
        if i < n and doc[i].lower_ in rules.elided:
            i += 1
        return doc[i] if i < n and _is_counted(doc[i], rules) else None
    skipped = 0
    while i < n and doc[i].pos_ == "ADJ" and skipped < 2 and i + 1 < n and doc[i + 1].pos_ in {"ADJ", "NOUN"} \
            and not _is_counted(doc[i], rules):
        i += 1
        skipped += 1
    if i < n and doc[i].lower_ in rules.elided:
        return None  # "500 autres": elliptical
    if i < n and _is_counted(doc[i], rules):
        return doc[i]
    if i < n and last.dep_ == "nummod" and last.head.i == i and doc[i].is_alpha and doc[i].pos_ not in {"ADP", "DET"}:
        return doc[i]  # the parse hangs the number on the word after it, whatever that word's tag ("1 300 fûts")
    # An adjective standing alone after a number is a noun in disguise: "250 gendarmes avec ...".
    if i < n and doc[i].pos_ == "ADJ" and doc[i].is_alpha and "Number=Sing" not in str(doc[i].morph) \
            and (i + 1 >= n or doc[i + 1].pos_ not in NOUNISH):
        return doc[i]
    return None


def _is_counted(tok: Token, rules: FigureRules) -> bool:
    """Whether a token can be what a number counts: a noun, or a participle used as one ("six blessés").

    A proper noun counts only when plural ("800 Belges"), not when it
    starts the next name ("à 1 François ...").
    """
    if not tok.is_alpha:
        return False
    if tok.pos_ == "PROPN":
        return tok.lower_.endswith(("s", "x"))
    return tok.pos_ == "NOUN" or tok.lower_ in rules.casualty_nouns


def _looks_like_year(span: NumberSpan, text: str) -> bool:
    """Four plain digits between 1000 and 2100 read as a year unless a noun says otherwise."""
    raw = text[span.number_start:span.end]
    return raw.isdigit() and len(raw) == 4 and 1000 <= span.value <= 2100


def _read_ordinal(doc: Doc, text: str, span: NumberSpan, tokens: Span, rules: FigureRules) -> _Candidate | None:
    """"La 15e attaque de ce type depuis janvier": an ordinal that tallies events counts them."""
    if span.value < 2:
        return None
    last = tokens[-1]
    sent = last.sent
    rest = text[last.idx:sent.end_char].lower()
    if not any(cue in rest for cue in rules.ordinal_cues):
        return None
    noun: Token | None = None
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if nxt is not None and nxt.pos_ == "NOUN":
        noun = nxt
    elif last.dep_ != "amod":
        # Elliptical "Ce naufrage, le 9e depuis ...": the noun sits before it in the sentence.
        for tok in reversed(list(doc[sent.start:tokens[0].i])):
            if tok.pos_ == "NOUN":
                noun = tok
                break
    if noun is None or noun.lower_ in rules.not_counted:
        return None
    return _Candidate(span=span, tokens=tokens, noun=noun, unit=_plural(noun))


def _plural(noun: Token) -> str:
    """The plural unit for a count read off a singular noun ("15e attaque" counts "attaques")."""
    word = noun.lower_
    return word if word.endswith(("s", "x", "z")) else word + "s"


def _find_singular_counts(doc: Doc, rules: FigureRules, found: list[_Candidate]) -> list[_Candidate]:
    """"Un blessé", "un passant a été tué", "deux ponts ... et un pont": "un" as a count of one.

    An article "un" counts only where the count matters: a casualty noun, the
    victim of a casualty verb, or a noun another figure of the sentence counts.
    """
    out: list[_Candidate] = []
    counted_lemmas = {(c.noun.sent.start, c.noun.lemma_) for c in found if c.noun is not None}
    inside = [(c.span.start, c.span.end) for c in found]
    for i, lower in enumerate(token_lowers(doc)):
        if lower not in rules.indefinite_articles:
            continue  # most words are no article: their Token is never built
        tok = doc[i]
        if tok.dep_ != "det" or tok.head.pos_ not in NOUNISH | {"ADJ"}:
            continue
        if any(s <= tok.idx < e for s, e in inside):
            continue  # "une" of "une vingtaine": already part of a number
        noun = tok.head
        if noun.i != tok.i + 1 and not all(t.pos_ == "ADJ" for t in doc[tok.i + 1:noun.i]):
            continue
        if noun.lower_ in rules.not_counted:
            continue
        adjacent = noun.i == tok.i + 1  # "une sixième victime" is a rank, not a count
        coordinated = noun.dep_ == "conj" and (noun.sent.start, noun.lemma_) in counted_lemmas
        if not ((adjacent and noun.lower_ in rules.casualty_nouns) or _is_victim(noun, rules) or coordinated):
            continue
        span = NumberSpan(start=tok.idx, end=tok.idx + len(tok.text), value=1.0, number_start=tok.idx,
                          number_end=tok.idx + len(tok.text), in_words=True)
        out.append(_Candidate(span=span, tokens=doc[tok.i:tok.i + 1], noun=noun, unit=noun.lower_))
    return out


def _is_victim(noun: Token, rules: FigureRules) -> bool:
    """Whether a noun (or the head of its coordination) is what a casualty verb acts upon."""
    node = noun
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    if node.dep_ not in {"obj", "nsubj:pass", "nsubj"} or any(c.dep_ == "case" for c in noun.children):
        return False  # "selon une source": a noun behind a preposition is not what a verb acts upon
    verb = node.head
    if node.dep_ == "obj" and any(t.is_punct for t in noun.doc[verb.i + 1:node.i]):
        return False  # ", une association ...": an apposition the parser took for an object
    if verb.lemma_.lower() not in rules.casualty_verbs:
        return False
    return node.dep_ != "nsubj" or verb.lemma_.lower() in rules.victim_subject_verbs


def _borrow_units(cands: list[_Candidate], rules: FigureRules) -> None:
    """Give elliptical counts ("de 6.400 à 4.100 soldats") the unit of the nearest counted sibling."""
    for cand in cands:
        if cand.unit is not None:
            continue
        sent = cand.tokens[0].sent
        siblings = [o for o in cands if o is not cand and o.noun is not None and o.tokens[0].sent == sent]
        # The count an elliptical number leans on is written before it ("40 bus ...: 25 à Lyon,
        # 15 à Grenoble"); a later one is a fallback.
        before = [o for o in siblings if o.span.start < cand.span.start]
        after = [o for o in siblings if o.span.start > cand.span.start]
        best = before[-1] if before else (after[0] if after else None)
        if best is not None:
            cand.unit, cand.noun, cand.borrowed = best.unit, best.noun, True
            continue
        if cand.span.in_words or cand.span.value < 2:
            continue
        first = cand.tokens[0]
        if first.i == 0 or first.doc[first.i - 1].lower_ not in rules.range_prepositions:
            continue  # only "de 6.400 à 4.100", "ramener à 900" imply an earlier noun
        noun = _implied_noun(cand)
        if noun is not None:
            cand.unit, cand.noun, cand.borrowed = noun.lower_, noun, True


def _implied_noun(cand: _Candidate) -> Token | None:
    """The plural noun an elliptical count refers to: "ramener les effectifs de 6.400 à 4.100".

    Looks right after the number for a determiner and a noun ("à 4.100 leurs
    effectifs"), then back through the sentence for the nearest plural common noun.
    """
    doc = cand.tokens.doc
    last = cand.tokens[-1]
    sent = last.sent
    nxt = last.i + 1
    if nxt + 1 < sent.end and doc[nxt].pos_ == "DET" and doc[nxt + 1].pos_ == "NOUN" \
            and _is_plural(doc[nxt + 1]):
        return doc[nxt + 1]
    for tok in reversed(list(doc[sent.start:cand.tokens[0].i])):
        if tok.pos_ == "NOUN" and _is_plural(tok) and tok.is_alpha:
            return tok
    return None


def _is_plural(tok: Token) -> bool:
    return "Number=Plur" in str(tok.morph)


def _subject_of(cand: _Candidate, rules: FigureRules) -> str | None:
    """The counted noun with the modifiers the parse hangs on it; for a bare amount, the noun it measures."""
    noun = cand.noun
    if noun is None:
        return None
    subject = _noun_subject(noun, cand.borrowed, cand.tokens[-1], rules.relatives)
    if subject == noun.text and not cand.borrowed and cand.unit in rules.money_units:
        measured = measured_noun(cand.tokens[-1], noun, rules.amount_fillers)
        if measured is not None:
            return _noun_subject(measured[0], False, None, rules.relatives, stop=measured[1]) or subject
    return subject


def _noun_subject(noun: Token, borrowed: bool, number: Token | None, relatives: tuple[str, str],
                  stop: int | None = None) -> str | None:
    """A noun with the modifiers the parse hangs on it and what its clause says of it, as a trimmed slice.

    `stop` is a token index the noun's own phrase may not reach (where an amount's phrase starts).
    """
    doc = noun.doc
    end = noun.i + 1
    limit = min(len(doc), noun.i + 1 + MAX_SUBJECT_TOKENS, noun.sent.end)
    if stop is not None and stop > noun.i:
        limit = min(limit, stop)
    for child in noun.rights:
        # A borrowed noun keeps only its adjectives: its places and complements may
        # belong to the other count ("400 navires à Brest et 300 à Toulon").
        if child.dep_ not in SUBJECT_DEPS or (borrowed and child.dep_ != "amod"):
            continue
        right = child.right_edge.i + 1
        if right > limit:
            if stop is not None and child.i < limit:
                end = max(end, limit)  # "travaux estimés à 12 millions": the participle up to the amount
            break
        end = max(end, right)
    # Stop at the first punctuation, line break or other number inside the stretch: a subject
    # never crosses a comma, a quote or a sibling count ("navires à Brest et 300 à Toulon").
    for tok in doc[noun.i + 1:end]:
        if tok.is_punct or tok.is_quote or tok.is_space or "\n" in tok.whitespace_ or tok.like_num \
                or tok.pos_ == "NUM":
            end = tok.i + (1 if "\n" in tok.whitespace_ and not (tok.like_num or tok.pos_ == "NUM") else 0)
            break
    while end > noun.i + 1 and doc[end - 1].pos_ in TRAILING_POS:
        end -= 1
    base = doc[noun.i:end].text.strip()
    predicate = None if borrowed else predicate_of(noun, end, *relatives, number=number)
    return " ".join(p for p in (base, predicate) if p) or None
