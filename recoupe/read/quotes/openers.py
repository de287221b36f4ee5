"""Attributions written at the opening of a sentence: "Pour X, ... « ... »" and the headline "X : « ... »"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

if TYPE_CHECKING:
    from recoupe.read.quotes.view import ReaderQuestions


def opinion_holder(reader: ReaderQuestions, first: int, opener: int) -> tuple[Token | None, Token | None]:
    """The holder of the view a sentence opens with ("Pour la ministre X, cette loi serait « ... »"): a person
    or a role named between the opening word and its comma, before the quotation."""
    doc = reader.doc
    starts = [t.i for t in doc[first: opener] if _word(t).lower() in reader.rules.opinion_markers
              and not reader.quoted[t.i]
              and (t.i == first or _word(t)[:1].isupper() or (doc[t.i - 1].is_punct and doc[t.i - 1].text != ","))]
    if not starts:
        return None, None
    first = starts[-1]
    for t in doc[first + 1: min(opener, first + 8)]:
        if t.text == ",":
            heads = [h for h in doc[first + 1: t.i] if h.head.i < first + 1 or h.head.i >= t.i or h.head is h]
            for h in heads:
                if h.pos_ in ("NOUN", "PROPN") and (reader.is_person(h) or reader.is_role(h)):
                    return h, doc[first]
            return None, None
    return None, None


def _word(t: Token) -> str:
    """A token without the dash a scraped subhead glues to the next word ("- Un titre -Pour X, ...")."""
    return t.text.lstrip("-–—")


def name_before_colon(reader: ReaderQuestions, opener: int, first: int) -> Token | None:
    """The headline form "Name : « ... »" (or "Le ministre : « ... »"), with no verb before the colon."""
    doc = reader.doc
    if opener < 2 or doc[opener - 1].text != ":":
        return None
    head = doc[opener - 2]
    if any(t.pos_ in ("VERB", "AUX") for t in doc[first: opener - 1]):
        return None
    while head.dep_ == "flat:name" and head.head.i < head.i:
        head = head.head
    people = [e for e, _ in reader.index.overlapping(head.idx, head.idx + 1) if e.type == "PER"]
    return head if people or (reader.is_role(head) and head.pos_ == "NOUN") else None
