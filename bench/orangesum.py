"""The OrangeSum benchmark corpus in ../shared: where it is, and its first N lines."""

from __future__ import annotations

import gzip
from pathlib import Path


def orangesum_jsonl(shared: Path) -> Path | None:
    """The gzipped JSONL of the 36,152 OrangeSum articles, or None when ../shared lacks it."""
    source = shared / "corpus" / "orangesum" / "articles.jsonl.gz"
    return source if source.is_file() else None


def read_orangesum_lines(source: Path, limit: int = 0) -> list[str]:
    """The first `limit` JSONL lines (all when 0), newline included, in corpus order."""
    lines: list[str] = []
    with gzip.open(source, "rt", encoding="utf-8") as f:
        for line in f:
            lines.append(line)
            if limit and len(lines) >= limit:
                break
    return lines
