"""The local engine's workers: stopped before the link stage, whose memory must not sit beside theirs."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.link import driver
from recoupe.link.driver import LinkReport
from recoupe.pipeline import AnalyzeOptions, Engine, analyze
from recoupe.records import Article, Reading
from recoupe.store import Store

TEXTS = [
    "Le conseil régional a voté jeudi une aide aux éleveurs touchés par la sécheresse.",
    "Les pompiers ont maîtrisé dans la nuit un incendie dans un entrepôt du port.",
    "Une exposition consacrée aux affiches de cinéma ouvre samedi au musée de la ville.",
]


def unread(articles: list[Article], on_error: object = None) -> list[Reading | None]:
    """A reading stage that reads nothing: these tests watch the order of the stages, not what is read."""
    return [None] * len(articles)


@pytest.mark.parametrize("count", [1, 3])
def test_workers_stop_before_the_link_stage(tmp_path: Path, fresh_db: Store, monkeypatch: pytest.MonkeyPatch,
                                            count: int) -> None:
    for n, text in enumerate(TEXTS[:count]):
        (tmp_path / f"a{n}.txt").write_text(text, encoding="utf-8")
    engine = Engine(AnalyzeOptions(read=True, link=True))
    events: list[str] = []
    monkeypatch.setattr(engine, "read", unread)
    monkeypatch.setattr(engine, "close", lambda: events.append("close"))

    def link(store: Store, lang: object, warm: object = None) -> LinkReport:
        events.append(f"link {store.count_articles()}")
        return LinkReport(linked=store.count_articles())

    monkeypatch.setattr(driver, "link_store", link)
    report = analyze([tmp_path], fresh_db, engine.options, engine=engine)
    assert events == ["close", f"link {count}"] and report.linked == count


def test_a_run_that_does_not_link_keeps_its_workers(tmp_path: Path, fresh_db: Store,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    engine = Engine(AnalyzeOptions(read=True, link=False))
    closed: list[bool] = []
    monkeypatch.setattr(engine, "read", unread)
    monkeypatch.setattr(engine, "close", lambda: closed.append(True))
    analyze([tmp_path], fresh_db, engine.options, engine=engine)
    assert not closed  # `recoupe watch` stores without linking and keeps its warm workers for the next arrival
