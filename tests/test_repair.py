"""Tests of recoupe.clean.repair: mojibake, lossy œ, look-alike letters, glued sentences, edit offsets."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from recoupe.clean.repair import repair_text
from recoupe.records import Edit


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Rebuild the repaired text from the raw text and its edits (they are sorted and disjoint)."""
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        assert e.start >= pos
        out.append(text[pos:e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def check(text: str, fr: Any) -> tuple[str, list[Edit]]:
    """Repair `text` and check the invariants every repair must keep."""
    repaired, edits = repair_text(text, fr)
    for e in edits:
        assert e.kind == "repaired"
        assert text[e.start:e.end] == e.original
    assert apply_edits(text, edits) == repaired
    again, more = repair_text(repaired, fr)
    assert again == repaired and more == []
    return repaired, edits


def test_mojibake_is_fixed_and_spacing_and_quotes_kept(fr: Any) -> None:
    raw = "La prÃ©sence de 2\u00a0500 soldats Ã©tait lâ€™objet, « dit-il », “oui”."
    repaired, edits = check(raw, fr)
    assert repaired == "La présence de 2\u00a0500 soldats était l’objet, « dit-il », “oui”."
    assert {e.reason for e in edits} == {"mojibake"}
    assert edits[0].original == "Ã©" and edits[0].replacement == "é"


def test_clean_text_is_untouched(fr: Any) -> None:
    raw = "Le ministre l’a dit : « Nous partirons. » Pourquoi ? Personne ne sait."
    assert repair_text(raw, fr) == (raw, [])


def test_lossy_oe_is_restored_from_the_lexicon(fr: Any) -> None:
    raw = "La mise en ?uvre est au c?ur du plan. ?uvre collective, un chef-d'?uvre ; CŒUR et C?UR."
    repaired, edits = check(raw, fr)
    assert repaired == "La mise en œuvre est au cœur du plan. Œuvre collective, un chef-d'œuvre ; CŒUR et CŒUR."
    assert all(e.reason == "lossy œ" and e.original == "?" for e in edits)
    assert len(edits) == 5


def test_real_question_marks_are_never_touched(fr: Any) -> None:
    raw = "Et pourquoi ? Et quoi?Non, rien. Qui?ose le dire ? Vraiment?"
    assert repair_text(raw, fr) == (raw, [])


def test_dotless_i_in_french_word_is_repaired_turkish_word_left(fr: Any) -> None:
    raw = "Mıse à jour du site. La mise en place est lente, dit Kılıçdaroğlu à Diyarbakır."
    repaired, edits = check(raw, fr)
    assert repaired.startswith("Mise à jour")
    assert "Kılıçdaroğlu" in repaired and "Diyarbakır" in repaired
    assert [e.reason for e in edits] == ["look-alike letter"]


def test_dotless_i_with_french_accent_is_repaired(fr: Any) -> None:
    repaired, _ = check("La dernıère réunion", fr)
    assert repaired == "La dernière réunion"


def test_cyrillic_lookalikes_inside_latin_words(fr: Any) -> None:
    raw = "Le sommet de Pаris et de Mоscou ; Москва répond."  # Cyrillic а and о in Latin words
    repaired, edits = check(raw, fr)
    assert repaired == "Le sommet de Paris et de Moscou ; Москва répond."
    assert len(edits) == 2 and all(e.reason == "look-alike letter" for e in edits)


def test_glued_sentences_get_one_space(fr: Any) -> None:
    raw = 'Il est arrivé à la Maison Blanche.La réunion a duré. Il a dit."Je pars." Puis.«Non», a-t-il dit.'
    repaired, edits = check(raw, fr)
    assert repaired == ('Il est arrivé à la Maison Blanche. La réunion a duré. Il a dit. "Je pars." '
                        "Puis. «Non», a-t-il dit.")
    assert all(e.original == "" and e.replacement == " " and e.start == e.end for e in edits)
    assert [e.reason for e in edits] == ["glued sentences"] * 3


def test_glue_rule_spares_domains_initials_decimals_and_closing_quotes(fr: Any) -> None:
    raw = ('Selon rt.com et U.S. Army, M.Austin a vu 3.5 pour cent, lire www.exemple.Fr, '
           'écrire à redaction@journal.Fr ; il a dit "assez."Il part.')
    assert repair_text(raw, fr) == (raw, [])


def test_passes_touching_the_same_region_are_merged_with_raw_offsets(fr: Any) -> None:
    raw = "Un geste Ã©c?urant.Le pays rÃ©agit."
    repaired, edits = check(raw, fr)
    assert repaired == "Un geste écœurant. Le pays réagit."
    assert {e.reason for e in edits} == {"mojibake", "lossy œ", "glued sentences"}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["Ã©", "c?ur", "?uvre", " ", ".", "La", "mot", "\n", "ı", "а", "x?", "Mıse",
                                 "mise", "’", "\u00a0", "É"]), max_size=25))
def test_edits_always_rebuild_the_repaired_text(fr: Any, parts: list[str]) -> None:
    check("".join(parts), fr)
