"""What the ingest stage is told (IngestOptions) and what it reports besides articles (IngestIssue)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# 20 MB: ten times the longest of the 36,152 OrangeSum articles and of the 400 raw
# OrangeSum pages (largest page 160 kB); far above any real news article, low
# enough that a stray dump or video is refused before it is read.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class IngestOptions:
    """How to read inputs: the size limit (per file, or per line for JSONL) and whether to follow symlinks."""

    max_bytes: int = DEFAULT_MAX_BYTES
    follow_symlinks: bool = False  # inside folders; a path given explicitly is always followed


@dataclass(frozen=True)
class IngestIssue:
    """A problem met while ingesting one origin (file, `path:LINE` of a JSONL, `path#N` of a feed).

    A warning concerns an article that still went in; an error means nothing from that origin did.
    """

    origin: str
    reason: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return printable(f"{self.origin}: {self.reason}")


def printable(text: str) -> str:
    """Make `text` safe for a one-line message: control characters escaped, undecodable file-name bytes shown."""
    if text.isprintable():
        return text
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a file-name byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif unicodedata.category(ch) in ("Cc", "Cs"):
            out.append(repr(ch)[1:-1])
        else:
            out.append(ch)
    return "".join(out)


# A UTF-16 surrogate alone in a str: from an undecodable file-name byte (surrogateescape) or a JSON "\\ud800"
# escape. Such a str cannot be encoded as UTF-8, so it can be neither stored nor printed.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD, so that it encodes as UTF-8 (a no-op on sound text)."""
    if not LONE_SURROGATE.search(text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def format_size(n: int) -> str:
    """Bytes as megabytes with one decimal, as in "too large (50.0 MB > 20.0 MB limit)" (kB, bytes if small)."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} kB"
    return f"{n} bytes"
