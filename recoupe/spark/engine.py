"""The Spark driver: read → near-duplicates → entities → stories → per-story timelines → Parquet tables.

Per-article work (ingest, clean, spaCy reading, vectors, records) runs in `mapPartitions` on the executors;
the joins of blocking and MinHashLSH shuffle; three steps run on the driver because they are sequential
and bounded in size (see `docs/scaling.md`): the near-duplicate rule over the pairs above threshold, the
entity linker over every article's entity records, and the union-find over story edges (while they are few).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from recoupe.link.stories import StoryOptions
from recoupe.spark.dedup import duplicate_roots, find_duplicate_pairs
from recoupe.spark.entities import LINKS_SCHEMA, link_entities
from recoupe.spark.options import SparkOptions, SparkReport
from recoupe.spark.stories import (
    DRIVER_EDGES,
    FEATURE_SCHEMA,
    article_vectors,
    components_on_driver,
    connected_components,
    document_frequencies,
    lemma_counts,
    split_components,
    story_edges,
    story_ids,
)
from recoupe.spark.timelines import STORY_SCHEMA, story_partition
from recoupe.spark.write import (
    ENTITY_STATE_PREFIX,
    SCHEMAS,
    TABLES,
    article_tables,
    story_tables,
    write_frame,
    write_table,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

# Input problems kept in the report (the count is exact; the list is for the user to read).
MAX_ISSUES = 50


def run_pipeline(spark: SparkSession, input_path: str, out: str, options: SparkOptions) -> SparkReport:
    """Analyze `input_path` on `spark` and write the tables under `out`; return what happened."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from recoupe.spark.articles import rank_articles, read_articles

    report = SparkReport()
    clock = _Clock(report)
    read = read_articles(spark, input_path, options).persist(StorageLevel.MEMORY_AND_DISK)
    kept = F.col("id").isNotNull() & (F.col("first_line") == 1)
    stats = read.agg(F.sum(F.when(kept, 1).otherwise(0)).alias("articles"),
                     F.sum(F.when(kept & F.col("reading").isNotNull(), 1).otherwise(0)).alias("read"),
                     F.sum(F.when(F.col("first_line") > 1, 1).otherwise(0)).alias("repeated"),
                     F.sum(F.size("issues")).alias("issues"),
                     F.sum(F.size(F.filter("issues", lambda i: i.startswith("error")))).alias("errors")).first()
    if stats is None:  # an aggregate always has its one row; a run on nothing has nothing to do
        return report
    report.articles, report.read = int(stats["articles"] or 0), int(stats["read"] or 0)
    report.failed = int(stats["errors"] or 0) + int(stats["repeated"] or 0)
    if stats["issues"]:
        report.issues = [r["issue"] for r in read.select(F.explode("issues").alias("issue")).limit(MAX_ISSUES)
                         .collect()]
    if stats["repeated"]:  # the local engine keeps the first and reports the others as errors, too
        report.issues.append(f"error: {stats['repeated']} lines repeat an article id already used; skipped")
    ranked = rank_articles(read).persist(StorageLevel.MEMORY_AND_DISK)
    clock.lap("read")

    roots = duplicate_roots(find_duplicate_pairs(ranked, options))
    report.duplicates = len(roots)
    clock.lap("dedup")

    linked = link_entities(ranked, options.language)
    links = spark.createDataFrame(linked.rows, LINKS_SCHEMA)
    clock.lap("entities")

    rank_of = ranked.select("rank", "id")
    dup = spark.createDataFrame([(k, v) for k, v in roots.items()] or [(-1, -1)], "rank long, root long")
    dup = dup.join(rank_of.withColumnRenamed("rank", "root").withColumnRenamed("id", "duplicate_of"), "root")
    lemmas_udf = F.udf(lambda reading: lemma_counts(reading), "map<string,int>")
    base = (ranked.join(links, "id", "left").join(dup.select("rank", "duplicate_of"), "rank", "left")
            .withColumn("lemmas", lemmas_udf("reading"))).persist(StorageLevel.MEMORY_AND_DISK)
    stories, vectors, report.candidate_pairs, report.story_pairs = _stories(base, report.articles, options)
    clock.lap("stories")

    members = base.join(stories, "rank").join(vectors.select("rank", "lemma_vec"), "rank")
    language = options.language
    per_story = members.rdd.map(lambda r: (r["story"], r)).groupByKey().mapPartitions(
        lambda groups: story_partition(groups, language))
    built = spark.createDataFrame(per_story, STORY_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK)
    outcomes = built.select("changes", "renamed").collect()
    report.stories = len(outcomes)
    changes = {k: v for r in outcomes for k, v in (r["changes"] or {}).items()}
    renamed = {e["id"]: e for r in outcomes for e in json.loads(r["renamed"])}
    clock.lap("timelines")

    final = members.withColumn("links", _relink(changes)("links"))
    records = spark.createDataFrame(final.rdd.mapPartitions(article_tables), "table string, json string")
    records = records.union(spark.createDataFrame(
        built.rdd.flatMap(lambda r: story_tables(r["record"])), "table string, json string"))
    records = records.persist(StorageLevel.MEMORY_AND_DISK)
    for name in (t for t in TABLES if t != "entities"):
        write_table(records, name, out)
    entities = _entity_table(spark, out, linked.entities, renamed)
    report.entities = entities.count()
    write_frame(entities, "entities", out)
    # the linker's counter, then one row per entity ("entity:g12"): no single value grows with the corpus
    state_rows = [("entities", json.dumps(linked.state))]
    state_rows += [(f"{ENTITY_STATE_PREFIX}{s['id']}", json.dumps(s, ensure_ascii=False)) for s in linked.entity_states]
    write_frame(spark.createDataFrame(state_rows, SCHEMAS["link_state"]), "link_state", out)
    clock.lap("write")
    for frame in (records, built, vectors, stories, base, ranked, read):
        frame.unpersist()
    return report


def _stories(base: DataFrame, documents: int, options: SparkOptions) -> tuple[DataFrame, DataFrame, int, int]:
    """(rank, story) for every article, the article vectors, the number of candidate pairs and of pairs above
    the threshold."""
    vectors = base.sparkSession.createDataFrame(
        base.select("rank", "published", "lemmas", "entity_keys").rdd.mapPartitions(_vectors_of(base, documents, options)),
        FEATURE_SCHEMA).persist()
    edges, candidates = story_edges(vectors, options.blocking, StoryOptions(language=options.language))
    edges = edges.persist()
    kept = edges.count()
    if kept <= DRIVER_EDGES:
        labels = components_on_driver(vectors.select("rank"), edges)
    else:
        labels = connected_components(vectors.select("rank"), edges)
    labels = split_components(vectors, labels, StoryOptions(language=options.language))
    stories = story_ids(labels, options.story_prefix).persist()
    stories.count()
    edges.unpersist()
    return stories, vectors, candidates, kept


def _vectors_of(base: DataFrame, documents: int, options: SparkOptions) -> Any:
    """A partition function computing article vectors against corpus-wide document frequencies."""
    sc = base.sparkSession.sparkContext
    lemma_df = sc.broadcast(document_frequencies(base, "lemmas"))
    entity_df = sc.broadcast(document_frequencies(base, "entity_keys"))
    blocking = options.blocking

    def run(rows: Iterator[Any]) -> Iterator[tuple[Any, ...]]:
        return article_vectors(rows, documents, lemma_df.value, entity_df.value, blocking)

    return run


def _relink(changes: dict[str, str]) -> Any:
    """A UDF applying the institution links changed per story to an article's local → global links."""
    from pyspark.sql import functions as F

    def apply(links: str | None) -> str:
        mapping = json.loads(links or "{}")
        return json.dumps({k: changes.get(k, v) for k, v in mapping.items()}, separators=(",", ":"))

    return F.udf(lambda links: apply(links), "string")


def _entity_table(spark: SparkSession, out: str, entities: list[Any], renamed: dict[str, dict[str, Any]]) -> DataFrame:
    """Global entities (name, type, aliases; renamed ones from the story stage) with all their mentions."""
    from pyspark.sql import functions as F

    attributes = [renamed.get(g.id, {"id": g.id, "name": g.name, "type": g.type, "aliases": g.aliases})
                  for g in entities]
    attributes += [e for gid, e in renamed.items() if gid not in {g.id for g in entities}]
    frame = spark.createDataFrame([(a["id"], a["name"], a["type"], list(a["aliases"])) for a in attributes],
                                  "id string, name string, type string, aliases array<string>")
    mentions = spark.read.parquet(f"{out.rstrip('/')}/mentions")
    grouped = mentions.groupBy("entity").agg(F.sort_array(F.collect_list(F.struct(
        "article", "start", "end", "text"))).alias("m"))
    grouped = grouped.select(F.col("entity").alias("id"), F.transform("m", lambda m: F.struct(
        m["article"].alias("article"), m["text"].alias("text"), m["start"].alias("start"),
        m["end"].alias("end"))).alias("mentions"))
    return frame.join(grouped, "id").select("id", "name", "type", "aliases", "mentions")


class _Clock:
    """Seconds per stage, into the report."""

    def __init__(self, report: SparkReport) -> None:
        self.report = report
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.report.seconds[stage] = round(now - self.last, 2)
        self.last = now
