"""Bodies named by a common noun: "le ministère", "la juridiction", "la préfecture", "la présidence".

French news names an institution once, then refers back to it by what it is
("le tribunal administratif de X a nommé ...", then "a précisé la juridiction").
A definite institution noun with no complement of its own is that institution:
the one whose name holds the noun ("le ministère" -> "ministère de
l'Agriculture"), else the name or fuller phrase the article wrote with the same
noun ("la préfecture" -> "la préfecture de Seine-Maritime"), else the body last
heard from in the same or the previous paragraph ("a déclaré la Maison Blanche",
then "selon la présidence"). With none of these it stays as written. A mention the entity reader took for
a name though written in common nouns only ("le gouvernement régional") is such a noun too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.tokens import Token

from recoupe.folding import fold
from recoupe.read.quotes.reader import QuoteReader
from recoupe.read.quotes.rules import Speaker, is_indefinite

# A body last heard from counts for a bare institution noun this many paragraphs back (the same or the one
# before): further away the noun may name another body.
BODY_REACH_PARAGRAPHS = 1



def is_bare_body(head: Token, agents: frozenset[str]) -> bool:
    """Whether `head` is a definite institution noun with no complement naming which one ("le ministère",
    "l'agence sanitaire", not "le ministère de la Culture" nor "un ministère")."""
    if head.pos_ != "NOUN" or (head.lemma_.lower() not in agents and head.lower_ not in agents):
        return False
    definite = any(c.dep_ == "det" or (c.dep_ == "case" and "Def" in c.morph.get("Definite", []))
                   for c in head.children)  # "le ministère", "du ministère"
    if is_indefinite(head) or not definite:
        return False
    return not any(c.dep_ in ("nmod", "appos") for c in head.rights)


def is_common_name(text: str) -> bool:
    """Whether an entity mention is written in common nouns only ("le gouvernement régional", no capital):
    it describes a body, as "le ministère" does, rather than naming it."""
    return text == text.lower()


def _named_with_noun(reader: QuoteReader, head: Token, kinds: Mapping[str, tuple[str, ...]]) -> Speaker | None:
    """The last organisation named before `head` whose name holds the noun ("ministère de l'Agriculture"), or a
    noun of the kind it names ("la juridiction" -> "tribunal administratif de X")."""
    lemma = head.lemma_.lower()
    nouns = {fold(lemma)} | {fold(k) for k in kinds.get(lemma, ())}
    best = None
    for entity in reader.index.entities:
        if entity.type == "PER" or not nouns & set(fold(entity.name).split()):
            continue
        for m in entity.mentions:
            if m.start < head.idx and not reader.is_quoted_char(m.start) and (best is None or m.start > best[1].start):
                best = (entity, m)
    if best is None:
        return None
    entity, m = best
    return Speaker(entity.name, entity.id or None, m.start, m.end, m.text)


def _fuller_phrase(reader: QuoteReader, head: Token) -> Speaker | None:
    """The last phrase before `head` with the same noun and a name or a complement ("la compagnie Air France",
    "la préfecture de Seine-Maritime")."""
    key = head.lemma_.lower()
    for t in reversed(reader.doc[: head.i]):
        if reader.quoted[t.i] or t.pos_ != "NOUN" or t.lemma_.lower() != key:
            continue
        for c in t.rights:  # "la compagnie aérienne Air France"
            named = [(e, m) for e, m in reader.index.overlapping(c.idx, c.idx + len(c)) if e.type != "PER"]
            if c.dep_ in ("appos", "flat:name") and named:
                entity, m = named[0]
                return Speaker(entity.name, entity.id or None, m.start, m.end, m.text)
        if any(c.dep_ == "nmod" for c in t.rights):
            phrase = reader.phrase(t)
            while len(phrase) > 1 and phrase[0].pos_ == "DET":
                phrase = phrase[1:]
            return Speaker(phrase.text, None, phrase.start_char, phrase.end_char, phrase.text)
    return None


def last_heard(reader: QuoteReader, head: Token, history: Sequence[tuple[int, Speaker, bool]],
               bodies_only: bool) -> Speaker | None:
    """The speaker last heard before `head` (only a named body, an entity that is no person, speaking or acting
    as a subject, if `bodies_only`), in its paragraph or the one before."""
    best: tuple[int, Speaker] | None = None
    para = reader.para[head.i]
    for pos, speaker, cue in history:
        if pos >= head.idx or (bodies_only and (speaker.person or speaker.entity is None)):
            continue
        if not cue and not bodies_only:
            continue
        tok = reader.doc.char_span(pos, pos + 1, alignment_mode="expand")
        if tok is None or not len(tok) or para - reader.para[tok[0].i] > BODY_REACH_PARAGRAPHS:
            continue
        if best is None or pos > best[0]:
            best = (pos, speaker)
    return best[1] if best is not None else None


def body_referent(reader: QuoteReader, head: Token, history: Sequence[tuple[int, Speaker, bool]],
                  kinds: Mapping[str, tuple[str, ...]], heard: bool = True) -> Speaker | None:
    """The institution a bare institution noun refers back to (see the module docstring), or None; only one
    named with the same noun unless `heard`."""
    return (_named_with_noun(reader, head, kinds) or _fuller_phrase(reader, head)
            or (last_heard(reader, head, history, bodies_only=True) if heard else None))
