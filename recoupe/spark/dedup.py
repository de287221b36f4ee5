"""Near-duplicates on Spark: Spark ML's MinHashLSH over the local engine's word shingles, then its rule.

The shingles are `recoupe.link.dedup.text_shingles` (hashed to ints on the workers, `articles.py`); candidate
pairs come from `approxSimilarityJoin` a margin below the local threshold, and are kept by the local test (the
Jaccard estimate of the two articles' datasketch MinHash signatures, computed on the workers by
`DuplicateFinder.signature`), so a pair at exact Jaccard 0.50 and estimate 0.46 (dev 029/030) is no copy
here either. The pairs above the
threshold are few (copies are a small share of any corpus: 2 of 35 dev articles) and are collected to the
driver, which applies the local rule in publication order: a copy points at the earliest article of its
group, following chains (`DuplicateFinder.add_signature`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from recoupe.link.dedup import DedupOptions, estimated_jaccard
from recoupe.spark.articles import SHINGLE_SPACE
from recoupe.spark.options import SparkOptions

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

# How far below the threshold (in exact Jaccard) candidates are kept for the MinHash test: the estimate's
# standard error is 0.045 at 128 permutations, so 0.15 (over 3 errors) loses no pair the local index keeps.
CANDIDATE_MARGIN = 0.15


def find_duplicate_pairs(ranked: DataFrame, options: SparkOptions) -> list[tuple[int, int]]:
    """(later rank, earlier rank) of every article pair whose shingle sets are at least as similar as the
    local threshold."""
    from pyspark.ml.feature import MinHashLSH
    from pyspark.ml.linalg import SparseVector, VectorUDT
    from pyspark.sql import functions as F

    threshold = DedupOptions().threshold

    def vector(indices: list[int]) -> SparseVector:
        return SparseVector(SHINGLE_SPACE, indices, [1.0] * len(indices))

    to_vector = F.udf(lambda indices: vector(indices), VectorUDT())

    frame = (ranked.where(F.size("shingles") > 0)
             .select("rank", to_vector("shingles").alias("features"), "signature"))
    model = MinHashLSH(inputCol="features", outputCol="hashes", numHashTables=options.hash_tables,
                       seed=1).fit(frame)
    # Spark filters candidates on the exact Jaccard distance (1 - J); the local index on its MinHash estimate.
    # Keep every pair whose exact J is within CANDIDATE_MARGIN below the threshold, then apply the local test.
    bound = 1.0 - (threshold - CANDIDATE_MARGIN)
    joined = model.approxSimilarityJoin(frame, frame, bound, distCol="distance")
    pairs = joined.select(F.col("datasetA.rank").alias("a"), F.col("datasetB.rank").alias("b"),
                          F.col("datasetA.signature").alias("sa"), F.col("datasetB.signature").alias("sb"))
    copies = pairs.where("a > b").rdd.filter(lambda r: _copies(r["sa"], r["sb"], threshold))
    return [(int(r["a"]), int(r["b"])) for r in copies.collect()]


def _copies(a: bytes, b: bytes, threshold: float) -> bool:
    """The local index's copy test on two stored signatures."""
    return estimated_jaccard(np.frombuffer(a, dtype=np.uint64), np.frombuffer(b, dtype=np.uint64)) >= threshold


def duplicate_roots(pairs: list[tuple[int, int]]) -> dict[int, int]:
    """Rank of each copy → rank of the article it copies: the earliest root among its earlier matches,
    decided in publication order as the local `DuplicateFinder` does."""
    earlier: dict[int, list[int]] = {}
    for later, before in pairs:
        earlier.setdefault(later, []).append(before)
    root: dict[int, int] = {}
    for article in sorted(earlier):
        roots = [root.get(k, k) for k in earlier[article]]
        root[article] = min(roots)
    return root
