"""Language plugs: everything language-specific (model name, word lists, patterns) as data.

A language is a folder `recoupe/lang/<code>/` holding `language.json` (its
spaCy model name and a few settings) and the data files stages read by name
(`boilerplate.json`, `oe_words.txt`, ...). Adding a language is adding a
folder, not code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

LANG_ROOT = Path(__file__).parent


class UnknownLanguageError(ValueError):
    """Raised when no data folder exists for a language code."""


@dataclass(frozen=True)
class Language:
    """One language's resources, read lazily from its data folder."""

    code: str
    model: str
    folder: Path
    settings: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def json(self, name: str) -> Any:
        """Parse `name` from the language folder as JSON (cached per process)."""
        return _read_json(self.folder / name)

    def lines(self, name: str) -> list[str]:
        """Read `name` as a word list: one entry a line, blank lines and `#` comments skipped."""
        return _read_lines(self.folder / name)

    def has(self, name: str) -> bool:
        """Whether the language ships a data file called `name`."""
        return (self.folder / name).is_file()


@cache
def _read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


@cache
def _read_lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return [s for line in f if (s := line.strip()) and not s.startswith("#")]


@cache
def load_language(code: str) -> Language:
    """Return the plug for language `code` (e.g. "fr"); raise UnknownLanguageError if none."""
    folder = LANG_ROOT / code
    meta = folder / "language.json"
    if not meta.is_file():
        raise UnknownLanguageError(f"no language data for {code!r} (expected {meta})")
    settings = _read_json(meta)
    return Language(code=code, model=settings["model"], folder=folder, settings=settings)


def available_languages() -> list[str]:
    """Codes of every language that has a data folder."""
    return sorted(p.name for p in LANG_ROOT.iterdir() if (p / "language.json").is_file())
