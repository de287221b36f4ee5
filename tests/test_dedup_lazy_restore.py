"""The near-duplicate finder restored lazily from kept signatures gives the verdicts of a finder that saw
every article: a copy of a kept article, a copy of a copy, an article whose match left the window, and a text
that copies nothing, in memory and through a store on both back-ends."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from recoupe.link.dedup import DedupOptions, DuplicateFinder, band_hashes
from recoupe.link.driver import restore_duplicate_finder
from recoupe.records import Article
from recoupe.store.links import save_signature, set_article_links
from recoupe.store.signatures import list_newest_signed, save_signature_bands

DAM = (
    "Les habitants de la vallée de Saint-Aubin ont appris mardi que le barrage de la Roche serait vidé cet "
    "automne pour une inspection complète de ses vannes, la première depuis sa mise en service il y a "
    "quarante ans. Le syndicat des eaux promet que l'alimentation des communes en aval ne sera pas coupée "
    "et que des pompes provisoires seront installées sur la rivière pendant les six semaines du chantier."
)
# The same dispatch rerun by a second outlet: one sentence added in front, one word changed.
DAM_RERUN = (
    "Un chantier hors norme s'annonce. Les habitants de la vallée de Saint-Aubin ont appris mardi que le "
    "barrage de la Roche serait vidé cet automne pour une inspection complète de ses vannes, la première "
    "depuis sa mise en service il y a quarante ans. Le syndicat des eaux assure que l'alimentation des "
    "communes en aval ne sera pas coupée et que des pompes provisoires seront installées sur la rivière "
    "pendant les six semaines du chantier."
)
# A third outlet reruns the second one's version, its last clause cut.
DAM_THIRD = (
    "Un chantier hors norme s'annonce. Les habitants de la vallée de Saint-Aubin ont appris mardi que le "
    "barrage de la Roche serait vidé cet automne pour une inspection complète de ses vannes, la première "
    "depuis sa mise en service il y a quarante ans. Le syndicat des eaux assure que l'alimentation des "
    "communes en aval ne sera pas coupée."
)
TRAIN = (
    "La compagnie régionale de transport a annoncé jeudi la suppression de la moitié des trains du soir "
    "entre Valmont et la préfecture à partir du mois prochain, faute de conducteurs disponibles. Les "
    "usagers, qui avaient déjà subi des retards répétés pendant l'hiver, dénoncent une décision prise sans "
    "concertation et réclament des cars de remplacement aux heures où les lycéens rentrent chez eux."
)
TRAIN_RERUN = (
    "La compagnie régionale de transport a annoncé jeudi la suppression de la moitié des trains du soir "
    "entre Valmont et la préfecture à partir du mois prochain, faute de conducteurs disponibles. Les "
    "usagers, qui avaient déjà subi des retards répétés pendant l'hiver, dénoncent une décision prise sans "
    "concertation et demandent des cars de remplacement aux heures où les lycéens rentrent chez eux."
)
# The train story told again by another newsroom in its own words: not a copy.
TRAIN_OWN_WORDS = (
    "Moins de trains le soir vers la préfecture : dès le mois prochain, un départ sur deux depuis Valmont "
    "disparaîtra des horaires, a fait savoir jeudi l'exploitant, qui dit manquer de personnel pour conduire "
    "ses rames. Parents et lycéens, lassés des retards accumulés cet hiver, espèrent obtenir des bus pour "
    "compenser et regrettent de ne pas avoir été consultés avant l'annonce."
)
MARKET = (
    "Le marché couvert de Bellerive rouvrira ses portes samedi après dix-huit mois de travaux qui ont permis "
    "de refaire la toiture, d'isoler les murs et d'installer des chambres froides pour les commerçants. La "
    "municipalité espère attirer de nouveaux producteurs de la région et prévoit une animation musicale "
    "toute la matinée pour fêter la réouverture avec les habitants du quartier."
)

# Arrivals in seen order, as a store links them.
ARRIVALS = [("dam", DAM), ("train", TRAIN), ("market", MARKET), ("dam-2", DAM_RERUN), ("train-2", TRAIN_RERUN),
            ("dam-3", DAM_THIRD), ("train-own", TRAIN_OWN_WORDS)]


class BandedSignatures:
    """Kept signatures filed by band hash in memory, as the store files them."""

    def __init__(self, options: DedupOptions) -> None:
        self.options = options
        self.by_band: dict[int, set[str]] = defaultdict(set)
        self.signatures: dict[str, bytes] = {}

    def keep(self, article_id: str, signature: bytes) -> None:
        self.signatures[article_id] = signature
        for band in band_hashes(signature, self.options):
            self.by_band[band].add(article_id)

    def banded(self, bands: list[int]) -> dict[str, bytes]:
        return {aid: self.signatures[aid] for band in bands for aid in self.by_band.get(band, ())}


def lazily_restored(options: DedupOptions, seen: list[tuple[str, str]]
                    ) -> tuple[DuplicateFinder, DuplicateFinder, list[str | None]]:
    """A finder that saw `seen`, one restored lazily from what it kept, and the verdicts of the first."""
    whole = DuplicateFinder(options)
    kept = BandedSignatures(options)
    verdicts = []
    for aid, text in seen:
        signature = whole.signature(text)
        verdicts.append(whole.add_signature(aid, signature))
        kept.keep(aid, signature)
    originals = {aid: v for (aid, _), v in zip(seen, verdicts, strict=True) if v is not None}
    return whole, DuplicateFinder.restore_lazily(options, [aid for aid, _ in seen], originals, kept), verdicts


def test_a_lazily_restored_finder_gives_every_verdict_of_a_finder_that_saw_everything() -> None:
    for max_kept in (100, 4, 2, 1):
        options = DedupOptions(max_kept=max_kept)
        for cut in range(len(ARRIVALS)):
            whole, lazy, _ = lazily_restored(options, ARRIVALS[:cut])
            for aid, text in ARRIVALS[cut:]:
                assert lazy.add(aid, text) == whole.add(aid, text), (max_kept, cut, aid)
            assert len(lazy) == len(whole)


def test_a_copy_points_at_the_original_a_restored_finder_only_remembers() -> None:
    _, lazy, verdicts = lazily_restored(DedupOptions(), ARRIVALS[:4])
    assert verdicts == [None, None, None, "dam"]
    assert lazy.add("dam-3", DAM_THIRD) == "dam"  # a copy of a copy points at the original
    assert lazy.add("train-2", TRAIN_RERUN) == "train"
    assert lazy.add("train-own", TRAIN_OWN_WORDS) is None  # the same news in other words copies nothing


def test_a_restored_finder_forgets_the_oldest_as_a_whole_one_does() -> None:
    _, lazy, _ = lazily_restored(DedupOptions(max_kept=2), ARRIVALS[:3])  # remembers train, market
    assert lazy.add("dam-2", DAM_RERUN) is None  # its original is out of the window
    assert lazy.add("train-2", TRAIN_RERUN) is None  # market, dam-2 now: train was forgotten in turn
    assert lazy.add("dam-3", DAM_THIRD) == "dam-2"


def _save(store: Any, aid: str, text: str, finder: DuplicateFinder, with_bands: bool = True) -> str | None:
    """Store an article as the link stage does: its signature, bands and verdict."""
    store.save_article(Article(id=aid, raw_text=text, clean_text=text, source="gazette.fr",
                               published="2024-05-02", language="fr"), "test")
    signature = finder.signature(text)
    verdict = finder.add_signature(aid, signature)
    save_signature(store, aid, signature)
    if with_bands:
        save_signature_bands(store, {aid: band_hashes(signature, finder.options)})
    set_article_links(store, aid, None, verdict)
    return verdict


def test_a_store_restores_the_finder_without_matching_again(any_store: Any) -> None:
    whole = DuplicateFinder()
    for aid, text in ARRIVALS[:4]:
        _save(any_store, aid, text, whole)
    restored = restore_duplicate_finder(any_store)
    assert len(restored) == 4
    for aid, text in ARRIVALS[4:]:
        assert restored.add(aid, text) == whole.add(aid, text)


def test_signatures_saved_without_bands_get_them_at_restore(any_store: Any) -> None:
    whole = DuplicateFinder()
    for aid, text in ARRIVALS[:4]:
        _save(any_store, aid, text, whole, with_bands=aid != "train")  # as another engine saves them
    assert dict(list_newest_signed(any_store, 10))["train"] is False
    restored = restore_duplicate_finder(any_store)
    assert all(banded for _, banded in list_newest_signed(any_store, 10))
    assert restored.add("train-2", TRAIN_RERUN) == "train"


def test_a_signature_saved_again_drops_its_old_bands(any_store: Any) -> None:
    whole = DuplicateFinder()
    _save(any_store, "dam", DAM, whole)
    save_signature(any_store, "dam", whole.signature(MARKET))  # the article rewritten, its bands not yet filed
    assert dict(list_newest_signed(any_store, 10))["dam"] is False
    restored = restore_duplicate_finder(any_store)
    assert restored.add("dam-2", DAM_RERUN) is None
    assert restored.add("market-2", MARKET) == "dam"
