"""MinHash signatures and LSH bands computed without datasketch are datasketch's own, bit for bit: the
signatures a store already holds stay comparable with new ones, and the bands are those MinHashLSH draws."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from recoupe.link.dedup import DedupOptions, DuplicateFinder, band_keys, text_shingles
from recoupe.link.minhash import choose_bands, compute_signature

TEXTS = [
    "Le conseil départemental a voté jeudi un budget en hausse de trois pour cent, porté par les dépenses "
    "sociales et l'entretien des routes, malgré l'opposition qui réclamait une baisse des impôts locaux.",
    "Deux randonneurs égarés dans le massif ont été retrouvés sains et saufs samedi matin par les secours en "
    "montagne, après une nuit passée à l'abri d'un rocher par une température proche de zéro degré.",
    "L'usine de papier de la vallée fermera ses portes à la fin de l'année, a annoncé la direction aux "
    "syndicats, qui redoutent la perte de deux cents emplois directs et de nombreux postes chez les "
    "sous-traitants de la région.",
]


def datasketch_signature(text: str, num_perm: int) -> bytes:
    """The signature as recoupe computed it with datasketch before (affine32 scheme, seed 1)."""
    mh = MinHash(num_perm=num_perm, scheme="affine32")
    mh.update_batch(list(text_shingles(text, DedupOptions(num_perm=num_perm))))
    return bytes(mh.hashvalues.astype(np.uint64).tobytes())


@pytest.mark.parametrize("num_perm", [128, 64, 200])
def test_signatures_are_datasketch_signatures(num_perm: int) -> None:
    finder = DuplicateFinder(DedupOptions(num_perm=num_perm))
    for text in TEXTS:
        assert finder.signature(text) == datasketch_signature(text, num_perm)


def test_an_empty_set_gives_the_empty_signature_of_datasketch() -> None:
    empty = MinHash(num_perm=16, scheme="affine32").hashvalues.astype(np.uint64)
    assert compute_signature([], 16).tolist() == empty.tolist()


@pytest.mark.parametrize("threshold", [0.3, 0.45, 0.5, 0.55, 0.7, 0.9])
@pytest.mark.parametrize("num_perm", [64, 128, 256])
def test_bands_are_those_minhash_lsh_chooses(threshold: float, num_perm: int) -> None:
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    assert choose_bands(threshold, num_perm) == (lsh.b, lsh.r)


def test_band_keys_follow_the_chosen_bands() -> None:
    options = DedupOptions()
    bands, rows = choose_bands(options.threshold, options.num_perm)
    keys = band_keys(DuplicateFinder(options).signature(TEXTS[0]), options)
    assert len(keys) == bands and all(len(k) == 2 + 8 * rows for k in keys)
