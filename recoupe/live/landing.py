"""What has landed in a watched folder since the last look: new or replaced files, new lines of growing JSONL.

Writers hand articles over by one of two conventions, the ones mail spools and log shippers use:

- a file is written under a hidden or non-article name (".x.txt", "x.txt.part") and renamed into place
  when complete; a rename is atomic, so a file seen under an article name is whole;
- a JSONL file grows by appended lines; a line counts once its newline is written, so a line still
  being written when we look is left for the next look.

A file replaced in place (new inode, other size or time) is read again whole; the store's content hashes
make an unchanged article a no-op, so reading too much never doubles anything, and a restarted watcher
simply looks at everything again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from recoupe.ingest import IngestIssue, IngestOptions, format_of, iter_articles
from recoupe.ingest.jsonl import LineReader, is_gzip, parse_line
from recoupe.ingest.options import format_size
from recoupe.ingest.walk import sound_article, walk_folder
from recoupe.records import Article

Item = Article | IngestIssue


@dataclass(frozen=True)
class FileMark:
    """What a look saw of a file: which file it is (device, inode), its size and its modification time."""

    inode: tuple[int, int]
    size: int
    mtime_ns: int


@dataclass
class JsonlCursor:
    """How far a growing JSONL file has been read: bytes and lines of complete lines consumed."""

    inode: tuple[int, int]
    offset: int = 0
    line: int = 0


@dataclass
class Landing:
    """Looks at a folder again and again, yielding each time only what landed since the previous look."""

    root: Path
    options: IngestOptions = field(default_factory=IngestOptions)
    marks: dict[Path, FileMark] = field(default_factory=dict)
    cursors: dict[Path, JsonlCursor] = field(default_factory=dict)
    warned: set[tuple[Path, str]] = field(default_factory=set)

    def look(self) -> Iterator[Item]:
        """Yield the articles (and ingest issues) of everything that landed since the last look.

        Lazy: a consumer that stops early (a watcher told to stop) leaves the rest for the next look,
        since a file's mark and a JSONL cursor move only as their articles are yielded.
        """
        present: set[Path] = set()
        for path, issue in walk_folder(self.root, self.options.follow_symlinks, set()):
            present.add(path)
            if issue is not None:
                yield from self._warn_once(path, issue)
                continue
            fmt = format_of(path.name)
            if fmt is None:
                continue  # a file being written under a temporary name, or not an article file
            try:
                info = os.stat(path)
            except OSError:
                continue  # gone between the listing and now: the next look decides
            mark = FileMark((info.st_dev, info.st_ino), info.st_size, info.st_mtime_ns)
            if fmt == "jsonl" and not _compressed(path):
                yield from self._read_growth(path, mark)
            elif self.marks.get(path) != mark:
                yield from iter_articles([path], self.options)
                self.marks[path] = mark
        for gone in set(self.marks).union(self.cursors) - present:
            self.marks.pop(gone, None)
            self.cursors.pop(gone, None)

    def _read_growth(self, path: Path, mark: FileMark) -> Iterator[Item]:
        """Yield the complete lines appended to a JSONL file since its cursor (from the start if replaced)."""
        cursor = self.cursors.get(path)
        if cursor is None or cursor.inode != mark.inode or mark.size < cursor.offset:
            cursor = self.cursors[path] = JsonlCursor(mark.inode)
        if mark.size == cursor.offset:
            return
        try:
            with open(path, "rb") as stream:
                stream.seek(cursor.offset)
                yield from self._complete_lines(path, stream, cursor)
        except OSError as exc:
            yield IngestIssue(f"{path}:{cursor.line + 1}", f"cannot read further: {exc.strerror or exc}")

    def _complete_lines(self, path: Path, stream: LineReader, cursor: JsonlCursor) -> Iterator[Item]:
        """Parse complete lines from the cursor on, moving it past each; stop at a line not yet ended."""
        limit = self.options.max_bytes
        while True:
            line = stream.readline(limit + 1)
            if not line.endswith(b"\n"):
                if len(line) <= limit:
                    return  # end of file, or a line still being written
                skipped = _skip_line(stream)
                if skipped is None:
                    return  # an over-long line still being written: judged when it ends
                cursor.offset += len(line) + skipped
                cursor.line += 1
                yield IngestIssue(f"{path}:{cursor.line}", f"line too large (> {format_size(limit)} limit)")
                continue
            cursor.offset += len(line)
            cursor.line += 1
            if line.strip():
                for item in parse_line(line, f"{path}:{cursor.line}"):
                    yield sound_article(item) if isinstance(item, Article) else item

    def _warn_once(self, path: Path, reason: str) -> Iterator[Item]:
        """A folder problem (unreadable folder, link loop) is said once, not at every look."""
        if (path, reason) not in self.warned:
            self.warned.add((path, reason))
            yield IngestIssue(os.fspath(path), reason, "warning")


def _skip_line(stream: LineReader) -> int | None:
    """Skip the rest of an over-long line; its byte count, or None when its newline is not written yet."""
    skipped = 0
    while True:
        rest = stream.readline(1024 * 1024)
        skipped += len(rest)
        if rest.endswith(b"\n"):
            return skipped
        if not rest:
            return None


def _compressed(path: Path) -> bool:
    """Whether a JSONL file is gzip-compressed (read whole on each change: a gzip stream cannot grow by lines)."""
    try:
        return is_gzip(path)
    except OSError:
        return False
