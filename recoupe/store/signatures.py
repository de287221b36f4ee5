"""Store access for the near-duplicate index kept in the store: signatures by seen order and by LSH band.

The link stage saves each article's MinHash signature (`links.save_signature`, in seen order) and the hashes
of its LSH bands (here). A cold start then restores the duplicate finder from the ids of the newest kept
signatures and their originals, and looks up only the articles sharing a band with each new article
(`recoupe.link.dedup.DuplicateFinder.restore_lazily`). Functions over a `Store`, as in `links.py`; every
write joins the caller's transaction when there is one.
"""

from __future__ import annotations

from collections.abc import Sequence

from recoupe.store.base import Store
from recoupe.store.queries import IN_CHUNK


def list_newest_signed(store: Store, limit: int) -> list[tuple[str, bool]]:
    """The articles of the `limit` most recently saved signatures, newest first, each with whether its
    bands are filed (a signature saved by another engine or before migration 0015 has none yet)."""
    return [(r[0], bool(r[1])) for r in store.conn.execute(
        "SELECT s.article_id, EXISTS (SELECT 1 FROM signature_bands b WHERE b.article_id = s.article_id)"
        " FROM article_signatures s ORDER BY s.rowid DESC LIMIT ?", (limit,))]


def load_signatures(store: Store, article_ids: Sequence[str]) -> dict[str, bytes]:
    """The saved signatures of these articles (those that have one)."""
    ids = list(article_ids)
    found: dict[str, bytes] = {}
    for i in range(0, len(ids), IN_CHUNK):
        chunk = ids[i:i + IN_CHUNK]
        marks = ",".join("?" * len(chunk))
        found.update((r[0], bytes(r[1])) for r in store.conn.execute(
            f"SELECT article_id, signature FROM article_signatures WHERE article_id IN ({marks})", chunk))
    return found


def save_signature_bands(store: Store, bands: dict[str, list[int]]) -> None:
    """File the band hashes of these articles' signatures, replacing what was filed for them."""
    if not bands:
        return
    with store.transaction():
        store.conn.executemany("DELETE FROM signature_bands WHERE article_id = ?", [(aid,) for aid in bands])
        store.conn.executemany("INSERT INTO signature_bands (band, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                               [(band, aid) for aid, hashes in bands.items() for band in set(hashes)])


def find_banded_signatures(store: Store, bands: Sequence[int]) -> dict[str, bytes]:
    """The articles filed under any of these band hashes, with their signatures."""
    values = list(dict.fromkeys(bands))
    if not values:
        return {}
    marks = ",".join("?" * len(values))
    return {r[0]: bytes(r[1]) for r in store.conn.execute(
        "SELECT s.article_id, s.signature FROM signature_bands b JOIN article_signatures s"
        f" ON s.article_id = b.article_id WHERE b.band IN ({marks})", values)}


def load_copy_originals(store: Store) -> dict[str, str]:
    """Every article the link stage found to copy another, with that original."""
    # `> ''` rather than IS NOT NULL: SQLite then reads the duplicate_of index, not the whole articles table
    # (ids are never empty)
    return {r[0]: r[1] for r in store.conn.execute(
        "SELECT id, duplicate_of FROM articles WHERE duplicate_of > ''")}
