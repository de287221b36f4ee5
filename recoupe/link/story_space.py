"""Sparse TF-IDF vectors with document frequencies kept incrementally, in bounded memory."""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping
from typing import Any, Protocol

# One saved document frequency: (term, frequency, place of the term in the space's order).
FrequencyRow = tuple[str, int, int]


class FrequencySource(Protocol):
    """Where a space restored lazily finds its saved document frequencies (the store, `recoupe.link.driver`)."""

    def frequencies(self, terms: list[str]) -> dict[str, int]:
        """The saved frequencies of those terms that have one."""

    def all_frequencies(self) -> list[tuple[str, int]]:
        """Every saved frequency, in the space's order (the order terms were first counted, or kept by a prune)."""


class FeatureSpace:
    """Document frequencies of one kind of feature (lemmas, entity keys), updated one document at a time.

    When more than `max_size` features are counted, the rarest are forgotten
    (they count as unseen again): rare features carry high IDF either way, so
    the vectors barely change while memory stays bounded.

    A space restored lazily (`restore_lazily`) holds only the frequencies of the terms it was asked about,
    fetched from its source: a document's vector needs the frequencies of its own terms only. The frequencies
    that changed since the last `pop_changes` are what a store writes, not the whole space.
    """

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self.documents = 0
        self.df: dict[str, int] = {}  # every term's, or (lazy) those of the terms asked so far
        self.size = 0  # distinct terms counted
        self._source: FrequencySource | None = None
        self._asked: set[str] = set()  # terms whose saved frequency was fetched (lazy)
        self._changed: dict[str, None] = {}  # terms counted since the last `pop_changes`, in order
        self._new: dict[str, None] = {}  # of them, those first counted since then, in order
        self._next_seq = 0  # the order number the next new term is saved with
        self._rewrite = True  # the next `pop_changes` gives every frequency (a new space, or pruned)

    def count(self, counts: Mapping[str, int]) -> None:
        """Add one document's features to the document frequencies."""
        self._fetch(counts)
        self.documents += 1
        for term, n in counts.items():
            if n > 0:
                old = self.df.get(term)
                if old is None:
                    self.size += 1
                    self._new[term] = None
                self.df[term] = (old or 0) + 1
                self._changed[term] = None
        if self.size > self.max_size:
            self._prune()

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency of a feature (unseen features get the highest)."""
        return math.log((1 + self.documents) / (1 + self.df.get(term, 0))) + 1.0

    def vector(self, counts: Mapping[str, int]) -> dict[str, float]:
        """The unit-length TF-IDF vector of a document (sublinear term frequency)."""
        self._fetch(counts)
        vec = {t: (1.0 + math.log(n)) * self.idf(t) for t, n in counts.items() if n > 0}
        norm = math.sqrt(sum(w * w for w in vec.values()))
        return {t: w / norm for t, w in vec.items()} if norm else {}

    def to_json(self) -> dict[str, Any]:
        """The document frequencies as JSON-serialisable data."""
        self.load_all()
        return {"max_size": self.max_size, "documents": self.documents, "df": self.df}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FeatureSpace:
        """Rebuild a space from `to_json` output."""
        space = cls(data["max_size"])
        space.documents = data["documents"]
        space.df = dict(data["df"])
        space.size = len(space.df)
        return space

    def head_json(self) -> dict[str, Any]:
        """The space without its frequencies (saved row by row, `pop_changes`), for `restore_lazily`."""
        return {"max_size": self.max_size, "documents": self.documents, "size": self.size,
                "next_seq": self._next_seq}

    @classmethod
    def restore_lazily(cls, head: dict[str, Any], source: FrequencySource) -> FeatureSpace:
        """A space from its `head_json` whose frequencies are fetched from `source` term by term, when asked."""
        space = cls(head["max_size"])
        space.documents, space.size, space._next_seq = head["documents"], head["size"], head["next_seq"]
        space._source, space._rewrite = source, False
        return space

    def pop_changes(self) -> tuple[list[FrequencyRow], bool]:
        """The frequencies to save since the last call, and whether they replace all saved ones (a new or pruned
        space gives all its frequencies in order; otherwise the terms counted since, new terms numbered after
        the saved ones so the saved order stays the order of the dict)."""
        if self._rewrite:
            self.load_all()
            rows = [(term, df, seq) for seq, (term, df) in enumerate(self.df.items())]
            self._next_seq, whole = len(rows), True
        else:
            rows = []
            for term in self._changed:
                seq = -1  # a saved term keeps its place
                if term in self._new:
                    seq, self._next_seq = self._next_seq, self._next_seq + 1
                rows.append((term, self.df[term], seq))
            whole = False
        self._changed, self._new, self._rewrite = {}, {}, False
        return rows, whole

    def load_all(self) -> None:
        """Fetch every saved frequency (a lazy space becomes whole), keeping the order of the saved space."""
        if self._source is None:
            return
        whole = dict(self._source.all_frequencies())
        whole.update(self.df)  # the counted values win; terms new since the save come last, in order counted
        self.df, self._source = whole, None

    def _fetch(self, counts: Mapping[str, int]) -> None:
        """Fetch the saved frequencies of the terms not asked yet (lazy)."""
        if self._source is None:
            return
        wanted = [t for t in counts if t not in self._asked]
        if not wanted:
            return
        self._asked.update(wanted)
        found = self._source.frequencies(wanted)
        for term in wanted:  # a term counted since the save already holds its newer frequency
            if term in found and term not in self.df:
                self.df[term] = found[term]

    def _prune(self) -> None:
        self.load_all()
        keep = int(self.max_size * 0.8)  # prune to 80% so pruning runs rarely, not on every new feature
        self.df = dict(heapq.nlargest(keep, self.df.items(), key=lambda kv: kv[1]))
        self.size, self._rewrite = len(self.df), True


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine similarity of two sparse vectors (0 when either is empty)."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    if dot == 0.0:
        return 0.0
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm


def top_items(vec: Mapping[str, float], k: int) -> dict[str, float]:
    """The `k` heaviest features of a vector (all of them if it has no more than `k`)."""
    if len(vec) <= k:
        return dict(vec)
    return dict(heapq.nlargest(k, vec.items(), key=lambda kv: kv[1]))
