"""Near-duplicate signatures computed ahead of the link stage, in a second process.

The link stage links articles one after the other, in publication order, on one core; of what it does for an
article, only the MinHash signature of its clean text depends on nothing the linkers hold (about an eighth of
its time on OrangeSum). In a bulk run the second core is idle meanwhile, so a helper process reads the
articles the stage is about to link from the same store file and signs them a few batches ahead; the stage
takes each batch's signatures from it and computes in place whatever the helper could not give. The
signatures are those `DuplicateFinder.signature` computes (same function, same options), so links and
duplicates are unchanged.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from recoupe.link.dedup import DedupOptions, text_signature
from recoupe.read.workers import spawn_helpers
from recoupe.store import Store
from recoupe.store.opening import open_shared_target, shared_target

# Fewest articles to link for which the link stage starts the helper: spawning it costs about a second of CPU
# (imports, opening the store), which signatures at about half a millisecond each (the helper's 20 s of CPU for
# the 36,152 OrangeSum articles) repay only in a bulk run; a live arrival or a small run signs in place.
MIN_SIGNED_AHEAD = 2_000
# Batches signed ahead of the one being linked: enough that the helper never leaves the stage waiting, few
# enough that signatures do not pile up in the stage's memory (a batch of 200 is about 200 KB of them).
BATCHES_AHEAD = 4


def sign_batches(store: Store, batches: Sequence[Sequence[str]], options: DedupOptions, processes: int,
                 least: int | None = None) -> Iterator[dict[str, bytes]]:
    """Each batch's signatures by article id, in batch order, found by a helper process reading the store;
    empty dicts (the caller signs in place) when fewer than two processes are allowed, the articles are fewer
    than `least` (default `MIN_SIGNED_AHEAD`), the store cannot be opened by another process, or the helper
    fails. An article the helper could not read is missing from its batch's dict."""
    target = shared_target(store)
    least = MIN_SIGNED_AHEAD if least is None else least
    if processes < 2 or target is None or sum(len(b) for b in batches) < least:
        for _ in batches:
            yield {}
        return
    pool = spawn_helpers(1)
    try:
        pending: deque[Future[dict[str, bytes]] | None] = deque()
        following = iter(batches)
        for batch in following:
            pending.append(_submit(pool, target, batch, options))
            if len(pending) >= BATCHES_AHEAD:
                break
        while pending:
            future = pending.popleft()
            for batch in following:  # one more batch asked for each one taken
                pending.append(_submit(pool, target, batch, options))
                break
            yield _signed(future)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, target: str, batch: Sequence[str],
            options: DedupOptions) -> Future[dict[str, bytes]] | None:
    """Ask the helper for a batch's signatures; None when it can take no more work (it died)."""
    try:
        return pool.submit(sign_in_worker, target, list(batch), options)
    except BrokenProcessPool:
        return None


def _signed(future: Future[dict[str, bytes]] | None) -> dict[str, bytes]:
    """A batch's signatures, or none when the helper failed (the caller then signs the batch in place)."""
    if future is None:
        return {}
    try:
        return future.result()
    except Exception:  # a helper that died or raised costs speed only, never a link
        return {}


def sign_in_worker(target: str, article_ids: list[str], options: DedupOptions) -> dict[str, bytes]:
    """The signatures of these stored articles' clean texts, computed in the helper process."""
    store = open_shared_target(target)
    signed: dict[str, bytes] = {}
    for aid in article_ids:
        article = store.get_article(aid)
        if article is not None:
            signed[aid] = text_signature(article.clean_text, options)
    return signed
