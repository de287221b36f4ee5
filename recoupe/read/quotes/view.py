"""What the quote helpers (roles, incises, openers) may ask of the article being read, as a protocol.

`QuoteReader` answers these questions and hands itself to the helpers; they name this protocol rather
than the reader's class, so that the reader imports its helpers and no helper imports the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from recoupe.read.quotes.rules import EntityIndex, QuoteRules, Speaker


@dataclass(frozen=True, slots=True)
class Role:
    """A person the article named with a role noun ("le porte-parole du Pentagone John Kirby")."""

    word: str
    context: frozenset[str]
    at: int
    speaker: Speaker


class ReaderQuestions(Protocol):
    """One parsed article as the quote helpers see it: its doc, rules, entities, quoted tokens and roles,
    and the reader's answers about single tokens."""

    doc: Doc
    rules: QuoteRules
    index: EntityIndex
    quoted: list[bool]
    roles: list[Role]

    def is_cue(self, t: Token) -> bool:
        """Whether `t` is a verb of saying used as a verb."""
        ...

    def group_start(self, verb: Token) -> int:
        """Where the verb group ending at `verb` starts (its auxiliaries and subject clitics before it)."""
        ...

    def clitic_after(self, verb: Token) -> Token | None:
        """A subject clitic written with the verb ("a-t-il dit"), if any."""
        ...

    def is_person(self, t: Token) -> bool:
        """Whether a token lies in a person's name the article's entities know."""
        ...

    def is_role(self, head: Token) -> bool:
        """Whether `head` is a role noun or stock epithet naming a person."""
        ...

    def phrase(self, head: Token) -> Span:
        """The noun phrase headed by `head`."""
        ...
