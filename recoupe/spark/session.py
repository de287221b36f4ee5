"""A SparkSession for recoupe: local mode for tests and one machine, or whatever master a cluster gives.

Spark is imported here and only here at session time, so that the default install never needs it.
Local mode binds to 127.0.0.1 and never resolves the host name, so it runs on a machine without network.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# Shuffle partitions: Spark's default (200) makes hundreds of near-empty tasks on a small corpus; twice the
# cores of local[2] keeps both busy. A cluster run passes its own value (SparkOptions.shuffle_partitions).
DEFAULT_SHUFFLE_PARTITIONS = 4


class SparkError(RuntimeError):
    """A Spark run could not be done; the message is one line for the user."""


class SparkUnavailableError(SparkError):
    """PySpark or Java is missing: the message says what to install."""


class SparkRunError(SparkError):
    """Spark failed during a run (input not found, a task failed): its first line, without the JVM trace."""


def check_spark() -> None:
    """Raise SparkUnavailableError with one clear line when PySpark or Java is missing."""
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise SparkUnavailableError("the Spark engine needs PySpark: pip install 'recoupe[spark]'") from exc
    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        raise SparkUnavailableError("the Spark engine needs Java 17 or later (no java on PATH, JAVA_HOME unset)")


def build_session(master: str = "local[2]", app_name: str = "recoupe",
                  shuffle_partitions: int = DEFAULT_SHUFFLE_PARTITIONS,
                  driver_memory: str | None = None) -> SparkSession:
    """Start (or reuse) a SparkSession with quiet logs; in local mode, Python workers run this interpreter."""
    check_spark()
    _set_java_home()
    from pyspark.sql import SparkSession

    local = master.startswith("local")
    if local:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (SparkSession.builder.master(master).appName(app_name)
               .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               # pandas is not a dependency: plain (pickled) Python UDFs, without Arrow's fallback warning
               .config("spark.sql.execution.arrow.pyspark.enabled", "false")
               .config("spark.sql.execution.pythonUDF.arrow.enabled", "false")
               # one spaCy model per Python worker: reuse workers across tasks instead of forking anew
               .config("spark.python.worker.reuse", "true"))
    if local:
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    if driver_memory:
        builder = builder.config("spark.driver.memory", driver_memory)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _set_java_home() -> None:
    """Point JAVA_HOME at the java on PATH when it is unset (Spark's launcher wants it on some systems)."""
    if os.environ.get("JAVA_HOME"):
        return
    java = shutil.which("java")
    if java:
        os.environ["JAVA_HOME"] = str(Path(java).resolve().parent.parent)
