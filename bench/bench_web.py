"""Latency of `recoupe serve` pages on a store: median and p95 over sequential requests from a local client.

Starts the web app (`recoupe.serve.app.create_app`) under uvicorn on a free
loopback port in a child process (so that server and client do not share a
GIL), waits until it answers, then sends N sequential requests with httpx
for each of:

- the stories list (`/`);
- the story page of the largest story and of a typical one (median size
  among stories of two or more articles), warmed up first;
- N distinct random stories of two or more articles, cold (never asked before);
- the article page of an article of the largest story (warm), and N distinct
  random articles (cold);
- a search for each of a few common French words (`/search?q=...`), warm.

The app caches some pages (a story page, the stories list): the warm rows
measure a reader coming back, the cold rows a page never served yet, and the
"first ms" column the very first request to each warmed page.

It prints the store's article and story counts and, per page, the median,
p95 and max latency in milliseconds, the first request's time and the number
of non-200 answers. It prints numbers only: no pass/fail (the target is p95
under 100 ms).

    .venv/bin/python bench/bench_web.py --db out/demo.db [--requests 200] [--words canal,navire]

This script reads the store read-only, but the app opens it as `recoupe serve`
does, which migrates a store of an older schema: bench a copy of a store that
must stay untouched.
"""

from __future__ import annotations

import argparse
import math
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO
from urllib.parse import quote

import httpx

# Common words of French news, frequent enough in any general corpus to give
# full result pages (picked by hand; the searches of a reader, not a stress test).
DEFAULT_WORDS = ("gouvernement", "président", "france", "police")
# Requests sent to every page before measuring: enough to fill SQLite's page
# cache and the templates' caches without taking long (chosen by hand).
WARMUP_PER_URL = 3
# A path no page has: any answer to it (a 404) shows that the server is up.
READY_PROBE = "/bench-web-ready-probe"
# How long a cold app may take to answer its first request (imports, store open).
STARTUP_TIMEOUT_S = 120.0
# The app started in the child process; argv[1] is the store, argv[2] the port.
SERVER_CODE = (
    "import sys, uvicorn\n"
    "from recoupe.serve.app import create_app\n"
    "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]),"
    " log_level='warning', access_log=False)\n"
)


class BenchError(RuntimeError):
    """The bench cannot run (no such store, server did not start); its message is one line for the user."""


@dataclass(frozen=True)
class Target:
    """A page to measure: a label, the URLs (paths) cycled through, and whether to warm them up first.

    Unwarmed targets hold distinct URLs (one per request when the store has enough), so they
    measure pages the app has not seen yet: no cache of the app's own helps them.
    """

    name: str
    urls: tuple[str, ...]
    warm: bool = True


@dataclass(frozen=True)
class Latency:
    """What `measure` found for one target, in milliseconds."""

    name: str
    requests: int
    median_ms: float
    p95_ms: float
    max_ms: float
    failures: int  # answers other than 200 (and transport errors)
    first_ms: float = 0.0  # median time of the first request to each URL (before any warm-up)


@dataclass(frozen=True)
class StoreFacts:
    """Counts of the store under test, printed with the figures."""

    articles: int
    stories: int


def find_free_port() -> int:
    """A TCP port free on the loopback right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: str, port: int, log: IO[bytes]) -> subprocess.Popen[bytes]:
    """Start the web app on `db` under uvicorn in a child process on 127.0.0.1:`port`, its stderr to `log`.

    A file, not a pipe, takes the server's stderr: a pipe nobody reads would block a chatty server.
    """
    return subprocess.Popen([sys.executable, "-c", SERVER_CODE, db, str(port)],
                            stdout=subprocess.DEVNULL, stderr=log)


def last_line(log: IO[bytes]) -> str:
    """The last non-empty line written to `log` (the server's stderr), or ""."""
    log.seek(0)
    lines = [line for line in log.read().decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def wait_until_ready(client: httpx.Client, process: subprocess.Popen[bytes], log: IO[bytes],
                     timeout: float) -> None:
    """Poll the server until it answers (any status); raise BenchError if the child dies or the time runs out.

    The probe asks for a page that does not exist, so that no measured page is served (and cached) early.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"the server exited before answering: {last_line(log) or process.returncode}")
        try:
            client.get(READY_PROBE, timeout=2.0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise BenchError(f"the server did not answer within {timeout:.0f} s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop the child server (SIGTERM, then SIGKILL after 10 s)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def open_read_only(db: str) -> sqlite3.Connection:
    """Open the store read-only (never migrates or writes); BenchError if it is not a recoupe store."""
    path = Path(db)
    if not path.is_file():
        raise BenchError(f"{db}: no such store")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        conn.execute("SELECT id, story FROM articles LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise BenchError(f"{db}: not a recoupe store ({exc})") from exc
    return conn


def read_store_facts(conn: sqlite3.Connection) -> StoreFacts:
    """Article and story counts of the store."""
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    stories = conn.execute("SELECT count(DISTINCT story) FROM articles WHERE story IS NOT NULL").fetchone()[0]
    return StoreFacts(articles=int(articles), stories=int(stories))


def segment(value: str) -> str:
    """An id quoted for one URL path segment."""
    return quote(value, safe="")


def pick_targets(conn: sqlite3.Connection, words: Sequence[str], seed: int, distinct: int) -> list[Target]:
    """The pages to measure on this store: stories list, stories, articles, searches.

    `distinct` bounds the unwarmed targets' URLs (random stories and articles), normally the
    number of requests so that each is asked for once.
    """
    pick = random.Random(seed)
    sizes = conn.execute(
        "SELECT story, count(*) AS n FROM articles WHERE story IS NOT NULL"
        " GROUP BY story ORDER BY n DESC, story").fetchall()
    targets = [Target("stories list /", ("/",))]
    if sizes:
        largest = sizes[0][0]
        several = [row for row in sizes if row[1] >= 2] or sizes
        typical = several[len(several) // 2]
        targets.append(Target(f"story, largest ({sizes[0][1]} articles)", (f"/stories/{segment(largest)}",)))
        if typical[0] != largest:
            targets.append(Target(f"story, typical ({typical[1]} articles)", (f"/stories/{segment(typical[0])}",)))
        chosen = pick.sample(several, min(distinct, len(several)))
        targets.append(Target(f"story, {len(chosen)} random of 2+ arts, cold",
                              tuple(f"/stories/{segment(row[0])}" for row in chosen), warm=False))
        first = conn.execute("SELECT id FROM articles WHERE story = ? ORDER BY published, id LIMIT 1",
                             (largest,)).fetchone()[0]
        targets.append(Target("article of the largest story", (f"/articles/{segment(first)}",)))
    ids = [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id")]
    if ids:
        articles = pick.sample(ids, min(distinct, len(ids)))
        targets.append(Target(f"article, {len(articles)} random, cold",
                              tuple(f"/articles/{segment(a)}" for a in articles), warm=False))
    targets.extend(Target(f"search {word!r}", (f"/search?q={quote(word)}",)) for word in words)
    return targets


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (`fraction` in 0..1) of non-empty `values`."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def time_request(client: httpx.Client, url: str) -> tuple[float, bool]:
    """One GET, read to the end: (milliseconds, answered 200)."""
    started = time.perf_counter()
    try:
        response = client.get(url)
        response.read()
        ok = response.status_code == 200
    except httpx.TransportError:
        ok = False
    return (time.perf_counter() - started) * 1000, ok


def measure(client: httpx.Client, target: Target, requests: int) -> Latency:
    """Send `requests` sequential GETs cycling through the target's URLs; time each full answer."""
    timings: list[float] = []
    failures = 0
    for i in range(requests):
        ms, ok = time_request(client, target.urls[i % len(target.urls)])
        timings.append(ms)
        failures += not ok
    median = statistics.median(timings)
    return Latency(name=target.name, requests=requests, median_ms=median, p95_ms=percentile(timings, 0.95),
                   max_ms=max(timings), failures=failures, first_ms=median)


def warm_up(client: httpx.Client, target: Target) -> float:
    """Request each URL of a warmed target a few times; return the median time of the first requests."""
    firsts = []
    for url in target.urls:
        firsts.append(time_request(client, url)[0])
        for _ in range(WARMUP_PER_URL - 1):
            client.get(url)
    return statistics.median(firsts)


def measure_all(client: httpx.Client, targets: Sequence[Target], requests: int) -> list[Latency]:
    """Measure the cold targets first (nothing cached yet), then warm up and measure the others; in input order."""
    results: dict[str, Latency] = {}
    for target in targets:
        if not target.warm:
            # A cold target asks each of its URLs once: cycling would measure the app's caches.
            results[target.name] = measure(client, target, min(requests, len(target.urls)))
    firsts = {t.name: warm_up(client, t) for t in targets if t.warm}
    for target in targets:
        if target.warm:
            results[target.name] = replace(measure(client, target, requests), first_ms=firsts[target.name])
    return [results[t.name] for t in targets]


def run_bench(db: str, requests: int, words: Sequence[str], seed: int = 0) -> tuple[StoreFacts, list[Latency]]:
    """Start a server on `db`, measure every page with `requests` requests each, stop it; return the figures."""
    conn = open_read_only(db)
    try:
        facts = read_store_facts(conn)
        targets = pick_targets(conn, words, seed, requests)
    finally:
        conn.close()
    port = find_free_port()
    with tempfile.TemporaryFile() as log:
        process = start_server(db, port, log)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30.0) as client:
                wait_until_ready(client, process, log, STARTUP_TIMEOUT_S)
                return facts, measure_all(client, targets, requests)
        finally:
            stop_server(process)


def format_report(db: str, facts: StoreFacts, results: Sequence[Latency]) -> str:
    """The figures as a plain-text table."""
    lines = [f"store {db}: articles {facts.articles}, stories {facts.stories}",
             f"{'page':<38} {'requests':>8} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'first ms':>9}"
             f" {'non-200':>8}"]
    lines += [f"{r.name:<38} {r.requests:>8} {r.median_ms:>10.1f} {r.p95_ms:>8.1f} {r.max_ms:>8.1f}"
              f" {r.first_ms:>9.1f} {r.failures:>8}" for r in results]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments, run the bench and print the figures; one error line and exit 2 on failure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", required=True, help="the store to serve (only read)")
    parser.add_argument("--requests", type=int, default=200, help="sequential requests per page (default 200)")
    parser.add_argument("--words", default=",".join(DEFAULT_WORDS),
                        help="comma-separated search words (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the random articles")
    args = parser.parse_args(argv)
    if args.requests < 1:
        parser.error("--requests must be at least 1")
    words = list(dict.fromkeys(w.strip() for w in args.words.split(",") if w.strip()))
    try:
        facts, results = run_bench(args.db, args.requests, words, args.seed)
    except (BenchError, httpx.HTTPError, OSError) as exc:
        print(f"bench_web: error: {exc}", file=sys.stderr)
        return 2
    print(format_report(args.db, facts, results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
