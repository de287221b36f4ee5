"""One article through the linkers, the step the local link stage and the Spark engine's driver both take.

An article is linked from a few features only (its id, date, headline, lemma counts and entities), so that
an engine holding them as rows, not as stored readings, links it exactly as the local engine does: the
entity linker first (its global ids are the story clusterer's entity keys), then the story clusterer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from recoupe.link.entities import EntityLinker
from recoupe.link.stories import StoryClusterer, headline
from recoupe.records import Entity, ReadArticle


@dataclass(frozen=True)
class LinkFeatures:
    """What the linkers need of one read article."""

    id: str
    published: str | None
    headline: str
    lemmas: dict[str, int] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)


@dataclass(frozen=True)
class ArticleLinks:
    """What linking one article decided: its local → global entity ids and its story."""

    entities: dict[str, str]
    story: str


def features_of(item: ReadArticle) -> LinkFeatures:
    """The link features of a read article (its headline drawn from the article, as story titles are)."""
    return LinkFeatures(item.article.id, item.article.published, headline(item), item.reading.lemmas,
                        item.reading.entities)


def story_keys(entities: Sequence[Entity], links: Mapping[str, str]) -> list[str]:
    """The article's entity keys for the story clusterer: the global id of each entity, once per mention.

    A story is about whom it names most: an entity named five times weighs five times in the article's
    profile (one key per entity split a single topic into several stories, measured on the libya TLS topic).
    Entities left unlinked add no key."""
    return [links[e.id] for e in entities if e.id in links for _ in e.mentions]


def link_article(linker: EntityLinker | None, clusterer: StoryClusterer, features: LinkFeatures) -> ArticleLinks:
    """Link one article's entities, then put it in a story; both linkers' states move as the local stage's.

    Without a linker (a language whose plug ships no linking data) the article's entities stay its own and
    give no story key; its words and headline still place it."""
    mapping = linker.add(features.id, features.entities) if linker is not None else {}
    story = clusterer.add_features(features.id, features.headline, features.published, features.lemmas,
                                   story_keys(features.entities, mapping))
    return ArticleLinks(mapping, story)
