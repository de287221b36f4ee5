"""Language detection runs once per article when the default language's plug is the only one."""

from __future__ import annotations

import pytest

from recoupe.lang import PATH_VARIABLE
from recoupe.pipeline import AnalyzeOptions, Engine
from recoupe.records import Article

FRENCH = ("La municipalité a annoncé lundi la fermeture provisoire de la médiathèque, dont la toiture "
          "doit être refaite avant l'hiver selon les services techniques.")
RAWS = [
    f"Accueil | Sport | Culture\n\n{FRENCH}\n\nPartager sur les réseaux",
    f"Home | World | Sign in to read more and subscribe to our newsletter today\n\n{FRENCH}",
    "Der Stadtrat hat am Montag beschlossen, die Bibliothek wegen Bauarbeiten am Dach bis zum Winter zu schließen.",
    "Court.",
]


def count_detections(engine: Engine) -> list[str]:
    """Wrap the engine's detector so that each call is recorded; return the record."""
    calls: list[str] = []
    detect = engine.detector.detect

    def counted(text: str) -> str | None:
        calls.append(text)
        return detect(text)

    engine.detector.detect = counted  # type: ignore[method-assign]
    return calls


@pytest.mark.parametrize("raw", RAWS)
def test_one_plug_detects_once_with_the_same_result(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.delenv(PATH_VARIABLE, raising=False)
    once = Engine(AnalyzeOptions(link=False))
    twice = Engine(AnalyzeOptions(link=False))
    twice.other_plugs = True  # the path taken when another plug could clean the article
    calls_once, calls_twice = count_detections(once), count_detections(twice)
    article = Article(id="x", raw_text=raw)
    assert not once.other_plugs
    assert once.prepare(article) == twice.prepare(article)
    assert len(calls_once) == 1 and len(calls_twice) == 2
