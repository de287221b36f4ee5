"""The Spark driver: read → near-duplicate matches → link pass → per-story institutions and timelines → Parquet.

Per-article work (ingest, clean, spaCy reading, signatures, records) runs in `mapPartitions` on the
executors; the band-key join of near-duplicates and the grouping by story shuffle; the link pass (the
duplicate rule, the entity linker and the story clusterer, `spark/linking.py`) runs on the driver because
it is sequential: it takes the articles in the local engine's order and calls its functions, so that both
engines give the same stories (see `docs/scaling.md`).
"""

from __future__ import annotations

import json
import os
import time
from typing import TYPE_CHECKING, Any

from recoupe.lang import PATH_VARIABLE
from recoupe.spark.continuing import (
    BASE_STATE,
    StoreStart,
    open_base,
    start_from,
    stored_article_ids,
    stored_signatures,
)
from recoupe.spark.dedup import find_matches
from recoupe.spark.linking import LINKS_SCHEMA, link_on_driver
from recoupe.spark.options import SparkOptions, SparkReport
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
    """Analyze `input_path` on `spark` and write the tables under `out`, continuing the store
    `options.from_db` when given; return what happened."""
    share_plug_path(spark)
    if options.from_db is None:
        return _run(spark, input_path, out, options, None)
    with open_base(options.from_db) as store:
        return _run(spark, input_path, out, options, start_from(store))


def share_plug_path(spark: SparkSession) -> None:
    """Let the Python workers find the language plugs the driver finds: a plug outside the package (named by
    RECOUPE_LANG_PATH) must read its articles on the executors too, or they would be stored unread there."""
    folders = os.environ.get(PATH_VARIABLE)
    if folders:
        spark.sparkContext.environment[PATH_VARIABLE] = folders
    else:  # a session outlives a run: the next one must not see plugs its driver no longer sees
        spark.sparkContext.environment.pop(PATH_VARIABLE, None)


def _run(spark: SparkSession, input_path: str, out: str, options: SparkOptions,
         start: StoreStart | None) -> SparkReport:
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
    skip = _already_stored(read.where(kept), start, report)
    ranked = rank_articles(read, skip).persist(StorageLevel.MEMORY_AND_DISK)
    clock.lap("read")

    stored = stored_signatures(spark, start) if start is not None else None
    matches, report.candidate_pairs = find_matches(ranked, stored)
    clock.lap("dedup")

    linked = link_on_driver(ranked, matches, options.language, options.story_prefix, start)
    report.duplicates = linked.duplicates
    links = spark.createDataFrame(linked.rows or [("", "", None, "{}")], LINKS_SCHEMA)
    clock.lap("link")

    members = ranked.join(links, "id").persist(StorageLevel.MEMORY_AND_DISK)
    language, titles = options.language, linked.titles
    per_story = members.rdd.map(lambda r: (r["story"], r)).groupByKey().mapPartitions(
        lambda groups: story_partition(groups, language, titles))
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
    # the clusterer's snapshot (bounded by its caps), the entity linker's counter, then one row per entity
    # ("entity:g12"): no single value grows with the corpus
    state_rows = [("stories", json.dumps(linked.stories_state, ensure_ascii=False)),
                  ("entities", json.dumps(linked.entity_counter))]
    state_rows += [(f"{ENTITY_STATE_PREFIX}{s['id']}", json.dumps(s, ensure_ascii=False)) for s in linked.entity_states]
    state_rows += [(name, json.dumps(state, ensure_ascii=False)) for name, state in linked.other_states.items()]
    if start is not None:  # the store snapshot this run continues: `recoupe load` takes it only there
        state_rows.append((BASE_STATE, json.dumps({"revision": start.revision})))
    write_frame(spark.createDataFrame(state_rows, SCHEMAS["link_state"]), "link_state", out)
    clock.lap("write")
    for frame in (records, built, members, ranked, read):
        frame.unpersist()
    return report


def _already_stored(articles: DataFrame, start: StoreStart | None, report: SparkReport) -> set[str]:
    """The run's articles the store it continues already holds, noted in the report: they are left as stored
    (the local engine, too, leaves an article it holds unchanged; it reads a changed one again, this run not)."""
    if start is None:
        return set()
    skip = stored_article_ids(start.store, [r["id"] for r in articles.select("id").collect()])
    if skip:
        report.skipped = len(skip)
        report.issues.append(f"warning: {len(skip)} articles already in the store the run continues; left as stored")
    return skip


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
