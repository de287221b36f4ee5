"""The story clusterer's state as rows a store keeps: what a batch changed, and where a lazy restore reads it.

A cold process linking one article on a large store needs, of the clusterer, only the stories whose centroids
share the article's terms and the document frequencies of those terms. So the store keeps, besides each active
story's state, its centroid weights by term (a posting table), the articles of the active stories, and the
document frequencies term by term; each batch writes the rows it changed (`StoryRows`), never the whole state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from recoupe.link.story_space import FrequencyRow

LEMMA, ENTITY = "l", "e"  # the kinds of centroid term, prefixed to a term in the posting table ("l:grève")


def term_key(kind: str, term: str) -> str:
    """A centroid term as the posting table files it: its kind, a colon, the term."""
    return f"{kind}:{term}"


@dataclass
class StoryRows:
    """What the clusterer changed since its last save, as rows: the head (all but the stories and frequencies),
    the states of the stories joined, the postings their centroids changed and their new articles, the stories
    retired, and the
    document frequencies counted. `whole`: these rows replace every saved one (a new store, or one converted)."""

    head: dict[str, Any]
    states: list[dict[str, Any]] = field(default_factory=list)
    postings: list[tuple[str, str, float]] = field(default_factory=list)  # (term key, story id, weight), new or changed
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (term key, story id) that left a centroid
    members: list[tuple[str, str]] = field(default_factory=list)  # (article id, story id)
    retired: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)  # the articles of the stories retired
    frequencies: dict[str, tuple[list[FrequencyRow], bool]] = field(default_factory=dict)  # by space: rows, whole
    whole: bool = False


class StorySource(Protocol):
    """Where a lazily restored clusterer reads what it did not load: the store (`recoupe.link.driver`)."""

    def postings(self, keys: list[str]) -> dict[str, list[tuple[str, float]]]:
        """The saved (story id, weight) postings of each centroid term key asked that has some."""

    def states(self, ids: list[str]) -> list[dict[str, Any]]:
        """The saved states of these active stories."""

    def story_of(self, article_id: str) -> str | None:
        """The active story an article was saved in, if any."""

    def frequencies(self, space: str, terms: list[str]) -> dict[str, int]:
        """The saved document frequencies of these terms in one space ("lemmas" or "entities")."""

    def all_frequencies(self, space: str) -> list[tuple[str, int]]:
        """Every saved document frequency of one space, in its order."""
