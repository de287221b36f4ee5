"""Quoted words with no verb of saying: whose they are from the clause they sit in.

News prose quotes a person's or a body's own words inside a sentence that is no
statement ("La direction a présenté des « contrôles renforcés »", "Le club
est prêt à accueillir « les familles sinistrées »"): the
words are those of the subject of the clause around them, when that subject is
someone who can speak (a named person or body, a role, an institution, a
document, or a pronoun standing for one).
"""

from __future__ import annotations

from spacy.tokens import Token

from recoupe.read.nlp import is_root
from recoupe.read.quotes.documents import Documents
from recoupe.read.quotes.reader import SENTENCE_END, SUBJECT_DEPS, QuoteReader
from recoupe.read.quotes.rules import clitic_form, is_passive
from recoupe.read.quotes.spans import QuoteSpan

# How many heads to climb from the quoted words to the clause whose subject they belong to ("X a retenu
# des « mesures »" is 1; "X est disposé à envoyer « ... »" is 3).
CLAUSE_CLIMB = 4
SPEAKING_ENTITY_TYPES = ("PER", "ORG")


def can_speak(reader: QuoteReader, documents: Documents, t: Token) -> bool:
    """Whether a subject names someone who can say words: a person or body (by entity, role, institution
    noun or document), or a personal or relative pronoun that stands for one."""
    if t.pos_ == "PRON":
        bare = clitic_form(t, reader.rules)
        return bare in reader.rules.pronouns or bare in reader.rules.relatives
    if t.pos_ not in ("NOUN", "PROPN"):
        return False
    named = reader.named_entity(t)
    if named is not None:
        return named[0].type in SPEAKING_ENTITY_TYPES
    lemma = t.lemma_.lower()
    return (reader.is_role(t) or documents.at(t) is not None
            or lemma in documents.rules.agents or t.lower_ in documents.rules.agents)


def clause_subject(reader: QuoteReader, documents: Documents, span: QuoteSpan) -> Token | None:
    """The subject of the clause a quotation sits in, climbing from the quoted words to the first verb or
    predicate with a subject outside the quotation, in the same sentence; None if that subject
    cannot speak ("La grêle a touché « deux mille hectares »" names no speaker)."""
    doc = reader.doc
    content = doc.char_span(span.start, span.end, alignment_mode="expand")
    if content is None or not len(content):
        return None
    sent = content[0].sent
    tops = [t for t in content if not (content.start <= t.head.i < content.end) or t.head is t]
    for top in tops:
        a = top
        for _ in range(CLAUSE_CLIMB):
            if a.sent != sent or reader.para[a.i] != reader.para[content.start]:
                break
            subjects = [c for c in a.children if c.dep_ in SUBJECT_DEPS and not reader.quoted[c.i]
                        and not (content.start <= c.i < content.end)]
            if subjects and not (is_passive(a) and reader.is_cue(a)):  # "X est disposé à « ... »" is X's
                if is_passive(a) and subjects[0].pos_ == "PRON":
                    return None  # "Il sera installé « ... »": a pronoun undergoing the action names no speaker
                return subjects[0] if can_speak(reader, documents, subjects[0]) else None
            if is_root(a):
                break
            a = a.head
    return None


def previous_attribution(reader: QuoteReader, documents: Documents, span: QuoteSpan) -> Token | None:
    """Who the sentence just before a quotation attributes its words to, for a quotation whose own sentence
    names no speaker ("..., selon la ministre X. La facture atteindrait « un million »"): the
    last "selon X", subject of a verb of saying, or issuer of a document cited there, in the same paragraph."""
    doc = reader.doc
    content = doc.char_span(span.start, span.end, alignment_mode="expand")
    opener = doc.char_span(span.open_at, span.open_at + 1, alignment_mode="expand")
    if content is None or not len(content):
        return None
    start = opener[0].i if opener is not None and len(opener) else content.start
    first, _ = reader.clause_bounds(start, content.end - 1)
    stop = first - 1
    if stop < 1 or doc[stop].text not in SENTENCE_END or reader.para[stop] != reader.para[start]:
        return None
    begin, _ = reader.clause_bounds(stop - 1, stop - 1)
    found: list[Token] = []
    for t in doc[begin: stop]:
        if reader.quoted[t.i]:
            continue
        if reader.is_cue(t):
            subject = reader.subject_of(t)
            if subject is not None:
                found.append(subject)
        document = documents.mention_at(t)
        if document is not None and (document.issuer_at >= 0 or document.issuer):
            found.append(t)
    source, _ = reader.source_after(begin, stop)
    if source is not None:
        found.append(source)
    return max(found, key=lambda t: t.i) if found else None
