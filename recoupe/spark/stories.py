"""Stories on Spark: blocking → pairs scored with the local clusterer's similarity → connected components.

1. Document frequencies of lemmas and entity keys over the whole corpus (one aggregation); each article's
   TF-IDF vectors are built with the local `FeatureSpace` formula from them.
2. Blocking: an article's heaviest lemmas and entity keys among the rarer features are its block keys;
   articles sharing a key and published within the window are candidate pairs (`BlockingOptions`).
3. Each block's pairs are scored where the block lands (`score_blocks`), with `combine_similarity`/
   `time_similarity`, the functions the local clusterer scores an article against a story with (the other
   article stands for a one-article story); a pair sharing several keys is scored in its smallest one only.
4. Pairs above the local threshold are edges; their connected components are found by union-find on the
   driver while the edges are few (`DRIVER_EDGES`), else by min-label propagation in Spark (each round a
   join; rounds ≈ the components' diameter).
5. Each component is split by the local clusterer's own pass over its articles (`split_components`): on a
   large corpus, single linkage chains topics through one strong pair each (on 2,000 OrangeSum articles the
   components alone gave 464 stories where the local engine gives 690).

On the dev corpus the components alone reproduce the local stories (B-cubed 1.000 at the local threshold
0.12, from 0.10 to 0.16); the split keeps that (see `make eval-spark`).
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from recoupe.link.stories import StoryClusterer, StoryOptions, combine_similarity, ordinal, time_similarity
from recoupe.link.story_space import FeatureSpace, cosine
from recoupe.spark.options import BlockingOptions

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

FEATURE_SCHEMA = ("rank long, day int, lemma_vec map<string,double>, entity_vec map<string,double>,"
                  " keys array<string>")

# Edges (pairs above the threshold) up to which components are found on the driver: a million pairs of
# longs stream through `toLocalIterator` in seconds and the union-find holds one entry per linked article;
# beyond, label propagation in Spark (each round costs a shuffle, so it only pays on big inputs).
DRIVER_EDGES = 1_000_000

# Rounds of label propagation before giving up: a component's labels settle in about its diameter in
# rounds; news stories are dense (every article shares terms with many), so a handful suffice in practice.
MAX_ROUNDS = 50


def document_frequencies(features: DataFrame, column: str) -> dict[str, int]:
    """In how many articles each key of a map column appears (collected: bounded by the vocabulary)."""
    from pyspark.sql import functions as F

    counts = features.select(F.explode(F.map_keys(column)).alias("term")).groupBy("term").count()
    return {r["term"]: int(r["count"]) for r in counts.collect()}


def article_vectors(rows: Iterable[Any], documents: int, lemma_df: dict[str, int], entity_df: dict[str, int],
                    blocking: BlockingOptions) -> Iterator[tuple[Any, ...]]:
    """TF-IDF vectors (the local formula, corpus-wide frequencies) and block keys of a partition's articles."""
    lemma_space = FeatureSpace.from_json({"max_size": len(lemma_df) + 1, "documents": documents, "df": lemma_df})
    entity_space = FeatureSpace.from_json({"max_size": len(entity_df) + 1, "documents": documents,
                                           "df": entity_df})
    for row in rows:
        lemma_vec = lemma_space.vector(row["lemmas"] or {})
        entity_vec = entity_space.vector(row["entity_keys"] or {})
        keys = [f"l:{t}" for t in _heaviest(lemma_vec, lemma_df, blocking.top_lemmas, blocking.max_df)]
        keys += [f"e:{t}" for t in _heaviest(entity_vec, entity_df, blocking.top_entities, blocking.max_df)]
        yield (row["rank"], ordinal(row["published"]), lemma_vec, entity_vec, keys)


def _heaviest(vec: dict[str, float], df: dict[str, int], k: int, max_df: int) -> list[str]:
    usable = [(t, w) for t, w in vec.items() if 1 < df.get(t, 0) <= max_df]  # a term in one article blocks nothing
    return [t for t, _ in heapq.nlargest(k, usable, key=lambda kv: (kv[1], kv[0]))]


def score_blocks(blocks: Iterable[Any], blocking: BlockingOptions,
                 options: StoryOptions) -> Iterator[tuple[int, int, float]]:
    """(a, b, similarity) for every pair of articles of each block published within the window, scored with
    the local clusterer's similarity (b stands for a one-article story).

    Two articles sharing several keys meet in several blocks: the pair is scored only in the block of the
    smallest key they share, so each candidate pair comes out once."""
    for block in blocks:
        key = block["key"]
        members = sorted(block["members"], key=lambda m: m["rank"])
        keys = [set(m["keys"]) for m in members]
        for i, a in enumerate(members):
            for j in range(i + 1, len(members)):
                b = members[j]
                if a["day"] is not None and b["day"] is not None and abs(a["day"] - b["day"]) > blocking.window_days:
                    continue
                if min(keys[i] & keys[j]) != key:
                    continue
                yield (a["rank"], b["rank"], pair_similarity(a, b, options))


def pair_similarity(a: Any, b: Any, options: StoryOptions) -> float:
    """The local clusterer's similarity of article `a` to a one-article story made of `b`."""
    time_sim = time_similarity(options, a["day"], b["day"], b["day"])
    ea, eb = a["entity_vec"] or {}, b["entity_vec"] or {}
    return combine_similarity(options, cosine(a["lemma_vec"] or {}, b["lemma_vec"] or {}), cosine(ea, eb),
                              bool(ea and eb), time_sim)


def story_edges(vectors: DataFrame, blocking: BlockingOptions, options: StoryOptions) -> tuple[DataFrame, int]:
    """Candidate pairs by blocking, scored; return the pairs above the local threshold and how many candidates.

    Articles are grouped by block key and each block's pairs are scored in Python where the block lands:
    an article's vectors travel once per key it has (at most `top_lemmas + top_entities`), not once per pair
    it is in. (Joining the vectors to each candidate pair instead spent most of an OrangeSum run turning the
    same maps into Python objects again and again: 36,152 articles, the scoring stage alone over 20 minutes.)
    """
    from pyspark.sql import functions as F

    member = F.struct("rank", "day", "lemma_vec", "entity_vec", "keys")
    blocks = (vectors.select(F.explode("keys").alias("key"), member.alias("member")).groupBy("key")
              .agg(F.collect_list("member").alias("members")).where(F.size("members") > 1))
    spark = vectors.sparkSession
    scored = spark.createDataFrame(blocks.rdd.mapPartitions(lambda rows: score_blocks(rows, blocking, options)),
                                   "a long, b long, score double").persist()
    count = scored.count()
    edges = scored.where(F.col("score") > options.threshold).select("a", "b").persist()
    edges.count()
    scored.unpersist()
    return edges, count


def components_on_driver(ranks: DataFrame, edges: DataFrame) -> DataFrame:
    """(rank, label) as `connected_components`, by union-find over the collected edges (for few edges)."""
    from pyspark.sql import functions as F

    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for row in edges.toLocalIterator():
        ra, rb = root(row["a"]), root(row["b"])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the smallest rank is the root: label = earliest article
    labels = [(x, root(x)) for x in list(parent) if root(x) != x]
    frame = ranks.sparkSession.createDataFrame(labels or [(-1, -1)], "rank long, found long")
    return ranks.join(frame, "rank", "left").select("rank", F.coalesce("found", "rank").alias("label"))


def connected_components(ranks: DataFrame, edges: DataFrame) -> DataFrame:
    """(rank, label): label = smallest rank in the article's component, by min-label propagation."""
    from pyspark.sql import functions as F

    both = edges.union(edges.select(F.col("b").alias("a"), F.col("a").alias("b"))).persist()
    labels = ranks.select("rank", F.col("rank").alias("label")).localCheckpoint()
    for _ in range(MAX_ROUNDS):
        offers = both.join(labels.withColumnRenamed("rank", "b"), "b").groupBy("a").agg(
            F.min("label").alias("offer"))
        updated = (labels.join(offers.withColumnRenamed("a", "rank"), "rank", "left")
                   .select("rank", F.least("label", F.coalesce("offer", "label")).alias("label"),
                           (F.coalesce("offer", "label") < F.col("label")).alias("changed"))).localCheckpoint()
        labels = updated.select("rank", "label")
        if updated.where("changed").limit(1).count() == 0:
            break
    both.unpersist()
    return labels


def split_components(vectors: DataFrame, labels: DataFrame, options: StoryOptions) -> DataFrame:
    """(rank, label): each connected component re-clustered by the local clusterer, so that one pair above
    the threshold no longer chains two topics into one story (single linkage does, on a large corpus).

    Components are only the blocks in which stories can lie; within each, the articles are added in
    publication order to a `StoryClusterer` (the local engine's greedy centroid rule, idle window and all),
    with their corpus-wide TF-IDF vectors. One task holds one component's vectors (~1 KB per article). The
    new label is the smallest rank of each sub-story, so `story_ids` numbers them as before.
    """
    spark = vectors.sparkSession
    members = vectors.select("rank", "day", "lemma_vec", "entity_vec").join(labels, "rank")
    grouped = members.rdd.map(lambda r: (r["label"], r)).groupByKey()
    return spark.createDataFrame(grouped.flatMap(lambda group: split_component(group[1], options)),
                                 "rank long, label long")


def split_component(rows: Iterable[Any], options: StoryOptions) -> Iterator[tuple[int, int]]:
    """(rank, label) of one component's articles after the local clusterer's pass over them in rank order."""
    ordered = sorted(rows, key=lambda r: r["rank"])
    if len(ordered) == 1:
        yield (ordered[0]["rank"], ordered[0]["rank"])
        return
    clusterer = StoryClusterer(options)
    story_of = {r["rank"]: clusterer.add_vectors(str(r["rank"]), "", r["day"], dict(r["lemma_vec"] or {}),
                                                 dict(r["entity_vec"] or {})) for r in ordered}
    first: dict[str, int] = {}
    for rank, story in story_of.items():  # ranks in order: the first seen is the smallest
        first.setdefault(story, rank)
    for rank, story in story_of.items():
        yield (rank, first[story])


def story_ids(labels: DataFrame, prefix: str) -> DataFrame:
    """(rank, story): stories numbered in order of their earliest article ("sp1" is the oldest story)."""

    firsts = labels.select("label").distinct().orderBy("label")
    numbered = firsts.rdd.zipWithIndex().map(lambda p: (p[0][0], f"{prefix}{p[1] + 1}"))
    names = labels.sparkSession.createDataFrame(numbered, "label long, story string")
    return labels.join(names, "label").select("rank", "story")


def lemma_counts(reading_json: str | None) -> dict[str, int]:
    """The lemma counts of a serialised reading (empty when the article was not read)."""
    if not reading_json:
        return {}
    return dict(json.loads(reading_json).get("lemmas", {}))
