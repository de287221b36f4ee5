"""What a Spark run should do (one options record, as the CLI builds it) and what it did."""

from __future__ import annotations

from dataclasses import dataclass, field

from recoupe.pipeline import BATCH_SIZE


@dataclass(frozen=True)
class SparkOptions:
    """A Spark run: where Spark runs, how input is read, batch size of the reading stage, story ids, and the
    store it continues, if any."""

    master: str = "local[2]"
    language: str = "fr"
    input_format: str = "auto"  # auto | jsonl | parquet
    batch_size: int = BATCH_SIZE
    shuffle_partitions: int = 4
    partitions: int = 0  # partitions of the reading stage; 0 = Spark's default parallelism
    story_prefix: str = "sp"  # story ids "sp1", "sp2"...: never equal to the local engine's "s1"...
    driver_memory: str | None = None
    from_db: str | None = None  # a store whose link state the run continues (`spark/continuing.py`)


@dataclass
class SparkReport:
    """What a Spark run did: counts, the input problems met (first ones), seconds per stage."""

    articles: int = 0
    read: int = 0
    duplicates: int = 0
    stories: int = 0
    entities: int = 0
    candidate_pairs: int = 0  # article pairs sharing a near-duplicate band key (then tested as the local index does)
    issues: list[str] = field(default_factory=list)
    failed: int = 0
    skipped: int = 0  # articles of the input the continued store already holds (left as stored)
    seconds: dict[str, float] = field(default_factory=dict)
