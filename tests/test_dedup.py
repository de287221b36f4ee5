"""Near-duplicate detection: a re-published wire copy is found, a different article on the same event is not."""

from __future__ import annotations

import json

from recoupe.link.dedup import DedupOptions, DuplicateFinder, find_duplicates

WIRE = (
    "Le conseil municipal de Rochebrune a voté lundi soir la fermeture de la piscine communale pour une durée "
    "de deux ans, le temps de rénover un bâtiment jugé vétuste par les services techniques. Les travaux, "
    "estimés à quatre millions d'euros, seront financés en partie par la région et par un emprunt. Les clubs "
    "de natation de la commune seront accueillis dans le bassin de la ville voisine pendant toute la durée "
    "du chantier, a précisé le maire lors de la séance. L'opposition a dénoncé un calendrier trop long et "
    "réclamé une solution provisoire pour les écoles, qui perdent leurs créneaux de natation scolaire."
)

# The same dispatch as another outlet runs it: a new opening sentence, one sentence cut, a word changed.
COPY = (
    "Mauvaise nouvelle pour les nageurs. Le conseil municipal de Rochebrune a voté lundi soir la fermeture de "
    "la piscine communale pour une durée de deux ans, le temps de rénover un bâtiment jugé vétuste par les "
    "services techniques. Les travaux, estimés à quatre millions d'euros, seront financés en partie par la "
    "région et par un emprunt. Les clubs de natation de la commune seront accueillis dans le bassin de la "
    "ville voisine pendant toute la durée du chantier, a indiqué le maire lors de la séance."
)

# The same event, written by another newsroom: same facts, different sentences.
OTHER = (
    "À Rochebrune, les nageurs devront patienter. Réunis lundi, les élus ont décidé de fermer la piscine "
    "municipale pendant deux années afin de remettre en état un équipement qui ne répond plus aux normes. "
    "La facture atteindra quatre millions d'euros, dont une part sera prise en charge par la région. Pendant "
    "ce temps, les licenciés iront s'entraîner dans la commune d'à côté. Les élus de l'opposition regrettent "
    "qu'aucune solution n'ait été trouvée pour les élèves des écoles primaires."
)


def test_copy_is_detected_and_points_to_the_earliest() -> None:
    finder = DuplicateFinder()
    assert finder.add("a", WIRE) is None
    assert finder.add("b", COPY) == "a"
    assert finder.duplicate_of("b") == "a"


def test_rewritten_article_on_same_event_is_not_a_duplicate() -> None:
    finder = DuplicateFinder()
    finder.add("a", WIRE)
    assert finder.add("c", OTHER) is None


def test_copy_of_a_copy_points_to_the_original() -> None:
    result = find_duplicates([("a", WIRE), ("b", COPY), ("c", WIRE + " Fin de la dépêche.")])
    assert result == {"a": None, "b": "a", "c": "a"}


def test_short_text_is_never_judged() -> None:
    finder = DuplicateFinder()
    assert finder.signature("Trop court pour juger.") == b""
    assert finder.add("x", "Trop court pour juger.") is None
    assert finder.add("y", "Trop court pour juger.") is None
    assert len(finder) == 0


def test_signature_round_trip_gives_the_same_answer() -> None:
    finder = DuplicateFinder()
    sig_a, sig_b = finder.signature(WIRE), finder.signature(COPY)
    assert len(sig_a) == 8 * finder.options.num_perm
    other = DuplicateFinder()
    assert other.add_signature("a", sig_a) is None
    assert other.add_signature("b", sig_b) == "a"


def test_snapshot_restore_then_add() -> None:
    finder = DuplicateFinder()
    finder.add("a", WIRE)
    finder.add("c", OTHER)
    restored = DuplicateFinder.restore(json.loads(json.dumps(finder.snapshot())))
    assert len(restored) == 2
    assert restored.add("b", COPY) == "a"
    assert restored.add("d", OTHER) == "c"


def test_index_keeps_at_most_max_kept_signatures() -> None:
    finder = DuplicateFinder(DedupOptions(max_kept=1))
    finder.add("a", WIRE)
    finder.add("c", OTHER)
    assert len(finder) == 1
    assert finder.add("b", COPY) is None  # "a" was dropped from the window
