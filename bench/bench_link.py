"""Benchmark near-duplicate detection and online story clustering over the orangesum stream.

Streams every article of ../shared/corpus/orangesum/articles.jsonl.gz, in
publication-date order, through `DuplicateFinder` and `StoryClusterer`, then
prints articles per second, peak memory, stories and duplicates found, the
snapshot sizes, and the time to add one more article to the resulting state
(restore from a JSON snapshot + add).

Lemmas are NOT from spaCy here (too slow for a quick bench): a stand-in
tokenizer (lowercased words of 3+ letters minus spaCy's French stop list)
gives the content-word counts, and runs of capitalised words stand in for
entities. The clustering cost per article is the same; its quality is not
what this bench measures.

    .venv/bin/python bench/bench_link.py [--limit N] [--show K]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from spacy.lang.fr.stop_words import STOP_WORDS

from recoupe.lang import load_language
from recoupe.link.dedup import DuplicateFinder
from recoupe.link.stories import StoryClusterer
from recoupe.read.entities.rules import load_entity_rules

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "orangesum" / "articles.jsonl.gz"
_WORD = re.compile(r"[^\W\d_]{3,}")
_NAME_RUN = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÀ-Ý][\w'-]+(?:\s+[A-ZÀ-Ý][\w'-]+)*")


def stand_in_lemmas(text: str) -> dict[str, int]:
    """Content-word counts without spaCy: lowercased words of 3+ letters that are not stop words."""
    return dict(Counter(w for w in (m.lower() for m in _WORD.findall(text)) if w not in STOP_WORDS))


def stand_in_entities(text: str, key: Any) -> list[str]:
    """Entity keys without NER: runs of capitalised words not at a sentence start, keyed like real entities."""
    return [" ".join(key(m)) for m in _NAME_RUN.findall(text)]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_corpus(path: Path, limit: int | None) -> list[dict[str, Any]]:
    """The orangesum articles sorted by publication date (unknown dates last, input order kept among equals)."""
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    rows.sort(key=lambda r: (r.get("published") is None, r.get("published") or ""))
    return rows


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles of the file")
    parser.add_argument("--show", type=int, default=10, help="print the K largest stories with sample titles")
    args = parser.parse_args()
    if not CORPUS.is_file():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    key = load_entity_rules(load_language("fr")).key
    rows = load_corpus(CORPUS, args.limit)
    rss_loaded = peak_rss_mb()
    print("NOTE: lemmas are a stand-in (lowercase tokenizer + French stop list), entities are runs of")
    print("      capitalised words; not spaCy. Speed/memory of dedup + clustering only.")
    print(f"articles: {len(rows)}; peak RSS after loading the corpus: {rss_loaded:.0f} MB")

    finder = DuplicateFinder()
    clusterer = StoryClusterer()
    titles: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    duplicates = 0
    retired = 0
    t_dedup = t_feat = t_cluster = 0.0
    start = time.perf_counter()
    for row in rows:
        t0 = time.perf_counter()
        if finder.add(row["id"], row["text"]) is not None:
            duplicates += 1
        t1 = time.perf_counter()
        lemmas = stand_in_lemmas(row["text"])
        entities = stand_in_entities(row["text"], key)
        t2 = time.perf_counter()
        story = clusterer.add_features(row["id"], row.get("title") or "", row.get("published"), lemmas, entities)
        t3 = time.perf_counter()
        t_dedup += t1 - t0
        t_feat += t2 - t1
        t_cluster += t3 - t2
        titles[row["id"]] = row.get("title") or ""
        members.setdefault(story, []).append(row["id"])
        retired += len(clusterer.pop_retired())  # as a store would: persist retired summaries, drop them
    elapsed = time.perf_counter() - start
    n = len(rows)
    print(f"throughput: {n / elapsed:.0f} articles/s overall ({elapsed:.1f} s); "
          f"dedup {n / t_dedup:.0f}/s, stand-in features {n / t_feat:.0f}/s, clustering {n / t_cluster:.0f}/s")
    print(f"peak RSS: {peak_rss_mb():.0f} MB (of which {rss_loaded:.0f} MB before streaming, corpus in memory)")
    sizes = sorted((len(v) for v in members.values()), reverse=True)
    print(f"stories: {len(members)} opened; {len(clusterer.stories())} active at the end, {retired} retired; "
          f"singletons {sum(1 for s in sizes if s == 1)}; largest {sizes[:10]}")
    print(f"duplicates: {duplicates} articles marked duplicate_of an earlier one")

    t0 = time.perf_counter()
    story_json = json.dumps(clusterer.snapshot())
    dedup_json = json.dumps(finder.snapshot())
    t_snap = time.perf_counter() - t0
    print(f"snapshot sizes: stories {len(story_json) / 1e6:.1f} MB, dedup {len(dedup_json) / 1e6:.1f} MB "
          f"(written in {t_snap:.2f} s)")
    extra = rows[len(rows) // 2]
    t0 = time.perf_counter()
    restored = StoryClusterer.restore(json.loads(story_json))
    t1 = time.perf_counter()
    restored.add_features(extra["id"] + "-again", extra.get("title") or "", extra.get("published"),
                          stand_in_lemmas(extra["text"]), stand_in_entities(extra["text"], key))
    t2 = time.perf_counter()
    finder2 = DuplicateFinder.restore(json.loads(dedup_json))
    t3 = time.perf_counter()
    copy_of = finder2.add(extra["id"] + "-again", extra["text"])
    t4 = time.perf_counter()
    print(f"one more article: stories restore {t1 - t0:.2f} s + add {1000 * (t2 - t1):.1f} ms; "
          f"dedup restore {t3 - t2:.2f} s + add {1000 * (t4 - t3):.1f} ms (found copy of {copy_of})")

    print(f"peak RSS at the end (after snapshots and restores): {peak_rss_mb():.0f} MB")
    print(f"\nthe {args.show} largest stories (title | sample member titles):")
    for story_id, ids in sorted(members.items(), key=lambda kv: -len(kv[1]))[: args.show]:
        print(f"- {story_id} ({len(ids)}):", " | ".join(titles[i][:60] for i in ids[:: max(1, len(ids) // 4)][:5]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
