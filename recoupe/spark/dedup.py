"""Near-duplicates on Spark: the local index's candidates found by a join, then the local rule on the driver.

The local index (`DuplicateFinder`) finds an article's candidates by LSH banding of its MinHash signature and
keeps those whose Jaccard estimate reaches the threshold. Here the workers compute the same signatures and
their band keys (`band_keys`, the bands datasketch draws for the same threshold), articles sharing a band
key are joined, and the same estimate test keeps the matches: the pairs are the ones the local index would
find, at any scale. Matches are few (copies are a small share of any corpus: 2 of 35 dev articles); they are
collected to the driver, where `CopyRule` (the local index's rule) decides in publication order which
article each copy points at (`spark/linking.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from recoupe.link.dedup import DedupOptions, estimated_jaccard

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def find_matches(ranked: DataFrame, stored: DataFrame | None = None) -> tuple[dict[str, list[str]], int]:
    """Article id → ids of the earlier articles (by rank) it near-duplicates, and the number of candidate
    pairs (articles sharing a band key). `stored`: the signatures a continued store remembers (negative
    ranks, `spark/continuing.py`), matched as earlier articles, never among themselves."""
    from pyspark.sql import functions as F

    threshold = DedupOptions().threshold
    signed = ranked.select("rank", "id", "signature", "bands")
    if stored is not None:
        signed = signed.unionByName(stored)
    bands = signed.where(F.size("bands") > 0).select("rank", "id", "signature", F.explode("bands").alias("band"))
    later, earlier = bands.alias("a"), bands.alias("b")
    pairs = (later.join(earlier, F.col("a.band") == F.col("b.band"))
             .where((F.col("a.rank") > F.col("b.rank")) & (F.col("a.rank") >= 0))
             .select(F.col("a.id").alias("a"), F.col("b.id").alias("b"),
                     F.col("a.signature").alias("sa"), F.col("b.signature").alias("sb"))
             .dropDuplicates(["a", "b"])).persist()
    candidates = pairs.count()
    matches: dict[str, list[str]] = {}
    for row in pairs.rdd.filter(lambda r: _copies(r["sa"], r["sb"], threshold)).collect():
        matches.setdefault(row["a"], []).append(row["b"])
    pairs.unpersist()
    return matches, candidates


def _copies(a: bytes, b: bytes, threshold: float) -> bool:
    """The local index's copy test on two signatures."""
    return estimated_jaccard(np.frombuffer(a, dtype=np.uint64), np.frombuffer(b, dtype=np.uint64)) >= threshold
