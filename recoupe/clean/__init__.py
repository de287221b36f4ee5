"""The clean stage: repair scraper damage, read the metadata, drop boilerplate, assemble the article's text.

`clean_article` is the entry point; every change it makes is recorded as an `Edit` on the article, repairs
with offsets into the raw text and removals with offsets into the repaired text. Cleaning is idempotent:
cleaning an article whose raw text is already a `clean_text` changes nothing and removes nothing.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from recoupe.clean.boilerplate import dangling_words, find_boilerplate, stops_mid_sentence
from recoupe.clean.lead import find_repeated_leads, kept_lines
from recoupe.clean.outlets import find_chrome_outlet, settle_outlet, split_wire
from recoupe.clean.repair import repair_encoding, repair_text
from recoupe.lang import Language
from recoupe.records import Article, Edit

if TYPE_CHECKING:
    from recoupe.clean.metadata import Metadata

__all__ = ["assemble_text", "clean_article", "clean_generic", "clean_in_language", "clean_raw_text", "find_boilerplate",
           "find_repeated_leads", "repair_text"]


def clean_raw_text(text: str, url: str | None, lang: Language) -> tuple[str, list[Edit], Metadata]:
    """Clean a raw text: returns the clean text, the repair then removal edits, and the Metadata found."""
    from recoupe.clean.metadata import find_metadata

    repaired, repairs = repair_text(text, lang)
    meta = find_metadata(repaired, url, lang)
    removals = find_boilerplate(repaired, meta, lang)
    removals += find_repeated_leads(repaired, removals, meta.title_span)
    removals.sort(key=lambda e: (e.start, e.end))
    if url is None:
        source, wire = settle_outlet(meta.source, meta.credits, find_chrome_outlet(repaired, removals, lang, meta.title_span), lang)
        meta = dataclasses.replace(meta, source=source, wire=wire)
    return assemble_text(repaired, removals, lang), repairs + removals, meta


def clean_article(article: Article, lang: Language) -> Article:
    """Return `article` with `clean_text` and `edits` filled, and metadata the article lacked taken from its text."""
    text, edits, meta = clean_raw_text(article.raw_text, article.url, lang)
    updates: dict[str, object] = {"clean_text": text, "edits": edits}
    if article.published is None and meta.published:
        updates["published"] = meta.published
        updates["published_precision"] = meta.precision
    if article.source is None:
        updates["source"], updates["wire"] = meta.source, meta.wire
    else:
        updates["wire"] = split_wire(article.source, meta.credits, lang)[1]
    if article.title is None and meta.title:
        updates["title"] = meta.title
    return dataclasses.replace(article, **updates)  # type: ignore[arg-type]


# The data files the language's cleaning reads: a plug without all of them gets the generic cleaning.
CLEANING_DATA = ("boilerplate.json", "metadata.json", "oe_words.txt", "repair_dangling_words.txt",
                 "repair_lookalikes.json")


def clean_in_language(article: Article, lang: Language) -> Article:
    """Clean `article` with its language's rules when its plug ships them, else generically.

    The metadata, boilerplate and repair rules are written in a language's words; a plug without them (a new
    language starting with its reader) is cleaned as a language without a plug would be.
    """
    if all(lang.has(name) for name in CLEANING_DATA):
        return clean_article(article, lang)
    return clean_generic(article)


def clean_generic(article: Article) -> Article:
    """Clean an article without any language's words: mend its encoding, keep every line as a paragraph.

    Used before the language is known (detection reads this text) and for articles in a language without
    a plug: no metadata, boilerplate or sentence rule is applied, since each is written in some language.
    """
    text, repairs = repair_encoding(article.raw_text)
    paragraphs = [s for line in text.splitlines() if (s := line.strip())]
    return dataclasses.replace(article, clean_text="\n\n".join(paragraphs), edits=repairs)


def assemble_text(text: str, removed: list[Edit], lang: Language) -> str:
    """The kept text: each kept line a paragraph, stripped, paragraphs separated by one blank line.

    A line that stops on a word no sentence ends on ("à", "de", ...) is joined with the next line when that
    one goes on in lowercase or with a digit: the scraper broke the paragraph mid-sentence.
    """
    dangling = dangling_words(lang)
    paragraphs: list[str] = []
    joinable = False
    for line in kept_lines(text, removed):
        para = line.chars.strip()
        if joinable and paragraphs and (para[0].islower() or para[0].isdigit()):
            paragraphs[-1] = f"{paragraphs[-1]} {para}"
        else:
            paragraphs.append(para)
        joinable = stops_mid_sentence(paragraphs[-1], dangling)
    return "\n\n".join(paragraphs)
