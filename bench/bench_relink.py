"""Benchmark the link stage alone: re-link the first N articles of an already-read store, at several N.

usage: python bench/bench_relink.py --db STORE [--n 2000 --n 10000 ...] [--workers 2] [--keep DIR] [--against DIR]

Copies the first N articles of STORE (publication order, as the link stage takes them) with their readings
into a fresh store, then times `link_store` on it: near-duplicates, stories, entities across articles,
institutions and every story's timeline, no spaCy. Prints link seconds per 1,000 articles for each N and
their ratio to the first N: a link stage whose work per article does not grow with the store keeps the
ratio near 1 (issue 16 asks at most 1.5 between 2,000 and 36,152). STORE is only read. `--workers 2` links as
`recoupe analyze --workers 2` does (the stories' timelines planned in two processes at the end); the CPU
seconds then count those processes too.

`--against DIR`, DIR holding the stores an earlier run kept with `--keep` (say, before a change to the link
stage): prints for each N the B-cubed F1 of this run's story partition against that run's (1.0: the same
partition), and how many local → global entity links, entities across articles (name, aliases), story
timelines and kept story views differ from that run's (all 0: a change that only made the stage faster).

`--profile DIR` runs each `link_store` under cProfile and writes DIR/relink-N.prof (profiled seconds are
inflated by the profiler; compare them per 1,000 articles between sizes, not with the unprofiled runs).
With `--show NAME` (repeatable) it also prints, for each N, the calls and profiled seconds per 1,000 articles
(cumulative) of the functions of that name: `--show same_person --show _save_entities`.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_parity import bcubed_f1
from proctree import children_cpu

from recoupe.lang import load_language
from recoupe.link.driver import link_store
from recoupe.pipeline import PIPELINE_VERSION
from recoupe.store import Store, open_store
from recoupe.store.links import global_entity_of, linked_articles, load_timeline, unlinked_article_ids
from recoupe.tell.story_views import decode_view

# Articles copied per transaction into the fresh store.
COPY_BATCH = 500


def first_articles(store: Store, n: int) -> list[str]:
    """The first n article ids in the order the link stage takes them (oldest publication first)."""
    ordered = [aid for aid, _ in linked_articles(store)] + unlinked_article_ids(store)
    return ordered[:n]


def copy_read(source: Store, target: Store, ids: list[str]) -> int:
    """Write the given articles with their readings into `target`, unlinked; return the characters of their
    clean texts (later OrangeSum articles are longer: work that follows the text grows per article with N)."""
    chars = 0
    for i in range(0, len(ids), COPY_BATCH):
        with target.transaction():
            for aid in ids[i:i + COPY_BATCH]:
                article = source.get_article(aid)
                if article is not None:
                    target.save_article(article, PIPELINE_VERSION, source.reading(aid))
                    chars += len(article.clean_text or "")
    return chars


def result_digests(store: Store) -> dict[str, dict[str, str]]:
    """What the link stage decided, by kind: each local entity's global id, each global entity's name and
    aliases, a digest of each story's timeline and of its kept view (the glance and who said what)."""
    stories = sorted(set(dict(linked_articles(store)).values()))
    views = {}
    for story in stories:
        version = store.story_updated_at(story)
        text = store.story_view(story, version) if version is not None else None
        views[story] = _digest(repr(decode_view(text)) if text is not None else "")
    return {"entity links": global_entity_of(store),
            "entities": {e.id: _digest(repr((e.name, e.type, e.aliases))) for e in store.global_entity_names()},
            "timelines": {story: _digest(repr(load_timeline(store, story))) for story in stories},
            "story views": views}


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def count_differences(earlier: dict[str, dict[str, str]], now: dict[str, dict[str, str]]) -> str:
    """How many items of each kind differ (or are in one run only), as "kind: n of m, ..."."""
    parts = []
    for kind, items in now.items():
        before = earlier.get(kind, {})
        differ = sum(before.get(key) != value for key, value in items.items()) + len(before.keys() - items.keys())
        parts.append(f"{kind}: {differ} of {len(items)} differ")
    return ", ".join(parts)


def relink(source: Store, n: int, folder: Path, profile: Path | None = None,
           workers: int = 1) -> tuple[float, float, int, int, dict[str, str], float]:
    """(link seconds, CPU seconds of this process, articles linked, characters of their clean texts, article →
    story, seconds of those spent rebuilding the stories' timelines and views) for the first n articles
    of `source` in a fresh store. The CPU seconds are what a shared machine's wall clock hides. With a
    `profile` folder, the link stage runs under cProfile and its statistics go to profile/relink-N.prof."""
    target = open_store(str(folder / f"relink-{n}.db"))
    try:
        chars = copy_read(source, target, first_articles(source, n))
        profiler = cProfile.Profile() if profile is not None else None
        started, cpu = time.perf_counter(), time.process_time() + children_cpu()
        if profiler is not None:
            profiler.enable()
        report = link_store(target, load_language("fr"), workers=workers)
        if profiler is not None and profile is not None:
            profiler.disable()
            profile.mkdir(parents=True, exist_ok=True)
            profiler.dump_stats(str(profile / f"relink-{n}.prof"))
        return (time.perf_counter() - started, time.process_time() + children_cpu() - cpu, report.linked, chars,
                dict(linked_articles(target)), report.rebuild_seconds)
    finally:
        target.close()



def show_profiled(path: Path, names: list[str], n: int) -> None:
    """Print the calls and cumulative profiled seconds per 1,000 articles of the functions so named (summed over
    the functions of one name in several modules)."""
    stats: dict[tuple[str, int, str], tuple[Any, ...]] = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
    for name in names:
        rows = [(calls, cumulative) for (_, _, fn), (_, calls, _, cumulative, _) in stats.items() if fn == name]
        print(f"N={n}: {name}: {sum(c for c, _ in rows):,} calls, "
              f"{sum(t for _, t in rows) * 1000 / max(1, n):.3f} profiled s per 1,000 articles", flush=True)


def kept_results(folder: Path, n: int) -> tuple[dict[str, str], dict[str, dict[str, str]]] | None:
    """Article → story and the result digests of the store a run kept for n articles in `folder`, or None if
    there is none."""
    path = folder / f"relink-{n}.db"
    if not path.exists():
        return None
    store = open_store(str(path))
    try:
        return dict(linked_articles(store)), result_digests(store)
    finally:
        store.close()


def main() -> int:
    """Re-link the first N articles for each --n and print seconds per 1,000 articles."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="an already-read store (only read)")
    parser.add_argument("--n", type=int, action="append", help="articles to re-link (repeatable)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the re-linked stores in this folder")
    parser.add_argument("--against", type=Path, default=None,
                        help="a folder of stores an earlier run kept: compare the story partitions with theirs")
    parser.add_argument("--profile", type=Path, default=None,
                        help="run each link stage under cProfile and write FOLDER/relink-N.prof")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes the link stage plans story timelines in (as analyze --workers)")
    parser.add_argument("--show", action="append", default=[],
                        help="with --profile: print calls and profiled s per 1,000 of this function (repeatable)")
    args = parser.parse_args()
    sizes = args.n or [2000, 10000]
    source = open_store(str(args.db))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            seconds, cpu, linked, chars, partition, rebuilding = relink(source, n, folder, args.profile, args.workers)
            stories = len(set(partition.values()))
            rows.append((n, linked, stories, seconds, cpu, chars))
            print(f"N={n}: linked {linked} articles into {stories} stories in {seconds:.1f} s "
                  f"({cpu:.1f} CPU s), {seconds / max(1, linked) * 1000:.1f} s per 1,000; articles linked in "
                  f"{seconds - rebuilding:.1f} s, timelines and views rebuilt in {rebuilding:.1f} s", flush=True)
            if args.profile is not None and args.show:
                show_profiled(args.profile / f"relink-{n}.prof", args.show, linked)
            earlier = kept_results(args.against, n) if args.against else None
            if earlier is not None:
                now = kept_results(folder, n)
                print(f"N={n}: story partition against {args.against}: B-cubed F1 "
                      f"{bcubed_f1(earlier[0], partition):.4f} ({len(set(earlier[0].values()))} stories there); "
                      f"{count_differences(earlier[1], now[1]) if now else 'run with --keep to compare the rest'}",
                      flush=True)
    source.close()
    wall0, cpu0 = rows[0][3] / max(1, rows[0][1]), rows[0][4] / max(1, rows[0][1])
    text0 = rows[0][4] / max(1, rows[0][5])
    print("\n| N | stories | link s | s per 1,000 | ratio | CPU s per 1,000 | CPU ratio | mean chars |"
          " CPU s per M chars | ratio |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for n, linked, stories, seconds, cpu, chars in rows:
        wall, used, text = seconds / max(1, linked), cpu / max(1, linked), cpu / max(1, chars)
        print(f"| {n:,} | {stories:,} | {seconds:.1f} | {wall * 1000:.1f} | {wall / wall0:.2f} | {used * 1000:.1f} |"
              f" {used / cpu0:.2f} | {chars / max(1, linked):,.0f} | {text * 1e6:.2f} | {text / text0:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
