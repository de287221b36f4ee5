"""JSON Lines input (plain or gzip): one article a line, streamed so that files of any size go through.

Each line is `{"id", "text" or "html", "url"?, "title"?, "published"?, "source"?}`.
A bad line costs that line only: it becomes an error for `path:LINE` and the
rest of the file goes in. The size limit applies per line.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from recoupe.ingest.dates import parse_published
from recoupe.ingest.decode import BINARY_MAGIC, decode_bytes, looks_binary
from recoupe.ingest.html import MIN_WORDS, HtmlPage, describe_missing_text, extract_html, fragment_to_text
from recoupe.ingest.options import IngestIssue, IngestOptions, format_size
from recoupe.records import Article

GZIP_MAGIC = b"\x1f\x8b"
OPTIONAL_STRINGS = ("url", "title", "source", "published")
# This many bad lines before any good one: the file is not JSON Lines (one error for the file).
# A real JSONL export with a broken head is rarer than a pretty-printed JSON named .jsonl.
MAX_LEADING_BAD = 20
# Bytes looked at to tell an empty or binary file (a cut gzip must still yield this much).
HEAD_BYTES = 4096
# Chunk size for skipping the rest of an over-long line without holding it.
SKIP_CHUNK = 1024 * 1024


class LineReader(Protocol):
    """What line streaming needs of a binary file (plain or gzip)."""

    def readline(self, size: int | None = -1, /) -> bytes:
        """Read one line of at most `size` bytes."""
        ...


def iter_jsonl(path: Path, origin: str, options: IngestOptions) -> Iterator[Article | IngestIssue]:
    """Stream the articles of a JSONL (or gzip-compressed JSONL) file, one issue per bad line.

    A file whose first lines are all bad is not JSON Lines at all (a pretty-printed
    JSON document, a renamed CSV): it gets one error instead of one per line.
    """
    try:
        compressed = is_gzip(path)
        head = _read_head(path, compressed)
    except (OSError, EOFError, zlib.error) as exc:
        yield IngestIssue(origin, f"cannot read: {getattr(exc, 'strerror', None) or exc}")
        return
    if not head.strip():
        yield IngestIssue(origin, "empty file")
        return
    if is_binary_head(head):
        yield IngestIssue(origin, "binary file, not text")
        return
    leading_bad: list[IngestIssue] = []  # errors held back until a good line shows this is JSON Lines
    good_seen = False
    number = 0
    with gzip.open(path, "rb") if compressed else open(path, "rb") as stream:
        try:
            for number, line in _numbered_lines(stream, options.max_bytes):
                line_origin = f"{origin}:{number}"
                if line is None:
                    items: list[Article | IngestIssue] = [
                        IngestIssue(line_origin, f"line too large (> {format_size(options.max_bytes)} limit)")]
                elif not line.strip():
                    continue
                else:
                    items = parse_line(line, line_origin)
                if good_seen:
                    yield from items
                elif isinstance(items[-1], Article):
                    good_seen = True
                    yield from leading_bad
                    leading_bad.clear()
                    yield from items
                else:
                    leading_bad.extend(i for i in items if isinstance(i, IngestIssue))
                    if len(leading_bad) >= MAX_LEADING_BAD:
                        yield IngestIssue(origin, f"not JSON Lines: the first {MAX_LEADING_BAD} lines are "
                                                  f"not articles (line {leading_bad[0].origin.rsplit(':', 1)[1]}: "
                                                  f"{leading_bad[0].reason})")
                        return
        except (OSError, EOFError, zlib.error) as exc:
            yield from leading_bad
            yield IngestIssue(f"{origin}:{number + 1}", f"cannot read further: {exc}; the lines before went in")
            return
    yield from leading_bad


def is_binary_head(head: bytes) -> bool:
    """Whether a JSONL file's first bytes are binary: a known magic number or many control bytes.

    A NUL byte alone does not decide, as it does for other files: it is one bad line, and one bad line
    costs that line only.
    """
    return head.startswith(BINARY_MAGIC) or looks_binary(head.replace(b"\x00", b"\x01"))


def is_gzip(path: Path) -> bool:
    """Whether a file is gzip-compressed, by its first bytes (whatever its name says)."""
    with open(path, "rb") as f:
        return f.read(2) == GZIP_MAGIC


def _read_head(path: Path, compressed: bool) -> bytes:
    with gzip.open(path, "rb") if compressed else open(path, "rb") as f:
        return f.read(HEAD_BYTES)


def _numbered_lines(stream: LineReader, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield (1-based line number, line bytes), or None for a line over `max_bytes` (skipped unread)."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # skip the rest of the line in chunks
                rest = stream.readline(SKIP_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line


def parse_line(line: bytes, origin: str) -> list[Article | IngestIssue]:
    """Turn one JSONL line into an Article (preceded by its warnings, if any), or into one error."""
    decoded = decode_bytes(line)
    try:
        record = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        return [IngestIssue(origin, f"bad JSON: {exc.msg} (column {exc.colno})")]
    if not isinstance(record, dict):
        return [IngestIssue(origin, f"not a JSON object but {describe_json(record)}")]
    built = article_from_record(record, origin)
    if isinstance(built, IngestIssue):
        return [built]
    article, notes = built
    if decoded.warning:
        notes.insert(0, decoded.warning)
    return [*(IngestIssue(origin, note, "warning") for note in notes), article]


def article_from_record(record: dict[str, Any], origin: str) -> tuple[Article, list[str]] | IngestIssue:
    """Build an Article from a JSONL object, checking fields and types; also return warnings about it."""
    article_id = record.get("id")
    if isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)  # numeric ids are common in datasets; they name the same article
    if article_id is None:
        return IngestIssue(origin, 'no "id"')
    if not isinstance(article_id, str) or not article_id.strip():
        return IngestIssue(origin, f'"id" must be a non-empty string, not {describe_json(article_id)}')
    for name in ("text", "html", *OPTIONAL_STRINGS):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return IngestIssue(origin, f'"{name}" must be a string, not {describe_json(value)}')
    text, html = record.get("text"), record.get("html")
    if text is None and html is None:
        return IngestIssue(origin, 'neither "text" nor "html"')
    article = Article(id=article_id, raw_text="", origin=origin, fmt="jsonl")
    if text is not None:
        article.raw_text = text.replace("\r\n", "\n")
    else:
        page = extract_html(html or "", record.get("url")) or fragment_page(html or "")
        if page is None:
            return IngestIssue(origin, describe_missing_text(html or ""))
        article.raw_text = page.text
        article.title, article.url, article.source = page.title, page.url, page.source
        if page.published:
            article.published, article.published_precision = page.published, "day"
    if not article.raw_text.strip():
        return IngestIssue(origin, "empty text")
    article.url = record.get("url") or article.url
    article.title = record.get("title") or article.title
    article.source = record.get("source") or article.source
    notes: list[str] = []
    published = record.get("published")
    if published:
        parsed = parse_published(published)
        if parsed is None:
            notes.append(f'unrecognised "published" {published[:40]!r}, ignored')
        else:
            article.published, article.published_precision = parsed
    return article, notes


def fragment_page(html: str) -> HtmlPage | None:
    """The text of an "html" field that is a fragment (an article body, no <html> or <body>), which trafilatura
    may judge too short to be a page; None for whole pages and for fragments with too few words."""
    lower = html.lower()
    if "<html" in lower or "<body" in lower:
        return None
    text = fragment_to_text(html)
    return HtmlPage(text=text) if len(text.split()) >= MIN_WORDS else None


def describe_json(value: object) -> str:
    """Name a JSON value's type for messages ("an array", "a number", "null")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
