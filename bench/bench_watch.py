"""Benchmark live ingestion: OrangeSum articles dropped one by one into a folder `recoupe watch` watches.

usage: python bench/bench_watch.py [--db STORE] [--shared ../shared] [--limit N] [--arrivals 20] [--workers 1]

On a copy of an existing store (say, the one `bench/bench_pipeline.py --db` leaves), starts `recoupe serve`
and `recoupe watch` on it, then drops ARRIVALS OrangeSum articles the store does not hold (taken from
the end of the corpus), one at a time, each renamed into place, and times each from the rename to the
moment `/api/articles/ID` answers 200 (stored), and, polled beside, to the moment it shows the article's story
(linked). Prints median, p95 and max seconds of each, and, for comparison, the
cold `recoupe analyze` of one more file against the bare model load time. Without --db, builds a store of
the first --limit articles first (default 2,000). `--workers N` runs `recoupe watch --workers N` (its reading
workers run until it stops; its link stage runs beside them, in a thread of the main process).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from orangesum import corpus_parser, read_orangesum_lines, require_orangesum

# Longest wait for one arrival to show before the bench gives up on it.
ARRIVAL_TIMEOUT_S = 120


def recoupe(*args: str) -> list[str]:
    """The argv that runs `recoupe ARGS` with this interpreter."""
    return [sys.executable, "-c", "from recoupe.cli import main; main()", *args]


def free_port() -> int:
    """A TCP port free on the loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def status_of(url: str) -> int:
    """The HTTP status of a GET (0 when the server does not answer yet)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def story_of(url: str) -> str | None:
    """The story id `/api/articles/ID` gives (None while the article is stored but not yet linked)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            story = json.loads(response.read()).get("story")
            return str(story["id"]) if story else None
    except (OSError, ValueError):
        return None


def wait_linked(url: str, timeout: float) -> bool:
    """Wait until an article shows its story (the watcher linked it); False after `timeout`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if story_of(url) is not None:
            return True
        time.sleep(0.1)
    return False


def wait_for(url: str, want: int, timeout: float) -> float | None:
    """Seconds until `url` answers `want`, or None after `timeout`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if status_of(url) == want:
            return time.perf_counter() - start
        time.sleep(0.02)
    return None


def drop(folder: Path, article_id: str, line: str) -> None:
    """Hand one article over by the watch convention: a hidden file renamed into place."""
    record = json.loads(line)
    record["id"] = article_id
    hidden = folder / f".{article_id}.jsonl.part"
    hidden.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(hidden, folder / f"{article_id}.jsonl")


class LinkClock:
    """Times each arrival from landing to linked (its page shows its story), polling in a thread of its own while
    the bench goes on dropping arrivals: an article is visible once stored, and linked a little later."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.landed: dict[str, float] = {}
        self.linked: dict[str, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def land(self, article_id: str) -> None:
        with self._lock:
            self.landed[article_id] = time.perf_counter()

    def wait_all(self, timeout: float) -> None:
        """Wait until every landed arrival is linked (or `timeout`), then stop polling."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self._lock:
                if len(self.linked) == len(self.landed):
                    break
            time.sleep(0.1)
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                waiting = [a for a in self.landed if a not in self.linked]
            for article_id in waiting:
                if story_of(f"{self.base}/api/articles/{article_id}") is not None:
                    with self._lock:
                        self.linked[article_id] = time.perf_counter() - self.landed[article_id]
            time.sleep(0.05)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> int:
    """Build or take a store, then time arrivals through `recoupe watch` and a cold `recoupe analyze`."""
    parser = corpus_parser((__doc__ or "").splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="an existing store (default: build one)")
    parser.add_argument("--arrivals", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="reading processes of the watcher")
    args = parser.parse_args()
    source = require_orangesum(args.shared)
    if source is None:
        return 2
    lines = read_orangesum_lines(source, 0)
    arrivals = lines[-args.arrivals - 1:]
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        db = tmpdir / "store.db"
        if args.db is not None:  # a copy: the bench's arrivals are not news to keep
            shutil.copy(args.db, db)
        else:
            bulk = tmpdir / "bulk.jsonl"
            bulk.write_text("".join(lines[:args.limit or 2000]), encoding="utf-8")
            print(f"building a store of {args.limit or 2000} articles ...", flush=True)
            subprocess.run(recoupe("analyze", str(bulk), "--db", str(db), "--workers", "2", "--quiet"), check=True)
        folder = tmpdir / "arrivals"
        folder.mkdir()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(recoupe("serve", "--db", str(db), "--port", str(port)),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        watcher = subprocess.Popen(recoupe("watch", str(folder), "--db", str(db), "--quiet", "--poll", "0.2",
                                           "--workers", str(args.workers)),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            drop(folder, "bench-warmup", arrivals[0])  # the first arrival also waits for spaCy to load
            if wait_for(f"{base}/api/articles/bench-warmup", 200, ARRIVAL_TIMEOUT_S * 2) is None:
                print("the warm-up article never showed", file=sys.stderr)
                return 1
            # an article shows once stored, before it is linked: wait for the warm-up's (cold) link too, so
            # that the timed arrivals measure a warm watcher
            if not wait_linked(f"{base}/api/articles/bench-warmup", ARRIVAL_TIMEOUT_S * 2):
                print("the warm-up article was never linked", file=sys.stderr)
                return 1
            seconds = []
            clock = LinkClock(base)
            for i, line in enumerate(arrivals[1:]):
                article_id = f"bench-live-{i:03d}"
                clock.land(article_id)
                drop(folder, article_id, line)
                took = wait_for(f"{base}/api/articles/{article_id}", 200, ARRIVAL_TIMEOUT_S)
                if took is None:
                    print(f"{article_id} never showed", file=sys.stderr)
                    return 1
                seconds.append(took)
            clock.wait_all(ARRIVAL_TIMEOUT_S)
        finally:
            watcher.terminate()
            server.terminate()
            watcher.wait(60)
            server.wait(60)
        stored = _count(db)
        print(f"store: {stored} articles (a copy of {args.db or 'a store built here'})")
        print(f"recoupe watch, file landing -> visible in /api/articles/ID, {len(seconds)} arrivals: "
              f"median {statistics.median(seconds):.2f} s, p95 {percentile(seconds, 0.95):.2f} s, "
              f"max {max(seconds):.2f} s")
        print("each arrival (s): " + " ".join(f"{s:.2f}" for s in seconds))
        linked = [clock.linked[a] for a in sorted(clock.linked)]
        if linked:
            print(f"file landing -> linked (its story shown), {len(linked)} of {len(seconds)} arrivals: median "
                  f"{statistics.median(linked):.2f} s, p95 {percentile(linked, 0.95):.2f} s, max {max(linked):.2f} s")
            print("each arrival linked (s): " + " ".join(f"{s:.2f}" for s in linked))
        _time_cold_analyze(db, arrivals[-1], tmpdir)
    return 0


def _time_cold_analyze(db: Path, line: str, tmpdir: Path) -> None:
    """Time `recoupe analyze` of one new file into the store against loading the model alone."""
    one = tmpdir / "one"
    one.mkdir()
    drop(one, "bench-cold", line)
    start = time.perf_counter()
    subprocess.run(recoupe("analyze", str(one), "--db", str(db), "--quiet"), check=True)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from recoupe.lang import load_language; from recoupe.read.nlp import "
                    "load_nlp; load_nlp(load_language('fr'))"], check=True)
    model = time.perf_counter() - start
    print(f"cold recoupe analyze of one file: {cold:.2f} s; python start + model load alone: {model:.2f} s; "
          f"difference {cold - model:.2f} s")


def _count(db: Path) -> int:
    """Articles in the store (through the store, no SQL here)."""
    from recoupe.store import open_store

    store = open_store(str(db))
    try:
        return store.count_articles()
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
