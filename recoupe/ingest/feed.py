"""RSS and Atom feeds: one article per entry that has content, via feedparser.

feedparser is given the bytes (never a string: a string that looks like a URL
would be fetched). Feeds that declare XML entities are refused before parsing:
entity declarations are how entity-expansion ("billion laughs") and
external-entity attacks start, and real news feeds do not need them.
(feedparser 6.0 itself neither expands nor fetches them, measured with the
bombs in the tests; the refusal keeps that true whatever its version.)
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import time
import unicodedata
from collections.abc import Iterator
from typing import Any

from recoupe.ingest.dates import day_from_struct, parse_published
from recoupe.ingest.html import domain_of, fragment_to_text
from recoupe.ingest.options import IngestIssue
from recoupe.records import Article

# An entity declaration in the prolog (bytes, so that any ASCII-compatible encoding matches).
ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
# The prolog ends at the first element; declarations can only come before it.
FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
SLUG_JUNK = re.compile(r"[^a-z0-9]+")
# Longest id slug kept whole; longer guids are cut and suffixed with a hash so ids stay unique.
MAX_SLUG = 80


def iter_feed(data: bytes, origin: str, stem: str) -> Iterator[Article | IngestIssue]:
    """Yield one Article per feed entry with content (`origin#N` for entry N, from 1); errors for the rest."""
    import feedparser

    if has_entity_declarations(data):
        yield IngestIssue(origin, "refused: the XML declares entities (possible entity-expansion attack)")
        return
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        why = "not an RSS/Atom feed" if not parsed.get("version") else "feed has no entries"
        yield IngestIssue(origin, why)
        return
    feed_info = parsed.get("feed") or {}
    source = domain_of(feed_info.get("link")) or (feed_info.get("title") or "").strip() or None
    used: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        item_origin = f"{origin}#{number}"
        text = entry_text(entry)
        if not text:
            yield IngestIssue(item_origin, "feed entry has no content")
            continue
        article_id = unique_id(entry_id(entry, source or stem, stem, number), used)
        published = entry_published(entry)
        yield Article(
            id=article_id,
            raw_text=text,
            origin=item_origin,
            url=(entry.get("link") or "").strip() or None,
            source=source,
            title=(entry.get("title") or "").strip() or None,
            published=published,
            published_precision="day" if published else None,
            fmt="feed",
        )


def has_entity_declarations(data: bytes) -> bool:
    """Whether the XML prolog (before the first element) declares entities, in UTF-16 as in any ASCII-based
    encoding."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    head_end = FIRST_ELEMENT.search(data)
    prolog = data[: head_end.start()] if head_end else data
    return bool(ENTITY_DECLARATION.search(prolog))


def entry_text(entry: Any) -> str:
    """An entry's text: its full content if present, else its summary; HTML turned into lines of text."""
    for block in entry.get("content") or []:
        value = block.get("value") or ""
        if value.strip():
            return _as_text(value, block.get("type"))
    summary = entry.get("summary") or ""
    if summary.strip():
        detail = entry.get("summary_detail") or {}
        return _as_text(summary, detail.get("type"))
    return ""


def _as_text(value: str, mime: str | None) -> str:
    if mime == "text/plain":
        return value.replace("\r\n", "\n").strip()
    return fragment_to_text(value)


def entry_id(entry: Any, namespace: str, stem: str, number: int) -> str:
    """A stable id for an entry: a slug of its guid (or link), so that the same item in a later snapshot of the
    feed keeps its id; guids that are not URLs are prefixed with the feed's domain; `{stem}-{n}` if neither."""
    guid = (entry.get("id") or entry.get("link") or "").strip()
    if not guid:
        return f"{stem}-{number}"
    if "://" in guid:
        guid = guid.split("://", 1)[1].removeprefix("www.")
    elif not guid.startswith(namespace):
        guid = f"{namespace}-{guid}"
    return slugify(guid)


def slugify(text: str) -> str:
    """Lower-case ASCII letters and digits joined by hyphens, cut to MAX_SLUG with a hash suffix if longer."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = SLUG_JUNK.sub("-", ascii_text.lower()).strip("-") or "item"
    if len(slug) <= MAX_SLUG:
        return slug
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug[: MAX_SLUG - 11].rstrip('-')}-{digest}"


def unique_id(candidate: str, used: set[str]) -> str:
    """`candidate`, or `candidate-2`, `-3` ... if an earlier entry of the same feed took it."""
    article_id, n = candidate, 1
    while article_id in used:
        n += 1
        article_id = f"{candidate}-{n}"
    used.add(article_id)
    return article_id


def entry_published(entry: Any) -> str | None:
    """An entry's publication day: the stated date's own local day if readable, else feedparser's UTC tuple."""
    for key in ("published", "updated"):
        raw = entry.get(key)
        if isinstance(raw, str) and (parsed := parse_published(raw)) and parsed[1] == "day":
            return parsed[0]
        struct = entry.get(f"{key}_parsed")
        if isinstance(struct, time.struct_time) and (day := day_from_struct(struct)):
            return day
    return None
