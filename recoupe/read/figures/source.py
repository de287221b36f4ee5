"""Whose count it is and how it is hedged: a figure's `according_to` and `bound`.

French news credits a count in two ways: with a source marker before a noun
("selon la police", "d'après les organisateurs") or with a reporting verb whose
subject is the source ("..., a indiqué la préfecture", "la police a précisé que
..."). The source is read off the parse of the figure's own sentence; a
sentence that credits nobody gives `according_to` None.

A hedge before or after the number says whether it is an approximation or a
bound: "environ", "quelque", "près de" round it (`about`), "plus de", "au moins"
set a floor (`at_least`), "moins de", "jusqu'à" a ceiling (`at_most`). The
marker lists are the language's, in `numbers.json`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from recoupe.lang import Language
from recoupe.read.nlp import token_starts
from recoupe.read.numbers import NumberSpan

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Longest source phrase kept, in tokens: "l'agence officielle syrienne Sana" is five;
# past eight the subtree has left the source for what it is said about.
MAX_SOURCE_TOKENS = 8

_SOURCE_POS = frozenset({"NOUN", "PROPN", "PRON"})
_TRAILING = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PUNCT", "SPACE"})


@dataclass(frozen=True)
class SourceRules:
    """The language's source markers, reporting verbs and bound markers (lower-cased)."""

    source_markers: tuple[str, ...]
    reporting_verbs: frozenset[str]
    bounds: dict[str, str]


@cache
def source_rules(lang: Language) -> SourceRules:
    """Load the source and bound rules of a language once per process."""
    figures: dict[str, Any] = lang.json("figures.json")
    numbers: dict[str, Any] = lang.json("numbers.json")
    bounds = {" ".join(marker.lower().replace("’", "'").split()): kind
              for kind, markers in numbers.get("bounds", {}).items() for marker in markers}
    return SourceRules(
        source_markers=tuple(m.lower().replace("’", "'") for m in figures.get("source_markers", [])),
        reporting_verbs=frozenset(v.lower() for v in figures.get("reporting_verbs", [])),
        bounds=bounds,
    )


def bound_of(span: NumberSpan, text: str, rules: SourceRules) -> str | None:
    """The bound a number's hedge states: "about", "at_least", "at_most", or None for an exact count.

    A hedged number without a bound marker is a round noun ("une dizaine"), an
    approximation of its own.
    """
    before = " ".join(text[span.start:span.number_start].lower().replace("’", "'").split())
    after = " ".join(text[span.number_end:span.end].lower().replace("’", "'").split())
    for marker in (before.rstrip("'"), before, after):
        if marker and marker in rules.bounds:
            return rules.bounds[marker]
    if span.approx:
        return "about"
    return None


def source_of(counted: Token, rules: SourceRules, text: str) -> str | None:
    """Whose count it is, when the figure's sentence says so: "la police" in "selon la police", else None.

    `text` is the doc's text, read once by the caller.
    """
    sent = counted.sent
    marked = _marked_source(sent, rules, text)
    if marked is not None:
        return marked
    return _reporting_subject(counted, rules)


def _marked_source(sent: Span, rules: SourceRules, text: str) -> str | None:
    """The noun a source marker introduces ("selon l'agence Sana", "d'après les organisateurs")."""
    starts = token_starts(sent.doc)  # offsets read once: no Token is built for the words no marker opens
    for i in range(sent.start, sent.end):
        idx = starts[i]
        for marker in rules.source_markers:
            end = idx + len(marker)
            if text[idx:end].lower().replace("’", "'") != marker or text[end:end + 1].isalpha():
                continue
            after = next((t for t in sent if t.idx >= end), None)
            if after is None:
                continue
            head = after
            while head.pos_ not in _SOURCE_POS and head.head.i > head.i:
                head = head.head
            if head.pos_ in {"NOUN", "PROPN"}:
                return _phrase(head, start=after.i)
    return None


def _reporting_subject(counted: Token, rules: SourceRules) -> str | None:
    """The subject of a reporting verb that governs the count's clause or hangs on it ("..., précise le document")."""
    verb = counted
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    # The reporting verb governs the count's clause ("X a indiqué que ...") or hangs on it
    # ("..., a précisé X"); a count that is the verb's own object ("X annonce 300 millions")
    # is X's act, not X's report.
    # An incise, whose subject follows its verb ('"... 380 unités", précise le document'),
    # reports even the count it takes as object.
    candidates = [verb, *verb.ancestors] + [c for c in verb.children if c.dep_ in {"parataxis", "dep", "conj"}]
    for cand in candidates:
        if cand.pos_ != "VERB" or cand.lemma_.lower() not in rules.reporting_verbs:
            continue
        subjects = [c for c in cand.children if c.dep_ in {"nsubj", "nsubj:pass"} and c.pos_ in {"NOUN", "PROPN"}
                    and not any(t.i == counted.i for t in c.subtree)]
        if cand.i == verb.i:
            subjects = [c for c in subjects if c.i > cand.i]
        if subjects:
            return _phrase(subjects[-1])
    return None


def _phrase(head: Token, start: int | None = None) -> str | None:
    """The noun phrase of `head`, cut at punctuation and at most MAX_SOURCE_TOKENS long."""
    doc = head.doc
    left = head.left_edge.i if start is None else max(start, head.left_edge.i)
    right = min(head.right_edge.i + 1, left + MAX_SOURCE_TOKENS)
    tokens = doc[left:right]
    end = right
    for tok in tokens:
        if tok.i > head.i and (tok.is_punct or "\n" in tok.whitespace_ or tok.pos_ in {"VERB", "AUX", "SCONJ", "PRON"}):
            end = tok.i
            break
    while end > head.i + 1 and doc[end - 1].pos_ in _TRAILING:
        end -= 1
    text = doc[left:end].text.strip()
    return text or None


def in_quotation(text: str, offset: int) -> bool:
    """Whether an offset lies inside a quotation of its paragraph: words in quotes are someone's report."""
    start = text.rfind("\n", 0, offset) + 1
    before = text[start:offset]
    return before.count("«") > before.count("»") or before.count('"') % 2 == 1 \
        or before.count("“") > before.count("”")
