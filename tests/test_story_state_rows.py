"""The story clusterer saved story by story (only the stories a batch changed) restores as its whole snapshot."""

from __future__ import annotations

from typing import Any

from recoupe.link.stories import StoryClusterer, StoryOptions

# (article, title, published, lemma counts, entity keys): two topics a week apart and one unrelated article.
ARTICLES: list[tuple[str, str, str, dict[str, int], list[str]]] = [
    ("a1", "Grève au port", "2023-05-01", {"grève": 3, "docker": 2, "port": 2, "salaire": 1}, ["brévannes"]),
    ("a2", "Le pont inauguré", "2023-05-02", {"pont": 3, "inauguration": 2, "maire": 1}, ["castelroc"]),
    ("a3", "Les dockers en grève", "2023-05-02", {"grève": 2, "docker": 3, "port": 1, "trafic": 1}, ["brévannes"]),
    ("a4", "Un festival de jazz", "2023-05-03", {"festival": 2, "jazz": 3, "concert": 1}, ["valdor"]),
    ("a5", "Accord au port", "2023-05-05", {"accord": 2, "docker": 2, "port": 2, "salaire": 2}, ["brévannes"]),
    ("a6", "Foule sur le pont", "2023-05-06", {"pont": 2, "piéton": 2, "foule": 1}, ["castelroc"]),
]


def add(clusterer: StoryClusterer, row: tuple[str, str, str, dict[str, int], list[str]]) -> str:
    aid, title, published, lemmas, keys = row
    return clusterer.add_features(aid, title, published, lemmas, keys)


def test_saving_only_the_joined_story_restores_the_whole_state() -> None:
    clusterer = StoryClusterer(StoryOptions())
    head: dict[str, Any] = {}
    rows: dict[str, dict[str, Any]] = {}
    for row in ARTICLES:
        joined = add(clusterer, row)
        head, states = clusterer.split_snapshot([joined])
        rows.update((s["id"], s) for s in states)
        for summary in clusterer.pop_retired():
            rows.pop(summary.id, None)
        restored = StoryClusterer.restore_split(head, [rows[i] for i in head["active"]])
        assert restored.snapshot() == clusterer.snapshot()


def test_a_clusterer_restored_from_rows_places_the_next_articles_alike() -> None:
    first = StoryClusterer(StoryOptions())
    for row in ARTICLES[:4]:
        add(first, row)
    head, states = first.split_snapshot()
    again = StoryClusterer.restore_split(head, states)
    whole = StoryClusterer.restore(first.snapshot())
    assert [add(again, r) for r in ARTICLES[4:]] == [add(whole, r) for r in ARTICLES[4:]]


def test_the_head_lists_the_active_stories_in_order_without_their_states() -> None:
    clusterer = StoryClusterer(StoryOptions())
    ids = [add(clusterer, row) for row in ARTICLES]
    head, states = clusterer.split_snapshot([ids[0]])
    assert "stories" not in head and head["active"] == list(dict.fromkeys(ids))
    assert [s["id"] for s in states] == [ids[0]]


def test_titles_of_some_stories_are_the_titles_the_listing_gives() -> None:
    clusterer = StoryClusterer(StoryOptions())
    ids = [add(clusterer, row) for row in ARTICLES]
    listed = {s.id: s.title for s in clusterer.stories()}
    assert clusterer.titles(ids[:2]) == {i: listed[i] for i in ids[:2]}
    assert clusterer.titles([]) == {}
