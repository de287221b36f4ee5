"""Climbing a parse to its root stops there: the root heads itself, and spaCy builds a new `Token` on every
`tok.head`, so the root is told by index (`is_root`), never by `tok.head is tok`.

The timex tense climbs (`_governing_direction`, `governing_clause_head`) used to walk on past the root,
weighing it again up to the length of the doc; weighing it once must give the same answer.
"""

from __future__ import annotations

from typing import Any

from recoupe.read.nlp import is_root
from recoupe.read.timex.patterns import TimexGrammar, get_grammar
from recoupe.read.timex.resolve import Direction
from recoupe.read.timex.tense import (
    _governing_direction,
    _is_clause_head,
    _is_finite,
    _is_result_participle,
    _tells_a_remote_past,
    clause_direction,
    governing_clause_head,
    opens_after,
)

# Sentences written for these tests: past, future, planned, quoted and verbless clauses around dates.
SENTENCES = [
    "Le maire a annoncé mardi que la piscine rouvrira en septembre.",
    "La réunion prévue jeudi avait finalement été annulée la veille.",
    "Les boîtes noires retrouvées dimanche seront analysées la semaine prochaine.",
    "Le ministre doit se rendre vendredi à Lyon pour inaugurer le pont.",
    "Mercredi 4 mai, jour de marché dans le vieux bourg.",
    "« Nous signerons lundi », a assuré la directrice, qui espère que les salariés reviennent en juin.",
    "Il faut que le dossier soit prêt avant samedi, exigeait le syndicat en janvier.",
]


def _old_governing_direction(doc: Any, start: int, end: int, g: TimexGrammar) -> Direction | None:
    """The climb as it was written before `is_root`: `tok.head is tok` never holds, so it runs len(doc) steps."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    planned = False
    for _ in range(len(doc)):
        tok = tok.head
        if not _is_clause_head(tok):
            continue
        if opens_after(tok, end):
            break
        found = clause_direction(tok, g)
        finite = _is_finite(tok)
        if found is None and not planned and _is_result_participle(tok):
            return "past"
        if found == "future" and not finite and tok.lemma_ in g.planning_lemmas:
            planned = True
            continue
        if found is not None and not (planned and found == "past" and not _tells_a_remote_past(tok)):
            return found
        if finite or found is not None:
            break
    return "future" if planned else None


def _old_governing_clause_head(doc: Any, start: int, end: int) -> Any:
    """The head climb as it was written before `is_root` (len(doc) steps at most)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    for _ in range(len(doc)):
        tok = tok.head
        if _is_clause_head(tok):
            return None if opens_after(tok, end) else tok
    return None


def test_the_root_is_told_by_index(nlp: Any) -> None:
    for sentence in SENTENCES:
        doc = nlp(sentence)
        for tok in doc:
            assert is_root(tok) == (tok.dep_ == "ROOT")
            assert tok.head is not tok  # why `is` cannot tell it


def test_the_tense_climbs_stop_at_the_root_with_the_same_answer(nlp: Any, fr: Any) -> None:
    g = get_grammar(fr)
    for sentence in SENTENCES:
        doc = nlp(sentence)
        for tok in doc:  # every word as the expression, so that every climb reaches the root somewhere
            start, end = tok.idx, tok.idx + len(tok)
            assert _governing_direction(doc, start, end, g) == _old_governing_direction(doc, start, end, g)
            new, old = governing_clause_head(doc, start, end), _old_governing_clause_head(doc, start, end)
            assert (new.i if new is not None else None) == (old.i if old is not None else None)
