"""Who said what in a story: its quotes grouped by speaker, one statement shown once with every outlet
that carries it.

Pure functions over records (`Quote`s with the outlet and date of their article), for the web page and
the exports alike.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from recoupe.folding import fold
from recoupe.records import Quote

# Share of the shorter quote's words that must appear, in order, in the longer one for both to be one
# statement. Outlets cut a statement (an opening clause, an ellipsis) and retype its punctuation, but keep
# its words: 0.8 lets a fifth of the shorter version differ (a retyped verb ending, a word added to fit
# the sentence) and still tells apart two statements of one speaker on one subject, which share the
# subject's words but not four in five of their words in order. A choice, not measured.
SAME_QUOTE_SHARE = 0.8
_WORD = re.compile(r"\w+")
# Statements of one speaker beyond which their words are indexed (`Filed`): below, a quote is compared with
# each of them (a comparison that fails on word counts costs about as much as indexing one statement).
INDEX_FROM = 16


@dataclass(slots=True)
class Carrier:
    """One outlet's copy of a statement: the outlet, its article and date, the quote's offsets there."""

    outlet: str
    article: str
    published: str | None
    start: int
    end: int


@dataclass(slots=True)
class Statement:
    """One statement of a speaker, in its longest version, with every outlet that carries it."""

    text: str
    carriers: list[Carrier] = field(default_factory=list)

    @property
    def outlets(self) -> list[str]:
        """The distinct outlets that carry the statement, in first-seen order."""
        return list(dict.fromkeys(c.outlet for c in self.carriers))


@dataclass(slots=True)
class Speaker:
    """A speaker (an entity across the store when one is known) and what they said in the story."""

    id: str | None  # entity id across the store; None when the speaker is only a phrase, or unknown
    name: str | None  # None when the article names no speaker
    statements: list[Statement] = field(default_factory=list)

    @property
    def outlets(self) -> list[str]:
        """Every outlet that quotes the speaker."""
        return list(dict.fromkeys(o for s in self.statements for o in s.outlets))


@dataclass(slots=True)
class StoryQuote:
    """A quote of one of the story's articles, with the outlet and date of that article."""

    quote: Quote
    outlet: str
    published: str | None


def quote_words(text: str) -> list[str]:
    """A quote's words as compared: case, accents, apostrophes and punctuation folded away."""
    return _WORD.findall(fold(text))


def same_statement(a: str, b: str) -> bool:
    """Whether two quote bodies are one statement: the words of the shorter appear, in order, in the longer
    for at least SAME_QUOTE_SHARE of them.

    A statement carried by several outlets keeps its words but not always its length or its typography
    (one cuts it short, another retypes the quotation marks or an apostrophe), so the comparison is on
    folded words in order (the longest matching blocks), never on the raw characters.
    """
    return same_words(quote_words(a), quote_words(b))


def same_words(wa: list[str], wb: list[str]) -> bool:
    """`same_statement` on folded word lists (see there); words shared regardless of order bound the words
    shared in order, so most pairs are told apart without aligning them."""
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if not short:
        return False
    present = set(long_)
    if sum(1 for w in short if w in present) < SAME_QUOTE_SHARE * len(short):
        return False
    matcher = SequenceMatcher(a=short, b=long_, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    return shared >= SAME_QUOTE_SHARE * len(short)


def speaker_key(quote: Quote, global_ids: Mapping[str, tuple[str, str]]) -> tuple[str | None, str | None]:
    """Who a quote is from: (entity id across the store, its name) when the speaker is a linked entity,
    else (None, the speaker's words as the article gives them), else (None, None)."""
    if quote.speaker_entity and quote.speaker_entity in global_ids:
        gid, name = global_ids[quote.speaker_entity]
        return gid, name
    return None, quote.speaker


def group_quotes(quotes: Iterable[StoryQuote], global_ids: Mapping[str, tuple[str, str]]) -> list[Speaker]:
    """The story's quotes by speaker, each statement once with all the outlets that carry it.

    A speaker is an entity across the store when the reading linked one (so "Moustafa al-Kazimi" and
    "Mustafa al-Kadhimi" merged by entity linking are one speaker); else the same words naming them
    (folded); quotes with no speaker come last. Named entities come before speakers known only by a
    phrase ("la partie irakienne"), and among them those quoted by more outlets first.
    """
    speakers: dict[str, Speaker] = {}
    filed: dict[str, Filed] = {}  # speaker key -> their statements' wordings, indexed
    quotes = list(quotes)
    wordings = Wordings(fold_table(sq.quote.text for sq in quotes))
    folded_names: dict[str, str] = {}
    for sq in quotes:
        gid, name = speaker_key(sq.quote, global_ids)
        key = f"id:{gid}" if gid else f"name:{fold_once(name, folded_names)}" if name else "none"
        speaker = speakers.setdefault(key, Speaker(id=gid, name=name))
        _add_statement(speaker, sq, filed.setdefault(key, Filed()), wordings.of(sq.quote.text))
    ordered = sorted(speakers.values(), key=lambda s: (s.name is None, s.id is None, -len(s.outlets), -len(s.statements),
                                                        fold_once(s.name or "", folded_names)))
    for s in ordered:
        s.statements.sort(key=lambda st: (-len(st.outlets), min((c.published or "~") for c in st.carriers)))
    return ordered


@dataclass(slots=True)
class Wording:
    """A quote's folded words and how often each occurs: what `same_words` compares, kept per statement."""

    words: list[str]
    counts: Counter[str]

    @classmethod
    def of(cls, text: str, table: Mapping[int, str] | None = None) -> Wording:
        """The wording of a quote's text (`quote_words`), its characters folded through `table` (`fold_table`
        of the texts: folding a text character by character is the cost here) or, without one, by `fold`."""
        if table is None:
            words = quote_words(text)
        else:  # the table folds only characters beyond ASCII: an ASCII text needs no pass through it
            words = _WORD.findall((text if text.isascii() else text.translate(table)).lower())
        return cls(words=words, counts=Counter(words))


@dataclass
class Wordings:
    """The wordings of a story's quote texts, each text worded once: wire copies and reprints carry one
    quote under several outlets word for word, and wording it is most of the cost of grouping."""

    table: Mapping[int, str]  # `fold_table` of the story's quote texts
    known: dict[str, Wording] = field(default_factory=dict)

    def of(self, text: str) -> Wording:
        """The wording of a text, computed on its first occurrence (wordings are never changed once made)."""
        found = self.known.get(text)
        if found is None:
            found = self.known[text] = Wording.of(text, self.table)
        return found


def fold_once(text: str, folded: dict[str, str]) -> str:
    """`fold` of a text, kept in `folded`: a speaker's name recurs with each of their quotes."""
    found = folded.get(text)
    if found is None:
        found = folded[text] = fold(text)
    return found


def fold_table(texts: Iterable[str]) -> dict[int, str]:
    """Each character of the texts that folding changes, folded (`fold`, one character at a time): a table
    for `str.translate`, so that a story's quotes are folded in one pass of their characters."""
    return {ord(c): fold(c) for c in set().union(*map(set, texts)) if not c.isascii()}


def same_wording(a: Wording, b: Wording) -> bool:
    """`same_words` on two wordings: the words shared regardless of order are counted through the words'
    counts (a set intersection), not word by word, before any alignment."""
    short, long_ = (a, b) if len(a.words) <= len(b.words) else (b, a)
    if not short.words:
        return False
    if short.words == long_.words:  # one text word for word (a reprint): every word is matched in order
        return True
    shared = sum(short.counts[w] for w in short.counts.keys() & long_.counts.keys())
    if shared < SAME_QUOTE_SHARE * len(short.words):
        return False
    matcher = SequenceMatcher(a=short.words, b=long_.words, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) >= SAME_QUOTE_SHARE * len(short.words)


@dataclass
class Filed:
    """A speaker's statements' wordings, indexed so that a quote is compared only with the statements it can
    repeat: two wordings are one statement only when most of the shorter's words are in the longer, so the
    shorter's `key_words` (its rarest-looking words, as many as it may miss plus one) meet the longer's words.
    A speaker with few statements is not indexed: comparing with each costs less than indexing them.
    """

    wordings: list[Wording] = field(default_factory=list)  # by statement, in filing order
    holding: dict[str, set[int]] | None = None  # word -> statements whose wording holds it (once indexed)
    keyed: dict[str, set[int]] = field(default_factory=dict)  # word -> statements having it among their key words

    def add(self, index: int, wording: Wording) -> None:
        """File a statement's wording (a longer wording of a statement is indexed beside its shorter one)."""
        if index == len(self.wordings):
            self.wordings.append(wording)
        else:
            self.wordings[index] = wording
        if self.holding is not None:
            self._index(index, wording)
        elif len(self.wordings) > INDEX_FROM:
            self.holding = {}
            for i, filed in enumerate(self.wordings):
                self._index(i, filed)

    def _index(self, index: int, wording: Wording) -> None:
        """Enter a wording's words and key words in the index."""
        assert self.holding is not None
        for word in wording.counts:
            self.holding.setdefault(word, set()).add(index)
        for word in key_words(wording):
            self.keyed.setdefault(word, set()).add(index)

    def candidates(self, wording: Wording) -> Iterable[int]:
        """The statements a quote of this wording may repeat, in filing order (a superset of those it does)."""
        if self.holding is None:
            return range(len(self.wordings))
        found: set[int] = set()
        for word in key_words(wording):  # the statement is longer: the quote's key words are in it
            found.update(self.holding.get(word, ()))
        for word in wording.counts:  # the statement is not longer: its key words are in the quote
            found.update(self.keyed.get(word, ()))
        return sorted(found)


def key_words(wording: Wording) -> set[str]:
    """The words of a wording at least one of which any wording that repeats it holds (see `same_wording`).

    If at most a share 1 - SAME_QUOTE_SHARE of its words may be missing from the other, any fixed choice of
    that many words plus one has one present: the longest words are taken (rare words are long), so that
    few statements share them.
    """
    needed = math.ceil(SAME_QUOTE_SHARE * len(wording.words) - 1e-9)
    ordered = sorted(wording.words, key=lambda w: (-len(w), w))
    return set(ordered[:len(wording.words) - needed + 1])


def _add_statement(speaker: Speaker, sq: StoryQuote, filed: Filed, own: Wording) -> None:
    """File a quote under the statement it repeats (keeping the longest wording), or as a new statement.

    `filed` keeps each statement's folded words, so that a quote is folded once, not once per comparison,
    and compared only with the statements it may repeat.
    """
    m = sq.quote.mention
    carrier = Carrier(outlet=sq.outlet, article=m.article, published=sq.published, start=m.start, end=m.end)
    for index in filed.candidates(own):
        statement = speaker.statements[index]
        if same_wording(filed.wordings[index], own):
            if not any(c.article == carrier.article and c.start == carrier.start for c in statement.carriers):
                statement.carriers.append(carrier)
            if len(own.words) > len(filed.wordings[index].words):
                statement.text = sq.quote.text
                filed.add(index, own)
            return
    filed.add(len(speaker.statements), own)
    speaker.statements.append(Statement(text=sq.quote.text, carriers=[carrier]))
