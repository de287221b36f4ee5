"""Language plugs: found by folder, one reader per language in a run, unplugged languages stored unread.

The second language is the English test plug of tests/plugs/en (a blank spaCy pipeline, no model).
The sentences are written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recoupe.clean import clean_generic, clean_in_language
from recoupe.ingest.language import body_sample
from recoupe.lang import (
    PATH_VARIABLE,
    UnknownLanguageError,
    available_languages,
    find_language,
    load_language,
)
from recoupe.pipeline import AnalyzeOptions, Engine, analyze
from recoupe.records import Article
from recoupe.store import Store
from recoupe.tell.export import write_export

PLUGS = Path(__file__).parent / "plugs"

# Articles of two languages share a story through the names they share (their other words differ).
FRENCH = ("Grace Hopper et Katherine Johnson ont inauguré jeudi à Kibera, près de Nairobi, une école "
          "de programmation.\n\nLe Kenya veut former trois cents développeurs, selon Katherine Johnson.")
ENGLISH = ("Grace Hopper and Katherine Johnson opened a programming school in Kibera, near Nairobi, on "
           "Thursday.\n\nKenya wants to train three hundred developers, Johnson said.")
ENGLISH_2 = ("The school Hopper and Johnson opened in Kibera will train developers for Nairobi and Kenya.")
GERMAN = ("Grace Hopper hat am Donnerstag in Nairobi eine Programmierschule eröffnet, die von der "
          "Weltgesundheitsorganisation finanziert wird und Entwickler für die Krankenhäuser ausbildet.")


@pytest.fixture
def with_test_plugs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the test plugs findable, as a deployment would with RECOUPE_LANG_PATH."""
    monkeypatch.setenv(PATH_VARIABLE, str(PLUGS))


def test_plugs_are_found_by_folder(with_test_plugs: None) -> None:
    assert {"fr", "en"} <= set(available_languages())
    assert load_language("en").folder == PLUGS / "en"
    assert load_language("fr").hook("make_nlp") is None and load_language("en").hook("make_nlp") is not None


def test_no_plug_is_none_and_codes_never_name_a_folder(with_test_plugs: None) -> None:
    assert find_language("de") is None and find_language(None) is None
    with pytest.raises(UnknownLanguageError):
        load_language("../fr")
    with pytest.raises(UnknownLanguageError):
        load_language("xx")


def test_plugs_outside_the_path_are_not_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PATH_VARIABLE, raising=False)
    assert find_language("en") is None
    assert find_language("fr") is not None


@pytest.mark.parametrize("text", [GERMAN, "Los delegados aprobaron el martes en Nairobi un plan para formar "
                                  "a trescientos programadores antes de fin de año."])
def test_unplugged_language_is_cleaned_generically(with_test_plugs: None, text: str) -> None:
    engine = Engine(AnalyzeOptions(read=True, link=False))
    raw = f"Menu\nAccueil\n\n{text}\n"
    article = engine.prepare(Article(id="x", raw_text=raw))
    assert article.language in {"de", "es"}
    assert article.clean_text == clean_generic(Article(id="x", raw_text=raw)).clean_text
    assert engine.unread(article)


def test_plug_without_cleaning_words_is_cleaned_generically(with_test_plugs: None) -> None:
    raw = "Home | News\n\nGrace Hopper opened a school.\n\nShare this article"
    article = Article(id="x", raw_text=raw)
    assert clean_in_language(article, load_language("en")).clean_text == clean_generic(article).clean_text


def test_reader_stages_follow_the_plug(with_test_plugs: None) -> None:
    from recoupe.read.reader import STAGE_DATA

    en, fr = load_language("en"), load_language("fr")
    assert all(all(fr.has(name) for name in data) for data in STAGE_DATA.values())  # French has every stage
    assert en.hook("find_entities") is not None and not en.has("timex.json") and not en.has("quotes.json")
    assert fr.hook("timex_rules") is not None and fr.hook("parse_number_words") is not None


@pytest.mark.parametrize("furniture", [
    "Home | World | Sport | Share this page on social networks and subscribe to our newsletter today",
    "A protester holds a sign in front of the parliament building during the demonstration on Monday.",
])
def test_french_article_under_english_furniture_is_read_in_french(furniture: str) -> None:
    french = ("Le conseil municipal a voté mardi soir la construction d'une nouvelle piscine, "
              "malgré l'opposition des riverains qui craignent une hausse des impôts locaux.\n\n"
              "Les travaux doivent commencer au printemps prochain et durer dix-huit mois, selon la mairie.")
    engine = Engine(AnalyzeOptions(read=True, link=False))
    article = engine.prepare(Article(id="x", raw_text=f"{furniture}\n\n{french}"))
    assert article.language == "fr" and not engine.unread(article)


def test_body_sample_keeps_the_longest_paragraphs_in_order() -> None:
    text = "Menu\n\n" + "a" * 300 + "\n\nShare\n\n" + "b" * 200 + "\n\n" + "c" * 50
    assert body_sample(text, 400) == "a" * 300 + "\n\n" + "b" * 200
    assert body_sample("Short line", 400) == "Short line"
    assert body_sample("", 400) == ""


def test_generic_cleaning_keeps_every_line_and_mends_encoding() -> None:
    article = clean_generic(Article(id="x", raw_text="  Die KÃ¼hlschrÃ¤nke fehlen.\n\n\nZweite Zeile  \n"))
    assert article.clean_text == "Die Kühlschränke fehlen.\n\nZweite Zeile"
    assert [e.reason for e in article.edits] == ["mojibake", "mojibake"]


def write_corpus(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_two_languages_read_and_linked_in_one_run(with_test_plugs: None, nlp: object, tmp_path: Path,
                                                   fresh_db: Store) -> None:
    corpus = write_corpus(tmp_path / "in", {"fr-1": FRENCH, "en-1": ENGLISH, "en-2": ENGLISH_2, "de-1": GERMAN})
    report = analyze([corpus], fresh_db)
    assert report.added == 4 and report.failed == 0
    write_export(fresh_db, tmp_path / "export.json")
    export = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    articles = {a["id"]: a for a in export["articles"]}
    assert {k: a["language"] for k, a in articles.items()} == {"fr-1": "fr", "en-1": "en", "en-2": "en",
                                                                 "de-1": "de"}
    # the unplugged article is stored, said unread, and has no reading
    assert "de" in articles["de-1"]["unread"] and all("unread" not in articles[k] for k in ("fr-1", "en-1"))
    assert fresh_db.reading("de-1").entities == []
    # each language read by its own reader: French dates and quotes stages ran, English had its entities only
    assert any(t.value for t in fresh_db.reading("fr-1").timexes)
    assert fresh_db.reading("en-1").timexes == []
    # entities linked within a language, never across languages
    people = {e["id"]: {m["article"] for m in e["mentions"]} for e in export["entities"] if e["type"] == "PER"}
    english = [arts for gid, arts in people.items() if gid.startswith("en:")]
    french = [arts for gid, arts in people.items() if not gid.startswith("en:")]
    assert {"en-1", "en-2"} in english and {"fr-1"} in french
    # and the articles of both languages share one story
    assert articles["fr-1"]["story"] == articles["en-1"]["story"] == articles["en-2"]["story"]


@pytest.mark.slow
def test_unread_article_is_said_so_and_reread_once_a_plug_exists(monkeypatch: pytest.MonkeyPatch, nlp: object,
                                                                tmp_path: Path, fresh_db: Store) -> None:
    corpus = write_corpus(tmp_path / "in", {"en-1": ENGLISH})
    monkeypatch.delenv(PATH_VARIABLE, raising=False)
    first = analyze([corpus], fresh_db)
    assert first.added == 1
    state = fresh_db.article_state("en-1")
    assert state is not None and state[1].endswith("-unread")
    assert analyze([corpus], fresh_db).unchanged == 1  # still no plug: nothing to redo
    monkeypatch.setenv(PATH_VARIABLE, str(PLUGS))
    assert analyze([corpus], fresh_db).updated == 1  # the plug arrived: the article is read now
    assert [e.name for e in fresh_db.reading("en-1").entities][:2] == ["Grace Hopper", "Katherine Johnson"]
