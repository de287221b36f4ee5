"""The link stage over a store: near-duplicates, stories, entities across articles, story timelines.

Online and incremental: only articles not yet in a story are fed to the
linkers (oldest publication first), whose state is kept in the store; then the
timelines of the stories that changed are brought up to date. Adding one article
to a large store touches that article, its story and the entities it names: the
entity linker loads only the entities its names can meet (`restore_entity_linker`),
the story clusterer reads and saves only the rows the article reaches
(`recoupe.link.story_lazy`), and the story's timeline re-merges only the entries its
dates reach (`recoupe.link.timeline_update`).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from recoupe.lang import Language
from recoupe.link.dedup import DedupOptions, DuplicateFinder, band_hashes
from recoupe.link.entities import EntityLinker, GlobalEntity
from recoupe.link.institutions import resolve_institutions
from recoupe.link.languages import LanguageLinkers
from recoupe.link.linking import features_of, link_article
from recoupe.link.rebuilds import StoryPlan, plan_stories, plan_story
from recoupe.link.signing import sign_batches
from recoupe.link.stories import StoryClusterer, StoryOptions, headline
from recoupe.link.story_lazy import LazyStoryClusterer
from recoupe.link.timeline_update import save_timeline_plan
from recoupe.records import Entity, ReadArticle, Story
from recoupe.store import Store
from recoupe.store.links import (
    delete_story,
    entity_keys_complete,
    find_global_ids,
    global_entity_of,
    linked_articles,
    list_story_articles,
    load_entity_counter,
    load_entity_snapshot,
    load_entity_states,
    load_link_state,
    load_read_articles,
    load_story_states,
    mark_entity_keys_complete,
    save_encoded_story,
    save_entity_keys,
    save_entity_parts,
    save_global_entities,
    save_link_state,
    save_signature,
    set_article_links,
    unlinked_article_ids,
)
from recoupe.store.signatures import (
    find_banded_signatures,
    list_newest_signed,
    load_copy_originals,
    load_signatures,
    save_signature_bands,
)
from recoupe.store.story_rows import (
    find_member_story,
    find_story_postings,
    list_feature_frequencies,
    load_feature_frequencies,
    save_feature_frequencies,
    save_story_rows,
)

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
    rebuild_seconds: float = 0.0  # of `seconds`, rebuilding the touched stories' timelines and views
    touched: set[str] = field(default_factory=set)


def link_store(store: Store, lang: Language, on_article: Callable[[str], None] | None = None,
               warm: WarmLinkers | None = None, workers: int = 1) -> LinkReport:
    """Link every article not yet in a story, then rebuild the timelines of the stories that changed.

    Runs under the store's "link" lock, the linkers' snapshots loaded inside it, so that two processes
    never link from the same snapshot (the second links what the first left); the timelines rebuilt are
    those marked dirty, by this run or by an earlier one killed before it rebuilt them. With `warm`, the
    linkers are taken from it when they match the store's snapshot, and left in it for the next run. With
    `workers` above 1, that many processes plan the timelines of many stories side by side (`plan_stories`).
    """
    started = time.perf_counter()
    report = LinkReport()
    with store.exclusive("link"):
        linked = _link_unlinked(store, lang, report, on_article, warm, workers)
        dirty = dirty_story_ids(store)
        titles: dict[str, str] = {}
        if dirty and linked is None:  # an earlier run linked but did not rebuild: titles from its snapshot
            clusterer = warm.clusterer if warm is not None and warm.matches(store) else None
            titles = (clusterer or _restore_clusterer(store, lang)).titles(dirty)
        elif dirty and linked is not None:  # titled only the stories to rebuild: titling all costs 0.6 s at 36k
            titles = linked[0] | linked[1].titles(dirty)
        rebuilding = time.perf_counter()
        for story_id, planned in plan_stories(store, dirty, workers, titles=titles):
            rebuild_story(store, story_id, titles.get(story_id), planned)
        report.rebuild_seconds = time.perf_counter() - rebuilding
        report.touched.update(dirty)
    report.stories_touched = len(report.touched)
    report.seconds = time.perf_counter() - started
    return report


def _link_unlinked(store: Store, lang: Language, report: LinkReport, on_article: Callable[[str], None] | None,
                   warm: WarmLinkers | None, workers: int = 1) -> tuple[dict[str, str], StoryClusterer] | None:
    """Feed the unlinked articles to the linkers, batch by batch; return the titles of the stories retired on
    the way and the clusterer (which titles the others), or None if no article was linked. With `workers` above
    1, a helper process computes the articles' duplicate signatures ahead (`recoupe.link.signing`)."""
    ids = unlinked_article_ids(store)
    if not ids:
        return None
    if warm is not None and warm.matches(store):
        assert warm.finder is not None and warm.clusterer is not None and warm.linker is not None
        finder, clusterer, linker, whole = warm.finder, warm.clusterer, warm.linker, False
        linkers = LanguageLinkers(linker, warm.others)
    else:
        restored, whole = restore_linkers(store, lang)
        assert restored.finder is not None and restored.clusterer is not None and restored.linker is not None
        finder, clusterer, linker = restored.finder, restored.clusterer, restored.linker
        linkers = LanguageLinkers(linker)
    retired_titles: dict[str, str] = {}
    batches = [ids[i:i + LINK_BATCH] for i in range(0, len(ids), LINK_BATCH)]
    for batch, signed in zip(batches, sign_batches(store, batches, finder.options, workers), strict=True):
        with store.transaction():
            links: dict[str, str] = {}
            for aid in batch:
                article = store.get_article(aid)
                if article is None:
                    continue
                reading = store.link_reading(aid)
                signature = signed[aid] if aid in signed else finder.signature(article.clean_text)
                duplicate = finder.add_signature(aid, signature)
                if signature:
                    save_signature(store, aid, signature)
                    save_signature_bands(store, {aid: band_hashes(signature, finder.options)})
                linked = link_article(linkers.for_article(store, article.language), clusterer,
                                      features_of(ReadArticle(article, reading, duplicate)))
                links.update(linked.entities)
                story = linked.story
                set_article_links(store, aid, story, duplicate)
                mark_stories_dirty(store, [story])
                report.touched.add(story)
                report.linked += 1
                report.duplicates += duplicate is not None
                if on_article:
                    on_article(aid)
            _save_entities(store, linkers, links, whole)
            whole = False
            resolve_institutions(store, lang, batch)  # "la coalition" across articles: within each story
            retired = clusterer.pop_retired()  # retired stories leave the snapshot, keep their title
            retired_titles.update((summary.id, summary.title) for summary in retired)
            save_story_clusterer(store, clusterer)  # the rows of the stories joined and retired, the counts changed
            revision = _bump_revision(store)
            if warm is not None:
                warm.finder, warm.clusterer, warm.linker, warm.revision = finder, clusterer, linker, revision
                warm.others = linkers.others
    return retired_titles, clusterer


def _save_entities(store: Store, linkers: LanguageLinkers, links: dict[str, str], whole: bool) -> None:
    """Save what a batch changed of the entities: the global entities whose name, type or aliases changed, local
    links, states and lookup keys (every entity's, once, when the store had none or held a pre-0007 snapshot), and
    the other languages' linkers."""
    linker = linkers.main
    touched = set(links.values())
    changed = linker.pop_changed_entities({i for i in touched if ":" not in i})
    for code, other in linkers.others.items():
        changed += other.pop_changed_entities({i for i in touched if i.startswith(f"{code}:")})
    save_global_entities(store, [_entity(g) for g in changed], links)
    save_entity_parts(store, linker.counter_state(), *linker.pop_entity_parts(None if whole else touched))
    new_keys = linker.pop_new_keys()
    save_entity_keys(store, linker.keys_of() if whole else new_keys)
    if whole:
        mark_entity_keys_complete(store)
    linkers.save_others(store)


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
        save_story_clusterer(store, clusterer)
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


def rebuild_story(store: Store, story_id: str, title: str | None = None, planned: StoryPlan | None = None) -> None:
    """Bring one story's timeline up to date, save it with the story and its page's view, and clear the story's
    dirty mark; drop the story when it has no article left (all its articles were updated into other stories).
    Only the entries the new articles' dates reach are merged again (`plan_timeline`); the result is the
    whole-story build's. `planned` is one found beforehand (`plan_stories`): used when the story's articles are
    still those it saw, else the story is planned again inside the write.

    What only reads is done outside the write transactions: the timeline, title and view planned before the
    story is written (`plan_story`). Only the link stage (under its lock) changes stories, so what it reads
    between its own writes stays true; a process writing articles beside it (a watcher storing arrivals while
    it links) waits for short writes only, not for a big story's planning. A run killed between the two writes
    leaves the story dirty: the next link run rebuilds it (and a page without its kept view composes it, as
    for a store linked before views).
    """
    if planned is None:
        planned = plan_story(store, story_id, title)
    with store.transaction():
        saved = _save_story(store, story_id, title, planned)
    view = saved.view if saved is not None else None
    with store.transaction():
        version = store.story_updated_at(story_id) if view is not None else None
        if view is not None and version is not None:
            store.save_story_view(story_id, version, view)
        store.clear_dirty_story(story_id)


def _save_story(store: Store, story_id: str, title: str | None, planned: StoryPlan) -> StoryPlan | None:
    """Save a story's timeline and the story itself, as planned (planned again here when the plan saw other
    articles); return the plan saved, or None when the story had no article left and was dropped."""
    if planned.timeline.facts != list_story_articles(store, story_id):
        planned = plan_story(store, story_id, title)  # reads only the articles that joined since the last build
    if planned.timeline.entries is None:
        delete_story(store, story_id)
        return None
    save_timeline_plan(store, planned.timeline)
    save_encoded_story(store, Story(id=story_id, title=planned.title, articles=store.story_article_ids(story_id)),
                       planned.rows())
    return planned


def restore_duplicate_finder(store: Store) -> DuplicateFinder:
    """The near-duplicate finder of a store, restored without matching the kept signatures again.

    Each kept signature was matched when it was added, and its verdict is in the store (`duplicate_of`):
    the finder needs only the seen order of the newest `max_kept` (ids, not signatures) and the originals,
    and looks up by band the few kept articles a new one can copy (`DuplicateFinder.restore_lazily`). The
    kept signatures whose bands were never filed (saved by another engine, or before migration 0015) get
    them here, once.
    """
    options = DedupOptions()
    newest = list_newest_signed(store, options.max_kept)
    _file_missing_bands(store, [aid for aid, banded in newest if not banded], options)
    return DuplicateFinder.restore_lazily(options, [aid for aid, _ in reversed(newest)], load_copy_originals(store),
                                          StoredSignatures(store))


def _file_missing_bands(store: Store, article_ids: list[str], options: DedupOptions) -> None:
    """File the band hashes of kept signatures that have none, in one transaction."""
    if not article_ids:
        return
    with store.transaction():
        signatures = load_signatures(store, article_ids)
        save_signature_bands(store, {aid: band_hashes(sig, options) for aid, sig in signatures.items()})


@dataclass(frozen=True)
class StoredSignatures:
    """The store as the duplicate finder's kept signatures (`DuplicateFinder.restore_lazily`), found by band."""

    store: Store

    def banded(self, bands: list[int]) -> dict[str, bytes]:
        """The articles filed under any of these band hashes, with their signatures."""
        return find_banded_signatures(self.store, bands)


@dataclass(frozen=True)
class StoredEntities:
    """The store as the entity linker's lazy source (`EntityLinker.restore_lazily`): keys and states by id."""

    store: Store

    def global_ids(self, keys: list[str]) -> dict[str, list[str]]:
        """The global entities filed under each key."""
        return find_global_ids(self.store, keys)

    def states(self, ids: list[str]) -> list[dict[str, Any]]:
        """The saved states of the given global entities."""
        return load_entity_states(self.store, ids)


def restore_entity_linker(store: Store, lang: Language) -> tuple[EntityLinker, bool]:
    """The entity linker of a store, and whether all its entities must be saved (states and keys) with the
    next batch.

    A store whose lookup keys are complete gets a lazy linker that loads only the entities an article's
    names meet (a cold run of one article on a 36,152-article store no longer restores 73,644 entities);
    a store linked before the keys existed, or by another engine, is restored whole once and its keys
    written with the next batch; a fresh store starts empty.
    """
    linker = EntityLinker(lang)
    counter = load_entity_counter(store)
    if counter is None:
        return linker, True
    if "entities" not in counter and entity_keys_complete(store):
        linker.restore_lazily(counter, StoredEntities(store))
        return linker, False
    state, _ = load_entity_snapshot(store)
    if state:
        linker.restore(state)
    return linker, True


def restore_linkers(store: Store, lang: Language) -> tuple[WarmLinkers, bool]:
    """The store's linkers restored from it, as linkers of its current snapshot, and whether the entity linker's
    entities must all be saved with the next batch (`restore_entity_linker`): what a link run starts from, or
    what a cold run's helper restores while the run loads its model (`recoupe.link.ahead`)."""
    finder = restore_duplicate_finder(store)
    clusterer = _restore_clusterer(store, lang)
    linker, whole = restore_entity_linker(store, lang)
    return WarmLinkers(finder=finder, clusterer=clusterer, linker=linker, revision=snapshot_revision(store)), whole


def _restore_clusterer(store: Store, lang: Language) -> StoryClusterer:
    return restore_story_clusterer(store, lang)[0]


def restore_story_clusterer(store: Store, lang: Language) -> tuple[StoryClusterer, bool]:
    """The story clusterer of a store, and whether all its stories are saved with the next batch.

    A store whose clusterer is kept as rows (migration 0017) gets a lazy clusterer that reads only the stories,
    postings and frequencies an article reaches (a cold run of one article on a 36,152-article store no longer
    indexes 1,911 stories' centroids); a store holding it otherwise (before 0017, or loaded from another
    engine) is restored whole once and saved as rows with the next batch; a fresh store starts empty.
    """
    state = load_link_state(store, "stories")
    if not state:
        return StoryClusterer(StoryOptions(language=lang.code)), True
    if "rows" in state:
        return LazyStoryClusterer.restore_lazily(state, StoredStories(store)), False
    if "active" in state:
        return StoryClusterer.restore_split(state, load_story_states(store, list(state["active"]))), True
    return StoryClusterer.restore(state), True


def save_story_clusterer(store: Store, clusterer: StoryClusterer) -> None:
    """Save what the clusterer changed since its last save, as rows (`StoryClusterer.pop_rows`), in one
    transaction: a batch writes the stories it joined or retired and the frequencies it counted, not the whole."""
    rows = clusterer.pop_rows()
    with store.transaction():
        save_story_rows(store, rows.head, rows.states, rows.postings, rows.dropped, rows.members, rows.retired,
                        rows.left, rows.whole)
        for space, (frequencies, whole) in rows.frequencies.items():
            save_feature_frequencies(store, space, frequencies, whole)


@dataclass(frozen=True)
class StoredStories:
    """The store as the lazy story clusterer's source (`recoupe.link.story_rows.StorySource`)."""

    store: Store

    def postings(self, keys: list[str]) -> dict[str, list[tuple[str, float]]]:
        """The saved postings of these centroid term keys."""
        return find_story_postings(self.store, keys)

    def states(self, ids: list[str]) -> list[dict[str, Any]]:
        """The saved states of these active stories."""
        return load_story_states(self.store, ids)

    def story_of(self, article_id: str) -> str | None:
        """The active story an article was saved in."""
        return find_member_story(self.store, article_id)

    def frequencies(self, space: str, terms: list[str]) -> dict[str, int]:
        """The saved document frequencies of these terms."""
        return load_feature_frequencies(self.store, space, terms)

    def all_frequencies(self, space: str) -> list[tuple[str, int]]:
        """Every saved document frequency of a space, in order."""
        return list_feature_frequencies(self.store, space)


def _entity(g: GlobalEntity) -> Entity:
    return Entity(name=g.name, type=g.type, aliases=g.aliases, id=g.id)
