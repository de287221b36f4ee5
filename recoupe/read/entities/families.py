"""Families named by their surname ("la famille Arnault", "le clan Kadhafi", "les familles Mulliez et Peugeot"):
the family is an entity of its own, not the person of the article who bears that surname."""

from __future__ import annotations

from recoupe.read.entities.rules import EntityRules
from recoupe.read.entities.spans import NameSpan

__all__ = ["family_key", "mark_families"]


def mark_families(low: list[str], tkeys: list[tuple[str, ...]], rules: EntityRules, spans: list[NameSpan]) -> None:
    """Flag the name spans that name a family: right after a lowercase family noun, coordinated after a plural
    one, or in a list of names two of which the article gives as families. A singular noun joins the mention's
    surface ("famille Arnault"); a plural one is shared by the names it introduces and stays out of each (`spans`
    must be in text order)."""
    chain: NameSpan | None = None  # the last name a plural family noun introduced
    for span in spans:
        if not _may_be_family(span):
            chain = None
            continue
        k = span.lead - 1
        if k >= 0 and low[k] in rules.family_nouns:
            span.lead, span.family, span.label = k, True, "PER"
        elif (k >= 0 and low[k] in rules.plural_family_nouns) or (
                chain is not None and _coordinated(low, chain.end, span.lead, rules) and span.end - span.start <= 2):
            span.family, span.label = True, "PER"
        chain = span if span.family and span.lead == span.start else None
    _mark_family_lists(low, tkeys, spans, rules)


def _may_be_family(span: NameSpan) -> bool:
    return span.known is None and not span.nested and not span.titled and span.lead == span.start


def _mark_family_lists(low: list[str], tkeys: list[tuple[str, ...]], spans: list[NameSpan],
                       rules: EntityRules) -> None:
    """Names listed together are of one sort: a list ("les actionnaires (Mulliez, Dassault, Peugeot)") in
    which two names are surnames the article gives as families lists families. A bare surname outside such a
    list is left to the person ("Kadhafi" beside "le clan Kadhafi" is the dictator)."""
    surnames = {tuple(w for i in range(s.start, s.end) for w in tkeys[i]) for s in spans if s.family}
    if len(surnames) < 2:
        return
    run: list[NameSpan] = []
    for span in [*spans, None]:
        if span is not None and run and _coordinated(low, run[-1].end, span.lead, rules):
            run.append(span)
            continue
        keys = [tuple(w for i in range(s.start, s.end) for w in tkeys[i]) for s in run]
        if len(run) >= 3 and sum(k in surnames for k in keys) >= 2:
            for member in run:
                if _may_be_family(member) and member.end - member.start <= 2:
                    member.family, member.label = True, "PER"
        run = [span] if span is not None else []


def _coordinated(low: list[str], end: int, lead: int, rules: EntityRules) -> bool:
    """Whether only a comma or a conjunction (one or two tokens) separates two names: the tokens allowed between
    two surnames that one plural family noun introduces ("familles Mulliez, Peugeot et Dassault")."""
    between = low[end:lead]
    return 1 <= len(between) <= 2 and all(w == "," or w in rules.coordinators for w in between)


def family_key(rules: EntityRules, key: tuple[str, ...]) -> tuple[str, ...]:
    """The key of a family named by a surname: the language's family noun before the surname, so that it matches
    the family however introduced, and never the bare surname of a person."""
    return (rules.family_nouns[0], *key)


def family_name(rules: EntityRules, core: str) -> str:
    """The canonical name of the family a surname names ("Arnault" -> "famille Arnault")."""
    return f"{rules.family_nouns[0]} {core}"
