"""Which timex rules can match a text at all, told by words every match of a rule must contain.

Most rules of the temporal grammar cannot match most articles: "siècle", "heure", "veille" or "nuit" are
absent from them. Python's `re` tries a case-insensitive pattern at every position of the text (a rule
that starts with a lookbehind gets no prefix scan), which made the 45 rules the larger part of the
tagger's time. Each rule's pattern is read once for the words one of which every match must contain
(its gate); a rule whose gate words are all absent from the lower-cased text is not run. The answer is
the same as running it: a gate is only a necessary condition, and a text whose case-insensitive matching
`str.lower()` cannot mirror exactly (characters `re` folds in its own way, or that lower-case to several
characters) runs every rule. Patterns are read with the standard library's own parser and case-fold table
(`re._parser`, `re._casefix`, as shipped since Python 3.11, the project's floor).
"""

from __future__ import annotations

import re
import re._casefix as casefix
import re._constants as c
import re._parser as parser
from collections.abc import Iterator
from functools import cache
from typing import Any

# Gate words shorter than this select nothing (a two-letter word is in every text): such a gate is dropped.
MIN_GATE_CHARS = 3

# A requirement: words one of which every match contains (lower-cased), or None when nothing is required.
Gate = tuple[str, ...] | None
# Requirements all of which every match meets, each a tuple of words one of which it holds; () requires none.
Gates = tuple[tuple[str, ...], ...]


def find_gate(pattern: re.Pattern[str]) -> Gate:
    """The words one of which every match of `pattern` contains, lower-cased; None when it requires none."""
    gate = _sequence_gate(list(parser.parse(pattern.pattern, pattern.flags)))
    if gate is None or min(len(w) for w in gate) < MIN_GATE_CHARS or any(_refolded(w) for w in gate):
        return None
    return gate


def find_gates(pattern: re.Pattern[str]) -> Gates:
    """Every requirement of `pattern`: the words of each literal run and each required group, every one
    of which a match meets (a conjunction: "la nuit du lundi" needs "nuit" and a weekday). The single
    `find_gate` is one of them; the others can only skip more texts."""
    found = _sequence_requirements(list(parser.parse(pattern.pattern, pattern.flags)))
    return tuple(gate for gate in dict.fromkeys(found)
                 if min(len(w) for w in gate) >= MIN_GATE_CHARS and not any(_refolded(w) for w in gate))


def may_match_all(gates: Gates, folded: str) -> bool:
    """Whether a text whose lower-cased form is `folded` meets every requirement of a rule."""
    return all(any(word in folded for word in gate) for gate in gates)


def folds_plainly(text: str, folded: str) -> bool:
    """Whether `re`'s case-insensitive matching of `text` agrees with `folded = text.lower()` character by
    character: no character lower-cases to several, and none is one `re` folds by its own extra table."""
    return len(folded) == len(text) and not _extra_folded().intersection(text)


def may_match(gate: Gate, folded: str) -> bool:
    """Whether a rule with this gate can match a text whose lower-cased form is `folded`."""
    return gate is None or any(word in folded for word in gate)


def _refolded(word: str) -> bool:
    """Whether a gate word holds a character whose case-insensitive matching `str.lower()` does not mirror."""
    return len(word.lower()) != len(word) or bool(_extra_folded().intersection(word))


@cache
def _extra_folded() -> frozenset[str]:
    """The characters `re` matches case-insensitively beyond `str.lower()` ("ſ" with "s", "ı" with "i"),
    with their upper and lower cases; ASCII letters are kept out (their pairs are the ones listed)."""
    chars: set[str] = set()
    for key, values in casefix._EXTRA_CASES.items():
        for code in (key, *values):
            ch = chr(code)
            chars.update((ch, ch.upper(), ch.lower()))
    return frozenset(ch for ch in chars if not (ch.isascii() and len(ch) == 1))


def _split_runs(items: list[tuple[Any, Any]]) -> Iterator[tuple[str | None, tuple[Any, Any] | None]]:
    """A parsed sequence in order as (literal run lower-cased, None) and (None, item) for every other item."""
    run: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            yield "".join(run).lower(), None
            run = []
        yield None, (op, av)
    if run:
        yield "".join(run).lower(), None


def _sequence_gate(items: list[tuple[Any, Any]]) -> Gate:
    """The most selective requirement of a sequence: a run of literals, or one item's own requirement."""
    candidates: list[tuple[str, ...]] = []
    for run, item in _split_runs(items):
        gate = (run,) if run is not None else _item_gate(*item) if item is not None else None
        if gate is not None:
            candidates.append(gate)
    if not candidates:
        return None
    return max(candidates, key=lambda g: (min(len(w) for w in g), -len(g)))


def _sequence_requirements(items: list[tuple[Any, Any]]) -> list[tuple[str, ...]]:
    """All requirements of a sequence: its literal runs, and those of the groups and repeats it must pass
    through (their own sequences, flattened), and the words one of which an alternation requires."""
    found: list[tuple[str, ...]] = []
    for run, item in _split_runs(items):
        if item is None:
            found.append((run or "",))
            continue
        op, av = item
        if op is c.SUBPATTERN:
            found.extend(_sequence_requirements(list(av[3])))
        elif op is c.ATOMIC_GROUP:
            found.extend(_sequence_requirements(list(av)))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            found.extend(_sequence_requirements(list(av[2])))
        elif (gate := _item_gate(op, av)) is not None:
            found.append(gate)
    return found


def _item_gate(op: Any, av: Any) -> Gate:
    """The requirement of one item of a parsed pattern (a group, an alternation, a repeat); None for the rest."""
    if op is c.SUBPATTERN:
        return _sequence_gate(list(av[3]))
    if op is c.ATOMIC_GROUP:
        return _sequence_gate(list(av))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _, body = av
        return _sequence_gate(list(body)) if low >= 1 else None
    if op is c.BRANCH:
        words: list[str] = []
        for branch in av[1]:
            gate = _sequence_gate(list(branch))
            if gate is None:
                return None
            words.extend(gate)
        return tuple(dict.fromkeys(words))
    return None
