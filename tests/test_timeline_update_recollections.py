"""The incremental timeline stays the whole build when joining articles change which words the whole story uses
(what two recollections of one past year may merge by, `share_telling_words`)."""

from __future__ import annotations

from typing import Any

from test_timeline_update import Dated, store_story, whole_build

from recoupe.link.timeline_update import update_timeline

# Two recollections of 2004 sharing "casques bleus"; two articles that do not write it (the word is then used by
# half the story: it tells the recollections apart); two more that write it (it becomes common to the story).
# Sentences written for the test.
ROWS: list[tuple[str, str, str, Dated]] = [
    ("r1", "alpha.fr", "2023-05-02", [("Les casques bleus déployés en 2004 restent au Soudan.", "2004", "en 2004")]),
    ("r2", "beta.fr", "2023-05-09", [("Arrivés en 2004, les casques bleus protègent les civils.", "2004", "en 2004")]),
    ("g1", "gamma.fr", "2023-05-03", [("Le Soudan a reçu mardi 2 mai une aide alimentaire.", "2023-05-02", "mardi 2 mai")]),
    ("g2", "delta.fr", "2023-05-04", [("Des pluies ont coupé les routes le 3 mai.", "2023-05-03", "le 3 mai")]),
    ("f1", "alpha.fr", "2023-05-05", [("Des casques bleus ont escorté un convoi le 4 mai.", "2023-05-04", "le 4 mai")]),
    ("f2", "beta.fr", "2023-05-06", [("Les casques bleus ont ouvert le 5 mai un camp.", "2023-05-05", "le 5 mai")]),
]


def recollections(entries: list[Any]) -> list[list[str]]:
    """The articles of each entry dated 2004."""
    return sorted(sorted(e.articles) for e in entries if e.date == "2004")


def test_a_word_becoming_common_or_telling_as_articles_join_gives_the_whole_build(fresh_db: Any) -> None:
    seen = []
    for k, row in enumerate(ROWS):
        store_story(fresh_db, "s-casques", [row])
        updated = update_timeline(fresh_db, "s-casques")
        assert updated == whole_build(fresh_db, "s-casques"), k
        seen.append(recollections(updated or []))
    # "casques" in half the articles tells the recollections apart: they merge by it; with two or six articles
    # it is the story's own word and they are judged as any two events are (these two are close enough)
    assert seen[3] == [["r1", "r2"]]
    assert seen[0] == [["r1"]]


def test_the_same_articles_joining_in_another_order_give_the_whole_build(fresh_db: Any) -> None:
    for k, row in enumerate([ROWS[2], ROWS[0], ROWS[4], ROWS[3], ROWS[1], ROWS[5]]):
        store_story(fresh_db, "s-casques", [row])
        assert update_timeline(fresh_db, "s-casques") == whole_build(fresh_db, "s-casques"), k
