"""Past or future? The tense around a temporal expression, which decides where "jeudi" or "en mars" falls.

With a spaCy Doc, the nearest finite verb's morphology decides; without one (or
when the parse gives no tensed verb), the nearest tense cue of the language's
`timex.json` ("a signé", "signera", "-ait") does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recoupe.read.timex_patterns import TimexGrammar
from recoupe.read.timex_resolve import Direction

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SENTENCE_ENDS = ".!?\n;"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end offsets of the sentence around a span (cut at . ! ? ; and newlines)."""
    left = max(text.rfind(ch, 0, start) for ch in SENTENCE_ENDS)
    rights = [i for ch in SENTENCE_ENDS if (i := text.find(ch, end)) != -1]
    return left + 1, min(rights) if rights else len(text)


def find_direction(text: str, start: int, end: int, g: TimexGrammar, doc: Doc | None = None) -> Direction:
    """Past or future reporting around text[start:end]: the tense nearest to it in its sentence."""
    s0, s1 = sentence_bounds(text, start, end)
    best = _nearest_tensed_verb(doc, s0, s1, start, end) if doc is not None else None
    if best is None:
        best = _nearest_tense_cue(text, s0, s1, start, end, g)
    return best[1] if best else "none"


def _distance(a: int, b: int, start: int, end: int) -> int:
    return start - b if b <= start else a - end


def _nearest_tense_cue(text: str, s0: int, s1: int, start: int, end: int,
                       g: TimexGrammar) -> tuple[int, Direction] | None:
    best: tuple[int, Direction] | None = None
    sentence = text[s0:s1]
    cues: tuple[tuple[Direction, object], ...] = (("past", g.past_re), ("future", g.future_re))
    for tense, regex in cues:
        for m in regex.finditer(sentence):  # type: ignore[attr-defined]
            if g.not_verbs.fullmatch(m.group(0)):
                continue
            a, b = s0 + m.start(), s0 + m.end()
            if a < end and start < b:
                continue
            dist = _distance(a, b, start, end)
            if best is None or dist < best[0]:
                best = (dist, tense)
    return best


def _verb_tense(tok: Token) -> Direction | None:
    tense = tok.morph.get("Tense", [])
    form = tok.morph.get("VerbForm", [])
    if "Fut" in tense:
        return "future"
    if ("Imp" in tense or ("Past" in tense and "Fin" in form)
            or ("Part" in form and any(c.dep_.startswith("aux") for c in tok.children))):
        return "past"
    if tok.lemma_ == "aller" and any(c.morph.get("VerbForm", []) == ["Inf"] for c in tok.children):
        return "future"
    if "Cnd" in tok.morph.get("Mood", []):
        return "future"
    return None


def _nearest_tensed_verb(doc: Doc, s0: int, s1: int, start: int, end: int) -> tuple[int, Direction] | None:
    best: tuple[int, Direction] | None = None
    for tok in doc:
        if tok.idx < s0 or tok.idx >= s1 or tok.pos_ not in ("VERB", "AUX"):
            continue
        found = _verb_tense(tok)
        if found is None:
            continue
        dist = abs(_distance(tok.idx, tok.idx + len(tok), start, end))
        if best is None or dist < best[0]:
            best = (dist, found)
    return best
