"""Helpers for the crash and concurrency tests: generated French articles, the `recoupe` command as a process,
and the consistency checks a store must pass after any kill.

The articles are written from templates made up for these tests (no real article text): several stories,
each told by many articles that vary names, places, dates and figures.
"""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from recoupe.ingest import iter_articles
from recoupe.records import Article
from recoupe.sample import sample_corpus_path

OUTLETS = ["Le Veilleur", "La Gazette du Rhône", "Courrier des Alpes", "Le Phare de l'Ouest", "Nord Matin",
           "L'Écho des Landes", "Radio Garonne", "Le Journal du Jura"]
FIRST = ["Claire", "Mathieu", "Sophie", "Karim", "Élodie", "Thomas", "Nadia", "Julien", "Anne", "Yves"]
LAST = ["Morel", "Lefèvre", "Benali", "Garnier", "Roussel", "Faure", "Chevalier", "Perrin", "Marchand", "Renaud"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

# One story per theme: (title pattern, sentences); {p} person, {q} place, {n} figure, {d} day, {m} month,
# {w} weekday, {o} outlet. Sentences are made up for these tests.
THEMES: list[tuple[str, list[str]]] = [
    ("Crue de la {q} : {n} habitants évacués", [
        "La {q} est sortie de son lit {w} après des pluies continues sur le bassin versant.",
        "Quelque {n} habitants ont été évacués dans la nuit, a annoncé la préfecture.",
        "« Nous n'avions jamais vu l'eau monter aussi vite », a déclaré {p}, maire d'une commune riveraine.",
        "Le niveau devrait baisser à partir du {d} {m}, selon les services de prévision.",
        "Les pompiers ont mobilisé {k} embarcations pour atteindre les maisons isolées.",
    ]),
    ("Grève des contrôleurs aériens à {q}", [
        "Les contrôleurs aériens de l'aéroport de {q} ont cessé le travail {w} matin.",
        "Plus de {n} vols ont été annulés depuis le début du mouvement, le {d} {m}.",
        "« La sécurité des passagers n'est pas négociable », a affirmé {p}, porte-parole du syndicat.",
        "La direction de l'aviation civile a proposé une réunion de conciliation pour la semaine prochaine.",
        "Environ {k} passagers attendaient encore un vol de remplacement dans la soirée.",
    ]),
    ("Incendie de forêt près de {q}", [
        "Un incendie a parcouru {n} hectares de pinède près de {q} depuis {w}.",
        "Le feu, parti d'un bord de route, a été fixé le {d} {m} grâce à {k} pompiers.",
        "« Le vent a tourné au pire moment », a expliqué {p}, commandant des opérations de secours.",
        "Aucune victime n'est à déplorer, mais plusieurs campings ont été évacués par précaution.",
    ]),
    ("Fermeture de l'usine de {q} : {n} emplois menacés", [
        "Le groupe industriel a annoncé {w} la fermeture de son usine de {q} d'ici le {d} {m}.",
        "Quelque {n} salariés sont concernés, ainsi que {k} intérimaires.",
        "« C'est un coup de massue pour toute la vallée », a réagi {p}, délégué syndical.",
        "Le ministre de l'Industrie a demandé au groupe de chercher un repreneur.",
    ]),
    ("Élection municipale partielle à {q}", [
        "Les électeurs de {q} retournent aux urnes le {d} {m} après l'annulation du scrutin précédent.",
        "La participation avait atteint {k} % au premier tour, un chiffre jugé faible.",
        "« Chaque voix comptera », a souligné {p}, tête de liste d'opposition.",
        "Le tribunal administratif avait relevé {n} bulletins litigieux lors du dernier vote.",
    ]),
    ("Découverte archéologique à {q}", [
        "Des archéologues ont mis au jour {w} une nécropole de {n} tombes près de {q}.",
        "Les fouilles, commencées le {d} {m}, devraient durer encore {k} semaines.",
        "« Ce site change notre connaissance de la région », a estimé {p}, responsable du chantier.",
        "Les objets retrouvés seront exposés au musée départemental l'an prochain.",
    ]),
]
PLACES = ["Loire", "Dordogne", "Seine", "Marne", "Lyon", "Nantes", "Brest", "Grenoble", "Rouen", "Tarbes",
          "Annecy", "Vichy", "Saumur", "Dole", "Lannion"]


@dataclass(frozen=True)
class GeneratedCorpus:
    """Generated articles on disk plus the sample corpus: the paths to analyze and every article id expected."""

    paths: list[Path]
    ids: frozenset[str]


def write_articles(folder: Path, count: int, seed: int, prefix: str = "gen") -> list[str]:
    """Write `count` generated articles as .txt files (a date line, a title, a body); return their ids."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for i in range(count):
        theme = i % len(THEMES)
        title_pattern, sentences = THEMES[theme]
        place = PLACES[(i // len(THEMES)) % 3 + theme * 2 % len(PLACES)]  # a few places per theme: several stories
        year = 2019 + (i // len(THEMES)) % 3
        month = rng.randrange(12)
        slots = {
            "p": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "q": place, "n": f"{rng.randrange(2, 90) * 100:,}"
            .replace(",", "\u202f"), "k": str(rng.randrange(3, 60)), "d": str(rng.randrange(1, 29)),
            "m": MONTHS[month], "w": rng.choice(WEEKDAYS), "o": rng.choice(OUTLETS),
        }
        body = [s.format(**slots) for s in sentences]
        lines = [f"date {year}-{month + 1:02d}-{rng.randrange(1, 29):02d}", "", title_pattern.format(**slots), "",
                 *body, "", f"Par la rédaction de {slots['o']}"]
        article_id = f"{prefix}-{i:04d}"
        (folder / f"{article_id}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        ids.append(article_id)
    return ids


def sample_ids() -> list[str]:
    """Ids of the bundled sample corpus's articles."""
    return [a.id for a in iter_articles([sample_corpus_path()]) if isinstance(a, Article)]


def build_corpus(folder: Path, count: int, seed: int, prefix: str = "gen") -> GeneratedCorpus:
    """Generated articles in `folder` plus the sample corpus."""
    ids = write_articles(folder, count, seed, prefix)
    return GeneratedCorpus([folder, sample_corpus_path()], frozenset(ids + sample_ids()))


def recoupe_command(*args: str) -> list[str]:
    """The argv that runs `recoupe ARGS` with this interpreter (no reliance on PATH)."""
    return [sys.executable, "-c", "from recoupe.cli import main; main()", *args]


def start_analyze(paths: list[Path], db: Path, *extra: str) -> subprocess.Popen[str]:
    """Start `recoupe analyze PATHS --db DB --workers 1` as a process whose output is captured."""
    argv = recoupe_command("analyze", *map(str, paths), "--db", str(db), "--workers", "1", *extra)
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1")
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


SUMMARY = re.compile(r"(\d+) articles: (\d+) added, (\d+) updated, (\d+) unchanged; (\d+) inputs failed")


def parse_summary(output: str) -> tuple[int, int, int, int, int] | None:
    """(seen, added, updated, unchanged, failed) from a run's summary line, or None when it printed none."""
    found = SUMMARY.findall(output)
    return tuple(int(x) for x in found[-1]) if found else None  # type: ignore[return-value]


@dataclass(frozen=True)
class StoreState:
    """What a store holds, as far as the crash checks go."""

    ids: dict[str, int]  # article id -> rows with that id
    unlinked: int
    dirty: int
    stories: int


def read_state(db: Path) -> StoreState:
    """Check a store's consistency (SQLite, FTS index, foreign keys) and count what it holds."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "articles" not in tables:  # killed before the first migration committed
            return StoreState({}, 0, 0, 0)
        ids = dict(conn.execute("SELECT id, count(*) FROM articles GROUP BY id").fetchall())
        unlinked = conn.execute("SELECT count(*) FROM articles WHERE story IS NULL").fetchone()[0]
        dirty = conn.execute("SELECT count(*) FROM dirty_stories").fetchone()[0] if "dirty_stories" in tables else 0
        stories = conn.execute("SELECT count(DISTINCT story) FROM articles").fetchone()[0]
        return StoreState(ids, unlinked, dirty, stories)
    finally:
        conn.close()


def check_complete(db: Path, expected: frozenset[str]) -> None:
    """A finished store: every expected article exactly once, all in a story, every timeline current."""
    from recoupe.link.timeline import build_timeline
    from recoupe.store import open_store
    from recoupe.store.links import load_read_articles, load_timeline

    state = read_state(db)
    assert set(state.ids) == expected, sorted(set(state.ids) ^ expected)[:10]
    assert set(state.ids.values()) == {1}
    assert state.unlinked == 0 and state.dirty == 0
    store = open_store(db)
    try:
        store.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        story_ids = [r[0] for r in store.conn.execute("SELECT DISTINCT story FROM articles ORDER BY story")]
        listed = {r[0] for r in store.conn.execute("SELECT id FROM stories")}
        assert set(story_ids) <= listed, "a story has articles but was never saved"
        for story_id in story_ids:
            ids = [r[0] for r in store.conn.execute(
                "SELECT id FROM articles WHERE story = ? ORDER BY published IS NULL, published, id", (story_id,))]
            fresh = build_timeline(load_read_articles(store, ids))
            stored = load_timeline(store, story_id)
            assert [(e.date, e.event, sorted(e.articles)) for e in stored] == \
                [(e.date, e.event, sorted(e.articles)) for e in fresh], f"stale timeline for story {story_id}"
    finally:
        store.close()


def dump(result: dict[str, object], path: Path) -> None:
    """Write a test's measured figures as JSON (for the report)."""
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
