"""A story's timeline updated article by article is the timeline built over all its articles at once."""

from __future__ import annotations

from typing import Any

from recoupe.link.timeline import build_timeline
from recoupe.link.timeline_update import update_timeline
from recoupe.records import Article, Event, Mention, ReadArticle, Reading, TimelineEntry, TimeRef
from recoupe.store.links import (
    list_story_articles,
    load_read_articles,
    load_timeline_ledger,
    set_article_links,
)

Dated = list[tuple[str, str, str]]  # (sentence, ISO date it gives, the words that give it)


def make_article(aid: str, source: str, published: str, dated: Dated, filler: str = "") -> tuple[Article, Reading]:
    """An article whose text is its dated sentences plus filler, with an event and a date expression per sentence."""
    text = " ".join(s for s, _, _ in dated) + (" " + filler if filler else "")
    events, timexes = [], []
    for sentence, date, words in dated:
        start = text.index(sentence)
        precision = {4: "year", 7: "month"}.get(len(date), "day")
        events.append(Event(date=date, precision=precision, what=sentence,
                            evidence=Mention(aid, start, start + len(sentence), sentence)))
        w = text.index(words, start)
        timexes.append(TimeRef("DATE", date, Mention(aid, w, w + len(words), words), precision=precision))
    lemmas = {w.strip(".,").lower(): 1 for w in text.split() if len(w) > 3}
    article = Article(id=aid, raw_text=text, source=source, published=published, clean_text=text)
    return article, Reading(article=aid, events=events, timexes=timexes, lemmas=lemmas)


# Two stories told by several outlets, with events that merge (same day, adjacent days, a month holding its
# day), events that stay apart, background, and a copy of one article. The sentences are written for the test.
HARBOUR: list[tuple[str, str, str, Dated]] = [
    ("h1", "alpha.fr", "2023-05-03", [
        ("Les dockers du port de Brévannes ont cessé le travail lundi 1er mai pour réclamer une hausse des salaires.",
         "2023-05-01", "lundi 1er mai"),
        ("Le port avait déjà connu une grève en 2019.", "2019", "en 2019")]),
    ("h2", "beta.fr", "2023-05-02", [
        ("La grève des dockers de Brévannes a commencé le 1er mai, le trafic des conteneurs est à l'arrêt.",
         "2023-05-01", "le 1er mai")]),
    ("h3", "gamma.fr", "2023-05-06", [
        ("La direction du port de Brévannes a reçu les syndicats des dockers le 4 mai sans parvenir à un accord.",
         "2023-05-04", "le 4 mai"),
        ("Les dockers avaient arrêté le travail le 1er mai, paralysant le trafic.", "2023-05-01", "le 1er mai")]),
    ("h4", "alpha.fr", "2023-05-07", [
        ("Un accord salarial a été signé vendredi 5 mai entre la direction du port et les syndicats des dockers.",
         "2023-05-05", "vendredi 5 mai")]),
    ("h5", "delta.fr", "2023-05-06", [
        ("Direction et syndicats du port de Brévannes ont signé le 5 mai un accord sur les salaires des dockers.",
         "2023-05-05", "le 5 mai"),
        ("Les négociations avaient échoué la veille, le 4 mai.", "2023-05-04", "le 4 mai")]),
    ("h6", "beta.fr", "2023-05-20", [
        ("En mai, le port de Brévannes a perdu deux semaines de trafic à cause de la grève des dockers.",
         "2023-05", "En mai")]),
]
BRIDGE: list[tuple[str, str, str, Dated]] = [
    ("b1", "alpha.fr", "2023-06-11", [
        ("Le nouveau pont sur la Lirance a été inauguré samedi 10 juin par la maire de Castelroc.",
         "2023-06-10", "samedi 10 juin")]),
    ("b2", "epsilon.fr", "2023-06-10", [
        ("La maire de Castelroc inaugure le 10 juin le nouveau pont sur la Lirance, attendu depuis dix ans.",
         "2023-06-10", "le 10 juin"),
        ("Les travaux du pont avaient commencé le 3 mars 2021.", "2021-03-03", "le 3 mars 2021")]),
    ("b3", "gamma.fr", "2023-06-12", [
        ("Dimanche 11 juin, des milliers de piétons ont traversé le pont de la Lirance pour la première fois.",
         "2023-06-11", "Dimanche 11 juin")]),
]


def store_story(store: Any, story: str, rows: list[tuple[str, str, str, Dated]],
                copies: dict[str, str] | None = None) -> None:
    """Write the articles of `rows` into the store as members of `story` (`copies`: article -> its original)."""
    for aid, source, published, dated in rows:
        article, reading = make_article(aid, source, published, dated)
        store.save_article(article, "1", reading)
        set_article_links(store, aid, story, (copies or {}).get(aid))


def whole_build(store: Any, story: str) -> list[TimelineEntry]:
    """The timeline `build_timeline` gives over all the story's articles, as the store holds them now."""
    ids = [f[0] for f in list_story_articles(store, story)]
    items: list[ReadArticle] = load_read_articles(store, ids)
    return build_timeline(items)


def test_articles_added_one_by_one_give_the_whole_build_at_every_step(fresh_db: Any) -> None:
    for story, rows in (("s-harbour", HARBOUR), ("s-bridge", BRIDGE)):
        for k in range(len(rows)):
            store_story(fresh_db, story, [rows[k]])
            assert update_timeline(fresh_db, story) == whole_build(fresh_db, story), (story, k)
        ledger = load_timeline_ledger(fresh_db, story)
        assert ledger is not None and len(ledger["articles"]) == len(rows)


def test_articles_arriving_out_of_publication_order_give_the_whole_build(fresh_db: Any) -> None:
    order = [HARBOUR[i] for i in (3, 0, 5, 2, 1, 4)]  # later articles first, older ones last
    for row in order:
        store_story(fresh_db, "s", [row])
        assert update_timeline(fresh_db, "s") == whole_build(fresh_db, "s")


def test_two_articles_joining_at_once_give_the_whole_build(fresh_db: Any) -> None:
    store_story(fresh_db, "s", HARBOUR[:2])
    update_timeline(fresh_db, "s")
    store_story(fresh_db, "s", HARBOUR[2:4])
    assert update_timeline(fresh_db, "s") == whole_build(fresh_db, "s")
    store_story(fresh_db, "s", HARBOUR[4:])
    assert update_timeline(fresh_db, "s") == whole_build(fresh_db, "s")


def test_a_copy_joining_after_its_original_counts_the_original_source(fresh_db: Any) -> None:
    store_story(fresh_db, "s", BRIDGE)
    update_timeline(fresh_db, "s")
    _, _, _, dated = BRIDGE[0]
    store_story(fresh_db, "s", [("b1-copy", "zeta.fr", "2023-06-12", dated)], copies={"b1-copy": "b1"})
    timeline = update_timeline(fresh_db, "s")
    assert timeline == whole_build(fresh_db, "s")
    day = [e for e in timeline or [] if e.date == "2023-06-10"]
    assert day and "zeta.fr" not in day[0].sources  # a copy is no independent source


def test_an_updated_article_rebuilds_the_story_whole(fresh_db: Any) -> None:
    store_story(fresh_db, "s", HARBOUR)
    update_timeline(fresh_db, "s")
    aid, source, published, _ = HARBOUR[1]
    store_story(fresh_db, "s", [(aid, source, published, [
        ("Les dockers de Brévannes ont repris le travail le 6 mai après la signature de l'accord.",
         "2023-05-06", "le 6 mai")])])
    timeline = update_timeline(fresh_db, "s")
    assert timeline == whole_build(fresh_db, "s")
    assert any(e.date == "2023-05-06" for e in timeline or [])


def test_an_article_leaving_the_story_rebuilds_it_whole(fresh_db: Any) -> None:
    store_story(fresh_db, "s", BRIDGE)
    update_timeline(fresh_db, "s")
    set_article_links(fresh_db, "b3", "other", None)
    timeline = update_timeline(fresh_db, "s")
    assert timeline == whole_build(fresh_db, "s")
    assert not any("b3" in e.articles for e in timeline or [])


def test_a_story_with_no_article_left_has_no_timeline(fresh_db: Any) -> None:
    store_story(fresh_db, "s", BRIDGE[:1])
    update_timeline(fresh_db, "s")
    set_article_links(fresh_db, "b1", "other", None)
    assert update_timeline(fresh_db, "s") is None
