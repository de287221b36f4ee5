"""Walking the paths a user gives and dispatching each file to its format's reader.

A folder is read recursively in sorted order, hidden files and folders
skipped; files of other kinds inside a folder are reported as warnings (the
user pointed at a folder, not at them), while an explicit path of an
unsupported kind is an error. Every problem becomes one `IngestIssue` and the
batch goes on.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from recoupe.ingest.decode import (
    decode_bytes,
    decode_with_charset,
    describe_special,
    read_bytes,
    screen_bytes,
)
from recoupe.ingest.feed import iter_feed
from recoupe.ingest.html import declared_charset, describe_missing_text, extract_html
from recoupe.ingest.jsonl import iter_jsonl
from recoupe.ingest.options import IngestIssue, IngestOptions, printable, without_surrogates
from recoupe.records import Article

# Format by (lower-case) file-name ending; longest endings first so ".jsonl.gz" wins over ".gz".
FORMATS: tuple[tuple[str, str], ...] = (
    (".jsonl.gz", "jsonl"), (".ndjson.gz", "jsonl"), (".jsonl", "jsonl"), (".ndjson", "jsonl"),
    (".txt", "txt"), (".html", "html"), (".htm", "html"), (".xhtml", "html"),
    (".xml", "feed"), (".rss", "feed"), (".atom", "feed"),
)
SUPPORTED = ", ".join(ending for ending, _ in FORMATS)


def iter_articles(paths: Sequence[str | Path], options: IngestOptions | None = None) -> Iterator[Article | IngestIssue]:
    """Yield the articles under `paths` (files or folders), with an IngestIssue for every input problem.

    Every string of an article comes out encodable as UTF-8 (storable, printable): an undecodable byte in a
    file name shows as "\\xe9" in the origin, a lone surrogate in a JSON string becomes U+FFFD.
    """
    for item in _iter_paths(paths, options or IngestOptions()):
        yield sound_article(item) if isinstance(item, Article) else item


def sound_article(article: Article) -> Article:
    """Make an ingested article's strings storable: a printable origin, no lone surrogates."""
    article.origin = printable(article.origin)
    article.id = without_surrogates(article.id)
    article.raw_text = without_surrogates(article.raw_text)
    for name in ("url", "source", "title", "published"):
        value = getattr(article, name)
        if isinstance(value, str):
            setattr(article, name, without_surrogates(value))
    return article


def _iter_paths(paths: Sequence[str | Path], options: IngestOptions) -> Iterator[Article | IngestIssue]:
    seen: set[tuple[int, int]] = set()  # (device, inode) of files already read: a file given twice is read once
    for given in paths:
        path = Path(given)
        origin = os.fspath(given)
        try:
            info = os.stat(path)
        except OSError as exc:
            yield IngestIssue(origin, _os_reason(exc, path))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _iter_folder(path, options, seen)
        else:
            fmt = format_of(path.name)
            if fmt is None:
                yield IngestIssue(origin, f"not an article file ({_ending(path.name)}); supported: {SUPPORTED}")
                continue
            yield from _iter_file(path, origin, fmt, options, seen)


def format_of(name: str) -> str | None:
    """The input format a file name announces ("txt", "html", "jsonl", "feed"), or None."""
    lower = name.lower()
    for ending, fmt in FORMATS:
        if lower.endswith(ending) and len(lower) > len(ending):
            return fmt
    return None


def _iter_folder(root: Path, options: IngestOptions, seen: set[tuple[int, int]]) -> Iterator[Article | IngestIssue]:
    """Read a folder's files recursively in sorted order; hidden entries are skipped silently."""
    for path, issue in walk_folder(root, options.follow_symlinks, set()):
        origin = os.fspath(path)
        if issue is not None:
            yield IngestIssue(origin, issue, "warning")
            continue
        fmt = format_of(path.name)
        if fmt is None:
            yield IngestIssue(origin, f"skipped: not an article file ({_ending(path.name)})", "warning")
            continue
        yield from _iter_file(path, origin, fmt, options, seen)


def walk_folder(folder: Path, follow: bool, active: set[tuple[int, int]]) -> Iterator[tuple[Path, str | None]]:
    """Yield (file path, None) in sorted order, or (path, why it is skipped); `active` guards symlink loops."""
    try:
        info = os.stat(folder)
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield folder, f"skipped folder: {_os_reason(exc, folder)}"
        return
    key = (info.st_dev, info.st_ino)
    if key in active:
        yield folder, "skipped: symbolic link loop"
        return
    active.add(key)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_link = entry.is_symlink()
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError as exc:
            yield path, f"skipped: {_os_reason(exc, path)}"
            continue
        if is_link and not follow:
            yield path, "skipped: symbolic link (links inside folders are not followed)"
        elif is_dir:
            yield from walk_folder(path, follow, active)
        else:
            yield path, None
    active.discard(key)


def _iter_file(path: Path, origin: str, fmt: str, options: IngestOptions,
               seen: set[tuple[int, int]]) -> Iterator[Article | IngestIssue]:
    """Read one file of a known format."""
    try:
        info = os.stat(path)
    except OSError as exc:
        yield IngestIssue(origin, _os_reason(exc, path))
        return
    kind = describe_special(info.st_mode)
    if kind:
        yield IngestIssue(origin, f"not a regular file ({kind})")
        return
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return
    seen.add(key)
    if fmt == "jsonl":
        yield from iter_jsonl(path, origin, options)
        return
    data = read_bytes(path, origin, options)
    if isinstance(data, IngestIssue):
        yield data
        return
    problem = screen_bytes(data)
    if problem:
        yield IngestIssue(origin, problem)
        return
    stem = article_id_from_name(path.name)
    if fmt == "feed":
        yield from iter_feed(data, origin, stem)
        return
    decoded = decode_with_charset(data, declared_charset(data)) if fmt == "html" else decode_bytes(data)
    if not decoded.text.strip():  # a byte-order mark and nothing else
        yield IngestIssue(origin, "empty file")
        return
    article = Article(id=stem, raw_text=decoded.text, origin=origin, fmt=fmt)
    if fmt == "html":
        page = extract_html(decoded.text)
        if page is None:
            yield IngestIssue(origin, describe_missing_text(decoded.text))
            return
        article.raw_text, article.title, article.url, article.source = page.text, page.title, page.url, page.source
        if page.published:
            article.published, article.published_precision = page.published, "day"
    if decoded.warning:
        yield IngestIssue(origin, decoded.warning, "warning")
    yield article


def article_id_from_name(name: str) -> str:
    """The id of a file's article: its name without the format ending; control characters and undecodable
    bytes become "_" so that the id is printable."""
    lower = name.lower()
    stem = name
    for ending, _ in FORMATS:
        if lower.endswith(ending):
            stem = name[: -len(ending)]
            break
    return "".join("_" if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in stem)


def _ending(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix if suffix else "no extension"


def _os_reason(exc: OSError, path: Path) -> str:
    reason = exc.strerror or str(exc)
    if isinstance(exc, FileNotFoundError) and os.path.islink(path):
        return f"broken symbolic link ({reason})"
    return reason

