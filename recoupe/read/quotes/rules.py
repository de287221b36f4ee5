"""The pieces quote attribution is built from: the language's quote rules, speakers, and small parse tests.

`QuoteRules` holds the data of the language plug's quotes.json (cue verbs,
pronouns, role nouns, ...); `Speaker` is who a quotation resolves to; the
predicates read the spaCy parse (morphology, dependencies) of one token.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

import numpy
from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from recoupe.lang import Language
from recoupe.read.nlp import doc_text
from recoupe.read.quotes.spans import QuoteMarks, load_marks
from recoupe.records import Entity, Mention

SENTENCE_STOPS = frozenset(".;:!?")


@dataclass(frozen=True)
class QuoteRules:
    """The language data quote finding needs, compiled once from the plug's quotes.json."""

    marks: QuoteMarks
    min_words: int
    cue_lemmas: frozenset[str]
    cue_forms: frozenset[str]
    source_markers: tuple[tuple[str, ...], ...]
    marker_starts: frozenset[str]  # first words of the source markers, for a quick test
    pronouns: Mapping[str, tuple[str, str]]
    relatives: frozenset[str]
    role_nouns: frozenset[str]
    spokespersons: frozenset[str]
    time_words: frozenset[str]
    incise_adverbials: tuple[tuple[str, ...], ...]
    opinion_markers: frozenset[str]
    relay_lemmas: frozenset[str]
    conjunctions: frozenset[str]
    participle_endings: tuple[str, ...]
    gerund_endings: tuple[str, ...]
    clitic_prefixes: tuple[str, ...]
    auxiliaries: frozenset[str]  # lemmas of the auxiliaries of compound tenses
    dative_cases: frozenset[str]  # prepositions of a verb of saying's addressee
    existential_time: tuple[str, ...]  # the words of the time adverbial "il y a"
    all_marks: frozenset[str]
    stops: frozenset[str]  # sentence punctuation and quotation marks: where a clause scan stops

    @classmethod
    def from_language(cls, lang: Language) -> QuoteRules:
        """Build the rules from `quotes.json` in the language folder."""
        data = lang.json("quotes.json")
        marks = load_marks(lang)
        all_marks = frozenset(marks.closers) | frozenset(marks.closers.values())
        return cls(
            marks=marks,
            min_words=int(data["min_words"]),
            cue_lemmas=frozenset(data["cue_lemmas"]),
            cue_forms=frozenset(data["cue_forms"]),
            source_markers=tuple(tuple(m) for m in data["source_markers"]),
            marker_starts=frozenset(m[0] for m in data["source_markers"]),
            pronouns=MappingProxyType({k: (v[0], v[1]) for k, v in data["pronouns"].items()}),
            relatives=frozenset(data["relative_pronouns"]),
            role_nouns=frozenset(data["role_nouns"]),
            spokespersons=frozenset(data["spokesperson_nouns"]),
            time_words=frozenset(data["time_words"]),
            incise_adverbials=tuple(tuple(a) for a in data["incise_adverbials"]),
            opinion_markers=frozenset(data["opinion_markers"]),
            relay_lemmas=frozenset(data["relay_lemmas"]),
            conjunctions=frozenset(data["conjunctions"]),
            participle_endings=tuple(data["participle_endings"]),
            gerund_endings=tuple(data["gerund_endings"]),
            clitic_prefixes=tuple(data["clitic_prefixes"]),
            auxiliaries=frozenset(data["auxiliaries"]),
            dative_cases=frozenset(data["dative_cases"]),
            existential_time=tuple(data["existential_time"]),
            all_marks=all_marks,
            stops=SENTENCE_STOPS | all_marks,
        )


@cache
def load_quote_rules(lang: Language) -> QuoteRules:
    """The quote rules of `lang`, compiled once per process."""
    return QuoteRules.from_language(lang)


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quotation (or a subject) resolves to: a name, maybe an entity, the span that names them."""

    name: str
    entity: str | None
    start: int
    end: int
    text: str
    gender: str = ""  # Masc | Fem | "" (unknown)
    number: str = ""  # Sing | Plur | ""
    person: bool = False


class EntityIndex:
    """Entity mentions of one article sorted by offset, to find the entity naming a span."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        items = sorted((m.start, m.end, i, m) for i, e in enumerate(entities) for m in e.mentions)
        self.entities = list(entities)
        self.items = items
        self.starts = [it[0] for it in items]
        self.longest = max((it[1] - it[0] for it in items), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[Entity, Mention]]:
        """Mentions that overlap [start, end), in text order."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [(self.entities[i], m) for s, e, i, m in self.items[lo:hi] if s < end and e > start]


def clitic_form(token: Token, rules: QuoteRules) -> str:
    """The bare form of a pronoun token: "-t-il" -> "il"."""
    low = token.lower_
    for prefix in rules.clitic_prefixes:
        if low.startswith(prefix):
            return low[len(prefix):]
    return low


def gender_number(token: Token) -> tuple[str, str]:
    """Gender and number of a subject: from its determiner, else its own morphology (names have none)."""
    number = token.morph.get("Number", [])
    n = number[0] if number else ""
    for child in token.children:
        if child.dep_ == "det" and child.morph.get("Gender", []):
            return child.morph.get("Gender", [])[0], n
    gender = token.morph.get("Gender", [])
    return (gender[0] if gender and token.pos_ != "PROPN" else ""), n


def is_indefinite(head: Token) -> bool:
    """Whether a noun phrase is indefinite ("un porte-parole"): it introduces someone new, never an earlier person."""
    return any(c.dep_ == "det" and "Ind" in c.morph.get("Definite", []) for c in head.children)


def is_noun_modifier(verb: Token) -> bool:
    """Whether a past participle qualifies the noun just before it ("le préjudice estimé", "M. X, cité par
    l'agence"): with no auxiliary of its own it is an adjective there, not a verb in action."""
    if "Part" not in verb.morph.get("VerbForm", []) or "Pres" in verb.morph.get("Tense", []):
        return False
    if any(c.dep_.startswith("aux") for c in verb.children):
        return False
    if verb.dep_ in ("acl", "amod") and verb.head.i < verb.i and verb.head.pos_ in ("NOUN", "PROPN"):
        return True
    # with no auxiliary a past participle heads no clause: a "subject" just before it is the noun it qualifies
    return any(c.dep_ in ("nsubj", "nsubj:pass") and c.i == verb.i - 1 and c.pos_ == "NOUN" for c in verb.children)


def is_passive(verb: Token) -> bool:
    """Whether a verb is in the passive voice ("sera confiée", "a été reconnu"): its subject is what was said or
    done, never the one who said it."""
    return any(c.dep_ == "aux:pass" for c in verb.children)


def is_adjunct_verb(verb: Token, rules: QuoteRules) -> bool:
    """A gerund, present participle or infinitive ("assurant que", "qualifiant", "pour dénoncer"): its subject
    is the main clause's, never a noun after it. An infinitive right after "faire" makes one verb with it ("a
    fait savoir", "fait valoir"), conjugated like any other."""
    forms = verb.morph.get("VerbForm", [])
    if "Inf" in forms:
        before = verb.doc[verb.i - 1] if verb.i > 0 else verb
        return not (before.i != verb.i and before.lemma_ == "faire" and "Inf" not in before.morph.get("VerbForm", []))
    return ("Part" in forms and "Pres" in verb.morph.get("Tense", [])) or verb.lower_.endswith(rules.gerund_endings)


def paragraphs(doc: Doc) -> list[int]:
    """The paragraph number of every token (a newline starts a new one; spaCy's sentences may run across)."""
    text = doc_text(doc)
    breaks = [i for i, c in enumerate(text) if c == "\n"]
    starts = doc.to_array(IDX)  # token offsets without building Token objects
    return [int(k) for k in numpy.searchsorted(numpy.asarray(breaks, dtype=starts.dtype), starts, side="left")]
