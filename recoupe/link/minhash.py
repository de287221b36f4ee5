"""MinHash signatures and LSH banding as datasketch computes them, without importing datasketch.

datasketch's package import pulls in SciPy (its LSH integrates the false-positive and false-negative odds
with `scipy.integrate`): about a second of every cold start, for two small computations. The signatures are
datasketch's "affine32" scheme bit for bit (SHA-1 of each shingle, the MurmurHash3 finalizer, affine
permutations drawn with seed 1), so the signatures already stored stay comparable, and the bands are the
(bands, rows) datasketch's `MinHashLSH` chooses for the same threshold (tests/test_minhash.py checks both
against datasketch).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache

import numpy as np

SEED = 1  # datasketch's default seed: the permutations of every stored signature were drawn with it
_MAX_HASH = np.uint32(0xFFFFFFFF)  # the value of an empty signature slot
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


@cache
def draw_permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations h -> a * h + b (mod 2**32, `a` odd: a bijection) of the affine32 scheme."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def compute_signature(shingles: Iterable[bytes], num_perm: int) -> np.ndarray:
    """The MinHash values (uint64, one per permutation) of a set of shingles; all 2**32-1 when it is empty."""
    hashes = [int.from_bytes(hashlib.sha1(s).digest()[:4], "little") for s in shingles]
    if not hashes:
        return np.full(num_perm, _MAX_HASH, dtype=np.uint64)
    a, b = draw_permutations(num_perm)
    hv = _finalize(np.array(hashes, dtype=np.uint32).reshape(-1, 1))
    with np.errstate(over="ignore"):
        permuted = hv * a + b  # wraps modulo 2**32, as the scheme means
    return np.minimum(permuted.min(axis=0), _MAX_HASH).astype(np.uint64)


def _finalize(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, which spreads the SHA-1 prefixes before the affine permutations."""
    s1, m1, s2, m2, s3 = _FMIX32
    with np.errstate(over="ignore"):
        hv = hv ^ (hv >> s1)
        hv = hv * m1
        hv = hv ^ (hv >> s2)
        hv = hv * m2
        return hv ^ (hv >> s3)


@cache
def choose_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """The (bands, rows per band) minimising the false-positive plus false-negative odds around `threshold`,
    equally weighted, as datasketch's `MinHashLSH` chooses them.

    The odds that two sets of similarity s share a band, 1 - (1 - s**r)**b, are a polynomial of degree
    b * r <= num_perm, so Gauss-Legendre quadrature with num_perm // 2 + 1 nodes integrates it exactly."""
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)
    low, high = _scaled(nodes, weights, 0.0, threshold), _scaled(nodes, weights, threshold, 1.0)
    best, chosen = float("inf"), (0, 0)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            false_positive = float(np.dot(low[1], 1 - (1 - low[0] ** r) ** b))
            false_negative = float(np.dot(high[1], (1 - high[0] ** r) ** b))
            error = 0.5 * false_positive + 0.5 * false_negative
            if error < best:
                best, chosen = error, (b, r)
    return chosen


def _scaled(nodes: np.ndarray, weights: np.ndarray, start: float, end: float) -> tuple[np.ndarray, np.ndarray]:
    """Legendre nodes and weights moved from [-1, 1] to [start, end]."""
    half = (end - start) / 2
    return start + half * (nodes + 1), half * weights
