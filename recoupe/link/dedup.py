"""Near-duplicate detection: MinHash LSH over word shingles of the cleaned text.

A syndicated copy of a wire story is marked as a duplicate of the earliest-seen
article it near-duplicates; it stays in the corpus but is not an independent
source when facts are counted. Detection is incremental: adding an article
hashes only that article and queries the LSH index (no all-pairs comparison),
and each article's MinHash signature can be serialised so a store can persist
it and rebuild the index without re-reading texts. The signatures and bands are
datasketch's (`recoupe.link.minhash`), computed without importing it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any, Protocol

import numpy as np

from recoupe.link.minhash import choose_bands, compute_signature
from recoupe.read.entities.rules import fold

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DedupOptions:
    """How near-duplicates are found.

    `threshold` is the estimated Jaccard similarity of word shingles above which
    two texts are copies of one another. Measured on the 36,152 orangesum
    articles (every LSH pair above 0.3, sampled by band and read): at 0.55 and
    above nearly all pairs are one dispatch re-run or updated (same paragraphs,
    new headline or lead); 0.45-0.55 is mixed (updates, but also follow-ups of
    a wire story days later that repeat its background paragraph); below 0.45
    pairs are mostly distinct articles on the same event. On the dev corpus
    the clear copies score 0.83 (one wire text run by two outlets) and 0.55 (an
    AFP dispatch trimmed by a second outlet), a rewrite with a new lead over a
    shared AFP body 0.46, and independent reports of one event at most 0.32.
    0.5 keeps the 0.55 copy (about one standard error above it) while
    leaving most follow-ups independent.
    `shingle` is the number of words per shingle (4: short enough that a
    one-word edit spoils few shingles, long enough that common phrases of the
    language do not make unrelated texts similar). `num_perm` is the number of
    MinHash permutations (128: standard error of the Jaccard estimate about
    0.045 at the threshold). `min_words` skips texts too short to judge. `max_kept` bounds the
    number of signatures kept in the index (the oldest are dropped first), so
    memory and the snapshot stay bounded over a long stream: copies are
    published within days of their original, and 20,000 articles is more than
    a year of orangesum (whose 36,152 signatures took a 50 MB snapshot and
    14 s to restore, bench_link.py).
    """

    threshold: float = 0.5
    shingle: int = 4
    num_perm: int = 128
    min_words: int = 20
    max_kept: int = 20_000


class CopyRule:
    """The duplicate rule over matches already found, shared by the local index and the Spark engine.

    A wire copy is run again by outlet after outlet, so a group of copies is one text: each new copy points
    at the earliest article of its group still remembered (the original of its earliest-seen match, or that
    match when its original is forgotten), never at a copy. Articles are remembered in the order they are
    seen and only the newest `max_kept` are (copies come within days of their original), so the rule gives
    the same answer whether the matches come from an in-order LSH index or from a batch join.
    """

    def __init__(self, max_kept: int) -> None:
        self.max_kept = max_kept
        self._seen: OrderedDict[str, int] = OrderedDict()  # remembered article -> its rank in seen order
        self._root: dict[str, str] = {}  # remembered copy -> the earliest article it copies
        self._count = 0

    def add(self, article_id: str, matches: Iterable[str]) -> str | None:
        """Remember one article given the earlier articles it matches; return the article it copies, or None.

        Matches no longer remembered (older than the newest `max_kept`) are ignored, as an index that
        dropped them would not have found them."""
        if article_id in self._seen:
            return self._root.get(article_id)
        best: str | None = None
        for key in matches:
            if key not in self._seen:
                continue
            root = self._root.get(key, key)
            if root not in self._seen:
                root = key
            if best is None or self._seen[root] < self._seen[best]:
                best = root
        self._seen[article_id] = self._count
        self._count += 1
        if best is not None:
            self._root[article_id] = best
        while len(self._seen) > self.max_kept:
            key, _ = self._seen.popitem(last=False)
            self._root.pop(key, None)
        return best

    def __len__(self) -> int:
        return len(self._seen)

    def remembers(self, article_id: str) -> bool:
        """Whether an article is among the newest `max_kept` seen (a copy of it would still be found)."""
        return article_id in self._seen

    def original_of(self, article_id: str) -> str | None:
        """The article a remembered article copies, or None."""
        return self._root.get(article_id)

    def originals(self) -> dict[str, str]:
        """Every remembered copy and its original."""
        return dict(self._root)

    @classmethod
    def restore(cls, max_kept: int, seen: Sequence[str], originals: dict[str, str]) -> CopyRule:
        """A rule remembering `seen` (oldest first) with these originals (those of forgotten copies dropped)."""
        rule = cls(max_kept)
        for key in seen:
            rule._seen[key] = rule._count
            rule._count += 1
        rule._root = {k: v for k, v in originals.items() if k in rule._seen}
        return rule


class KeptSignatures(Protocol):
    """Signatures kept elsewhere (a store), found by the hashes of their LSH bands (`band_hashes`)."""

    def banded(self, bands: list[int]) -> dict[str, bytes]:
        """The articles filed under any of these band hashes, with their signatures."""
        ...


class DuplicateFinder:
    """An incremental near-duplicate index: `add` one article at a time, get the id it copies (or None).

    The index holds the signatures added to this finder; a finder restored lazily (`restore_lazily`) also
    asks a `KeptSignatures` for the articles sharing a band with each new one, so that a cold start does
    not rebuild an index of the kept signatures (they were matched when they were added)."""

    def __init__(self, options: DedupOptions | None = None) -> None:
        self.options = options or DedupOptions()
        self._lsh = BandIndex(self.options)
        self._signatures: OrderedDict[str, np.ndarray] = OrderedDict()  # added here; insertion order = seen order
        self._rule = CopyRule(self.options.max_kept)  # seen order and originals of every remembered article
        self._kept: KeptSignatures | None = None  # the signatures remembered from before this finder, by band

    def __len__(self) -> int:
        return len(self._rule)

    @classmethod
    def restore_lazily(cls, options: DedupOptions, seen: Sequence[str], originals: dict[str, str],
                       kept: KeptSignatures) -> DuplicateFinder:
        """A finder remembering `seen` (oldest first, at most the newest `max_kept` count) with these originals,
        whose signatures are looked up in `kept` by band when a new article comes, never loaded whole.

        The same answers as a finder that saw every article: LSH candidates are exactly the articles sharing
        a band, and the copy rule is restored with the seen order and originals the store recorded."""
        finder = cls(options)
        finder._rule = CopyRule.restore(options.max_kept, list(seen)[-options.max_kept:], originals)
        finder._kept = kept
        return finder

    def signature(self, text: str) -> bytes:
        """The MinHash signature of a text as bytes (empty if the text is too short to judge), for persisting."""
        return text_signature(text, self.options)

    def add(self, article_id: str, text: str) -> str | None:
        """Index one article; return the id of the earliest-seen article it near-duplicates, or None."""
        return self.add_signature(article_id, self.signature(text))

    def add_signature(self, article_id: str, signature: bytes) -> str | None:
        """Index one article from its stored signature; return the earliest-seen article it copies, or None."""
        if self._rule.remembers(article_id):
            return self._rule.original_of(article_id)
        if not signature:
            return None
        values = np.frombuffer(signature, dtype=np.uint64).copy()
        if len(values) != self.options.num_perm:
            raise ValueError(f"signature has {len(values)} values, expected {self.options.num_perm}")
        candidates = {key: self._signatures[key] for key in self._lsh.query(signature)}
        candidates.update(self._kept_candidates(signature))
        # an LSH candidate below the threshold is a false positive of the banding
        matches = [key for key, other in candidates.items()
                   if estimated_jaccard(other, values) >= self.options.threshold]
        best = self._rule.add(article_id, matches)
        self._lsh.insert(article_id, signature)
        self._signatures[article_id] = values
        self._evict()
        return best

    def duplicate_of(self, article_id: str) -> str | None:
        """The article a kept article was found to copy, or None."""
        return self._rule.original_of(article_id)

    def _kept_candidates(self, signature: bytes) -> dict[str, np.ndarray]:
        """The remembered articles from before this finder that share a band with a signature."""
        if self._kept is None:
            return {}
        found = self._kept.banded(band_hashes(signature, self.options))
        return {key: np.frombuffer(other, dtype=np.uint64) for key, other in found.items()
                if key not in self._signatures and self._rule.remembers(key)}

    def snapshot(self) -> dict[str, Any]:
        """The index as JSON-serialisable data (options, signatures in seen order, duplicate links)."""
        if self._kept is not None:
            raise ValueError("a lazily restored finder holds only its own signatures: snapshot the store instead")
        return {
            "options": asdict(self.options),
            "signatures": [[key, base64.b64encode(sig.tobytes()).decode("ascii")]
                           for key, sig in self._signatures.items()],
            "duplicate_of": self._rule.originals(),
        }

    @classmethod
    def restore(cls, snapshot: dict[str, Any]) -> DuplicateFinder:
        """Rebuild an index from `snapshot()` output without re-hashing any text."""
        finder = cls(DedupOptions(**snapshot["options"]))
        for key, encoded in snapshot["signatures"]:
            values = np.frombuffer(base64.b64decode(encoded), dtype=np.uint64).copy()
            finder._lsh.insert(key, values.tobytes())
            finder._signatures[key] = values
        finder._rule = CopyRule.restore(finder.options.max_kept, list(finder._signatures),
                                        snapshot["duplicate_of"])
        return finder

    def _evict(self) -> None:
        """Drop from the index the signatures the copy rule forgot (the oldest, beyond `max_kept`)."""
        while self._signatures and not self._rule.remembers(next(iter(self._signatures))):
            key, _ = self._signatures.popitem(last=False)
            self._lsh.remove(key)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity two MinHash signatures estimate (share of equal values): the copy test."""
    return float(np.mean(a == b))


def band_keys(signature: bytes, options: DedupOptions | None = None) -> list[bytes]:
    """The LSH band keys of a signature (band number and its values), as the local index bands it.

    Two signatures are candidates of the local index exactly when they share a band key (datasketch's
    MinHashLSH buckets each band's values; the bands are drawn from the threshold and the number of
    permutations), so a batch engine joining on these keys finds the very pairs the index would."""
    if not signature:
        return []
    ranges = _band_ranges(options or DedupOptions())
    return [index.to_bytes(2, "big") + signature[start * 8:end * 8] for index, (start, end) in enumerate(ranges)]


def band_hashes(signature: bytes, options: DedupOptions | None = None) -> list[int]:
    """The band keys of a signature as signed 64-bit hashes, the form a store files them under.

    A key is 42 bytes; its 8-byte BLAKE2 digest keeps the store's band table small, and two different keys
    share a digest with odds near 2**-64, so the candidates found by hash are the index's own."""
    return [int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big", signed=True)
            for key in band_keys(signature, options)]


@cache
def _band_ranges(options: DedupOptions) -> tuple[tuple[int, int], ...]:
    """The (start, end) of each band of the local index's LSH, in signature values."""
    bands, rows = choose_bands(options.threshold, options.num_perm)
    return tuple((i * rows, (i + 1) * rows) for i in range(bands))


class BandIndex:
    """The in-memory LSH index: articles filed under the band keys of their signatures.

    Two signatures are candidates when they share a band key, as in datasketch's MinHashLSH (whose band
    tables are keyed by the same values), so the index finds the pairs the Spark join on `band_keys` finds."""

    def __init__(self, options: DedupOptions) -> None:
        self.options = options
        self._articles: defaultdict[bytes, set[str]] = defaultdict(set)  # band key -> articles filed under it
        self._keys: dict[str, list[bytes]] = {}  # article -> its band keys, to drop it

    def insert(self, article_id: str, signature: bytes) -> None:
        """File an article under the band keys of its signature."""
        keys = band_keys(signature, self.options)
        self._keys[article_id] = keys
        for key in keys:
            self._articles[key].add(article_id)

    def query(self, signature: bytes) -> set[str]:
        """The filed articles sharing a band key with a signature."""
        found: set[str] = set()
        for key in band_keys(signature, self.options):
            found.update(self._articles.get(key, ()))
        return found

    def remove(self, article_id: str) -> None:
        """Drop an article from the index."""
        for key in self._keys.pop(article_id, []):
            filed = self._articles[key]
            filed.discard(article_id)
            if not filed:
                del self._articles[key]


def text_shingles(text: str, options: DedupOptions | None = None) -> set[bytes]:
    """The word shingles (UTF-8) a text is compared on; empty when the text is too short to judge.

    Shared by the local index and the Spark engine's MinHashLSH, so that both judge the same sets.
    """
    options = options or DedupOptions()
    words = _WORD.findall(fold(text))
    if len(words) < options.min_words:
        return set()
    k = options.shingle
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def text_signature(text: str, options: DedupOptions) -> bytes:
    """The MinHash signature of a text's shingles as bytes, empty when the text is too short to judge: what a
    finder with these options keeps and persists for it (`DuplicateFinder.signature`)."""
    shingles = text_shingles(text, options)
    if not shingles:
        return b""
    return bytes(compute_signature(shingles, options.num_perm).tobytes())


def find_duplicates(items: Iterable[tuple[str, str]], options: DedupOptions | None = None) -> dict[str, str | None]:
    """Map each (article id, clean text), taken in the given order, to the earliest article it copies, or None."""
    finder = DuplicateFinder(options)
    return {article_id: finder.add(article_id, text) for article_id, text in items}
