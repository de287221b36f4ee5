"""The story page's at-a-glance block, who said what and the outlet × fact grid, through FastAPI's TestClient.

One store for the module: the bundled sample corpus plus articles written for this test: a bridge closed in
Liège, told by two outlets that carry one statement of the mayor (one of them cut short) and by a wire
dispatch that two sites run. The mayor, her words and the outlets are invented.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from html_text import element_text

from recoupe import api

fastapi_testclient = pytest.importorskip("fastapi.testclient", reason="fastapi's TestClient needs httpx")

STATEMENT = "Nous ne prendrons aucun risque avec la sécurité des habitants"
BRIDGE = [
    {"id": "pont-1", "source": "Le Quotidien de Meuse", "url": "https://quotidien-meuse.example/pont-1",
     "published": "2023-11-14", "title": "Le pont de la Boverie fermé après une fissure",
     "text": "Le pont de la Boverie, à Liège, a été fermé mardi à toute circulation après la découverte d'une "
             f"fissure sur une de ses piles.\n\n« {STATEMENT}, le pont restera fermé tant que les ingénieurs "
             "n'auront pas rendu leur avis », a déclaré la bourgmestre Hélène Vasseur.\n\nSelon la ville, environ "
             "12 000 véhicules empruntent le pont chaque jour. Les travaux d'expertise doivent commencer jeudi."},
    {"id": "pont-2", "source": "Radio Ourthe", "url": "https://radio-ourthe.example/pont-2",
     "published": "2023-11-15", "title": "Liège : le pont de la Boverie restera fermé",
     "text": "La fermeture du pont de la Boverie, décidée mardi par la ville de Liège après la découverte d'une "
             f"fissure, devrait durer plusieurs semaines.\n\n« {STATEMENT} », a affirmé mercredi la bourgmestre "
             "Hélène Vasseur devant le conseil communal.\n\nQuelque 15 000 véhicules franchissent l'ouvrage chaque "
             "jour, selon les services régionaux. Les experts commenceront leur inspection jeudi."},
    # One wire dispatch run by two sites: one independent voice, "Belga, via lavenir.example, rtbf.example".
    {"id": "pont-3", "source": "lavenir.example", "url": "https://lavenir.example/pont-3", "published": "2023-11-15",
     "title": "Le pont de la Boverie fermé pour plusieurs semaines",
     "text": "Le pont de la Boverie à Liège restera fermé plusieurs semaines, a indiqué mercredi la ville après la "
             "découverte mardi d'une fissure sur une pile.\n\nLes experts doivent inspecter l'ouvrage jeudi, a "
             "précisé la bourgmestre Hélène Vasseur.\n\n(Belga)"},
    {"id": "pont-4", "source": "rtbf.example", "url": "https://rtbf.example/pont-4", "published": "2023-11-15",
     "title": "Liège : fermeture prolongée du pont de la Boverie",
     "text": "La ville de Liège a annoncé mercredi que le pont de la Boverie, fermé mardi après la découverte d'une "
             "fissure sur une pile, le resterait plusieurs semaines.\n\nLes experts inspecteront l'ouvrage jeudi, "
             "selon la bourgmestre Hélène Vasseur.\n\n(Belga)"},
]
OUTLETS = ["Belga, via lavenir.example, rtbf.example", "Le Quotidien de Meuse", "Radio Ourthe"]
EVIDENCE_LINK = re.compile(r'href="/articles/([^"#]+)#c(\d+)-(\d+)"')


def section_text(html: str, element_id: str) -> str:
    """A section's words."""
    return element_text(html, element_id)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    """The sample corpus and the bridge articles, analyzed (the `nlp` fixture marks the tests `model`)."""
    from recoupe.sample import sample_corpus_path

    folder = tmp_path_factory.mktemp("serve-story")
    extra = folder / "bridge.jsonl"
    extra.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in BRIDGE), encoding="utf-8")
    path = folder / "story.db"
    with api.open_store(path) as store:
        assert api.analyze([sample_corpus_path(), extra], store).failed == 0
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[Any]:
    from recoupe.serve.app import create_app

    with fastapi_testclient.TestClient(create_app(str(db))) as c:
        yield c


@pytest.fixture(scope="module")
def stories(db: Path) -> dict[str, str]:
    """The bridge story and the sample's largest story."""
    with api.open_store(db) as store:
        bridge = store.conn.execute("SELECT story FROM articles WHERE id = 'pont-1'").fetchone()[0]
        sample = store.conn.execute("SELECT story FROM articles WHERE story != ? GROUP BY story ORDER BY count(*) DESC",
                                    (bridge,)).fetchone()[0]
    return {"bridge": bridge, "sample": sample}


def get(client: Any, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, url
    return response


@pytest.mark.parametrize("story", ["bridge", "sample"])
def test_the_page_shows_the_glance_who_said_what_and_the_grid_above_the_timeline(
        client: Any, stories: dict[str, str], story: str) -> None:
    html = get(client, f"/stories/{stories[story]}").text
    positions = [html.find(f'id="{i}"') for i in ("glance", "who-said-what", "grid", "timeline")]
    assert -1 not in positions and positions == sorted(positions)
    assert '<link rel="stylesheet" href="/static/story.css">' in html
    glance = section_text(html, "glance")
    for heading in ("Period covered", "Outlets", "Key events", "Main actors", "Key figures"):
        assert heading in glance


def test_the_json_twin_carries_the_same_glance_as_the_page(client: Any, stories: dict[str, str]) -> None:
    doc = get(client, f"/api/stories/{stories['bridge']}").json()
    html = get(client, f"/stories/{stories['bridge']}").text
    glance = doc["glance"]
    assert section_text(html, "glance-title") == " ".join(glance["title"].split())
    assert glance["title_from_events"] and glance["title"] != doc["story"]["title"]
    assert glance["outlet_count"] == 3  # the wire and the two sites that run it count once
    assert glance["window"] == ["2023-11-07", "2023-11-15"]  # a week before the first report to the last one
    assert doc["grid"]["outlets"] == OUTLETS
    for row in doc["grid"]["rows"]:
        assert set(row["states"]) == set(doc["grid"]["outlets"])
        assert set(row["states"].values()) <= {"reports", "silent", "disagrees"}


def test_a_statement_two_outlets_carry_is_shown_once_with_both(client: Any, stories: dict[str, str]) -> None:
    doc = get(client, f"/api/stories/{stories['bridge']}").json()
    mayor = [s for s in doc["who_said_what"] if s["name"] == "Hélène Vasseur"]
    assert len(mayor) == 1 and mayor[0]["id"]
    shared = [st for st in mayor[0]["statements"] if STATEMENT in st["text"]]
    assert len(shared) == 1
    assert [c["outlet"] for c in shared[0]["carriers"]] == ["Le Quotidien de Meuse", "Radio Ourthe"]
    assert "tant que les ingénieurs" in shared[0]["text"]  # the longest wording is the one shown
    who = section_text(get(client, f"/stories/{stories['bridge']}").text, "who-said-what")
    assert who.count("aucun risque") == 1
    assert "Le Quotidien de Meuse, 2023-11-14" in who and "Radio Ourthe, 2023-11-15" in who


def test_evidence_links_open_the_sentence_they_cite(client: Any, db: Path, stories: dict[str, str]) -> None:
    html = get(client, f"/stories/{stories['bridge']}").text
    start, end = html.index('id="glance"'), html.index('id="timeline"')
    links = EVIDENCE_LINK.findall(html[start:end])
    assert links, "no evidence link in the glance, who said what or the grid"
    with api.open_store(db) as store:
        for article, s, e in links:
            found = store.get_article(article)
            assert found is not None and 0 <= int(s) < int(e) <= len(found.clean_text)


def test_grid_cells_say_their_state_in_words(client: Any, stories: dict[str, str]) -> None:
    doc = get(client, f"/api/stories/{stories['bridge']}").json()
    grid = section_text(get(client, f"/stories/{stories['bridge']}").text, "grid")
    words = {"reports": "✓ reports", "silent": "· does not report", "disagrees": "✗ disagrees"}
    for row in doc["grid"]["rows"]:
        for state in row["states"].values():
            assert words[state] in grid
