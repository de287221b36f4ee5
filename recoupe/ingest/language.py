"""Language identification of article text with lingua, restricted to the languages news corpora mix.

Options chosen by measurement (1,000 OrangeSum articles, 15 candidate
languages, 2 shared cores under load, /tmp bench in the ingest report):
- low-accuracy mode: 16-18 MB of models, 0.2-0.5 s to the first answer, 140-380
  texts/s at 500-1,500 characters, and still 1,000/1,000 right on article
  starts (994/1,000 on 100-character starts);
- high-accuracy mode loads every 1-5-gram model on first use: 250 MB, 3-8 s to
  the first answer, no more right answers on article-length text, and slower;
- preloading (high accuracy) costs 8 s and 400 MB at build time.
So: low accuracy, models loaded lazily (only the languages a text needs).
"""

from __future__ import annotations

from lingua import Language, LanguageDetectorBuilder

# The languages one meets in French-language news feeds and multilingual scrapes.
# A short list keeps detection fast and avoids exotic guesses on short texts.
CANDIDATES = (
    Language.FRENCH, Language.ENGLISH, Language.GERMAN, Language.SPANISH, Language.ITALIAN,
    Language.PORTUGUESE, Language.DUTCH, Language.ARABIC, Language.RUSSIAN, Language.TURKISH,
    Language.POLISH, Language.UKRAINIAN, Language.PERSIAN, Language.CHINESE, Language.JAPANESE,
)
# Below this many letters lingua's guesses are unreliable (a headline word or two).
MIN_LETTERS = 20
# Only the start of a text is looked at: 400 characters decided all 1,000 OrangeSum articles as
# French, as 1,000 and 1,500 did, at 0.8 ms an article against 2.4 ms for 1,000 (measured on the
# first 1,000 OrangeSum articles); 100 characters already got 994 right.
MAX_CHARS = 400


def body_sample(text: str, size: int = MAX_CHARS) -> str:
    """The longest paragraphs of a text, kept in their order, until they reach `size` characters.

    A page's furniture (menus, share prompts, credits) comes in short lines, often in another language than
    the article (an English menu over a French dispatch); the article's own language is that of its longest
    paragraphs. Used before cleaning, when the furniture is still in the text.
    """
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    chosen: list[int] = []
    total = 0
    for i in sorted(range(len(paragraphs)), key=lambda i: -len(paragraphs[i])):
        chosen.append(i)
        total += len(paragraphs[i])
        if total >= size:
            break
    return "\n\n".join(paragraphs[i] for i in sorted(chosen))


class LanguageDetector:
    """Detects the language of a text as an ISO 639-1 code; built once per run (models load on first use)."""

    def __init__(self) -> None:
        self._detector = LanguageDetectorBuilder.from_languages(*CANDIDATES).with_low_accuracy_mode().build()

    def detect(self, text: str) -> str | None:
        """The ISO 639-1 code of `text`'s language ("fr"), or None when it is too short or unrecognised."""
        sample = text[:MAX_CHARS]
        if sum(1 for ch in sample if ch.isalpha()) < MIN_LETTERS:
            return None
        language = self._detector.detect_language_of(sample)
        if language is None:
            return None
        return language.iso_code_639_1.name.lower()
