"""The analysis export: OUTPUT.md's keys, offsets that slice to the evidence, atomic writing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recoupe.records import (
    Article,
    Entity,
    Event,
    Evidence,
    Figure,
    Mention,
    Quote,
    Reading,
    TimelineEntry,
    TimeRef,
)
from recoupe.store import Store
from recoupe.tell.export import timeline_record, write_export

TEXT = "Le ministre Paul Durand a visité Lyon mardi. « Nous tiendrons bon jusqu'au bout », a-t-il dit. 40 policiers."


def span(text: str, part: str, aid: str = "a1") -> Mention:
    start = text.index(part)
    return Mention(aid, start, start + len(part), part)


@pytest.fixture
def filled(fresh_db: Store) -> Store:
    article = Article(id="a1", raw_text=TEXT, clean_text=TEXT, title="Visite", source="exemple.fr",
                      published="2023-03-09", published_precision="day", language="fr")
    sentence = span(TEXT, "Le ministre Paul Durand a visité Lyon mardi.")
    reading = Reading(
        article="a1",
        entities=[Entity("Paul Durand", "PER", [span(TEXT, "Paul Durand")], ["Paul Durand"], id="a1:e0")],
        quotes=[Quote("Nous tiendrons bon jusqu'au bout", span(TEXT, "Nous tiendrons bon jusqu'au bout"),
                      "Paul Durand", "a1:e0", None, "a-t-il dit")],
        figures=[Figure(40, span(TEXT, "40"), "policiers", "policiers", "2023-03-09")],
        events=[Event("2023-03-07", "day", sentence.text, sentence, ["a1:e0"])],
    )
    fresh_db.save_article(article, "v1", reading)
    fresh_db.save_article(Article(id="a2", raw_text="Rien.", clean_text="Rien."), "v1")
    return fresh_db


def test_export_has_the_contract_keys(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    assert write_export(filled, out) == 2
    doc = json.loads(out.read_text(encoding="utf-8"))
    for key in ("articles", "entities", "quotes", "figures", "stories"):
        assert isinstance(doc[key], list)
    a1 = doc["articles"][0]
    for key in ("id", "source", "published", "language", "title", "text", "story", "duplicate_of"):
        assert key in a1
    assert a1["text"] == TEXT
    assert doc["figures"][0]["value"] == 40 and isinstance(doc["figures"][0]["value"], int)
    assert doc["quotes"][0]["speaker"] == "Paul Durand"
    story = next(s for s in doc["stories"] if s["id"] == a1["story"])
    assert story["articles"] == ["a1"]
    assert story["timeline"][0]["date"] == "2023-03-07"


def test_every_offset_slices_to_its_text(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    write_export(filled, out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    checked = 0
    for e in doc["entities"]:
        for m in e["mentions"]:
            assert texts[m["article"]][m["start"]:m["end"]] == m["text"]
            checked += 1
    for q in doc["quotes"]:
        assert texts[q["article"]][q["start"]:q["end"]] == q["text"]
        checked += 1
    for s in doc["stories"]:
        for entry in s["timeline"]:
            for ev in entry["evidence"]:
                assert texts[ev["article"]][ev["start"]:ev["end"]] == ev["sentence"]
                checked += 1
    assert checked == 3


def test_failed_export_leaves_no_partial_file(filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "x.json"
    out.write_text("previous export", encoding="utf-8")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("recoupe.tell.export.article_story", boom)
    with pytest.raises(OSError):
        write_export(filled, out)
    assert out.read_text(encoding="utf-8") == "previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_each_evidence_sentence_goes_with_the_date_its_expression_gives() -> None:

    def ev(start: int, words: str, value: str) -> Evidence:
        return Evidence("a", start, start + 40, "x" * 40,
                        when=TimeRef("DATE", value, Mention("a", start + 5, start + 5 + len(words), words)))

    entry = TimelineEntry(date="2022-03-08", precision="day", event="Le vote a eu lieu.", articles=["a", "b"],
                          evidence=[ev(0, "mardi", "2022-03-08"), ev(50, "mercredi", "2022-03-09"),
                                    Evidence("b", 0, 40, "y" * 40, when=None)],
                          other_dates=[("2022-03-09", ["a"])])
    record = timeline_record(entry)
    assert [(e["article"], e["start"]) for e in record["evidence"]] == [("a", 0), ("b", 0)]
    assert [(e["article"], e["start"]) for e in record["other_dates"][0]["evidence"]] == [("a", 50)]
