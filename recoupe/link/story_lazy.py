"""The story clusterer restored lazily: a cold process loads only what the article it links can reach.

An article shares its common lemmas with most active stories, but its content similarity passes the
threshold with a handful: the dot products need only the postings of the article's own terms, and the norms
of the stories, which the head keeps. So a lazy clusterer starts from the head (every active story's norms and
marks, the feature spaces' counts), fetches the postings of an article's terms and the document frequencies
of those terms when the article comes, and loads the whole state of a story only when it is a candidate, is
joined or retires. It makes the choices of the clusterer restored whole: the same postings (the saved rounded
weights), the same norms, the same frequencies.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from recoupe.link.stories import StoryClusterer, StoryOptions, StorySummary, _Story
from recoupe.link.story_rows import ENTITY, LEMMA, StorySource, term_key
from recoupe.link.story_space import FeatureSpace


class _SpaceSource:
    """One feature space's frequencies in a `StorySource`."""

    def __init__(self, source: StorySource, space: str) -> None:
        self._source, self._space = source, space

    def frequencies(self, terms: list[str]) -> dict[str, int]:
        """The saved frequencies of these terms."""
        return self._source.frequencies(self._space, terms)

    def all_frequencies(self) -> list[tuple[str, int]]:
        """Every saved frequency, in order."""
        return self._source.all_frequencies(self._space)


class LazyStoryClusterer(StoryClusterer):
    """A `StoryClusterer` whose stories, postings and frequencies stay in the store until an article needs them."""

    def __init__(self, options: StoryOptions, source: StorySource) -> None:
        super().__init__(options)
        self._source = source
        self._fetched_terms: tuple[set[str], set[str]] = (set(), set())  # (lemmas, entity keys) indexed
        # stories joined by this process: their centroids in memory hold the exact weights, the saved ones are
        # rounded (a story only loaded holds the saved weights, as a restore of the whole snapshot would)
        self._joined_here: set[str] = set()

    @classmethod
    def restore_lazily(cls, head: dict[str, Any], source: StorySource) -> LazyStoryClusterer:
        """A clusterer from a `pop_rows` head, reading the rest from `source` when needed."""
        clusterer = cls(StoryOptions(**head["options"]), source)
        clusterer._lemma_space = FeatureSpace.restore_lazily(head["lemma_space"], _SpaceSource(source, "lemmas"))
        clusterer._entity_space = FeatureSpace.restore_lazily(head["entity_space"], _SpaceSource(source, "entities"))
        for story_id, active_at, touched, lemma_norm, entity_norm, has_entities in head["marks"]:
            clusterer._marks[story_id] = (active_at, touched)
            clusterer._saved_norms[story_id] = (lemma_norm, entity_norm, has_entities)
            clusterer._index.put_norms(story_id, (lemma_norm, entity_norm), has_entities)
        clusterer._retired = [StorySummary(**s) for s in head["retired"]]
        clusterer._clock, clusterer._position, clusterer._next_id = head["clock"], head["position"], head["next_id"]
        clusterer._rewrite = False
        return clusterer

    def _load_stories(self, ids: list[str]) -> None:
        """Load the saved states of the active stories not in memory yet (their postings are indexed already)."""
        missing = [i for i in dict.fromkeys(ids) if i not in self._stories and i in self._marks]
        if not missing:
            return
        for data in self._source.states(missing):
            story = _Story.from_json(data)
            self._stories[story.id] = story
            self._member_of.update((article_id, story.id) for article_id in story.members)

    def _fetch_terms(self, lemma_vec: dict[str, float], entity_vec: dict[str, float]) -> None:
        """Index the postings of the article's terms not indexed yet: the saved ones of the stories this process
        did not join, the centroid weights in memory of those it joined (and of none retired)."""
        wanted = [(0, LEMMA, t) for t in lemma_vec if t not in self._fetched_terms[0]]
        wanted += [(1, ENTITY, t) for t in entity_vec if t not in self._fetched_terms[1]]
        if not wanted:
            return
        saved = self._source.postings([term_key(kind, t) for _, kind, t in wanted])
        for which, kind, term in wanted:
            postings = [(s, w) for s, w in saved.get(term_key(kind, term), []) if s in self._marks and s not in self._joined_here]
            for story_id in self._joined_here:
                story = self._stories.get(story_id)
                weight = None if story is None else (story.lemmas, story.entities)[which].get(term)
                if weight is not None:
                    postings.append((story_id, weight))
            self._index.put_term(which, term, postings)
            self._fetched_terms[which].add(term)

    def _join(self, story: _Story, article_id: str, title: str, lemma_vec: dict[str, float],
              entity_vec: dict[str, float], day: int | None) -> None:
        """Join as the clusterer does, noting the story as joined by this process."""
        super()._join(story, article_id, title, lemma_vec, entity_vec, day)
        self._joined_here.add(story.id)

    def _retire(self, story: _Story) -> None:
        """Retire as the clusterer does; a retired story has no postings to give any more."""
        super()._retire(story)
        self._joined_here.discard(story.id)

    def _fetched(self) -> tuple[Collection[str], Collection[str]] | None:
        """The terms whose postings are indexed: a join or a retirement updates only those."""
        return self._fetched_terms

    def _active_story_of(self, article_id: str) -> str | None:
        """The active story holding an article, looked up in the saved articles of the active stories when its
        story is not in memory."""
        found = self._member_of.get(article_id)
        if found is not None:
            return found
        saved = self._source.story_of(article_id)
        return saved if saved is not None and saved in self._marks and saved not in self._stories else None
