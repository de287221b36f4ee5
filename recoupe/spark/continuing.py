"""A Spark run that continues a store: it starts from the link state a store saved, as a local run would.

Both engines keep the link stage's state as the same records (the duplicate index's signatures in the order
they were seen, the entity linker's counter and per-entity states, the story clusterer's snapshot). A run
given a store (`--from-db`) restores them on the driver with the local engine's own functions
(`restore_duplicate_finder`, `restore_entity_linker`, `restore_story_clusterer`), so its new articles are
linked exactly as `recoupe analyze` would link them into that store: copies of stored articles are found,
names join the stored entities, articles join the stored stories, and new ids follow the store's counters.
The run names the snapshot it started from (`revision`): `recoupe load` takes it only into that store, and
only while the store has not moved on since.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from recoupe.lang import Language
from recoupe.link.dedup import CopyRule, DedupOptions, band_keys
from recoupe.link.driver import (
    restore_entity_linker,
    restore_story_clusterer,
    snapshot_revision,
)
from recoupe.link.entities import EntityLinker
from recoupe.link.stories import StoryClusterer, StoryOptions
from recoupe.spark.session import SparkError
from recoupe.store import Store, is_postgres_url, open_store
from recoupe.store.links import load_link_state
from recoupe.store.signatures import load_copy_originals

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

# The link_state row of a run's output naming the store snapshot it continued (absent: a fresh run).
BASE_STATE = "base"
# The columns of the near-duplicate join (`spark/dedup.py`), the stored signatures' rows included.
SIGNATURE_SCHEMA = "rank long, id string, signature binary, bands array<binary>"


class StoreNotFoundError(SparkError):
    """The store a run should continue does not exist."""


@dataclass
class StoreStart:
    """What a run continuing a store starts from: the store (open on the driver while the run links), the
    token of its snapshot, and its duplicate index as the rule and the signatures it remembers."""

    store: Store
    revision: str
    rule: CopyRule
    signatures: list[tuple[str, bytes]]  # the remembered articles' signatures, oldest first


def open_base(target: str) -> Store:
    """Open the store a run continues; a missing SQLite file is an error, never a new empty store."""
    if not is_postgres_url(target) and target != ":memory:" and not Path(target).is_file():
        raise StoreNotFoundError(f"--from-db: no store at {target}")
    return open_store(target)


def start_from(store: Store) -> StoreStart:
    """The duplicate index of `store` as a local run restores it (`restore_duplicate_finder`: the newest
    `max_kept` signatures in the order they were seen, and the copies the store recorded), split into the
    copy rule and the signatures, which the run's band join needs whole."""
    max_kept = DedupOptions().max_kept
    signatures = list(reversed(store.newest_signatures(max_kept)))  # oldest first, as they were seen
    rule = CopyRule.restore(max_kept, [aid for aid, _ in signatures], load_copy_originals(store))
    return StoreStart(store, snapshot_revision(store), rule, signatures)


def stored_signatures(spark: SparkSession, start: StoreStart) -> DataFrame:
    """The remembered articles as rows of the near-duplicate join, ranked before every article of the run
    (negative ranks, oldest first), so that a new article finds its stored originals by the same band keys."""
    count = len(start.signatures)
    rows = [(i - count, aid, signature, band_keys(signature)) for i, (aid, signature) in enumerate(start.signatures)]
    return spark.createDataFrame(rows, SIGNATURE_SCHEMA)


def stored_article_ids(store: Store, ids: list[str]) -> set[str]:
    """The ids among `ids` the store already holds: a continuing run leaves them as they are stored.
    One read of the store's ids, not a query per article of the run."""
    return set(ids).intersection(store.article_ids())


def start_linkers(lang: Language, story_prefix: str, start: StoreStart | None) -> tuple[EntityLinker, StoryClusterer]:
    """The entity linker and story clusterer of a run: the store's when it continues one that was linked,
    else new ones (whose stories take the run's prefix, so they never share an id with a local run's)."""
    if start is None or load_link_state(start.store, "stories") is None:
        linker = EntityLinker(lang) if start is None else restore_entity_linker(start.store, lang)[0]
        return linker, StoryClusterer(StoryOptions(language=lang.code, id_prefix=story_prefix))
    return restore_entity_linker(start.store, lang)[0], restore_story_clusterer(start.store, lang)[0]
