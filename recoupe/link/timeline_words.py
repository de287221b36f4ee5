"""Content words and dates for comparing dated events across articles (no spaCy doc needed).

Two sentences tell the same event when they share content words and actors; the
words are folded (lowercase, no accents) and cut to a short prefix so that
"retrait" and "retirer", "signé" and "signent" meet. Dates are compared by
ISO prefix: a month contains its days, a year its months.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from functools import cache
from typing import Literal

from recoupe.folding import fold
from recoupe.lang import Language, load_language

# Prefix length of a word stem, a light stemmer that joins inflections (signé, signent,
# signer -> "signe"; américains, américaine -> "americ"). Measured on the dev stories
# (timeline date / event F1, events.date_f1): 5 -> .771/.587/.830, 6 -> .764/.582/.830,
# 7 -> .750/.589/.841, whole words -> .743/.584/.841; all within noise, 6 kept as the
# shortest prefix that still tells most French content words apart.
STEM_LENGTH = 6

Relation = Literal["same", "contains", "adjacent"]

_WORD = re.compile(r"[a-z0-9]+")
_YEAR = re.compile(r"(?:19|20)\d\d")



@dataclass(frozen=True)
class WordRules:
    """The language's stop words and background cues, compiled once per language."""

    stopwords: frozenset[str]
    background_cues: frozenset[str]
    cue_window: int
    later_cues: tuple[re.Pattern[str], ...] = ()

    def content_words(self, text: str) -> frozenset[str]:
        """Stems of the content words of `text` (no stop words, no years, no short numbers)."""
        out = set()
        for w in _WORD.findall(fold(text)):
            if w in self.stopwords or len(w) < 2:
                continue
            if w.isdigit() and (len(w) < 3 or _YEAR.fullmatch(w)):
                continue
            out.add(w[:STEM_LENGTH])
        return frozenset(out)

    def name_words(self, names: list[str]) -> frozenset[str]:
        """Distinctive words of actor names ("Mustafa al-Kadhimi" -> kadhim, mustaf), for matching spellings."""
        out = set()
        for name in names:
            for w in _WORD.findall(fold(name)):
                if len(w) > 2 and w not in self.stopwords:
                    out.add(w[:STEM_LENGTH])
        return frozenset(out)

    def points_later(self, clause: str) -> bool:
        """Whether a clause leading up to a date puts it after the sentence's event ("avant une rencontre ... lundi")."""
        folded = fold(clause)
        return any(p.search(folded) for p in self.later_cues)

    def is_background(self, before: str) -> bool:
        """Whether the words just before a date expression make it a starting point ("depuis 2014")."""
        words = _WORD.findall(fold(before))[-self.cue_window:]
        return any(w in self.background_cues for w in words)


@cache
def word_rules(language: Language) -> WordRules:
    """The word rules of `language`, from its `timeline.json`."""
    data = language.json("timeline.json")
    return WordRules(
        stopwords=frozenset(fold(w) for w in data["stopwords"]),
        background_cues=frozenset(fold(w) for w in data["background_cues"]),
        cue_window=int(data["cue_window"]),
        later_cues=tuple(re.compile(rf"\b{re.escape(fold(c))}\b") for c in data.get("later_cues", [])),
    )


def french_rules() -> WordRules:
    """The French word rules (the default language of the link stage)."""
    return word_rules(load_language("fr"))


def date_relation(a: str, b: str) -> Relation | None:
    """How two ISO dates (year, month or day) relate: same, one contains the other, adjacent days, or None."""
    if a == b:
        return "same"
    if a.startswith(b) or b.startswith(a):
        return "contains"
    if len(a) == len(b) == 10:
        da, db = _day(a), _day(b)
        if da is not None and db is not None and abs((da - db).days) == 1:
            return "adjacent"
    return None


def _day(value: str) -> Date | None:
    """Parse an ISO day, or None if it is not a valid one."""
    try:
        return Date.fromisoformat(value)
    except ValueError:
        return None
