"""What a Spark run should do (one options record, as the CLI builds it) and what it did."""

from __future__ import annotations

from dataclasses import dataclass, field

from recoupe.pipeline import BATCH_SIZE


@dataclass(frozen=True)
class BlockingOptions:
    """How candidate story pairs are found without comparing every pair of articles.

    Two articles are a candidate pair when they share one of their `top_lemmas` heaviest lemmas or
    `top_entities` heaviest entity keys (TF-IDF weight), among features in at most `max_df` articles, and
    were published within `window_days` of each other (or either is undated). On the dev corpus (35
    articles, /tmp sweep 5/3, 10/5, 20/10) 10/5 keeps every pair the components need (B-cubed 1.000 with
    196 of 595 pairs; 5/3 loses one article, 0.972). `max_df` bounds each block: a block of k articles makes
    k²/2 pairs, so 200 caps a block at 20,000 pairs; features commoner than that carry little IDF weight and
    are never among an article's heaviest anyway. `window_days` is the clusterer's idle window (548 days):
    the local engine never joins articles further apart than that either.
    """

    top_lemmas: int = 10
    top_entities: int = 5
    max_df: int = 200
    window_days: int = 548


@dataclass(frozen=True)
class SparkOptions:
    """A Spark run: where Spark runs, how input is read, batch size of the reading stage, blocking."""

    master: str = "local[2]"
    language: str = "fr"
    input_format: str = "auto"  # auto | jsonl | parquet
    batch_size: int = BATCH_SIZE
    shuffle_partitions: int = 4
    partitions: int = 0  # partitions of the reading stage; 0 = Spark's default parallelism
    # MinHash tables of MinHashLSH: Spark ORs its tables (one hash each), so a pair at Jaccard 0.5 is a
    # candidate with probability 1 - 0.5**10 = 0.999; the exact distance then filters the candidates.
    hash_tables: int = 10
    blocking: BlockingOptions = field(default_factory=BlockingOptions)
    story_prefix: str = "sp"  # story ids "sp1", "sp2"...: never equal to the local engine's "s1"...
    driver_memory: str | None = None


@dataclass
class SparkReport:
    """What a Spark run did: counts, the input problems met (first ones), seconds per stage."""

    articles: int = 0
    read: int = 0
    duplicates: int = 0
    stories: int = 0
    entities: int = 0
    candidate_pairs: int = 0
    story_pairs: int = 0
    issues: list[str] = field(default_factory=list)
    failed: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
