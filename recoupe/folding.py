"""Folding text for comparison: lowercase, accents stripped, typographic apostrophes made plain.

French news spells one name "État" and "Etat", "d’Ivoire" and "d'Ivoire"; every stage compares words
through this one fold.
"""

from __future__ import annotations

import unicodedata

# No code point below U+0300 (the first combining diacritic) combines, so the characters before it skip the
# lookup of their combining class (tests/test_folding.py checks it over every code point); the timelines fold
# millions of characters per 1,000 articles.
FIRST_COMBINING = "\u0300"


def fold(text: str) -> str:
    """Lowercase, strip accents and unify apostrophes, so that spelling variants of a word compare equal."""
    if text.isascii():  # nothing to decompose, strip or unify
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():
        combining = unicodedata.combining
        text = "".join([c for c in text if c < FIRST_COMBINING or not combining(c)])
    return text.lower().replace("’", "'").replace("‘", "'")
