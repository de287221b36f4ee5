"""Language identification: ISO 639-1 codes for texts long enough to tell, None for the rest."""

from __future__ import annotations

import pytest

from recoupe.ingest.language import LanguageDetector


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    """One detector for the module, as a run builds one."""
    return LanguageDetector()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Le gouvernement a présenté mercredi un projet de loi sur le logement, critiqué par l'opposition.", "fr"),
        ("The government presented a housing bill on Wednesday, which the opposition criticised.", "en"),
        ("Die Regierung hat am Mittwoch einen Gesetzentwurf zum Wohnungsbau vorgestellt.", "de"),
        ("El gobierno presentó el miércoles un proyecto de ley sobre la vivienda.", "es"),
        ("Il governo ha presentato mercoledì un disegno di legge sulla casa.", "it"),
        ("Правительство в среду представило законопроект о жилье.", "ru"),
        ("قدمت الحكومة يوم الأربعاء مشروع قانون بشأن السكن", "ar"),
    ],
)
def test_detects_common_news_languages(detector: LanguageDetector, text: str, code: str) -> None:
    assert detector.detect(text) == code


def test_too_short_or_letterless_text_is_none(detector: LanguageDetector) -> None:
    assert detector.detect("Paris, 12 mai") is None
    assert detector.detect("") is None
    assert detector.detect("2021-03-16 12:00 — 45 % / 3 000 €") is None


def test_only_the_start_of_a_long_text_is_read(detector: LanguageDetector) -> None:
    french = "Les habitants du quartier se sont réunis samedi pour réclamer une nouvelle école. " * 30
    assert detector.detect(french + "The rest of this text is in English and very long. " * 500) == "fr"
