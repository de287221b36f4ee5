"""No word of a language in Python outside its plug: French words live in recoupe/lang/fr/.

The detector reads every string literal of recoupe/**/*.py outside recoupe/lang/ (docstrings excepted: they
document, they decide nothing) and flags a word token that is French by one of two facts of the language:
- it is written with a letter French uses and English does not (é, è, à, ç, œ, ...), or
- it is a French function word that is not an English one (spaCy's French stop words minus its English
  ones: "le", "dans", "vers", "chaque", ...), or a month, weekday or unit name of the fr plug's timex data.
Before tokenising, regex character classes ("[a-zà-ÿ]": a script, not a word), group names, escapes and
HTML `lang="..."` attributes are dropped; tokens joined by "_" or ":" (data keys, tag names such as "aux:pass") and upper-case tokens
(tags, acronyms) are not words. Single letters are not words, and a literal that is a whole language code
("de", "en") names a language.

Its limits: a French word spelled like an English word or a tag of the annotation scheme is not caught
("aux", a Universal Dependencies relation; "an"; "sans" in a CSS font stack): those are listed in
HOMOGRAPHS and never flagged anywhere; a French content word without accent outside the timex tables
("tribunal", "parquet") is not caught either, nor "de" or "en" standing alone as a literal (read as codes). KNOWN_DEBT lists the French words still in modules this
change could not edit (another branch works on them); it can only shrink: an entry no longer found fails.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH_STOP_WORDS

from recoupe.ingest.language import CANDIDATES
from recoupe.lang import load_language

PACKAGE = Path(__file__).resolve().parent.parent / "recoupe"
FRENCH_LETTERS = re.compile(r"[àâçéèêëîïôùûüÿœæ]", re.IGNORECASE)
TOKEN = re.compile(r"[^\W\d_]+(?:[_:][^\W\d_]+)*")
NOT_WORDS = re.compile(r"\[(?:\\.|[^\]\\])*\]|\(\?P<\w+>|\(\?P=\w+\)|\\[A-Za-z]|\blang=\"[\w-]+\"")
# French words spelled like an English word or a tag in this code: never flagged (the detector's blind spot).
HOMOGRAPHS = frozenset({"aux", "an", "min", "stop", "font", "sans", "possible", "sent", "minute", "pres",
                        "relative", "sa"})
# A literal that is a whole language code ("de", "en") names a language: the codes language detection answers.
LANGUAGE_CODES = frozenset(c.iso_code_639_1.name.lower() for c in CANDIDATES)
# French words left in modules another branch is editing now (file -> words); moved into the fr plug later.
KNOWN_DEBT: dict[str, frozenset[str]] = {}


def french_words() -> frozenset[str]:
    """French function words that are not English ones, and the fr plug's month, weekday and unit names."""
    timex = load_language("fr").json("timex.json")
    words = {w for w in FRENCH_STOP_WORDS if len(w) > 1} - set(ENGLISH_STOP_WORDS)
    for table in ("months", "weekdays", "duration_units"):
        words |= {w for w in timex[table] if w.isalpha()}
    return frozenset(w.lower() for w in words)


def docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes of a module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def flagged_words(literal: str, french: frozenset[str]) -> list[str]:
    """The French words of one string literal, by the detector's two facts (see the module docstring)."""
    if literal.strip().lower() in LANGUAGE_CODES:
        return []
    out = []
    for token in TOKEN.findall(NOT_WORDS.sub(" ", literal)):
        word = token.lower()
        if "_" in token or ":" in token or (token.isupper() and len(token) > 1) or len(token) < 2:
            continue
        if word in HOMOGRAPHS:
            continue
        if FRENCH_LETTERS.search(word) or word in french:
            out.append(word)
    return out


def french_in_package(root: Path = PACKAGE) -> Iterator[tuple[str, int, str]]:
    """(file, line, word) for every French word in a string literal of the package outside recoupe/lang."""
    french = french_words()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).as_posix()
        if rel.startswith("recoupe/lang/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                for word in flagged_words(node.value, french):
                    yield rel, node.lineno, word


@pytest.fixture(scope="module")
def found_in_package() -> list[tuple[str, int, str]]:
    """The package walked once for the module's tests."""
    return list(french_in_package())


def test_no_french_word_in_python_outside_the_plug(found_in_package: list[tuple[str, int, str]]) -> None:
    found = [(f, line, w) for f, line, w in found_in_package if w not in KNOWN_DEBT.get(f, frozenset())]
    assert found == [], "French words in Python: move them into recoupe/lang/fr/ (data or hooks.py)"


def test_known_debt_only_shrinks(found_in_package: list[tuple[str, int, str]]) -> None:
    left = {(f, w) for f, _, w in found_in_package if w in KNOWN_DEBT.get(f, frozenset())}
    listed = {(f, w) for f, words in KNOWN_DEBT.items() for w in words}
    assert listed <= left, f"no longer in the code, drop from KNOWN_DEBT: {sorted(listed - left)}"


def test_detector_catches_french_in_several_shapes() -> None:
    french = french_words()
    assert flagged_words(r"(?:ce|cet|cette)\s+soir", french) == ["ce", "cet", "cette"]
    assert flagged_words(r"\bdans\s+(?P<n>\d+)\s+jours", french) == ["dans", "jours"]
    assert flagged_words("selon", french) == ["selon"]
    assert flagged_words("périr", french) == ["périr"]
    assert flagged_words("janvier", french) == ["janvier"]


def test_detector_leaves_code_words_alone() -> None:
    french = french_words()
    for literal in ("[a-zà-ÿ]{2}[.!?]", "aux:pass", "AUX", "etre_verbs", "(?P<mois>x)", "SELECT story FROM",
                    "en", "no reading for this article", "œ"):
        assert flagged_words(literal, french) == [], literal
