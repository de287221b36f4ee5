"""The Spark engine: `run_spark` analyzes a corpus on a cluster (or local[N]) into Parquet tables in the shapes
of the export, and `load_parquet` brings those tables into a store for the CLI and the web app.

PySpark is an optional extra (`pip install 'recoupe[spark]'`): nothing here imports it before a run starts,
and a missing PySpark or Java is one clear error (`SparkUnavailableError`). `load_parquet` needs pyarrow only.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from recoupe.spark.options import SparkOptions, SparkReport
from recoupe.spark.session import SparkError, SparkRunError, SparkUnavailableError, build_session, check_spark

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from recoupe.spark.load import LoadReport
    from recoupe.store import Store

__all__ = ["SparkError", "SparkOptions", "SparkReport", "SparkRunError", "SparkUnavailableError",
           "build_session", "check_spark", "load_parquet", "run_spark"]


def run_spark(input: str, out: str, options: SparkOptions | None = None,
              spark: SparkSession | None = None) -> SparkReport:
    """Analyze the JSONL or Parquet at `input` (any path Spark reads) into Parquet tables under `out`.

    Starts a session at `options.master` unless one is given (tests and benches share theirs).
    """
    options = options or SparkOptions()
    check_spark()
    from recoupe.spark.engine import run_pipeline

    started = time.perf_counter()
    session = spark or build_session(options.master, shuffle_partitions=options.shuffle_partitions,
                                     driver_memory=options.driver_memory)
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    try:
        report = run_pipeline(session, input, out, options)
    except (PySparkException, Py4JError) as exc:  # Spark's errors carry a JVM trace: keep the first line
        lines = [line for line in str(exc).splitlines() if line.strip()]
        raise SparkRunError(f"Spark run failed: {lines[0] if lines else type(exc).__name__}") from exc
    report.seconds["total"] = round(time.perf_counter() - started, 2)
    return report


def load_parquet(folder: str | Path, store: Store, language: str = "fr") -> LoadReport:
    """Bring a Spark run's tables (a local folder) into `store`, replacing what a previous load wrote; the
    story clusterer's state is rebuilt with `language`'s plug, so later local runs join the loaded stories."""
    from recoupe.spark.load import load_tables

    return load_tables(Path(folder), store, language)
