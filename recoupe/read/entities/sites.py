"""Descriptions of a named site by its kind and its place ("le pont de Gênes", "le Viaduc de Gênes" for "le pont
Morandi à Gênes"): French news names a structure by its own name, then again by what it is and where it stands.

A description joins the site only when the article places exactly one named site of that kind in that place
("le pont Morandi de Gênes", "le pont Morandi à Gênes"): "le pont de Brooklyn" in an article on "le pont Morandi"
stays apart, since nothing says the Morandi bridge stands in Brooklyn.
"""

from __future__ import annotations

from spacy.tokens import Doc

from recoupe.read.entities.rules import EntityRules
from recoupe.read.entities.spans import NameSpan, is_upper_initial

__all__ = ["describe_sites", "label_site_names"]

# Words that place a named site in a town right after its name ("le pont Morandi à Gênes", "de Gênes").


def describe_sites(doc: Doc, rules: EntityRules, keys: tuple[list[tuple[str, ...]], list[str]],
                   spans: list[NameSpan]) -> list[NameSpan]:
    """Anchor the descriptions "<kind> de <place>" of the article's named sites to them: existing spans are
    annotated in place, and spans are returned for the lowercase descriptions NER missed ("du pont de Gênes")."""
    tkeys, low = keys
    place_at = {s.start: s for s in spans if _is_place(s)}
    sites: dict[tuple[str, tuple[str, ...]], set[tuple[str, ...]]] = {}
    starts: dict[tuple[str, tuple[str, ...]], int] = {}
    for span in spans:
        placed = _placement(low, tkeys, span, place_at, rules) if _is_named_site(doc, low, rules, span) else None
        if placed is not None:
            site = (rules.site_kinds.get(low[span.lead], low[span.lead]), placed)
            sites.setdefault(site, set()).add(_key(tkeys, span))
            starts.setdefault(site, span.start)
    anchors = {kind: starts[kind] for kind, named in sites.items() if len(named) == 1}
    if not anchors:
        return []
    out: list[NameSpan] = []
    by_lead = {s.lead: s for s in spans}
    for i in range(len(doc) - 2):
        if low[i] not in rules.place_classes or low[i + 1] not in rules.of_words:
            continue
        kind = rules.site_kinds.get(low[i], low[i])
        found = by_lead.get(i)
        if found is not None and found.start == i and found.known is None and not found.nested:  # "Viaduc de Gênes"
            tail = tuple(w for t in range(i + 2, found.end) for w in tkeys[t])
            if (kind, tail) in anchors:
                found.anchor, found.label = anchors[(kind, tail)], "LOC"
        elif found is None and i + 2 in place_at and not is_upper_initial(doc[i]) \
                and i > 0 and low[i - 1] in rules.institutions.definite:  # "du pont de Gênes"
            place = place_at[i + 2]
            anchor = anchors.get((kind, _key(tkeys, place)))
            if anchor is not None:
                out.append(NameSpan(i, place.end, "LOC", i, anchor=anchor))
    return out


def label_site_names(doc: Doc, low: list[str], rules: EntityRules, spans: list[NameSpan]) -> None:
    """A name opening with a capitalised place class and going on ("la Promenade des Anglais", "la Place Rouge")
    names a place, even where NER took it for something else (MISC): French writes the generic of a famous site
    with a capital as part of its name."""
    for span in spans:
        if span.label == "MISC" and span.known is None and span.end - span.start >= 2 \
                and low[span.start] in rules.place_classes and is_upper_initial(doc[span.start]):
            span.label = "LOC"


def _key(tkeys: list[tuple[str, ...]], span: NameSpan) -> tuple[str, ...]:
    return tuple(w for i in range(span.start, span.end) for w in tkeys[i])


def _is_place(span: NameSpan) -> bool:
    kind = span.known.type if span.known is not None else span.label
    return kind == "LOC" and not span.nested and span.lead == span.start


def _is_named_site(doc: Doc, low: list[str], rules: EntityRules, span: NameSpan) -> bool:
    """Whether a span is a site's own name after its generic noun in lowercase ("le pont Morandi")."""
    return span.lead < span.start and low[span.lead] in rules.place_classes and not is_upper_initial(doc[span.lead])


def _placement(low: list[str], tkeys: list[tuple[str, ...]], span: NameSpan,
               place_at: dict[int, NameSpan], rules: EntityRules) -> tuple[str, ...] | None:
    """The place a named site is said to stand in: right after its name ("le pont Morandi à Gênes", "de Gênes"),
    or at the end of the name itself ("la cathédrale Notre-Dame de Paris") when the article names that place."""
    if span.end + 1 < len(low) and low[span.end] in rules.site_placing and span.end + 1 in place_at:
        return _key(tkeys, place_at[span.end + 1])
    places = {_key(tkeys, p) for p in place_at.values()}
    for k in range(span.end - 2, span.start, -1):
        tail = tuple(w for t in range(k + 1, span.end) for w in tkeys[t])
        if low[k] in rules.of_words and tail in places:
            return tail
    return None
