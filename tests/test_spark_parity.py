"""Parity of the two engines on a corpus of several stories: the same stories, copies, entities and timelines.

The articles are written for this test: three stories a few days or weeks apart (a road closed by a
landslide, a strike in a factory, a music festival), with a wire dispatch run again by a second outlet under
a new lead, and one article republished word for word by another site. Each engine's result goes through
the export (Spark's after `recoupe load`), so the comparison is of what a reader gets.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
]

ROAD = ("La préfecture du Cantal a fermé mardi la route nationale 122 entre Aurillac et Murat après un "
        "éboulement survenu dans la nuit, qui n'a fait aucun blessé. Selon la direction des routes, plusieurs "
        "centaines de tonnes de roches se sont détachées de la falaise au-dessus du village de Vic-sur-Cère. "
        "Les travaux de dégagement dureront au moins une semaine, a indiqué le préfet Serge Castel, et une "
        "déviation par les routes départementales est proposée aux automobilistes comme aux transporteurs.")
FESTIVAL = ("Le festival de musique baroque de Sablé-sur-Sarthe accueillera cet été quarante concerts dans les "
            "églises du département, a annoncé lundi son directeur, Antoine Lebrun, qui attend plus de vingt "
            "mille spectateurs. L'ensemble Les Arts florissants ouvrira l'édition le 22 août avec un opéra de "
            "Rameau. La billetterie ouvre le premier juin et des tarifs réduits sont prévus pour les étudiants "
            "et les demandeurs d'emploi de la Sarthe.")

ARTICLES = [
    {"id": "route-1", "source": "Le Courrier du Cantal", "published": "2024-03-05",
     "title": "Éboulement sur la RN122 : la route fermée entre Aurillac et Murat", "text": ROAD},
    {"id": "route-copie", "source": "Info Massif", "published": "2024-03-05",  # the dispatch under a new lead
     "title": "La RN122 coupée par un éboulement",
     "text": "Les automobilistes du Cantal devront prendre leur mal en patience. " + ROAD},
    {"id": "greve-1", "source": "La Voix de l'Allier", "published": "2024-03-06",
     "title": "Grève à l'usine de pneumatiques de Montluçon",
     "text": "Les salariés de l'usine de pneumatiques Dunlop de Montluçon ont voté mercredi la reconduction de "
             "leur grève, entamée il y a dix jours pour obtenir une hausse des salaires de six pour cent. La "
             "direction propose trois pour cent et une prime exceptionnelle, ce que la CGT juge insuffisant au "
             "vu de l'inflation. « Nous ne reprendrons pas le travail pour des miettes », a déclaré Martine "
             "Roux, déléguée syndicale, devant les grilles de l'usine."},
    {"id": "route-2", "source": "Le Courrier du Cantal", "published": "2024-03-08",
     "title": "RN122 : la déviation mise à rude épreuve",
     "text": "Trois jours après l'éboulement qui a coupé la route nationale 122 près de Vic-sur-Cère, les "
             "poids lourds saturent les routes départementales du Cantal. Le préfet Serge Castel a annoncé "
             "vendredi que la falaise serait purgée avant toute réouverture de la nationale entre Aurillac et "
             "Murat. Les élus de la vallée demandent que la réouverture intervienne avant les vacances."},
    {"id": "greve-2", "source": "Montluçon Matin", "published": "2024-03-12",
     "title": "Dunlop : les grévistes reçus à la préfecture",
     "text": "Une délégation des grévistes de l'usine Dunlop de Montluçon a été reçue mardi à la préfecture de "
             "l'Allier. La CGT réclame toujours six pour cent d'augmentation des salaires, la direction s'en "
             "tient à trois. Martine Roux a indiqué que la grève, qui dure depuis seize jours, continuerait "
             "tant qu'aucune nouvelle proposition ne serait faite aux salariés de l'usine de pneumatiques."},
    {"id": "greve-3", "source": "La Voix de l'Allier", "published": "2024-03-20",
     "title": "Fin de la grève chez Dunlop à Montluçon",
     "text": "Après vingt-quatre jours de grève, les salariés de l'usine Dunlop de Montluçon ont approuvé "
             "mercredi un accord prévoyant une hausse des salaires de quatre pour cent et une prime de 800 "
             "euros. La CGT a appelé à la reprise du travail jeudi matin. Martine Roux parle d'une victoire "
             "arrachée par la mobilisation des salariés de l'usine de pneumatiques."},
    {"id": "festival-1", "source": "Ouest Sarthe", "published": "2024-04-02",
     "title": "Quarante concerts pour le festival baroque de Sablé", "text": FESTIVAL},
    {"id": "festival-reprise", "source": "Agenda du Maine", "published": "2024-04-02",  # republished word for word
     "title": "Quarante concerts pour le festival baroque de Sablé", "text": FESTIVAL},
    {"id": "festival-2", "source": "Ouest Sarthe", "published": "2024-08-23",
     "title": "Le festival baroque de Sablé s'ouvre avec Rameau",
     "text": "Le festival de musique baroque de Sablé-sur-Sarthe s'est ouvert jeudi soir avec un opéra de "
             "Rameau donné par Les Arts florissants dans l'église Notre-Dame. Antoine Lebrun, son directeur, "
             "se félicite d'une billetterie presque complète pour les quarante concerts de l'édition, dans les "
             "églises de la Sarthe, jusqu'au 31 août."},
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parity") / "corpus.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def exports(corpus: Path, spark: Any, export_of: Callable[[Path, Path], dict[str, Any]],
            tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The corpus through the Spark engine (loaded into a store) and through the local engine, as exports."""
    from recoupe.spark import load_parquet, run_spark
    from recoupe.store import open_store
    from recoupe.tell.export import write_export

    work = tmp_path_factory.mktemp("spark-side")
    run_spark(str(corpus), str(work / "out"), spark=spark)
    with open_store(work / "spark.db") as store:
        load_parquet(work / "out", store)
        write_export(store, work / "spark.json")
    spark_export = dict(json.loads((work / "spark.json").read_text(encoding="utf-8")))
    return {"spark": spark_export, "local": export_of(corpus, tmp_path_factory.mktemp("local-side"))}


def stories(export: dict[str, Any]) -> set[frozenset[str]]:
    return {frozenset(s["articles"]) for s in export["stories"]}


def test_both_engines_tell_the_same_several_stories(exports: dict[str, dict[str, Any]]) -> None:
    local = stories(exports["local"])
    assert len(local) >= 3  # several stories: a wrong split or join shows
    assert {"greve-1", "greve-2", "greve-3"} in local
    assert stories(exports["spark"]) == local
    titles = {name: sorted(s["title"] for s in export["stories"]) for name, export in exports.items()}
    assert titles["spark"] == titles["local"]


def test_both_engines_find_the_same_copies(exports: dict[str, dict[str, Any]]) -> None:
    originals = {name: {a["id"]: a["duplicate_of"] for a in export["articles"]} for name, export in exports.items()}
    assert originals["local"]["route-copie"] == "route-1"  # the wire dispatch under a new lead
    assert originals["local"]["festival-reprise"] == "festival-1"  # the page republished word for word
    assert originals["spark"] == originals["local"]


def test_both_engines_link_the_same_entities_and_build_the_same_timelines(
        exports: dict[str, dict[str, Any]]) -> None:
    def entities(export: dict[str, Any]) -> set[frozenset[tuple[str, int, int]]]:
        return {frozenset((m["article"], m["start"], m["end"]) for m in e["mentions"]) for e in export["entities"]}

    def entries(export: dict[str, Any]) -> list[tuple[str, str, str]]:
        return sorted((e["date"], e["event"], json.dumps(e["evidence"], sort_keys=True))
                      for s in export["stories"] for e in s["timeline"])

    assert entities(exports["spark"]) == entities(exports["local"])
    assert entries(exports["spark"]) == entries(exports["local"])
    assert entries(exports["local"])  # the stories have timelines to compare
