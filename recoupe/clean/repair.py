"""Repairing scraper damage in raw article text: mojibake, the lossy `?` for œ, look-alike letters, glued sentences.

Each repair is recorded as an `Edit` of kind "repaired" whose offsets refer to the raw input text, so that
`original == raw[start:end]` always holds, even when several passes touch the same region (their edits are
merged). A missing space between glued sentences is recorded as an insertion: an edit with `start == end`,
`original == ""` and `replacement == " "`.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import ftfy
from ftfy import TextFixerConfig

from recoupe.lang import Language
from recoupe.records import Edit

# ftfy restricted to encoding damage: quotes, ligatures, widths, line breaks, control characters, HTML
# entities and Unicode normalisation are left as the outlet wrote them (NBSP and thin spaces survive).
FTFY_CONFIG = TextFixerConfig(
    unescape_html=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

# (start, end, replacement, reason) in the coordinates of the text a pass looked at.
Change = tuple[int, int, str, str]


@dataclass(frozen=True)
class RepairPatterns:
    """The word lists and regexes the repairs use, built once per language from its data files."""

    oe_words: frozenset[str]
    homoglyphs: dict[str, str]
    foreign_marks: frozenset[str]
    native_marks: frozenset[str]


@cache
def load_repair_patterns(lang: Language) -> RepairPatterns:
    """Read the œ lexicon and the look-alike letter tables of `lang` (cached per language)."""
    oe = frozenset(w.casefold() for w in lang.lines("oe_words.txt"))
    table = lang.json("repair_lookalikes.json")
    return RepairPatterns(
        oe_words=oe,
        homoglyphs=dict(table["homoglyphs"]),
        foreign_marks=frozenset(table["foreign_dotless_companions"]),
        native_marks=frozenset(table["native_marks"]),
    )


def repair_text(text: str, lang: Language) -> tuple[str, list[Edit]]:
    """Fix encoding damage in `text` and return the repaired text with one "repaired" Edit per fix.

    Passes run in order (mojibake, lossy œ, look-alike letters, glued sentences); each sees the output of the
    previous ones, and every edit is mapped back to offsets into `text`.
    """
    patterns = load_repair_patterns(lang)
    passes: list[Callable[[str], list[Change]]] = [
        find_mojibake,
        lambda t: find_lossy_oe(t, patterns),
        lambda t: find_lookalike_letters(t, patterns),
        find_glued_sentences,
    ]
    log = _EditLog(text)
    for find in passes:
        changes = find(log.current)
        if changes:
            log.apply(changes)
    return log.current, log.edits()


def repair_encoding(text: str) -> tuple[str, list[Edit]]:
    """Fix only the damage of a wrong decoding (mojibake), the one repair that needs no language's words.

    This is the cleaning an article in a language without a plug gets: its bytes are a fact of the
    encoding, whatever the language; look-alike letters and glued sentences need the language's letters.
    """
    log = _EditLog(text)
    changes = find_mojibake(text)
    if changes:
        log.apply(changes)
    return log.current, log.edits()


# The signature of UTF-8 read as Latin-1 or Windows-1252: a lead byte shown as Â, Ã, Å or â followed by
# a continuation byte shown as a Latin-1 supplement or cp1252 punctuation letter ("Ã©", "â€™", "Ã\xa0").
# Only lines holding one go through ftfy: on 1,000 OrangeSum articles this cut the repair pass from
# ~6 ms to well under 1 ms an article, and ftfy fixed no line the filter skipped.
_MOJIBAKE_HINT = re.compile(
    "[ÂÃÅâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")


def find_mojibake(text: str) -> list[Change]:
    """Spans that ftfy would re-decode (UTF-8 read as Latin-1/cp1252 and the like), one change per diff hunk."""
    changes: list[Change] = []
    if not _MOJIBAKE_HINT.search(text):
        return changes
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body and _MOJIBAKE_HINT.search(body):
            fixed = ftfy.fix_text(body, FTFY_CONFIG)
            if fixed != body:
                changes.extend(_diff_changes(body, fixed, offset, "mojibake"))
        offset += len(line)
    return changes


def _diff_changes(old: str, new: str, offset: int, reason: str) -> list[Change]:
    """Minimal replaced spans turning `old` into `new`, shifted by `offset`."""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [(offset + i1, offset + i2, new[j1:j2], reason)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


# A `?` inside a word: letters on at least one side, letters after (œ never ends a French word).
_LOSSY_OE = re.compile(r"(?<![^\W\d_])([^\W\d_]*)\?([^\W\d_]+)")


def find_lossy_oe(text: str, patterns: RepairPatterns) -> list[Change]:
    """`?` standing for œ/Œ in a word that, so repaired, is in the language's œ lexicon (never a real `?`)."""
    changes: list[Change] = []
    for m in _LOSSY_OE.finditer(text):
        before, after = m.group(1), m.group(2)
        if (before + "œ" + after).casefold() not in patterns.oe_words:
            continue
        upper = after.isupper() if not before else before.isupper() and (len(after) < 2 or after.isupper())
        if not before and not upper:
            upper = _starts_sentence(text, m.start())
        pos = m.start(2) - 1
        changes.append((pos, pos + 1, "Œ" if upper else "œ", "lossy œ"))
    return changes


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether `pos` begins a line or follows a sentence-final mark."""
    head = text[:pos].rstrip(" \t\u00a0")
    return not head or head[-1] in "\n.!?«\"“"


_WORD = re.compile(r"[^\W\d_]+")
# Any dotless i, Greek or Cyrillic letter: texts without one (nearly all) skip the per-word scan.
_LOOKALIKE_HINT = re.compile("[ıİ\u0370-\u03ff\u0400-\u04ff]")


def find_lookalike_letters(text: str, patterns: RepairPatterns) -> list[Change]:
    """Dotless ı/İ in French words and Cyrillic/Greek look-alikes inside Latin words, mapped to Latin letters.

    A word written wholly in another script is left alone. A word with ı is repaired only when its dotted
    spelling occurs elsewhere in the text or it carries a French-only accent, never when it has other Turkish
    letters (ş, ğ, ö, ü): "Mıse à jour" is repaired, "Kılıçdaroğlu" and "Diyarbakır" are not.
    """
    changes: list[Change] = []
    if not _LOOKALIKE_HINT.search(text):
        return changes
    words: set[str] | None = None
    for m in _WORD.finditer(text):
        word = m.group()
        if word.isascii():
            continue
        if "ı" in word or "İ" in word:
            if words is None:
                words = {w.casefold() for w in _WORD.findall(text) if "ı" not in w and "İ" not in w}
            if _is_damaged_french(word, patterns, words):
                changes.extend((m.start() + i, m.start() + i + 1, "i" if c == "ı" else "I", "look-alike letter")
                               for i, c in enumerate(word) if c in "ıİ")
        changes.extend(_homoglyph_changes(word, m.start(), patterns))
    return changes


def _is_damaged_french(word: str, patterns: RepairPatterns, words: set[str]) -> bool:
    """Whether a word holding ı/İ is a French word a Turkish-locale case change damaged, not a Turkish word."""
    if any(c in patterns.foreign_marks for c in word):
        return False
    dotted = word.replace("ı", "i").replace("İ", "I")
    return dotted.casefold() in words or any(c in patterns.native_marks for c in word.lower())


def _homoglyph_changes(word: str, start: int, patterns: RepairPatterns) -> list[Change]:
    """Cyrillic/Greek letters inside a mostly Latin word, each replaced by its Latin look-alike."""
    latin = sum(1 for c in word if _script(c) == "LATIN")
    foreign = [(i, c) for i, c in enumerate(word) if _script(c) in ("CYRILLIC", "GREEK")]
    if not foreign or latin <= len(foreign) or any(c not in patterns.homoglyphs for _, c in foreign):
        return []
    return [(start + i, start + i + 1, patterns.homoglyphs[c], "look-alike letter") for i, c in foreign]


def _script(char: str) -> str:
    """The script word of a letter's Unicode name ("LATIN", "CYRILLIC", "GREEK", ...)."""
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else ""


# A lowercase letter, a period, then (an opening quote and) an uppercase letter followed by a lowercase one.
_GLUED = re.compile(r"(?<=[a-zà-öø-ÿœ])\.(?=(\"|“|«[ \u00a0\u202f]?)?[A-ZÀ-ÖØ-ÞŒ][a-zà-öø-ÿœ])")
_URLISH = re.compile(r"://|@|^www\.|\.(?:com|org|net|fr|be|ch|ca|info)\b", re.IGNORECASE)


def find_glued_sentences(text: str) -> list[Change]:
    """Insert the missing space in "...la Maison Blanche.La responsable" and `."Je` / `.«` joins.

    Skipped inside URLs, e-mail addresses and domain names; a straight `"` after the period must open a
    quotation (an even number of `"` before it on the line), else it closes one and the join is not a glue.
    """
    changes: list[Change] = []
    for m in _GLUED.finditer(text):
        pos = m.start()
        token_start = max(text.rfind(c, 0, pos) for c in " \n\t\u00a0") + 1
        token_end = min((i for i in (text.find(c, pos) for c in " \n\t\u00a0") if i != -1), default=len(text))
        if _URLISH.search(text[token_start:token_end]):
            continue
        if m.group(1) and m.group(1).startswith('"'):
            line_start = text.rfind("\n", 0, pos) + 1
            if text.count('"', line_start, pos) % 2:
                continue
        changes.append((pos + 1, pos + 1, " ", "glued sentences"))
    return changes


class _EditLog:
    """Applies successive passes of changes to a text while keeping every edit in original coordinates."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.current = text
        # Sorted, non-overlapping replaced spans: (orig_start, orig_end, cur_start, cur_end, reasons).
        self._spans: list[tuple[int, int, int, int, tuple[str, ...]]] = []

    def apply(self, changes: list[Change]) -> None:
        """Apply non-overlapping changes given in current-text coordinates, merging with earlier edits they touch."""
        old = self._spans
        spans: list[tuple[int, int, int, int, tuple[str, ...]]] = []
        pieces: list[str] = []
        cur_pos = 0  # how much of self.current is already copied
        shift = 0  # length difference new - current so far
        k = 0
        for s, e, rep, reason in sorted(changes, key=lambda c: (c[0], c[1])):
            if s < cur_pos:
                continue  # overlaps the previous change of this pass: the first one wins
            while k < len(old) and old[k][3] <= s and not _touches(old[k][2], old[k][3], s, e):
                o = old[k]
                spans.append((o[0], o[1], o[2] + shift, o[3] + shift, o[4]))
                k += 1
            c_start, c_end = s, e
            reasons: tuple[str, ...] = (reason,)
            while k < len(old) and _touches(old[k][2], old[k][3], s, e):
                o = old[k]
                c_start, c_end = min(c_start, o[2]), max(c_end, o[3])
                reasons = (*o[4], *[r for r in reasons if r not in o[4]])
                k += 1
            o_start, o_end = self._to_original(c_start), self._to_original(c_end)
            replacement = self.current[c_start:s] + rep + self.current[e:c_end]
            pieces.append(self.current[cur_pos:c_start])
            pieces.append(replacement)
            new_start = c_start + shift
            shift += len(replacement) - (c_end - c_start)
            spans.append((o_start, o_end, new_start, new_start + len(replacement), reasons))
            cur_pos = c_end
        pieces.append(self.current[cur_pos:])
        spans.extend((o[0], o[1], o[2] + shift, o[3] + shift, o[4]) for o in old[k:])
        self.current = "".join(pieces)
        self._spans = spans

    def _to_original(self, pos: int) -> int:
        """Map a current-text offset that is not strictly inside a replaced span back to the original text."""
        i = bisect.bisect_right([sp[3] for sp in self._spans], pos)
        if i == 0:
            return pos
        prev = self._spans[i - 1]
        return prev[1] + (pos - prev[3])

    def edits(self) -> list[Edit]:
        """The accumulated edits in original-text offsets."""
        return [Edit(kind="repaired", start=o0, end=o1, original=self.original[o0:o1],
                     replacement=self.current[c0:c1], reason="+".join(reasons))
                for o0, o1, c0, c1, reasons in self._spans]


def _touches(a: int, b: int, s: int, e: int) -> bool:
    """Whether an earlier replaced span [a, b) overlaps a change [s, e) (mere adjacency does not count)."""
    if a < e and b > s:
        return True
    return (a == b and s < a < e) or (s == e and a < s < b)
