"""Benchmark the reading stage against bare spaCy on the same texts.

usage: python bench/bench_read.py [--shared ../shared] [--limit 5000]

Reads the first N OrangeSum articles, cleans them, then times (1) bare
`nlp.pipe` of fr_core_news_md over the cleaned texts and (2) recoupe's reading
stage (the same nlp.pipe plus every extractor) over the same texts, in one
process with the model loaded once. Prints articles/second for both and their
ratio (the target is >= 0.7).
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = 250  # articles per alternating block


def load_articles(shared: Path, limit: int) -> list:
    """The first `limit` OrangeSum articles, ingested through the JSONL reader and cleaned."""
    from recoupe.clean import clean_article
    from recoupe.lang import load_language
    from recoupe.records import Article

    lang = load_language("fr")
    articles = []
    with gzip.open(shared / "corpus" / "orangesum" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            article = Article(id=doc["id"], raw_text=doc["text"], published=doc.get("published"),
                              published_precision="day" if doc.get("published") else None, title=doc.get("title"))
            articles.append(clean_article(article, lang))
            if len(articles) >= limit:
                break
    return articles


def main() -> int:
    """Time bare spaCy and the reading stage over the same cleaned texts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--limit", type=int, default=5000)
    args = parser.parse_args()
    if not (args.shared / "corpus" / "orangesum").is_dir():
        print(f"no OrangeSum corpus under {args.shared}", file=sys.stderr)
        return 2
    from recoupe.lang import load_language
    from recoupe.read.nlp import PIPE_BATCH_SIZE, load_nlp
    from recoupe.read.reader import Reader

    articles = load_articles(args.shared, args.limit)
    texts = [a.clean_text for a in articles]
    chars = sum(len(t) for t in texts)
    del texts
    lang = load_language("fr")
    nlp = load_nlp(lang)
    reader = Reader(lang, nlp)
    # warm-up on a few texts so that neither run pays for lazy initialisation
    list(nlp.pipe([a.clean_text for a in articles[:20]]))
    reader.read_batch(articles[:20])

    # Bare and full runs alternate block by block, so that a change in the machine's load during
    # the run weighs on both sides alike.
    bare = full = 0.0
    counts = {"entities": 0, "timexes": 0, "quotes": 0, "figures": 0, "events": 0}
    for i in range(0, len(articles), BLOCK):
        block = articles[i:i + BLOCK]
        started = time.perf_counter()
        for _ in nlp.pipe([a.clean_text for a in block], batch_size=PIPE_BATCH_SIZE):
            pass
        bare += time.perf_counter() - started
        started = time.perf_counter()
        for reading in reader.read_batch(block):
            for key in counts:
                counts[key] += len(getattr(reading, key))
        full += time.perf_counter() - started

    n = len(articles)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {n} ({chars / n:.0f} chars on average)")
    print(f"bare nlp.pipe:  {bare:.1f} s = {n / bare:.1f} articles/s")
    print(f"reading stage:  {full:.1f} s = {n / full:.1f} articles/s")
    print(f"ratio reading/bare: {bare / full:.2f} (target >= 0.7)")
    print("found: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    print(f"peak RSS: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
