"""pytest plugin: a real PostgreSQL server for the store tests, and a store fixture over both back-ends.

The server is the one named by `RECOUPE_TEST_PG` (a URL of a role allowed to create databases) or, when
that is unset, a throw-away cluster that each test session (each xdist worker) creates with Debian's
`initdb`/`pg_ctl`, listening on 127.0.0.1 only, and stops at the end. Every test gets a database of its own.
Without either, the PostgreSQL tests skip and say how to get a server.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

PG_ENV = "RECOUPE_TEST_PG"
NO_SERVER = (
    f"no PostgreSQL: set {PG_ENV}=postgresql://user@host/db or install Debian's postgresql "
    "(bash scripts/install-test-deps.sh) so that the tests can start their own"
)


@dataclass
class PgServer:
    """A PostgreSQL server the tests may create databases on."""

    admin_url: str
    prefix: str
    counter: Iterator[int] = field(default_factory=itertools.count)

    def create_database(self) -> tuple[str, str]:
        """Create a fresh empty database; return (its name, its URL)."""
        import psycopg

        name = f"{self.prefix}_{next(self.counter)}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return name, replace_dbname(self.admin_url, name)

    def drop_database(self, name: str) -> None:
        """Drop a database made by `create_database`, even with clients still connected."""
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def replace_dbname(url: str, dbname: str) -> str:
    """The same server URL pointing at another database."""
    head, sep, query = url.partition("?")
    scheme, _, rest = head.partition("://")
    authority = rest.split("/", 1)[0]
    return f"{scheme}://{authority}/{dbname}{sep}{query}"


def find_pg_bin() -> Path | None:
    """The folder holding `initdb` and `pg_ctl`: on PATH, else Debian's newest /usr/lib/postgresql/N/bin."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    return candidates[-1].parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalCluster:
    """A temporary PostgreSQL cluster in its own folder, run as the `postgres` user when we are root."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="recoupe-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_root:  # initdb and postgres refuse to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()} {tail}")

    def start(self) -> str:
        """Create and start the cluster; return the admin URL."""
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        # fsync and friends off: a test cluster is thrown away, and this makes each test database cheap
        settings = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.folder}"
                    " -c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w", "-t", "60",
                  "-o", settings, "start")
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        """Stop the server and delete its folder."""
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def _worker(config: pytest.Config) -> str:
    workerinput: dict[str, Any] | None = getattr(config, "workerinput", None)
    return str(workerinput["workerid"]) if workerinput else "main"


@pytest.fixture(scope="session")
def pg_server(request: pytest.FixtureRequest) -> Iterator[PgServer]:
    """The PostgreSQL server of this test session (this xdist worker); skips when there is none."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed: pip install 'recoupe[postgres]'")
    prefix = f"recoupe_test_{_worker(request.config)}_{os.getpid()}"
    url = os.environ.get(PG_ENV)
    if url:
        yield PgServer(url, prefix)
        return
    bin_dir = find_pg_bin()
    if bin_dir is None:
        pytest.skip(NO_SERVER)
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: cannot start PostgreSQL as the postgres user")
    cluster = LocalCluster(bin_dir)
    try:
        admin = cluster.start()
    except (RuntimeError, KeyError, LookupError, OSError, subprocess.TimeoutExpired) as exc:
        cluster.stop()
        pytest.fail(f"could not start a test PostgreSQL cluster: {exc}")
    try:
        yield PgServer(admin, prefix)
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """The URL of a fresh, empty database of its own for one test."""
    name, url = pg_server.create_database()
    try:
        yield url
    finally:
        import psycopg

        with contextlib.suppress(psycopg.Error):  # a test that broke the server must not hide its own failure
            pg_server.drop_database(name)


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a store lives, once per back-end: a SQLite file path or a PostgreSQL URL."""
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return str(tmp_path / "store.db")


@pytest.fixture
def any_store(store_target: str) -> Iterator[Any]:
    """An open, migrated store on each back-end in turn."""
    from recoupe.store import open_store

    store = open_store(store_target)
    try:
        yield store
    finally:
        store.close()
