"""The link stage over a store: near-duplicates, stories, entities across articles, story timelines.

Online and incremental: only articles not yet in a story are fed to the
linkers (oldest publication first), whose state is kept in the store; then the
timelines of the stories that changed are rebuilt. Adding one article to a
large store touches that article, its story and the entities it names.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from recoupe.lang import Language
from recoupe.link.dedup import DuplicateFinder
from recoupe.link.entities import EntityLinker, GlobalEntity
from recoupe.link.institutions import resolve_institutions
from recoupe.link.languages import LanguageLinkers
from recoupe.link.stories import StoryClusterer, StoryOptions, headline
from recoupe.link.timeline import build_timeline
from recoupe.records import Entity, ReadArticle, Story
from recoupe.store import Store
from recoupe.store.links import (
    delete_story,
    global_entity_of,
    linked_articles,
    load_entity_snapshot,
    load_link_state,
    load_read_articles,
    load_story,
    save_entity_states,
    save_global_entities,
    save_link_state,
    save_signature,
    save_story,
    set_article_links,
    unlinked_article_ids,
)
from recoupe.tell.story_views import save_story_view

# Articles linked per transaction: the linkers' state is saved with each batch, so a killed run
# resumes from the last batch; 200 keeps a batch under a second on the dev corpus.
LINK_BATCH = 200


# The link_state row naming the linkers' last saved snapshot (a fresh random token at each save, so a
# store cleared and relinked never repeats one): a process holding its linkers warm (`WarmLinkers`)
# reuses them only while no other process has saved a newer snapshot.
REVISION = "revision"


@dataclass
class WarmLinkers:
    """The linkers of a long-running process (`recoupe watch`), kept between link runs.

    Restoring the duplicate index, the story clusterer and the entity linker from the store is most of
    what linking one new article costs on a large store; a process that links again and again keeps
    them, and restores them only when the store's snapshot has moved on without it (another process
    linked in between), so warm linking links exactly as a cold run would.
    """

    finder: DuplicateFinder | None = None
    clusterer: StoryClusterer | None = None
    linker: EntityLinker | None = None
    others: dict[str, EntityLinker] = field(default_factory=dict)  # the linkers of other languages, by code
    revision: str = ""  # the token of the store snapshot these linkers match; "": none yet

    def matches(self, store: Store) -> bool:
        """Whether these linkers are the store's latest snapshot."""
        return self.linker is not None and self.revision == snapshot_revision(store)


@dataclass
class LinkReport:
    """What one link run did."""

    linked: int = 0
    duplicates: int = 0
    stories_touched: int = 0
    seconds: float = 0.0
    touched: set[str] = field(default_factory=set)


def link_store(store: Store, lang: Language, on_article: Callable[[str], None] | None = None,
               warm: WarmLinkers | None = None) -> LinkReport:
    """Link every article not yet in a story, then rebuild the timelines of the stories that changed.

    Runs under the store's "link" lock, the linkers' snapshots loaded inside it, so that two processes
    never link from the same snapshot (the second links what the first left); the timelines rebuilt are
    those marked dirty, by this run or by an earlier one killed before it rebuilt them. With `warm`, the
    linkers are taken from it when they match the store's snapshot, and left in it for the next run.
    """
    started = time.perf_counter()
    report = LinkReport()
    with store.exclusive("link"):
        titles = _link_unlinked(store, lang, report, on_article, warm)
        dirty = dirty_story_ids(store)
        if dirty and titles is None:  # an earlier run linked but did not rebuild: titles from its snapshot
            clusterer = warm.clusterer if warm is not None and warm.matches(store) else None
            titles = {s.id: s.title for s in (clusterer or _restore_clusterer(store, lang)).stories()}
        for story_id in dirty:
            with store.transaction():
                rebuild_story(store, story_id, (titles or {}).get(story_id))
                store.clear_dirty_story(story_id)
        report.touched.update(dirty)
    report.stories_touched = len(report.touched)
    report.seconds = time.perf_counter() - started
    return report


def _link_unlinked(store: Store, lang: Language, report: LinkReport,
                   on_article: Callable[[str], None] | None, warm: WarmLinkers | None) -> dict[str, str] | None:
    """Feed the unlinked articles to the linkers, batch by batch; return story titles (None if none was linked)."""
    ids = unlinked_article_ids(store)
    if not ids:
        return None
    if warm is not None and warm.matches(store):
        assert warm.finder is not None and warm.clusterer is not None and warm.linker is not None
        finder, clusterer, linker, whole = warm.finder, warm.clusterer, warm.linker, False
        linkers = LanguageLinkers(linker, warm.others)
    else:
        finder = restore_duplicate_finder(store)
        clusterer = _restore_clusterer(store, lang)
        linker = EntityLinker(lang)
        state, whole = load_entity_snapshot(store)
        if state:
            linker.restore(state)
        linkers = LanguageLinkers(linker)
    retired_titles: dict[str, str] = {}
    for i in range(0, len(ids), LINK_BATCH):
        batch = ids[i:i + LINK_BATCH]
        with store.transaction():
            links: dict[str, str] = {}
            for aid in batch:
                article = store.get_article(aid)
                if article is None:
                    continue
                reading = store.reading(aid)
                signature = finder.signature(article.clean_text)
                duplicate = finder.add_signature(aid, signature)
                if signature:
                    save_signature(store, aid, signature)
                mapping = linkers.add(store, article.language, aid, reading.entities)
                links.update(mapping)
                # One key per mention: an entity named often weighs more in the story's profile
                # (one key per entity split the Libya topic in three, measured on tls/dev).
                keys = [mapping[e.id] for e in reading.entities if e.id in mapping for _ in e.mentions]
                story = clusterer.add(ReadArticle(article, reading, duplicate), keys)
                set_article_links(store, aid, story, duplicate)
                mark_stories_dirty(store, [story])
                report.touched.add(story)
                report.linked += 1
                report.duplicates += duplicate is not None
                if on_article:
                    on_article(aid)
            touched_globals = set(links.values())
            save_global_entities(store, [_entity(g) for g in linkers.entities(touched_globals)], links)
            # only the entities this batch changed (all of them once, when moving a pre-0007 snapshot)
            save_entity_states(store, linker.counter_state(), linker.entity_states(None if whole else touched_globals))
            linkers.save_others(store)
            whole = False
            resolve_institutions(store, lang, batch)  # "la coalition" across articles: within each story
            for summary in clusterer.pop_retired():  # retired stories leave the snapshot, keep their title
                retired_titles[summary.id] = summary.title
            save_link_state(store, "stories", clusterer.snapshot())
            revision = _bump_revision(store)
            if warm is not None:
                warm.finder, warm.clusterer, warm.linker, warm.revision = finder, clusterer, linker, revision
                warm.others = linkers.others
    return retired_titles | {s.id: s.title for s in clusterer.stories()}


def seed_story_state(store: Store, lang: Language) -> None:
    """Rebuild the story clusterer's state from the stories a store already holds, and save it.

    Another engine (the Spark job, whose stories `recoupe load` writes) chose these stories but left
    no clusterer behind; replaying its choices through the local clusterer, in the order the local link
    stage links (oldest publication first), gives the state the local engine would have had, so articles
    analyzed later join the loaded stories. The keys are the global entities of each mention, as linking.
    """
    clusterer = StoryClusterer(StoryOptions(language=lang.code))
    rows = linked_articles(store)
    global_of = global_entity_of(store)
    with store.transaction():
        for i in range(0, len(rows), LINK_BATCH):
            batch = rows[i:i + LINK_BATCH]
            for item, (_, story) in zip(load_read_articles(store, [r[0] for r in batch]), batch, strict=True):
                keys = [global_of.get(e.id, e.id) for e in item.reading.entities for _ in e.mentions]
                clusterer.add_features(item.article.id, headline(item), item.article.published,
                                       item.reading.lemmas, keys, story)
        save_link_state(store, "stories", clusterer.snapshot())
        _bump_revision(store)


def snapshot_revision(store: Store) -> str:
    """The token of the linkers' last saved snapshot in this store ("" before the first)."""
    state = load_link_state(store, REVISION)
    return str(state["token"]) if state else ""


def _bump_revision(store: Store) -> str:
    """Name a newly saved snapshot (in the caller's transaction, with the snapshot); return its token."""
    token = uuid.uuid4().hex
    save_link_state(store, REVISION, {"token": token})
    return token


def mark_stories_dirty(store: Store, story_ids: Iterable[str | None]) -> None:
    """Note stories whose timeline must be rebuilt (in the caller's transaction, with the change that dirties them)."""
    ids = [s for s in story_ids if s]
    if ids:
        with store.transaction():
            store.mark_stories_dirty(ids)


def dirty_story_ids(store: Store) -> list[str]:
    """Stories marked for a timeline rebuild, in id order."""
    return store.dirty_story_ids()


def rebuild_story(store: Store, story_id: str, title: str | None = None) -> None:
    """Recompute one story's timeline from its articles' readings and save it; drop it when it has none left
    (all its articles were updated into other stories)."""
    ids = store.story_article_ids(story_id)
    items = load_read_articles(store, ids)
    if not items:
        delete_story(store, story_id)
        return
    existing = load_story(store, story_id)
    title = title or (existing.title if existing else None) or items[0].article.title or items[0].article.id
    save_story(store, Story(id=story_id, title=title, articles=ids), build_timeline(items))
    save_story_view(store, story_id)  # the page's glance and who said what, kept for this version of the story


def restore_duplicate_finder(store: Store) -> DuplicateFinder:
    """A near-duplicate index rebuilt from the stored signatures (no text is hashed again)."""
    finder = DuplicateFinder()
    newest = store.newest_signatures(finder.options.max_kept)
    for aid, signature in reversed(newest):  # the index keeps only the newest max_kept anyway
        finder.add_signature(aid, signature)
    return finder


def _restore_clusterer(store: Store, lang: Language) -> StoryClusterer:
    state = load_link_state(store, "stories")
    if state:
        return StoryClusterer.restore(state)
    return StoryClusterer(StoryOptions(language=lang.code))


def _entity(g: GlobalEntity) -> Entity:
    return Entity(name=g.name, type=g.type, aliases=g.aliases, id=g.id)
