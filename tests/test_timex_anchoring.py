"""Where a yearless or weekday date falls when the sentence says more than its tense: a bare past participle
(a done act), "dernier"/"prochain" beside the eve, and an adverb
"plus tard" that counts from the story whatever follows it."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.read.timex.tagger import tag_timexes


def values(nlp: Any, fr: Any, text: str, dct: str) -> dict[str, str]:
    """Each expression of `text` published on `dct`, mapped to its value."""
    return {t.mention.text: t.value for t in tag_timexes(text, dct, fr, doc=nlp(text), article_id="t")}


@pytest.mark.parametrize(("text", "span", "value"), [
    ("Les enquêteurs pourraient analyser les débris retrouvés mercredi sur la plage.", "mercredi", "2020-01-08"),
    ("Le gouvernement devra appliquer l'accord signé mercredi avec les syndicats.", "mercredi", "2020-01-08"),
    ("La commission examinera les documents saisis mardi par la police.", "mardi", "2020-01-07"),
])
def test_a_bare_past_participle_dates_a_done_act(nlp: Any, fr: Any, text: str, span: str, value: str) -> None:
    assert values(nlp, fr, text, "2020-01-10")[span] == value


@pytest.mark.parametrize(("text", "span", "dct", "value"), [
    ("Le ministre a démissionné lundi dernier.", "lundi dernier", "2020-11-17", "2020-11-09"),
    ("Le conseil s'est réuni jeudi dernier à huis clos.", "jeudi dernier", "2021-03-12", "2021-03-04"),
    ("Le verdict sera rendu mercredi prochain.", "mercredi prochain", "2021-03-09", "2021-03-17"),
    # Further from the publication day, "dernier" is the last such day, as before.
    ("Le ministre a démissionné lundi dernier.", "lundi dernier", "2020-11-20", "2020-11-16"),
])
def test_dernier_or_prochain_is_never_the_eve(nlp: Any, fr: Any, text: str, span: str, dct: str, value: str) -> None:
    assert values(nlp, fr, text, dct)[span] == value


@pytest.mark.parametrize(("text", "span", "value"), [
    ("Le port a été bombardé le 4 mai. Il avait été repris deux jours plus tard par l'armée.",
     "deux jours plus tard", "2019-05-06"),
    ("Le port a été bombardé le 4 mai. Trois jours plus tôt, des renforts étaient arrivés.",
     "Trois jours plus tôt", "2019-05-01"),
    ("Le port a été bombardé le 4 mai et l'armée y est entrée une semaine plus tard sans combattre.",
     "une semaine plus tard", "2019-W19"),
])
def test_plus_tard_counts_from_the_story(nlp: Any, fr: Any, text: str, span: str, value: str) -> None:
    assert values(nlp, fr, text, "2019-06-02")[span] == value


def test_apres_followed_by_a_noun_is_no_point(nlp: Any, fr: Any) -> None:
    """"trois jours après l'attaque" counts from the attack, not from the last date: no point is made of it."""
    found = values(nlp, fr, "Le port a été bombardé le 4 mai. Trois jours après l'attaque, la ville a cédé.", "2019-06-02")
    assert "2019-05-07" not in found.values()


@pytest.mark.parametrize(("text", "span", "value"), [
    ("Une nouvelle fête aura lieu l'an prochain, sans doute en juillet.", "juillet", "2021-07"),
    ("En 2008, le traité avait été ratifié le 17 novembre par le Parlement.", "le 17 novembre", "2008-11-17"),
    ("L'an dernier, en juin, le maire a été réélu dès le premier tour.", "juin", "2019-06"),
])
def test_a_month_takes_the_year_its_sentence_named(nlp: Any, fr: Any, text: str, span: str, value: str) -> None:
    assert values(nlp, fr, text, "2020-08-16")[span] == value
