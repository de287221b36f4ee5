"""The active stories' centroids indexed by term, scored against an article in a few array operations.

An article shares its common lemmas with most active stories (a word like "annoncer" sits in the centroid of
hundreds of them), so scoring story by story in Python made the work per article grow with the number of
active stories. Here each term's posting list is a pair of arrays (story slots, centroid weights), an
article's dot products with every centroid are one array addition per article term, and only the stories
whose content similarity, before time damps it, passes the threshold are handed back to be scored one by
one: usually a handful, whatever the number of active stories.

The dot products are summed term by term in the article's order, as the per-story sums were, so every
similarity is the same float as before and the clusterer makes the same choices.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
Centroids = tuple[Mapping[str, float], Mapping[str, float]]  # a story's lemma and entity centroids


class _Postings:
    """The slots and weights of the stories holding one term, in growable arrays (a slot's position kept).

    Postings restored in bulk keep their plain lists until first used: a cold process that links one
    article turns into arrays only the postings of that article's terms.
    """

    __slots__ = ("_lists", "_position", "_slots", "_weights", "n")

    def __init__(self, slots: list[int] | None = None, weights: list[float] | None = None) -> None:
        self.n = len(slots) if slots else 0
        self._lists = (slots, weights) if slots and weights else None
        self._position: dict[int, int] | None = None  # slot -> index, made when first needed
        size = 0 if self._lists else 4  # listed postings get their arrays when first used
        self._slots = np.zeros(size, dtype=np.int64)
        self._weights = np.zeros(size, dtype=np.float64)

    @property
    def slots(self) -> npt.NDArray[np.int64]:
        """The story slots (the first `n` are in use)."""
        self._materialise()
        return self._slots

    @property
    def weights(self) -> FloatArray:
        """The centroid weights, slot by slot."""
        self._materialise()
        return self._weights

    @property
    def position(self) -> dict[int, int]:
        """Where each slot sits in the arrays."""
        if self._position is None:
            self._position = {slot: at for at, slot in enumerate(self.slots[:self.n].tolist())}
        return self._position

    def _materialise(self) -> None:
        """Turn the lists a bulk restore gave into arrays."""
        if self._lists is not None:
            slots, weights = self._lists
            self._slots, self._weights = np.array(slots, dtype=np.int64), np.array(weights, dtype=np.float64)
            self._lists = None

    def put(self, slot: int, weight: float) -> None:
        """Set (or add) the weight of a story's slot."""
        at = self.position.get(slot)
        if at is None:
            if self.n == len(self.slots):
                self._slots = np.concatenate([self._slots, np.zeros(self.n, dtype=np.int64)])
                self._weights = np.concatenate([self._weights, np.zeros(self.n, dtype=np.float64)])
            at = self.position[slot] = self.n
            self._slots[at] = slot
            self.n += 1
        self._weights[at] = weight

    def remove(self, slot: int) -> None:
        """Drop a story's slot (the last entry takes its place)."""
        at = self.position.pop(slot, None)
        if at is None:
            return
        last = self.n - 1
        if at != last:
            moved = int(self.slots[last])
            self._slots[at], self._weights[at] = moved, self._weights[last]
            self.position[moved] = at
        self.n = last


class _TermIndex:
    """Term → postings, for one kind of feature (lemmas or entity keys)."""

    def __init__(self) -> None:
        self.terms: dict[str, _Postings] = {}

    def update(self, slot: int, new: Mapping[str, float], old: Mapping[str, float],
               within: Container[str] | None = None) -> None:
        """Index a story's centroid `new` in place of `old`; with `within`, only the terms it holds (the terms
        whose postings a lazily restored index has fetched: the others are fetched whole when first read)."""
        if within is not None:
            new = {t: w for t, w in new.items() if t in within}
            old = {t: w for t, w in old.items() if t in within}
        for term in old.keys() - new.keys():
            postings = self.terms.get(term)
            if postings is not None:
                postings.remove(slot)
                if not postings.n:
                    del self.terms[term]
        for term, weight in new.items():
            postings = self.terms.get(term)
            if postings is None:
                postings = self.terms[term] = _Postings()
            postings.put(slot, weight)

    def add_all(self, lists: Mapping[str, tuple[list[int], list[float]]]) -> None:
        """Index many stories' weights at once, given by term as (slots, weights) lists (a restore)."""
        for term, (slots, weights) in lists.items():
            postings = self.terms.get(term)
            if postings is None:
                self.terms[term] = _Postings(slots, weights)
            else:
                for slot, weight in zip(slots, weights, strict=True):
                    postings.put(slot, weight)

    def add_term(self, term: str, slots: list[int], weights: list[float]) -> None:
        """Index one term's postings, fetched whole (a lazy restore): the term must not be indexed yet."""
        if term in self.terms:
            raise ValueError(f"term {term!r} is indexed already")
        if slots:
            self.terms[term] = _Postings(slots, weights)

    def dots(self, vec: Mapping[str, float], size: int) -> FloatArray:
        """Dot products of a vector with every indexed centroid (by slot), summed in the vector's term order."""
        out = np.zeros(size, dtype=np.float64)
        for term, weight in vec.items():
            postings = self.terms.get(term)
            if postings is not None:
                slots = postings.slots[:postings.n]
                out[slots] += weight * postings.weights[:postings.n]  # a term holds a slot once: no clash
        return out


@dataclass(frozen=True, slots=True)
class Candidate:
    """An active story whose content similarity with an article passes the threshold, with its two cosines."""

    story_id: str
    lemma_cos: float
    entity_cos: float
    use_entities: bool  # both the article and the story have entities


class CentroidIndex:
    """The active stories' lemma and entity centroids by term, with their norms, each story in one slot."""

    def __init__(self) -> None:
        self._slot: dict[str, int] = {}
        self._ids: list[str | None] = []
        self._free: list[int] = []
        self._lemmas = _TermIndex()
        self._entities = _TermIndex()
        self._lemma_norm = np.ones(0, dtype=np.float64)
        self._entity_norm = np.ones(0, dtype=np.float64)
        self._has_entities = np.zeros(0, dtype=bool)

    def put(self, story_id: str, centroids: Centroids, old: Centroids, norms: tuple[float, float],
            within: tuple[Container[str], Container[str]] | None = None) -> None:
        """Index a story's (lemma, entity) centroids in place of its `old` ones, with their norms; with `within`,
        only the (lemma, entity) terms whose postings were fetched (`put_term`)."""
        self.put_norms(story_id, norms, bool(centroids[1]))
        slot = self._slot[story_id]
        self._lemmas.update(slot, centroids[0], old[0], within[0] if within is not None else None)
        self._entities.update(slot, centroids[1], old[1], within[1] if within is not None else None)

    def put_norms(self, story_id: str, norms: tuple[float, float], has_entities: bool) -> None:
        """Give a story a slot (if it has none) and its centroids' norms, its terms indexed apart: a lazy restore
        knows every active story's norms, and fetches the postings of a term when an article first holds it."""
        slot = self._slot.get(story_id)
        if slot is None:
            slot = self._take_slot(story_id)
        self._lemma_norm[slot], self._entity_norm[slot] = norms
        self._has_entities[slot] = has_entities

    def put_term(self, kind: int, term: str, postings: Iterable[tuple[str, float]]) -> None:
        """Index the postings of one term fetched whole, as (story id, weight) of stories given a slot already;
        `kind` 0 for a lemma, 1 for an entity key."""
        slots, weights = [], []
        for story_id, weight in postings:
            slots.append(self._slot[story_id])
            weights.append(weight)
        (self._lemmas, self._entities)[kind].add_term(term, slots, weights)

    def put_all(self, stories: Iterable[tuple[str, Centroids, tuple[float, float]]]) -> None:
        """Index many stories not indexed yet (a restore), each as (id, (lemma, entity) centroids, norms): they
        are grouped by term in one pass, and each term's postings stay lists until an article reads them."""
        by_term: tuple[dict[str, tuple[list[int], list[float]]], dict[str, tuple[list[int], list[float]]]] = ({}, {})
        for story_id, centroids, norms in stories:
            if story_id in self._slot:
                raise ValueError(f"story {story_id!r} is indexed already: put() replaces a story's centroids")
            slot = self._take_slot(story_id)
            for lists, centroid in zip(by_term, centroids, strict=True):
                for term, weight in centroid.items():
                    entry = lists.get(term)
                    if entry is None:
                        entry = lists[term] = ([], [])
                    entry[0].append(slot)
                    entry[1].append(weight)
            self._lemma_norm[slot], self._entity_norm[slot] = norms
            self._has_entities[slot] = bool(centroids[1])
        self._lemmas.add_all(by_term[0])
        self._entities.add_all(by_term[1])

    def remove(self, story_id: str, centroids: Centroids,
               within: tuple[Container[str], Container[str]] | None = None) -> None:
        """Drop a story (retired) from the index; its slot is reused. With `within`, as in `put`."""
        slot = self._slot.pop(story_id, None)
        if slot is None:
            return
        self._lemmas.update(slot, {}, centroids[0], within[0] if within is not None else None)
        self._entities.update(slot, {}, centroids[1], within[1] if within is not None else None)
        self._ids[slot] = None
        self._lemma_norm[slot], self._entity_norm[slot], self._has_entities[slot] = 1.0, 1.0, False
        self._free.append(slot)

    def candidates(self, lemma_vec: Mapping[str, float], entity_vec: Mapping[str, float],
                   weights: tuple[float, float], threshold: float) -> list[Candidate]:
        """The stories whose weighted content similarity (lemma and entity cosines with `weights`, entities
        counted only when both sides have some) is above `threshold`, by story id.

        The cosines and the similarity are computed as `combine_similarity` computes them, operation for
        operation, so a story left out could not have scored above the threshold once damped by time.
        """
        size = len(self._ids)
        lemma_cos = self._lemmas.dots(lemma_vec, size) / self._lemma_norm
        entity_cos = self._entities.dots(entity_vec, size) / self._entity_norm
        lemma_weight, entity_weight = weights
        use = self._has_entities & bool(entity_vec)
        lemma_part = lemma_weight * lemma_cos
        content = np.where(use, (lemma_part + entity_weight * entity_cos) / (lemma_weight + entity_weight),
                           lemma_part / lemma_weight)
        found = [Candidate(str(self._ids[slot]), float(lemma_cos[slot]), float(entity_cos[slot]), bool(use[slot]))
                 for slot in np.flatnonzero(content > threshold).tolist()]
        return sorted(found, key=lambda c: c.story_id)

    def _take_slot(self, story_id: str) -> int:
        """A free slot for a new story (the arrays grow by doubling when none is free)."""
        if not self._free:
            size = len(self._ids)
            grow = max(8, size)
            self._ids.extend([None] * grow)
            self._free.extend(range(size + grow - 1, size - 1, -1))
            self._lemma_norm = np.concatenate([self._lemma_norm, np.ones(grow)])
            self._entity_norm = np.concatenate([self._entity_norm, np.ones(grow)])
            self._has_entities = np.concatenate([self._has_entities, np.zeros(grow, dtype=bool)])
        slot = self._free.pop()
        self._slot[story_id] = slot
        self._ids[slot] = story_id
        return slot
