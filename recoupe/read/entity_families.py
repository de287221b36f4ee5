"""Families named by their surname ("la famille Arnault", "le clan Kadhafi", "les familles Pinault et Arnault"):
the family is an entity of its own, not the person of the article who bears that surname."""

from __future__ import annotations

from recoupe.read.entity_rules import EntityRules
from recoupe.read.entity_spans import NameSpan

__all__ = ["family_key", "mark_families"]

# The tokens allowed between two surnames that one plural family noun introduces ("familles Pinault, Bettencourt
# et Arnault"): a comma or a coordinating conjunction.
_COORDINATION = frozenset({",", "et", "ou"})


def mark_families(low: list[str], rules: EntityRules, spans: list[NameSpan]) -> None:
    """Flag the name spans that name a family: right after a lowercase family noun, or coordinated after a plural
    one. A singular noun joins the mention's surface ("famille Arnault"); a plural one is shared by the names it
    introduces and stays out of each (`spans` must be in text order)."""
    chain: NameSpan | None = None  # the last name a plural family noun introduced
    for span in spans:
        if span.known is not None or span.nested or span.titled or span.lead != span.start:
            chain = None
            continue
        k = span.lead - 1
        if k >= 0 and low[k] in rules.family_nouns:
            span.lead, span.family, span.label = k, True, "PER"
        elif (k >= 0 and low[k] in rules.plural_family_nouns) or (
                chain is not None and _coordinated(low, chain.end, span.lead) and span.end - span.start <= 2):
            span.family, span.label = True, "PER"
        chain = span if span.family and span.lead == span.start else None


def _coordinated(low: list[str], end: int, lead: int) -> bool:
    """Whether only a comma or a conjunction (one or two tokens) separates two names."""
    between = low[end:lead]
    return 1 <= len(between) <= 2 and all(w in _COORDINATION for w in between)


def family_key(rules: EntityRules, key: tuple[str, ...]) -> tuple[str, ...]:
    """The key of a family named by a surname: the language's family noun before the surname, so that it matches
    the family however introduced, and never the bare surname of a person."""
    return (rules.family_nouns[0], *key)


def family_name(rules: EntityRules, core: str) -> str:
    """The canonical name of the family a surname names ("Arnault" -> "famille Arnault")."""
    return f"{rules.family_nouns[0]} {core}"
