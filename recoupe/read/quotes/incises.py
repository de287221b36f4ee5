"""Incises inside a quotation: "« Nous sommes, a-t-il dit, prêts »", "« ..., précise l'infirmier. ... »".

A verb of saying set off by a comma inside the quoted words, with a subject
clitic or a short inverted subject (a person named there, else a role noun),
names the speaker of the whole quotation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from recoupe.read.quotes.rules import SENTENCE_STOPS

if TYPE_CHECKING:
    from recoupe.read.quotes.view import ReaderQuestions

# How far (in tokens) after a closing mark a cue verb may sit (", a dans la foulée confirmé X" needs 5), and
# after an incise verb its subject may sit ("a déclaré au cours d'une conférence en ligne le général X" needs
# 11); the scans also stop at any other verb or punctuation.
INCISE_REACH = 12


def incise_inside(reader: ReaderQuestions, content: Span) -> tuple[Token | None, Token | None]:
    """An incise inside the quotation ("« Nous sommes, a-t-il dit, prêts »"): a cue verb after a comma,
    with a subject clitic."""
    for t in content:
        if not reader.is_cue(t):
            continue
        first = reader.group_start(t)
        if first > content.start and reader.doc[first - 1].text == ",":
            subject = reader.clitic_after(t) or _inverted_inside(reader, t, content)
            if subject is not None:
                return subject, t
    return None, None


def _inverted_incise_words(reader: ReaderQuestions, verb: Token, content: Span) -> list[Token]:
    """The words of an incise inside a quotation after its verb, up to the comma or stop that closes it
    (", précise l'infirmier." is short); none if the clause runs on (then it is quoted prose)."""
    words: list[Token] = []
    for t in reader.doc[verb.i + 1: min(content.end, verb.i + 1 + INCISE_REACH)]:
        if t.text in ",." or t.text in SENTENCE_STOPS:
            return words
        if t.pos_ in ("VERB", "AUX", "SCONJ", "PRON", "CCONJ"):
            return []
        words.append(t)
    return []


def _inverted_incise_subject(reader: ReaderQuestions, words: list[Token]) -> Token | None:
    """A person named among the words of an incise, else a role noun there."""
    for t in words:
        if t.pos_ == "PROPN" and reader.is_person(t):
            return t
    for t in words:
        if reader.is_role(t) and not any(c.dep_ == "case" for c in t.children):
            return t
    return None


def _inverted_inside(reader: ReaderQuestions, verb: Token, content: Span) -> Token | None:
    """The named subject of an incise inside a quotation ("« ..., précise l'infirmier. ... »", "poursuit
    le colonel X"): a person named there, else a role noun; short incises only."""
    return _inverted_incise_subject(reader, _inverted_incise_words(reader, verb, content))
