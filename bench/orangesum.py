"""The OrangeSum benchmark corpus in ../shared: where it is, and its first N lines."""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus_parser(description: str, skip: bool = False) -> argparse.ArgumentParser:
    """An argument parser with the options every OrangeSum bench takes, --shared and --limit, and --skip for the
    benches that can take a later stretch of the corpus (`skip`)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--limit", type=int, default=0, help="articles to use (0: all)")
    if skip:
        parser.add_argument("--skip", type=int, default=0,
                            help="corpus lines passed over first (a later stretch: its articles are longer or shorter)")
    return parser


def orangesum_jsonl(shared: Path) -> Path | None:
    """The gzipped JSONL of the 36,152 OrangeSum articles, or None when ../shared lacks it."""
    source = shared / "corpus" / "orangesum" / "articles.jsonl.gz"
    return source if source.is_file() else None


def require_orangesum(shared: Path) -> Path | None:
    """The corpus file, or None after saying on stderr that ../shared lacks it."""
    source = orangesum_jsonl(shared)
    if source is None:
        print(f"no OrangeSum corpus under {shared}", file=sys.stderr)
    return source


def read_orangesum_lines(source: Path, limit: int = 0, skip: int = 0) -> list[str]:
    """`limit` JSONL lines (all when 0) after the first `skip`, newline included, in corpus order."""
    lines: list[str] = []
    with gzip.open(source, "rt", encoding="utf-8") as f:
        for number, line in enumerate(f):
            if number < skip:
                continue
            lines.append(line)
            if limit and len(lines) >= limit:
                break
    return lines
