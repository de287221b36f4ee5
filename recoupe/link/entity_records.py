"""The entity linker's working record of one global entity (`recoupe.link.entities.EntityLinker`): the counts
its canonical name and type are voted from, its local entities and articles, and caches of what matching asks
of it, each dropped when what it derives from changes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from recoupe.link.entity_keys import NameForm

__all__ = ["GlobalRecord"]


@dataclass(slots=True)
class GlobalRecord:
    """The linker's working record of one global entity (counts, so that canonical name and type can be voted)."""

    id: str
    names: Counter[str] = field(default_factory=Counter)  # local canonical names
    forms: Counter[str] = field(default_factory=Counter)  # every surface form
    types: Counter[str] = field(default_factory=Counter)  # NER types, weighted by mentions
    locals: list[str] = field(default_factory=list)
    articles: dict[str, None] = field(default_factory=dict)  # ordered set: membership in O(1) on big entities
    known: str | None = None  # name in the language's table of well-known entities
    scoped: bool = False  # an unnamed description of a body ("la coalition"): linked within its story only
    # Caches, dropped whenever what they derive from changes: the type vote (`types` changes only through
    # `count_type`) and the forms grouped by sound key (set by the linker; `forms` gains surfaces in `_attach`).
    # Matching asks every candidate's type and forms, and a common name's candidates grow with the store.
    vote: str | None = field(default=None, repr=False, compare=False)
    by_sound: dict[tuple[str, ...], list[NameForm]] | None = field(default=None, repr=False, compare=False)
    # the full names it is mostly called by (`EntityLinker._canonical_full`): every article attached changes counts
    canonical: list[NameForm] | None = field(default=None, repr=False, compare=False)
    # (name, type, number of forms) of the public record last handed to the store (`pop_changed_entities`)
    published: tuple[str, str, int] | None = field(default=None, repr=False, compare=False)
    # how many of `locals` and of `articles` the store already holds as rows (`EntityLinker.pop_entity_parts`)
    saved: tuple[int, int] = field(default=(0, 0), repr=False, compare=False)

    def count_type(self, type_: str, weight: int) -> None:
        """Add `weight` mentions of an NER type to the vote, dropping the cached winner."""
        self.types[type_] += weight
        self.vote = None

    def type(self) -> str:
        """The type most mentions carry (a person wins a tie: a titled name is a person); kept until `count_type`."""
        if self.vote is None:
            self.vote = max(self.types, key=lambda t: (self.types[t], t == "PER")) if self.types else "MISC"
        return self.vote

    def is_person(self) -> bool:
        """Whether the global entity is a person by its type vote."""
        return self.type() == "PER"
