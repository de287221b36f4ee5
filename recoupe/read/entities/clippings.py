"""Clipped names ("la Prom" for "la Promenade des Anglais", "la Sécu" for "la Sécurité sociale"): French shortens a
familiar place's or body's name to the first syllables of its first word, and keeps the capital.

A capitalised word joins the one multi-word place or organisation of the article whose first word it begins,
a few letters short of it. A word that the name's first word only extends by a derivational ending is not a
clipping: "Lyon" does not clip "Lyonnaise des eaux", nor "Nation" "Nations unies".
"""

from __future__ import annotations

from spacy.tokens import Doc

from recoupe.read.entities.rules import EntityRules, fold
from recoupe.read.entities.spans import NameSpan, is_upper_initial

__all__ = ["find_clippings"]

# Shortest and longest clipped form, and fewest letters a clipping cuts off: "Prom" (4 of "promenade"), "Sécu"
# (4 of "sécurité"), "Manif" (5); three letters or fewer are initials or words of their own, a letter or two cut
# is a plural or a feminine. French apocope keeps one or two short syllables: a longer first part is a word that
# the name compounds or derives ("France" in "Franceinfo", "Disney" in "Disneyland", "Groupe" in "Groupement").
_MIN_CLIP = 4
_MAX_CLIP = 5
_MIN_CUT = 3


def find_clippings(doc: Doc, rules: EntityRules, tkeys: list[tuple[str, ...]], spans: list[NameSpan]) -> list[NameSpan]:
    """Anchor the clipped forms of the article's multi-word places and organisations to them: a one-word span is
    annotated in place; a capitalised word NER missed inside a sentence gets a span of its own."""
    firsts: dict[str, list[NameSpan]] = {}
    for span in spans:
        kind = span.known.type if span.known is not None else span.label
        if kind in ("ORG", "LOC") and not span.nested and span.anchor is None and span.end - span.start >= 2:
            words = tkeys[span.start]
            if len(words) == 1 and not rules.institutions.is_nationality(words[0]):
                firsts.setdefault(words[0], []).append(span)
    if not firsts:
        return []
    by_start = {s.start: s for s in spans}
    covered = bytearray(len(doc))
    for span in spans:
        covered[span.lead:span.end] = b"\x01" * (span.end - span.lead)
    out: list[NameSpan] = []
    for i, words in enumerate(tkeys):  # the word keys first: a token is built for a one-word key of clip length only
        if len(words) != 1 or not _MIN_CLIP <= len(words[0]) <= _MAX_CLIP:
            continue
        tok = doc[i]
        if not is_upper_initial(tok) or not tok.is_alpha or _is_name_word(rules, words[0], fold(tok.text)):
            continue
        target = _clipped_name(words[0], firsts, tkeys)
        if target is None:
            continue
        tagged = by_start.get(tok.i)
        if tagged is not None and tagged.end == tok.i + 1 and tagged.known is None and tagged.inst is None \
                and tagged.label != "PER" and not tagged.titled:  # "Marc" is no clipping of "Marché de Rungis"
            tagged.anchor, tagged.label = target.start, target.label
        elif tagged is None and not covered[tok.i] and not tok.is_sent_start:
            out.append(NameSpan(tok.i, tok.i + 1, target.label, tok.i, anchor=target.start))
    return out


def _is_name_word(rules: EntityRules, key: str, folded: str) -> bool:
    """Whether a word (its name key, its folded text) is a name or a generic noun of its own (a country, a known
    entity, "Cour", "Groupe"): such a word begins longer names without clipping them ("Courrier international")."""
    return (key,) in rules.place_names or (key,) in rules.known or any(
        folded in words for words in (rules.body_nouns, rules.place_classes, rules.institutions.heads, rules.titles,
                                      rules.descriptor_nouns))


def _clipped_name(word: str, firsts: dict[str, list[NameSpan]], tkeys: list[tuple[str, ...]]) -> NameSpan | None:
    """The one name whose first word `word` clips, if exactly one name (however often written) has such a word."""
    found = [spans for first, spans in firsts.items() if first.startswith(word) and len(first) - len(word) >= _MIN_CUT]
    if len(found) != 1:
        return None
    names = {tuple(w for i in range(s.start, s.end) for w in tkeys[i]) for s in found[0]}
    return found[0][0] if len(names) == 1 else None
