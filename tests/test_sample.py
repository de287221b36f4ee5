"""Checks on the bundled sample corpus: size, encodings, JSONL shape, the one near-duplicate, the residue it carries."""

from __future__ import annotations

import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from recoupe.sample import CP1252_FILES, NEAR_DUPLICATE_PAIR, list_sample_files, sample_corpus_path

SHINGLE = 3  # words per shingle for the near-duplicate check


class _TextOnly(HTMLParser):
    """Collect the text nodes of an HTML page (enough to count words; not the project's extractor)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def read_declared(path: Path) -> str:
    """Decode a .txt/.html file in its declared encoding (cp1252 for the listed files, else UTF-8)."""
    return path.read_bytes().decode("cp1252" if path.name in CP1252_FILES else "utf-8")


def load_articles() -> dict[str, str]:
    """Map an article key (file name, or file name:id for JSONL) to its plain text."""
    articles: dict[str, str] = {}
    for path in list_sample_files():
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                articles[f"{path.name}:{row['id']}"] = row["text"]
        elif path.suffix == ".html":
            parser = _TextOnly()
            parser.feed(read_declared(path))
            articles[path.name] = " ".join(parser.parts)
        else:
            articles[path.name] = read_declared(path)
    return articles


def shingles(text: str) -> set[tuple[str, ...]]:
    """Word n-grams of a text, lower-cased, for a Jaccard resemblance."""
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def jaccard(a: str, b: str) -> float:
    """Jaccard similarity of the word shingles of two texts."""
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


def test_corpus_holds_8_to_12_articles_of_150_to_350_words() -> None:
    articles = load_articles()
    assert sample_corpus_path().is_dir()
    assert 8 <= len(articles) <= 12
    for key, text in articles.items():
        n = len(text.split())
        assert 150 <= n <= 350, (key, n)


def test_every_format_is_present() -> None:
    suffixes = {p.suffix for p in list_sample_files()}
    assert suffixes == {".txt", ".html", ".jsonl"}


def test_files_decode_in_their_declared_encoding() -> None:
    for path in list_sample_files():
        data = path.read_bytes()
        if path.name in CP1252_FILES:
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")
            text = data.decode("cp1252")
            assert "œ" in text and "é" in text
        else:
            data.decode("utf-8")
    assert {p.name for p in list_sample_files()} >= CP1252_FILES


def test_html_page_declares_utf8_and_carries_metadata() -> None:
    (page,) = [p for p in list_sample_files() if p.suffix == ".html"]
    html = page.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html
    assert re.search(r'property="og:url" content="https://[^"]+"', html)
    assert re.search(r'property="article:published_time" content="\d{4}-\d\d-\d\dT', html)
    for tag in ("<nav", "<header", "<article>", "<h1>", "<time datetime=", "<aside", "<footer>"):
        assert tag in html, tag


def test_jsonl_rows_parse_and_one_carries_a_publication_date() -> None:
    rows = [
        json.loads(line)
        for path in list_sample_files()
        if path.suffix == ".jsonl"
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    assert len(rows) == 2
    for row in rows:
        assert isinstance(row["id"], str) and row["id"]
        assert row["url"].startswith("https://")
        assert len(row["text"]) > 500
    assert [bool(row.get("published")) for row in rows].count(True) == 1
    assert len({row["id"] for row in rows}) == 2


def test_near_duplicate_pair_is_close_but_not_identical() -> None:
    articles = load_articles()
    a, b = (articles[name] for name in NEAR_DUPLICATE_PAIR)
    assert a != b
    assert 0.5 < jaccard(a, b) < 1.0


def test_other_pairs_are_distinct() -> None:
    articles = load_articles()
    for (ka, a), (kb, b) in itertools.combinations(articles.items(), 2):
        if {ka, kb} == set(NEAR_DUPLICATE_PAIR):
            continue
        assert jaccard(a, b) < 0.3, (ka, kb, jaccard(a, b))


def test_month_header_convention_opens_one_file() -> None:
    openers = [read_declared(p)[:14] for p in list_sample_files() if p.suffix == ".txt"]
    assert sum(bool(re.fullmatch(r" date \d{4}-\d\d ", o)) for o in openers) == 1


def test_residue_and_damage_are_present() -> None:
    everything = "\n".join(load_articles().values())
    for needle in (
        "Rechercher\nRechercher",
        "Catégories",
        "Dernières Infos - Égypte",
        "Photo d'archives AFN.",
        "Partagez cet article !",
        "Laisser un commentaire",
        "Votre adresse de messagerie ne sera pas publiée.",
        "Aussi sur ",
        "https://t.co/",
        "mise en ?uvre",
        "c?ur",
        "man?uvres",
        "Mıse À Jour",
        "(AFN)",
        "ANP / Ismaïlia",
        "\u00a0",
    ):
        assert needle in everything, needle
    assert re.search(r"\w\.[A-Z]\w", everything), "no sentence glued to the next"
    assert re.search(r"— [^\n]+\(@\w+\) [A-Z][a-z]+ \d{1,2}, \d{4}", everything), "no embedded tweet signature"


def test_one_speaker_is_spelled_several_ways() -> None:
    everything = " ".join(" ".join(load_articles().values()).split())
    variants = ("Oussama Rabie", "Ossama Rabih", "Osama Rabie", "Ossama Rabie")
    assert sum(v in everything for v in variants) >= 3


def test_readme_names_every_file() -> None:
    readme = (sample_corpus_path().parent / "README.md").read_text(encoding="utf-8")
    for path in list_sample_files():
        assert path.name in readme, path.name


@pytest.mark.shared
def test_no_run_of_twelve_words_from_real_articles(shared: Path) -> None:
    run = 12
    real: set[str] = set()
    for path in list(shared.glob("corpus/seeds/*.txt")) + list(shared.glob("eval/*/articles/*.txt")):
        words = re.findall(r"\w+", path.read_text(encoding="utf-8", errors="replace").lower())
        real.update(" ".join(words[i : i + run]) for i in range(len(words) - run + 1))
    for key, text in load_articles().items():
        words = re.findall(r"\w+", text.lower())
        hits = [" ".join(words[i : i + run]) for i in range(len(words) - run + 1)
                if " ".join(words[i : i + run]) in real]
        assert not hits, (key, hits[:1])
