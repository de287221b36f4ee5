"""The story clusterer kept as rows and restored lazily (a cold start reads only the stories, postings and
document frequencies an article reaches) places every article where the clusterer restored whole places it,
in memory and through a store on both back-ends."""

from __future__ import annotations

import json
import random
from typing import Any

from recoupe.lang import load_language
from recoupe.link.driver import restore_story_clusterer, save_story_clusterer
from recoupe.link.stories import StoryClusterer, StoryOptions
from recoupe.link.story_lazy import LazyStoryClusterer
from recoupe.link.story_rows import StoryRows

Row = tuple[str, str, str, dict[str, int], list[str]]  # (article, title, published, lemma counts, entity keys)

# Hand-written articles: a port strike, a bridge opening and a jazz festival, each told in several wordings, and
# two one-off items; the lemma counts are what a reading of each would give, the keys its places.
ARTICLES: list[Row] = [
    ("a1", "Grève au port de Brévannes", "2023-05-01",
     {"grève": 3, "docker": 2, "port": 2, "salaire": 1, "bloquer": 1}, ["brévannes"]),
    ("a2", "Castelroc inaugure son pont", "2023-05-02",
     {"pont": 3, "inauguration": 2, "maire": 1, "fleuve": 1}, ["castelroc"]),
    ("a3", "Les dockers cessent le travail", "2023-05-02",
     {"docker": 3, "grève": 2, "quai": 2, "navire": 1, "port": 1}, ["brévannes"]),
    ("a4", "Valdor fête le jazz", "2023-05-03",
     {"festival": 2, "jazz": 3, "concert": 1, "scène": 1}, ["valdor"]),
    ("a5", "Un accord met fin au conflit sur les quais", "2023-05-05",
     {"accord": 2, "docker": 2, "port": 2, "salaire": 2, "grève": 1}, ["brévannes"]),
    ("a6", "Foule de piétons sur le nouveau pont", "2023-05-06",
     {"pont": 2, "piéton": 2, "foule": 1, "fleuve": 1}, ["castelroc"]),
    ("a7", "Une boulangerie rouvre", "2023-05-06", {"boulangerie": 2, "pain": 2, "rouvrir": 1}, []),
    ("a8", "Le festival de Valdor affiche complet", "2023-05-07",
     {"festival": 3, "jazz": 1, "billet": 2, "scène": 1}, ["valdor"]),
    ("a9", "Brévannes : les navires déchargés de nouveau", "2023-05-08",
     {"navire": 2, "port": 2, "quai": 1, "reprise": 2, "docker": 1}, ["brévannes"]),
    ("a10", "Le pont de Castelroc fermé une nuit pour contrôle", "2023-05-09",
     {"pont": 2, "contrôle": 2, "fermeture": 1, "fleuve": 1}, ["castelroc"]),
    ("a11", "Concours de pêche", "2023-05-09", {"pêche": 2, "concours": 2, "rivière": 1}, []),
]


class RowSource:
    """An in-memory store of the clusterer's rows: what story_states, story_terms, story_members and
    feature_frequencies hold after each save; notes the stories whose state was read."""

    def __init__(self) -> None:
        self.head: dict[str, Any] = {}
        self.rows: dict[str, dict[str, Any]] = {}
        self.terms: dict[str, dict[str, float]] = {}
        self.members: dict[str, str] = {}
        self.df: dict[str, dict[str, tuple[int, int]]] = {"lemmas": {}, "entities": {}}
        self.read: list[str] = []

    def save(self, rows: StoryRows) -> None:
        if rows.whole:
            self.rows, self.terms, self.members = {}, {}, {}
        for term, story_id in rows.dropped:
            del self.terms[term][story_id]
        for story_id in rows.retired:
            self.rows.pop(story_id, None)
        for article_id in rows.left:
            self.members.pop(article_id, None)
        self.rows.update((s["id"], json.loads(json.dumps(s))) for s in rows.states)
        for term, story_id, weight in rows.postings:
            self.terms.setdefault(term, {})[story_id] = weight
        self.members.update(rows.members)
        for space, (frequencies, whole) in rows.frequencies.items():
            saved = {} if whole else self.df[space]
            for term, df, seq in frequencies:
                saved[term] = (df, saved[term][1] if term in saved else seq)
            self.df[space] = saved
        self.head = json.loads(json.dumps(rows.head))

    def postings(self, keys: list[str]) -> dict[str, list[tuple[str, float]]]:
        return {k: list(self.terms[k].items()) for k in keys if self.terms.get(k)}

    def states(self, ids: list[str]) -> list[dict[str, Any]]:
        self.read += ids
        return [self.rows[i] for i in ids if i in self.rows]

    def story_of(self, article_id: str) -> str | None:
        return self.members.get(article_id)

    def frequencies(self, space: str, terms: list[str]) -> dict[str, int]:
        return {t: self.df[space][t][0] for t in terms if t in self.df[space]}

    def all_frequencies(self, space: str) -> list[tuple[str, int]]:
        return [(t, df) for t, (df, _) in sorted(self.df[space].items(), key=lambda kv: kv[1][1])]


def zipf_stream(seed: int, articles: int) -> list[Row]:
    """Synthetic articles over a Zipf vocabulary (common words shared by every story), each from one of a few
    hidden topics, dated over a year: joins, new stories and retirements, as in a year of news."""
    rng = random.Random(seed)
    vocabulary = [f"mot{i}" for i in range(3000)]
    zipf = [1.0 / (rank + 1) for rank in range(len(vocabulary))]
    topics = [rng.sample(vocabulary[200:], 25) for _ in range(50)]
    out: list[Row] = []
    for n in range(articles):
        topic = rng.randrange(len(topics))
        counts: dict[str, int] = {}
        for word in rng.choices(vocabulary, zipf, k=50) + rng.choices(topics[topic], k=20):
            counts[word] = counts.get(word, 0) + 1
        keys = [f"e{topic}-{rng.randrange(3)}" for _ in range(rng.randrange(4))]
        out.append((f"a{n}", f"titre {n}", f"2024-{1 + n * 12 // articles:02d}-{1 + n % 28:02d}", counts, keys))
    return out


def add(clusterer: StoryClusterer, row: Row) -> str:
    aid, title, published, lemmas, keys = row
    return clusterer.add_features(aid, title, published, lemmas, keys)


def relay(rows: list[Row], options: StoryOptions, lazily: bool, batch: int = 7, restart_every: int = 2) -> list[str]:
    """The stories a run gives when its clusterer is saved every `batch` articles and, every `restart_every`
    saves, dropped and restored from what was saved (lazily, or whole from the snapshot), as cold runs do."""
    source = RowSource()
    clusterer = StoryClusterer(options)
    chosen: list[str] = []
    for i, row in enumerate(rows, start=1):
        chosen.append(add(clusterer, row))
        if i % batch:
            continue
        clusterer.pop_retired()
        if not lazily:
            snapshot = json.loads(json.dumps(clusterer.snapshot()))
        source.save(clusterer.pop_rows())
        if i % (batch * restart_every) == 0:
            clusterer = (LazyStoryClusterer.restore_lazily(source.head, source) if lazily
                         else StoryClusterer.restore(snapshot))
    return chosen


def test_a_lazily_restored_clusterer_places_each_article_as_one_restored_whole() -> None:
    for seed, options in ((1, StoryOptions(max_active=40)), (2, StoryOptions(max_active=60, window_days=45)),
                          (3, StoryOptions(threshold=0.2, max_active=30))):
        rows = zipf_stream(seed, 400)
        assert relay(rows, options, lazily=True) == relay(rows, options, lazily=False), seed


def test_pruned_frequencies_keep_their_order_through_the_rows() -> None:
    options = StoryOptions(max_active=50, max_vocabulary=400)  # the 3,000-word vocabulary is pruned again and again
    rows = zipf_stream(5, 300)
    assert relay(rows, options, lazily=True, restart_every=1) == relay(rows, options, lazily=False, restart_every=1)


def test_the_hand_written_stories_stay_apart_through_cold_restores() -> None:
    straight = StoryClusterer(StoryOptions())
    expected = [add(straight, row) for row in ARTICLES]
    assert relay(ARTICLES, StoryOptions(), lazily=True, batch=1, restart_every=1) == expected
    story = dict(zip([r[0] for r in ARTICLES], expected, strict=True))
    assert story["a1"] == story["a3"] == story["a5"] == story["a9"]
    assert story["a2"] == story["a6"] == story["a10"] and story["a4"] == story["a8"]


def test_a_cold_clusterer_reads_only_the_story_an_article_reaches() -> None:
    source, first = RowSource(), StoryClusterer(StoryOptions())
    for row in ARTICLES[:8]:
        add(first, row)
    source.save(first.pop_rows())
    cold = LazyStoryClusterer.restore_lazily(source.head, source)
    strike = add(cold, ARTICLES[8])  # the ships unloaded again: the strike story, read alone
    assert strike == first.add_features(*ARTICLES[8][:3], ARTICLES[8][3], ARTICLES[8][4])
    assert source.read == [strike]


def test_an_article_already_in_a_story_gets_that_story_from_a_cold_clusterer() -> None:
    source, first = RowSource(), StoryClusterer(StoryOptions())
    ids = [add(first, row) for row in ARTICLES]
    source.save(first.pop_rows())
    cold = LazyStoryClusterer.restore_lazily(source.head, source)
    # the bridge article read again (its words changed) stays in the bridge story, as with the whole clusterer
    assert cold.add_features("a6", "Le pont", "2023-05-20", {"boulangerie": 3}, []) == ids[5]


def test_a_batch_saves_only_the_frequencies_it_counted() -> None:
    clusterer = StoryClusterer(StoryOptions())
    for row in ARTICLES[:5]:
        add(clusterer, row)
    first = clusterer.pop_rows()
    assert first.whole and first.frequencies["lemmas"][1]
    add(clusterer, ARTICLES[5])
    later = clusterer.pop_rows()
    assert not later.whole and not later.frequencies["lemmas"][1]
    assert sorted(t for t, _, _ in later.frequencies["lemmas"][0]) == sorted(ARTICLES[5][3])
    assert [s["id"] for s in later.states] == [add(clusterer, ARTICLES[5])]


def test_the_store_keeps_the_rows_a_cold_run_restores_lazily(any_store: Any) -> None:
    lang = load_language("fr")
    straight = StoryClusterer(StoryOptions())
    expected = [add(straight, row) for row in ARTICLES]
    got = []
    for row in ARTICLES:  # one cold run per article, as `recoupe analyze` of one file
        clusterer, _ = restore_story_clusterer(any_store, lang)
        got.append(add(clusterer, row))
        clusterer.pop_retired()
        save_story_clusterer(any_store, clusterer)
    assert got == expected
    cold, _ = restore_story_clusterer(any_store, lang)
    assert isinstance(cold, LazyStoryClusterer)
    assert [(s.id, s.title, s.articles) for s in cold.stories()] == [
        (s.id, s.title, s.articles) for s in straight.stories()]
