"""Past or future? The tense around a temporal expression, which decides where "jeudi" or "en mars" falls.

With a spaCy Doc, the nearest finite verb's morphology decides; without one (or
when the parse gives no tensed verb), the nearest tense cue of the language's
`timex.json` ("a signé", "signera", "-ait") does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recoupe.read.nlp import is_root, tokens_within
from recoupe.read.timex.patterns import TimexGrammar
from recoupe.read.timex.resolve import Direction

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SENTENCE_ENDS = ".!?\n;"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end offsets of the sentence around a span (cut at . ! ? ; and newlines)."""
    left = max(text.rfind(ch, 0, start) for ch in SENTENCE_ENDS)
    rights = [i for ch in SENTENCE_ENDS if (i := text.find(ch, end)) != -1]
    return left + 1, min(rights) if rights else len(text)


def find_direction(text: str, start: int, end: int, g: TimexGrammar, doc: Doc | None = None) -> Direction:
    """Past or future reporting around text[start:end].

    With a parse, the verb that governs the expression decides first ("annoncé mardi", "se réunira
    lundi", "prévue mercredi"); when it is a plain present, the nearest tensed clause of the sentence does.
    Without a parse (or with no tensed clause), the nearest tense cue of the sentence decides.
    """
    s0, s1 = sentence_bounds(text, start, end)
    if doc is not None:
        governing = _governing_direction(doc, start, end, g)
        if governing is not None:
            return governing
        nearest = _nearest_tensed_verb(doc, s0, s1, start, end, g)
        if nearest is not None:
            return nearest[1]
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


def _is_clause_head(tok: Token) -> bool:
    """A verb, or a predicate carrying its own copula or auxiliary ("sera houleux"); auxiliaries count through it."""
    if tok.pos_ == "AUX" and tok.dep_.startswith(("aux", "cop")):
        return False
    return tok.pos_ in ("VERB", "AUX") or any(c.dep_.startswith(("aux", "cop")) for c in tok.children)


def clause_direction(head: Token, g: TimexGrammar) -> Direction | None:
    """The time a clause speaks of, from its head and auxiliaries; None for a plain present.

    French marks the future with the future tense, the conditional of reported plans, "aller"/"devoir"
    + infinitive, or a planning participle ("prévu lundi", "est programmée mardi"); the past with the
    imperfect, the simple past, or a tense auxiliary ("a signé", "avait été arrêté"). A passive auxiliary
    in the present ("est annulée") says nothing of time: the participle of a passive is not a past.
    """
    aux = [c for c in head.children if c.dep_.startswith(("aux", "cop"))]
    forms = [head, *aux]
    if any("Fut" in t.morph.get("Tense", []) or "Cnd" in t.morph.get("Mood", []) for t in forms):
        return "future"
    if _wants_ahead(forms, aux):
        return "future"
    finite_aux = [a for a in aux if "Fin" in a.morph.get("VerbForm", [])]
    if any(a.dep_ == "aux:tense" for a in finite_aux) or any("Imp" in a.morph.get("Tense", []) for a in finite_aux):
        return "past"
    verb_form = head.morph.get("VerbForm", [])
    if "Fin" in verb_form and any(t in head.morph.get("Tense", []) for t in ("Imp", "Past")):
        return "past"
    if "Part" in verb_form and head.lemma_ in g.planning_lemmas:
        return "future"
    if head.lemma_ in g.future_modals and any(
            c.dep_ == "xcomp" and c.morph.get("VerbForm", []) == ["Inf"] for c in head.children):
        return "future"
    return None


def _wants_ahead(forms: list[Token], aux: list[Token]) -> bool:
    """Whether a clause is in the present subjunctive: French puts there what is demanded, wished or
    feared ("exige que le ministre soit entendu lundi", "pour qu'il puisse partir jeudi"), not what
    happened, so a day it names lies ahead. A past subjunctive ("bien qu'il ait signé lundi") keeps its
    tense auxiliary and reads as a past."""
    return (any("Sub" in t.morph.get("Mood", []) and "Pres" in t.morph.get("Tense", []) for t in forms)
            and not any(a.dep_ == "aux:tense" for a in aux))


def _is_finite(head: Token) -> bool:
    """Whether a clause head carries person and tense itself or through an auxiliary or copula."""
    forms = [head, *(c for c in head.children if c.dep_.startswith(("aux", "cop")))]
    return any("Fin" in t.morph.get("VerbForm", []) for t in forms)


def _governing_direction(doc: Doc, start: int, end: int, g: TimexGrammar) -> Direction | None:
    """The direction of the clause that holds the expression, climbing the parse from it.

    The tense lives in the finite verb of that clause: infinitives and participles hand over to the
    verb above them ("doit décider lundi"), and the climb stops at the first finite clause, so a
    reporting verb above a quote ("..., a-t-il affirmé") does not lend its past to the quote. A
    planning participle with no auxiliary ("la conférence prévue mercredi") points ahead unless the
    clause it hangs in sets a past scene ("le discours prévu lundi avait été reporté").
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    planned = False
    at_root = False
    for _ in range(len(doc)):
        if at_root:
            break  # the root has been weighed: it heads itself, so climbing on would weigh it again alike
        tok = tok.head
        at_root = is_root(tok)
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


def _is_result_participle(head: Token) -> bool:
    """Whether a clause head is a bare past participle qualifying a noun ("les boîtes noires retrouvées
    mercredi", "l'accord signé lundi"): with no auxiliary, French uses it for the result of an act already
    done, so the date it carries lies behind whatever the sentence around it says of the future.
    Planning participles ("prévue lundi") never get here: clause_direction reads them as future."""
    return (head.dep_ == "acl" and head.pos_ == "VERB" and "Part" in head.morph.get("VerbForm", [])
            and "Past" in head.morph.get("Tense", [])
            and not any(c.dep_.startswith(("aux", "cop")) for c in head.children))


def _tells_a_remote_past(head: Token) -> bool:
    """Whether a clause is told in the imperfect, pluperfect or simple past (a scene set in the past),
    rather than the passé composé, which reports a present result ("a été annulée")."""
    forms = [head, *(c for c in head.children if c.dep_.startswith(("aux", "cop")))]
    return any("Fin" in t.morph.get("VerbForm", []) and any(x in t.morph.get("Tense", []) for x in ("Imp", "Past"))
               for t in forms)


def _nearest_tensed_verb(doc: Doc, s0: int, s1: int, start: int, end: int,
                         g: TimexGrammar) -> tuple[int, Direction] | None:
    """The direction of the tensed clause nearest the expression among the tokens of its sentence (those that
    start in [s0, s1)), with its distance; None when the sentence has none."""
    best: tuple[int, Direction] | None = None
    for i in tokens_within(doc, s0, s1):
        tok = doc[i]
        if not _is_clause_head(tok):
            continue
        found = clause_direction(tok, g)
        if found is None:
            continue
        dist = abs(_distance(tok.idx, tok.idx + len(tok), start, end))
        if best is None or dist < best[0]:
            best = (dist, found)
    return best


def is_planned(doc: Doc | None, start: int, end: int, g: TimexGrammar) -> bool:
    """Whether the expression's governing verb is a planning participle ("prévue en novembre", "est
    programmé le 3 mars"): a scheduled date, ahead however far it lies."""
    head = governing_clause_head(doc, start, end)
    return head is not None and "Part" in head.morph.get("VerbForm", []) and head.lemma_ in g.planning_lemmas


def tells_a_past_scene(doc: Doc | None, start: int, end: int) -> bool:
    """Whether the clause governing an expression is told in the pluperfect, imperfect or simple past.

    Those tenses set a scene in the past ("l'usine avait fermé le 3 novembre"): a day they
    date without its year lies before the publication however far back (an article a year
    on recalls the day), where the passé composé or a present leaves the nearest year.
    """
    head = governing_clause_head(doc, start, end)
    return head is not None and _tells_a_remote_past(head)


def governing_clause_head(doc: Doc | None, start: int, end: int) -> Token | None:
    """The head of the clause that governs the text at [start, end): the first clause head above it in the
    parse, or None (no parse, no such span, or none up to the root)."""
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    for _ in range(len(doc)):
        tok = tok.head
        if _is_clause_head(tok):
            return None if opens_after(tok, end) else tok
        if is_root(tok):
            return None
    return None


def opens_after(head: Token, end: int) -> bool:
    """Whether the clause of `head` is introduced by a subordinator ("que", "pour", "avant de") standing
    after offset `end`.

    A French subordinate clause begins with its subordinator: an expression before that word lies
    outside the clause, in the one above ("a annoncé, jeudi soir, que le ministre se rendra …"), whatever
    the parse attached it to; such a clause does not lend it its tense.
    """
    return any(c.dep_ == "mark" and c.idx >= end for c in head.children)
