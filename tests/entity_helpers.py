"""Helpers the entity test files share: read a text's entities, find those holding a surface form, make one by hand."""

from __future__ import annotations

from typing import Any

from recoupe.read.entities.find import find_entities
from recoupe.records import Entity, Mention


def entities_of(nlp: Any, fr: Any, text: str, article: str = "a1") -> list[Entity]:
    """The entities one article's text holds, as the reader finds them."""
    return find_entities(nlp(text), fr, article)


def holding(entities: list[Entity], surface: str) -> list[Entity]:
    """The entities with a mention written exactly `surface`."""
    return [e for e in entities if any(m.text == surface for m in e.mentions)]


def ent(aid: str, n: int, name: str, kind: str, *aliases: str) -> Entity:
    """One article's entity made by hand, with one mention per surface form (the sentences do not matter to
    linking)."""
    forms = [name, *aliases]
    return Entity(name=name, type=kind, id=f"{aid}:e{n}", aliases=list(aliases),
                  mentions=[Mention(aid, 10 * i, 10 * i + len(f), f) for i, f in enumerate(forms)])
