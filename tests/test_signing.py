"""Duplicate signatures computed ahead of the link stage by a helper process are those found in place, and a
link run using them links as one without."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from process_helpers import running

from recoupe.lang import load_language
from recoupe.link import driver, signing
from recoupe.link.dedup import DedupOptions, text_signature
from recoupe.link.driver import link_store
from recoupe.link.signing import sign_batches
from recoupe.read.workers import PARENT_POLL_S
from recoupe.records import Article, Reading
from recoupe.store import Store, open_store

# Texts written for this test: two reports of a dyke breach (the second a lightly edited copy of the first), an
# unrelated one about a vineyard, and one too short to judge.
DYKE = ("Samedi, peu avant minuit, la digue de la Morlaine a cédé sur une trentaine de mètres près du "
        "hameau des Granges, inondant une dizaine de maisons et la route départementale. Les pompiers ont évacué "
        "quarante habitants vers la salle des fêtes, où la mairie a installé des lits de camp. Le préfet a promis "
        "une expertise de l'ouvrage, dont l'entretien faisait l'objet d'un différend entre la commune et l'État.")
DYKE_COPY = DYKE.replace("une dizaine de maisons", "onze maisons") + " Les routes restent fermées lundi."
VINES = ("Les vignerons du coteau de Saint-Ambre ont commencé les vendanges avec trois semaines d'avance, après "
         "un été sans pluie qui a fait mûrir le raisin très vite. Les rendements sont faibles mais le degré est "
         "élevé, et la coopérative dit craindre des vins trop lourds si la chaleur revient en septembre.")
TEXTS = {"d1": DYKE, "d2": DYKE_COPY, "v1": VINES, "s1": "Brève : la route est rouverte."}


def stored(path: Path | str) -> Store:
    """A store holding the four texts as read articles (dated one day apart, in the order of `TEXTS`)."""
    store = open_store(str(path))
    for day, (aid, text) in enumerate(TEXTS.items(), start=1):
        article = Article(id=aid, raw_text=text, source=f"{aid}.fr", published=f"2024-09-0{day}", clean_text=text)
        store.save_article(article, "1", Reading(article=aid, lemmas={w: 1 for w in text.split() if len(w) > 4}))
    return store


def test_the_helper_signs_each_batch_as_the_finder_does_in_place(tmp_path: Path) -> None:
    store = stored(tmp_path / "a.db")
    options = DedupOptions()
    batches = [["d1", "d2"], ["v1", "s1", "absent"]]
    signed = list(sign_batches(store, batches, options, 2, least=1))
    assert signed == [{aid: text_signature(TEXTS[aid], options) for aid in batch if aid in TEXTS}
                      for batch in batches]
    assert signed[0]["d1"] and signed[1]["s1"] == b""  # a text too short to judge has no signature


def test_one_process_too_few_articles_or_a_memory_store_sign_in_place(tmp_path: Path) -> None:
    options = DedupOptions()
    store = stored(tmp_path / "a.db")
    assert list(sign_batches(store, [["d1"], ["d2"]], options, 1, least=1)) == [{}, {}]
    assert list(sign_batches(store, [["d1"], ["d2"]], options, 2)) == [{}, {}]  # 2 articles: under the default
    assert list(sign_batches(stored(":memory:"), [["d1", "d2"]], options, 2, least=1)) == [{}]


def test_a_helper_that_cannot_open_the_store_leaves_every_batch_to_the_caller(tmp_path: Path) -> None:
    store = stored(tmp_path / "a.db")
    store.path = str(tmp_path)  # a folder: the helper's `open_store` raises there
    assert list(sign_batches(store, [["d1"], ["d2"], ["v1"]], DedupOptions(), 2, least=1)) == [{}, {}, {}]


def links(store: Store) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in store.conn.execute("SELECT id, story, duplicate_of FROM articles ORDER BY id")]


def test_a_link_run_with_the_helper_links_as_one_without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(signing, "MIN_SIGNED_AHEAD", 1)
    given: list[dict[str, bytes]] = []

    def recorded(*args: Any, **kwargs: Any) -> Any:
        for signed in sign_batches(*args, **kwargs):
            given.append(signed)
            yield signed

    monkeypatch.setattr(driver, "sign_batches", recorded)
    alone, helped = stored(tmp_path / "one.db"), stored(tmp_path / "two.db")
    link_store(alone, load_language("fr"), workers=1)
    assert given == [{}]  # one process: signed in place
    link_store(helped, load_language("fr"), workers=2)
    assert set(given[1]) == set(TEXTS)  # two: every article signed by the helper
    assert links(helped) == links(alone)
    duplicate_of = {row[0]: row[2] for row in links(alone)}
    assert duplicate_of["d2"] == "d1" and duplicate_of["v1"] is None


# A link stage's process that starts the signing helper and the story planners, prints their pids and dies as
# SIGKILL would leave it: neither pool stopped. argv[1]: a store file holding the articles of `TEXTS`.
ORPHANING = """
import multiprocessing, os, sys
from recoupe.link.dedup import DedupOptions
from recoupe.link.rebuilds import plan_stories
from recoupe.link.signing import sign_batches
from recoupe.store import open_store
store = open_store(sys.argv[1])
signed = sign_batches(store, [["d1"], ["d2"]], DedupOptions(), 2, least=1)
next(signed)
planned = plan_stories(store, ["s1", "s2"], 2, least=1)
next(planned)
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
os._exit(0)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_the_helpers_exit_when_the_link_stage_process_is_killed(tmp_path: Path) -> None:
    stored(tmp_path / "a.db").close()
    done = subprocess.run([sys.executable, "-c", ORPHANING, str(tmp_path / "a.db")], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, (done.stdout, done.stderr)
    pids = [int(p) for p in done.stdout.split() if p.isdigit()]
    assert len(pids) == 3, (done.stdout, done.stderr)  # the signer and two planners
    deadline = time.monotonic() + 30 * PARENT_POLL_S  # a loaded machine: a poll, then the exit
    while any(running(p) for p in pids):
        assert time.monotonic() < deadline, f"helpers {pids} outlived their parent"
        time.sleep(0.1)
