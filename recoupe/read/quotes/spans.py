"""Finding quoted spans in a text by its quotation marks: « », “ ”, ‹ ›, straight quotes, unbalanced ones.

A character scan, linear in the text, that knows the habits of French news
typography: a quotation running over several paragraphs reopens with « at each
paragraph; a mark that is never closed ends at the end of its paragraph; a
straight quote that opens a new sentence while one is still open starts a new
quotation (the writer forgot to close the first).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from recoupe.lang import Language

SPACES = " \t\u00a0\u202f\u2009\u2007"
SENTENCE_END = ".!?…"


@dataclass(frozen=True, slots=True)
class QuoteMarks:
    """The quotation marks of a language: opener -> closer, and which marks are ambiguous (straight)."""

    closers: dict[str, str]
    straight: frozenset[str]

    @classmethod
    def from_language(cls, lang: Language) -> QuoteMarks:
        """Read the mark pairs from the language's quotes.json."""
        data = lang.json("quotes.json")
        return cls(closers={o: c for o, c in data["marks"]}, straight=frozenset(data["straight_marks"]))


@cache
def load_marks(lang: Language) -> QuoteMarks:
    """The quotation marks of `lang`, read once per process."""
    return QuoteMarks.from_language(lang)


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quotation: where its marks are and where its content is (content excludes marks and edge spaces)."""

    open_at: int  # offset of the opening mark
    close_at: int  # offset of the closing mark, or -1 when the quote was never closed
    start: int  # content start
    end: int  # content end (exclusive)


def _looks_opening(text: str, i: int) -> bool:
    """A straight quote opens when it follows a space, start of text or an opening bracket, and precedes a word;
    or when it starts a sentence glued to the one before ('...fin."Le', '...fin.""Le', 'titre"Le'): scraped news
    loses the space between sentences and paragraphs, and a quote there before a capital can only open (this is
    asked only outside any quotation)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if (before in SENTENCE_END or before == text[i]) and (after.isupper() or after.isdigit()):
        return True
    if (before.islower() or before.isdigit()) and after.isupper():
        return True  # a headline glued to its first sentence: 'un titre"Le texte ...'

    return (before in SPACES or before in "\n([{:'’—–-") and not after.isspace()


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start] in SPACES or text[start] == "\n"):
        start += 1
    while end > start and (text[end - 1] in SPACES or text[end - 1] == "\n"):
        end -= 1
    return start, end


def _ends_sentence(text: str, start: int, j: int) -> bool:
    """Whether the content from `start` up to `j` ends with sentence-final punctuation (then spaces)."""
    k = j - 1
    while k > start and text[k] in SPACES:
        k -= 1
    return k > start and text[k] in SENTENCE_END


def _paragraph_continues(text: str, j: int, opener: str) -> int:
    """If the paragraph break at `j` is followed by the same opener (quote reopened), return its offset, else -1."""
    k = j
    while k < len(text) and (text[k] == "\n" or text[k] in SPACES):
        k += 1
    return k if k < len(text) and text[k] == opener else -1


def _scan_one(text: str, i: int, marks: QuoteMarks) -> tuple[QuoteSpan, int]:
    """Scan the quotation opened at `i`; return it and the offset to resume scanning from."""
    opener = text[i]
    closer = marks.closers[opener]
    straight = opener in marks.straight
    j = i + 1
    n = len(text)
    while j < n:
        c = text[j]
        if c == closer:
            s, e = _trimmed(text, i + 1, j)
            if straight and _looks_opening(text, j) and text[j - 1] in SPACES and _ends_sentence(text, i + 1, j):
                # an unclosed quote followed by a new one: the first ends at its sentence end
                return QuoteSpan(i, -1, s, e), j
            return QuoteSpan(i, j, s, e), j + 1
        if c == opener and not straight:
            # a second opener while open: the first quote was never closed
            s, e = _trimmed(text, i + 1, j)
            return QuoteSpan(i, -1, s, e), j
        if c == "\n":
            reopened = _paragraph_continues(text, j, opener)
            if reopened >= 0 and not straight:
                j = reopened + 1
                continue
            s, e = _trimmed(text, i + 1, j)
            return QuoteSpan(i, -1, s, e), j
        j += 1
    s, e = _trimmed(text, i + 1, n)
    return QuoteSpan(i, -1, s, e), n


def find_quote_spans(text: str, marks: QuoteMarks) -> list[QuoteSpan]:
    """Every quoted span of `text` in order, nested marks left inside their outer quotation."""
    spans: list[QuoteSpan] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in marks.closers and (c not in marks.straight or _looks_opening(text, i)):
            span, i = _scan_one(text, i, marks)
            if span.end > span.start:
                spans.append(span)
            continue
        i += 1
    return spans
