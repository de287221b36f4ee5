"""People the article names with a role ("la ministre X", "X, porte-parole du Pentagone"), for role nouns.

A later "la ministre" or "a ajouté le porte-parole" resolves to the person the
article named with that role, the one whose words around the role best match and
who was named last before it.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from recoupe.read.quotes.rules import Speaker, gender_number
from recoupe.read.quotes.view import ReaderQuestions, Role


def collect_roles(reader: ReaderQuestions) -> list[Role]:
    """Every person mention outside quotes with a role noun written before it ("la ministre X") or after it
    ("X, porte-parole de ..."), with the words around that role."""
    roles: list[Role] = []
    doc = reader.doc
    for entity in reader.index.entities:
        if entity.type != "PER":
            continue
        for m in entity.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or len(span) == 0 or reader.quoted[span[0].i]:
                continue
            role, context = _role_before(reader, span)
            if role is None:
                role, context = _role_after(reader, span)
            if role is not None:
                g, n = gender_number(role)
                speaker = Speaker(entity.name, entity.id or None, m.start, m.end, m.text, g, n or "Sing", True)
                roles.append(Role(role.lemma_.lower(), frozenset(context), m.start, speaker))
    return roles


def _role_before(reader: ReaderQuestions, span: Span) -> tuple[Token | None, set[str]]:
    """A role noun in the noun phrase before a name ("le porte-parole du Pentagone John Kirby")."""
    context: set[str] = set()
    role: Token | None = None
    if span.start > 0 and reader.doc[span.start - 1].pos_ == "ADP":
        return None, context  # "le conseiller de X": X is not the one with the role
    for t in reversed(reader.doc[max(span.sent.start, span.start - 8): span.start]):
        if t.pos_ in ("VERB", "AUX") or t.text in reader.rules.stops:
            break
        if t.is_punct and t.text != ",":
            break
        context.add(t.lower_)
        if role is None and (t.lemma_.lower() in reader.rules.role_nouns or t.lower_ in reader.rules.role_nouns):
            role = t
        if t.pos_ == "DET" and role is not None:
            break
    return role, context


def _role_after(reader: ReaderQuestions, span: Span) -> tuple[Token | None, set[str]]:
    """A role noun in an apposition after a name ("John Kirby, porte-parole du Pentagone")."""
    doc = reader.doc
    if span.end >= len(doc) or doc[span.end].text != ",":
        return None, set()
    context: set[str] = set()
    for t in doc[span.end + 1: min(len(doc), span.end + 6)]:
        if t.pos_ in ("VERB", "AUX") or t.is_punct:
            break
        context.add(t.lower_)
        if t.lemma_.lower() in reader.rules.role_nouns or t.lower_ in reader.rules.role_nouns:
            return t, context
    return None, set()


def person_with_role(reader: ReaderQuestions, head: Token) -> Speaker | None:
    """The person the article named with the role noun `head`, the best-matching and latest one first."""
    words = {t.lower_ for t in reader.phrase(head) if not t.is_stop and t.i != head.i}
    key = head.lemma_.lower()
    best: tuple[int, int, int] | None = None
    chosen: Speaker | None = None
    for role in reader.roles:
        if role.word != key and role.word != head.lower_:
            continue
        before = 1 if role.at < head.idx else 0
        score = (len(words & role.context), before, role.at if before else -role.at)
        if best is None or score > best:
            best, chosen = score, role.speaker
    return chosen
