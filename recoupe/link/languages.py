"""One entity linker per language in a store: the run's own language, and each other language met.

Entity keys are built with a language's rules (particles, spelling, sound keys, its table of well-known
entities): French rules applied to another language's names would merge names by accident. So each
article's entities go to the linker of its language, whose global ids carry the language code
("en:g3"), and entities of two languages never merge; their articles still share a story when their
words and names agree (the story clusterer compares lemmas and titles, not only entity keys). A language
whose plug ships no linking data gets no linker: its entities stay those of their article.

The run's own language keeps its per-entity rows in the store (it may hold tens of thousands of
entities); the linkers of the other languages are saved whole in the link state, one row a language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from recoupe.lang import find_language
from recoupe.link.entities import EntityLinker, GlobalEntity
from recoupe.store import Store
from recoupe.store.links import load_link_state, save_link_state

# The data files a plug must ship for its entities to be linked across articles (name keys and rules).
LINKING_DATA = ("entities.json", "linking.json")
# The link-state row of another language's linker is this prefix plus its code.
STATE_PREFIX = "entities."


@dataclass
class LanguageLinkers:
    """The entity linkers of one link run: `main` for the run's language, the others by code, built lazily."""

    main: EntityLinker
    others: dict[str, EntityLinker] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)  # codes of other linkers to save at the end of the batch

    def linker_for(self, store: Store | None, code: str | None) -> EntityLinker | None:
        """The linker of language `code` (the run's own when None), restored from the store on first use (a
        run without a store, the Spark engine's first, starts it empty); None when no plug with linking
        data exists for it."""
        if code is None or code == self.main.lang.code:
            return self.main
        linker = self.others.get(code)
        if linker is None:
            lang = find_language(code)
            if lang is None or not all(lang.has(name) for name in LINKING_DATA):
                return None
            linker = self.others[code] = EntityLinker(lang, prefix=f"{code}:")
            state = load_link_state(store, STATE_PREFIX + code) if store is not None else None
            if state:
                linker.restore(state)
        return linker

    def for_article(self, store: Store | None, code: str | None) -> EntityLinker | None:
        """The linker an article of language `code` is linked by (None: its entities stay its own); another
        language's linker is marked to be saved with the batch."""
        linker = self.linker_for(store, code)
        if linker is not None and linker is not self.main:
            self.changed.add(linker.lang.code)
        return linker

    def entities(self, ids: set[str]) -> list[GlobalEntity]:
        """The global entities of these ids, each asked of the linker that made it."""
        out = self.main.entities({i for i in ids if ":" not in i})
        for code, linker in self.others.items():
            out += linker.entities({i for i in ids if i.startswith(f"{code}:")})
        return out

    def other_states(self) -> dict[str, dict[str, Any]]:
        """The link-state rows of the other languages' linkers (name → snapshot), as `save_others` writes
        them: what an engine without the store at hand (Spark) hands over to be saved."""
        return {STATE_PREFIX + code: linker.snapshot() for code, linker in sorted(self.others.items())}

    def save_others(self, store: Store) -> None:
        """Save the linkers of the other languages that changed (in the caller's transaction)."""
        for code in sorted(self.changed):
            save_link_state(store, STATE_PREFIX + code, self.others[code].snapshot())
        self.changed.clear()
