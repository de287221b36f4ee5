"""Folding text for comparison: lowercase, accents stripped, typographic apostrophes made plain.

French news spells one name "État" and "Etat", "d’Ivoire" and "d'Ivoire"; every stage compares words
through this one fold.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lowercase, strip accents and unify apostrophes, so that spelling variants of a word compare equal."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().replace("’", "'").replace("‘", "'")
