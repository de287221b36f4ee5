"""Language plugs: everything language-specific (model, word lists, patterns) in `recoupe/lang/<code>/`.

A plug is a folder named by its ISO 639-1 code holding `language.json` (its spaCy model name and a few
settings), the data files stages read by name (`boilerplate.json`, `oe_words.txt`, ...) and, optionally,
a `hooks.py` module of code that only that language needs, spaCy-style (how to build its pipeline, the
grammar of its temporal expressions). Plugs are found by looking for the folder, never through a
registry kept in memory: first in the folders of the `RECOUPE_LANG_PATH` environment variable (plugs
shipped outside the package, such as the test plug), then in this package. Adding a language is adding
a folder.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

LANG_ROOT = Path(__file__).parent
# The plug a run uses for an article whose language cannot be told (too short) and its input does not state.
DEFAULT_LANGUAGE = "fr"
# Extra folders holding plugs, searched before the package's own (os.pathsep-separated, like PYTHONPATH).
PATH_VARIABLE = "RECOUPE_LANG_PATH"


class UnknownLanguageError(ValueError):
    """Raised when no plug exists for a language code."""


@dataclass(frozen=True)
class Language:
    """One language's resources, read lazily from its plug folder."""

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

    @property
    def hooks(self) -> ModuleType | None:
        """The plug's `hooks.py` module (its language-specific code), or None when it has none."""
        return _load_hooks(self.folder)

    def hook(self, name: str) -> Any:
        """The hook `name` of the plug's hooks module, or None when the plug does not provide it."""
        hooks = self.hooks
        return getattr(hooks, name, None) if hooks is not None else None


@cache
def _read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


@cache
def _read_lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return [s for line in f if (s := line.strip()) and not s.startswith("#")]


@cache
def _load_hooks(folder: Path) -> ModuleType | None:
    """Import a plug's hooks: as `recoupe.lang.<code>.hooks` inside the package, by file path outside it."""
    path = folder / "hooks.py"
    if not path.is_file():
        return None
    if folder.parent == LANG_ROOT:
        return importlib.import_module(f"{__name__}.{folder.name}.hooks")
    spec = importlib.util.spec_from_file_location(f"recoupe_lang_plug_{folder.name}_hooks", path)
    if spec is None or spec.loader is None:
        raise UnknownLanguageError(f"cannot import the hooks of the plug in {folder}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def plug_roots() -> tuple[Path, ...]:
    """The folders searched for plugs, in order: those of RECOUPE_LANG_PATH, then the package's own."""
    extra = [Path(p) for p in os.environ.get(PATH_VARIABLE, "").split(os.pathsep) if p]
    return (*extra, LANG_ROOT)


def load_language(code: str) -> Language:
    """Return the plug for language `code` (e.g. "fr"); raise UnknownLanguageError if none.

    A code is a language code (letters only): an article's input may say anything in its language field,
    and that must never name a folder elsewhere on disk.
    """
    if not (code.isascii() and code.isalpha()):
        raise UnknownLanguageError(f"not a language code: {code!r}")
    return _load_language(code, plug_roots())


@cache
def _load_language(code: str, roots: tuple[Path, ...]) -> Language:
    for root in roots:
        meta = root / code / "language.json"
        if meta.is_file():
            settings = _read_json(meta)
            return Language(code=code, model=settings.get("model", ""), folder=meta.parent, settings=settings)
    raise UnknownLanguageError(f"no language plug for {code!r} (looked in {', '.join(map(str, roots))})")


def find_language(code: str | None) -> Language | None:
    """The plug for `code`, or None when `code` is None or no plug exists for it."""
    if code is None:
        return None
    try:
        return load_language(code)
    except UnknownLanguageError:
        return None


def available_languages() -> list[str]:
    """Codes of every language that has a plug, in any searched folder."""
    return sorted({p.name for root in plug_roots() if root.is_dir() for p in root.iterdir()
                   if (p / "language.json").is_file()})
