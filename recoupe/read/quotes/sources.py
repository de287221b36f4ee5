"""Where quoted words come from beyond their cue: relays, relative pronouns, documents read over a paragraph.

`through_source` and `through_relay` correct an attribution whose cue only
relays ("X a affirmé « ... », selon Y"; "X veulent porter plainte pour « ... »,
rapporte Y"): the words are X's. `antecedent` finds the noun a relative pronoun
stands for when the parser hangs its clause elsewhere. `read_from_next_document`
gives a paragraph's uncued fragments to the document it names once.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from recoupe.read.quotes.clauses import can_speak, clause_subject
from recoupe.read.quotes.documents import Documents
from recoupe.read.quotes.reader import SUBJECT_DEPS, QuoteReader, Speaker
from recoupe.read.quotes.spans import QuoteSpan

# How many heads to climb from the verb a relaying incise interrupts to its subject ("X veulent déposer
# plainte, rapporte Y": déposer, then veulent).
RELAY_CLIMB = 3


def antecedent(reader: QuoteReader, relative: Token) -> Token | None:
    """The noun a relative pronoun stands for: the head of its relative clause when the parser hangs it on a
    noun, else the noun phrase written just before it ("... par la préfecture de X, qui a estimé ..."): a
    French relative follows its antecedent, and the parser often hangs the clause on the verb instead. No
    noun just before ("a demandé qui ..."): no antecedent."""
    verb = relative.head
    if verb.dep_ == "acl:relcl" and verb.head is not verb and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head
    i = relative.i - 1
    while i >= 0 and reader.doc[i].text == ",":
        i -= 1
    if i < 0 or reader.quoted[i] or reader.doc[i].pos_ not in ("NOUN", "PROPN"):
        return None
    t = reader.doc[i]
    while t.dep_ in ("nmod", "flat:name", "amod", "appos") and t.head.i < t.i and t.head.pos_ in ("NOUN", "PROPN"):
        t = t.head  # "la préfecture de Seine-Maritime, qui": the head of the phrase
    return t


def through_source(reader: QuoteReader, span: QuoteSpan,
                    found: tuple[Token | None, Token | None]) -> tuple[Token | None, Token | None]:
    """For "X a affirmé « ... », selon Y" (Y a person, a body, a document), the subject of the verb of saying:
    a verb of saying that governs the words names who said them, a "selon" names who relayed them."""
    head, cue = found
    if head is None or cue is None or cue.lower_ not in reader.rules.marker_starts:
        return found
    governing = reader.governing_subject(span)
    return governing if governing[0] is not None else found


def through_relay(reader: QuoteReader, documents: Documents, span: QuoteSpan,
                   found: tuple[Token | None, Token | None]) -> tuple[Token | None, Token | None]:
    """For "X veulent porter plainte pour « ... », rapporte Y": the quoted words sit in X's clause, Y only
    relays the news, so they are X's when X can speak and acts (an active clause); words Y's verb governs
    ("Y rapporte que « ... »") stay Y's."""
    head, cue = found
    if head is None or cue is None or cue.lemma_ not in reader.rules.relay_lemmas:
        return found
    if reader.governing_subject(span)[1] is cue:
        return found
    clause = clause_subject(reader, documents, span) or _relayed_subject(reader, documents, cue)
    if clause is None or clause.i == head.i or clause.dep_ != "nsubj" or clause.pos_ == "PRON":
        return found
    return clause, None


def _relayed_subject(reader: QuoteReader, documents: Documents, cue: Token) -> Token | None:
    """The subject of the clause a relaying incise interrupts ("X veulent déposer plainte, rapporte Y, pour
    « ... »": the parser hangs the words on the incise verb), if it can speak."""
    if cue.dep_ != "parataxis":
        return None
    a = cue.head
    for _ in range(RELAY_CLIMB):
        subjects = [c for c in a.children if c.dep_ in SUBJECT_DEPS and not reader.quoted[c.i]]
        if subjects:
            return subjects[0] if can_speak(reader, documents, subjects[0]) else None
        if a.dep_ not in ("xcomp", "ccomp", "conj") or a.head is a:
            return None
        a = a.head
    return None


@dataclass(slots=True)
class QuoteRow:
    """One quotation being attributed: its span, speaker, cue, and whether its words were read in a document."""

    span: QuoteSpan
    speaker: Speaker | None
    cue: Token | None
    from_document: bool


def read_from_next_document(reader: QuoteReader, rows: list[QuoteRow]) -> None:
    """Give a quotation nobody is named for the speaker of the next quotation of its paragraph when that one's
    words come from a document ("... des dossiers « ... ». « ... », indique le communiqué"): a paragraph
    that reads a document quotes it in fragments and names it once."""
    following: QuoteRow | None = None
    for row in reversed(rows):
        if row.speaker is None and following is not None and _paragraph(reader, row.span) == _paragraph(
                reader, following.span):
            row.speaker, row.from_document = following.speaker, True
        if row.speaker is not None:
            following = row if row.from_document else None


def _paragraph(reader: QuoteReader, span: QuoteSpan) -> int:
    """The paragraph a quotation opens in."""
    tokens = reader.doc.char_span(span.start, span.end, alignment_mode="expand")
    return reader.para[tokens[0].i] if tokens is not None and len(tokens) else -1
