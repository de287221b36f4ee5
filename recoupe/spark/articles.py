"""The per-article stages on Spark: input records → ingest → clean → language → spaCy reading, per partition.

Each partition builds one `Engine` (one spaCy load per Python worker, reused across tasks) and calls the
very functions the local engine calls: `parse_line` (which calls `article_from_record`), `Engine.prepare`
(the article's language detected, then its cleaning in that language) and `Engine.read` in batches (each
article read by its language's plug; one in a language without a plug is kept unread, and said so). Rows carry the article and its reading as JSON of the records the store
keeps (`codec.py`), plus what the link stage needs of them: the MinHash signature and its LSH band keys
(near-duplicates), the headline, lemma counts and entities (the linkers).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from recoupe.link.dedup import band_keys
from recoupe.link.stories import headline
from recoupe.records import ReadArticle, Reading
from recoupe.spark.codec import dump_article, dump_reading
from recoupe.spark.options import SparkOptions

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

# Articles per reading task when the run does not say: a gzip file is one Spark partition, so the input is
# always spread; 1,000 articles is 5-10 minutes of spaCy per task, short enough that a lost task costs little.
ARTICLES_PER_PARTITION = 1000

READ_SCHEMA = ("id string, published string, language string, unread boolean, article string, reading string,"
               " entities string, lemmas string, headline string, bands array<binary>, signature binary,"
               " issues array<string>")


def input_lines(spark: SparkSession, path: str, options: SparkOptions) -> DataFrame:
    """The input as (origin, line) rows: JSON Lines as they are, Parquet rows turned into JSON objects."""
    from pyspark.sql import functions as F

    fmt = options.input_format
    if fmt == "auto":
        fmt = "parquet" if path.rstrip("/").endswith(".parquet") or _has_parquet(path) else "jsonl"
    if fmt == "parquet":
        frame = spark.read.parquet(path)
        frame = frame.select(F.to_json(F.struct(*frame.columns)).alias("value"), F.input_file_name().alias("file"))
    else:
        frame = spark.read.text(path).select("value", F.input_file_name().alias("file"))
    numbered = frame.rdd.zipWithIndex().map(lambda p: (f"{p[0][1]}:{p[1] + 1}", p[0][0]))
    return spark.createDataFrame(numbered, "origin string, line string")


def _has_parquet(path: str) -> bool:
    from pathlib import Path

    folder = Path(path)
    return folder.is_dir() and any(folder.glob("*.parquet"))


def read_partition(rows: Iterable[Any], options: SparkOptions) -> Iterator[tuple[Any, ...]]:
    """Ingest, clean and read one partition's input lines in batches, with this worker's Engine."""
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= options.batch_size:
            yield from _read_batch(worker_engine(options.language, options.batch_size), batch)
            batch = []
    if batch:
        yield from _read_batch(worker_engine(options.language, options.batch_size), batch)


@cache
def worker_engine(language: str, batch_size: int) -> Any:
    """This Python worker's Engine, built on its first batch: spaCy loads once per worker process, not once
    per partition (Spark reuses its Python workers across tasks), as `read/workers.py` does for the local pool."""
    from recoupe.pipeline import AnalyzeOptions, Engine

    return Engine(AnalyzeOptions(language=language, batch_size=batch_size))


def _read_batch(engine: Any, rows: list[Any]) -> Iterator[tuple[Any, ...]]:
    from recoupe.ingest.jsonl import parse_line
    from recoupe.records import Article, ingest_hash

    articles: list[Article] = []
    notes: dict[str, list[str]] = {}
    for origin, line in rows:
        items = parse_line((line or "").encode("utf-8"), origin)
        issues = [f"{i.severity}: {i}" for i in items if not isinstance(i, Article)]
        found = [i for i in items if isinstance(i, Article)]
        if not found:
            yield (None, None, None, None, None, None, None, None, None, None, None, issues)
            continue
        article = found[0]
        article.content_hash = ingest_hash(article)
        articles.append(engine.prepare(article))
        notes[article.id] = issues

    def on_error(article: Article, exc: Exception) -> None:
        notes.setdefault(article.id, []).append(
            f"warning: {article.origin}: reading failed ({type(exc).__name__}: {exc}); stored without its reading")

    readings = engine.read(articles, on_error)
    finder = worker_duplicate_finder()
    for article, reading in zip(articles, readings, strict=True):
        signature = finder.signature(article.clean_text)
        title = headline(ReadArticle(article, Reading(article=article.id)))  # drawn from the article alone
        yield (article.id, article.published, article.language, engine.unread(article), dump_article(article),
               dump_reading(reading) if reading is not None else None,
               json.dumps([], ensure_ascii=False) if reading is None else _entities_json(reading),
               json.dumps(reading.lemmas if reading is not None else {}, ensure_ascii=False), title,
               band_keys(signature), signature, notes.get(article.id, []))


@cache
def worker_duplicate_finder() -> Any:
    """This worker's DuplicateFinder, only to compute MinHash signatures (it draws its permutations once)."""
    from recoupe.link.dedup import DuplicateFinder

    return DuplicateFinder()


def _entities_json(reading: Any) -> str:
    from recoupe.spark.codec import dump_entities

    return dump_entities(reading.entities)


def read_articles(spark: SparkSession, path: str, options: SparkOptions) -> DataFrame:
    """Every input line, read: one row per article (id None for a line that is no article, with its issues);
    `first_line` numbers the rows of one id, so that a repeated id keeps one article (chosen deterministically)."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    lines = input_lines(spark, path, options)
    partitions = options.partitions or max(spark.sparkContext.defaultParallelism,
                                            -(-lines.count() // ARTICLES_PER_PARTITION))
    lines = lines.repartition(partitions)
    opts = options
    read = spark.createDataFrame(lines.rdd.mapPartitions(lambda rows: read_partition(rows, opts)), READ_SCHEMA)
    return read.withColumn("first_line", F.row_number().over(
        Window.partitionBy("id").orderBy(F.col("article"))))


def rank_articles(read: DataFrame, skip: Collection[str] = ()) -> DataFrame:
    """Keep one row per id, but none of `skip` (articles the continued store holds), and number the articles
    in publication order (undated last, then by id)."""
    from pyspark.sql import functions as F

    kept = read.where(F.col("id").isNotNull() & (F.col("first_line") == 1)).drop("first_line")
    if skip:
        kept = kept.where(~F.col("id").isin(sorted(skip)))
    order = kept.select("id", "published").orderBy(F.col("published").isNull(), "published", "id")
    ranked = order.rdd.zipWithIndex().map(lambda p: (p[0][0], p[1]))
    ranks = kept.sparkSession.createDataFrame(ranked, "id string, rank long")
    return kept.join(ranks, "id")
