"""A small bundled corpus of French news articles written for recoupe, for `make demo` and the tests.

Eleven articles from invented outlets about one real story (the Ever Given blocking
the Suez Canal, March–July 2021); every sentence was written for this project. See
README.md in this folder for what each file exercises.
"""

from __future__ import annotations

from pathlib import Path

# The two file names of the one syndicated wire story (same dispatch, two outlets, small edits).
NEAR_DUPLICATE_PAIR: tuple[str, str] = ("06_echo-wallonie.txt", "07_actu-express.txt")

# Files deliberately stored in Windows-1252 rather than UTF-8 (every other file is UTF-8).
CP1252_FILES: frozenset[str] = frozenset({"09_journal-estuaire.txt"})

# The suffixes of article files in the corpus folder (README.md is not an article).
ARTICLE_SUFFIXES: frozenset[str] = frozenset({".txt", ".html", ".jsonl"})


def sample_corpus_path() -> Path:
    """Return the folder holding the sample articles, so the demo and tests can ingest it like any corpus."""
    return Path(__file__).resolve().parent / "corpus"


def list_sample_files() -> list[Path]:
    """Return the sample article files (.txt, .html, .jsonl) in name order, without README or stray files."""
    return sorted(p for p in sample_corpus_path().iterdir() if p.is_file() and p.suffix in ARTICLE_SUFFIXES)
