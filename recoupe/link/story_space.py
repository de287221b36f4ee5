"""Sparse TF-IDF vectors with document frequencies kept incrementally, in bounded memory."""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping
from typing import Any


class FeatureSpace:
    """Document frequencies of one kind of feature (lemmas, entity keys), updated one document at a time.

    When more than `max_size` features are counted, the rarest are forgotten
    (they count as unseen again): rare features carry high IDF either way, so
    the vectors barely change while memory stays bounded.
    """

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self.documents = 0
        self.df: dict[str, int] = {}

    def count(self, counts: Mapping[str, int]) -> None:
        """Add one document's features to the document frequencies."""
        self.documents += 1
        for term, n in counts.items():
            if n > 0:
                self.df[term] = self.df.get(term, 0) + 1
        if len(self.df) > self.max_size:
            self._prune()

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency of a feature (unseen features get the highest)."""
        return math.log((1 + self.documents) / (1 + self.df.get(term, 0))) + 1.0

    def vector(self, counts: Mapping[str, int]) -> dict[str, float]:
        """The unit-length TF-IDF vector of a document (sublinear term frequency)."""
        vec = {t: (1.0 + math.log(n)) * self.idf(t) for t, n in counts.items() if n > 0}
        norm = math.sqrt(sum(w * w for w in vec.values()))
        return {t: w / norm for t, w in vec.items()} if norm else {}

    def to_json(self) -> dict[str, Any]:
        """The document frequencies as JSON-serialisable data."""
        return {"max_size": self.max_size, "documents": self.documents, "df": self.df}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FeatureSpace:
        """Rebuild a space from `to_json` output."""
        space = cls(data["max_size"])
        space.documents = data["documents"]
        space.df = dict(data["df"])
        return space

    def _prune(self) -> None:
        keep = int(self.max_size * 0.8)  # prune to 80% so pruning runs rarely, not on every new feature
        self.df = dict(heapq.nlargest(keep, self.df.items(), key=lambda kv: kv[1]))


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
