"""Hostile input: `recoupe analyze` over a folder of broken, hostile and odd files (tests/hostile/ plus files
generated here: binary blobs, a FIFO, odd file names, deep nesting, an XML quadratic blow-up, 100 MB of text).

Each bad file gets exactly one line naming it and saying why, the good files beside it are stored, a summary
line ends the run and the exit code is 1; `--strict` stops at the first bad file. Nothing from /etc/passwd
(the external entities' target) reaches the store.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from recoupe.cli import app
from recoupe.ingest import iter_articles
from recoupe.records import Article

HOSTILE = Path(__file__).parent / "hostile"
runner = CliRunner()

GOOD = ("Le conseil municipal de Valbonne a voté jeudi soir la rénovation de la piscine communale, fermée depuis "
        "le 3 mars 2022. Les travaux coûteront quelque 2,4 millions d'euros, a précisé l'adjointe aux sports.\n")

# Bad inputs (relative origin) -> the reason their one error line must give.
ERRORS = {
    "vide.txt": "empty file",
    "blancs-et-bom.txt": "empty file",
    "tout-script.html": "no article text found in HTML",
    "bombe-milliard.xml": "refused: the XML declares entities",
    "entite-externe.xml": "refused: the XML declares entities",
    "entite-parametre.atom": "refused: the XML declares entities",
    "gen/bombe-quadratique.rss": "refused: the XML declares entities",
    "pas-un-flux.xml": "not an RSS/Atom feed",
    "flux-vide.rss": "feed has no entries",
    "lignes-cassees.jsonl:2": "bad JSON",
    "lignes-cassees.jsonl:3": "not a JSON object but an array",
    "lignes-cassees.jsonl:4": 'no "id"',
    "lignes-cassees.jsonl:5": '"text" must be a string, not a number',
    "lignes-cassees.jsonl:6": "empty text",
    "lignes-cassees.jsonl:7": "bad JSON",
    "lignes-cassees.jsonl:9": 'neither "text" nor "html"',
    "lignes-cassees.jsonl:10": "bad JSON",
    "lignes-cassees.jsonl:12": "bad JSON",
    "gen/aleatoire.txt": "binary file, not text",
    "gen/image.html": "binary file, not text",
    "gen/programme.txt": "binary file, not text",
    "gen/archive.txt": "binary file, not text",
    "gen/nul-au-milieu.txt": "binary file, not text",
    "gen/tuyau.txt": "not a regular file (FIFO)",
    "gen/enorme.txt": "too large (",
    "gen/gz-coupe.jsonl.gz": "cannot read further",
    "gen/pas-du-jsonl.jsonl": "not JSON Lines",
    "gen/imbrique.html": "no article text found in HTML: elements nested 100003 deep, the HTML parser keeps 254 levels",
}
# Inputs that go in with a caveat: one warning line each.
WARNINGS = {
    "LISEZMOI.md": "skipped: not an article file (.md)",
    "notes.docx": "skipped: not an article file (.docx)",
    "latin1.txt": "decoded as Latin-1",
    "melange-utf8-cp1252.txt": "invalid UTF-8 (2 bytes decoded as Windows-1252)",
    "charset-menteur.html": "declares koi8-r but is not",
    "charset-inconnu.html": "decoded as Latin-1",
    "lignes-cassees.jsonl:8": 'unrecognised "published"',
    "lignes-cassees.jsonl:11": "decoded as Latin-1",
    "gen/lien-casse.txt": "skipped: symbolic link",
}
# Articles that must be stored, by id.
STORED = {
    "bon-article", "page-bonne", "latin1", "melange-utf8-cp1252", "utf16", "charset-menteur", "charset-inconnu",
    "html-entite-externe", "dtd-distante-1", "xinclude-1", "jl-bon-1", "jl-bon-2", "jl-bon-3",
    "espace et accents é", "ligne\u2028séparée", "tab_ici", "émoji 😀", "[bold]balisage[red]", "-tiret",
    "caf_", "x" * 200,
}
SUMMARY = re.compile(r"^\d+ articles: \d+ added, \d+ updated, \d+ unchanged; (\d+) inputs failed, (\d+) warnings")
BIG_BYTES = 100 * 1024 * 1024


def write_generated(folder: Path, big: bool) -> None:
    """Files that are not committed: binary blobs, a FIFO, a broken link, odd names, nesting, a gzip cut short."""
    gen = folder / "gen"
    gen.mkdir()
    (gen / "aleatoire.txt").write_bytes(os.urandom(8192))
    (gen / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2048))
    (gen / "programme.txt").write_bytes(b"\x7fELF\x02\x01\x01" + os.urandom(2048))
    (gen / "archive.txt").write_bytes(gzip.compress(GOOD.encode(), mtime=0))
    (gen / "nul-au-milieu.txt").write_bytes(GOOD.encode() + b"\x00" * 64 + GOOD.encode())
    os.mkfifo(gen / "tuyau.txt")
    os.symlink(gen / "nulle-part.txt", gen / "lien-casse.txt")
    entity = "A" * 50_000
    (gen / "bombe-quadratique.rss").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "{entity}">]>\n<rss version="2.0"><channel><title>t'
        f"</title><item><title>x</title><description>{'&a;' * 50_000}</description></item></channel></rss>\n",
        encoding="utf-8")
    (gen / "imbrique.html").write_text("<html><body>" + "<div>" * 100_000 + f"<p>{GOOD}</p>" + "</div>" * 100_000
                                       + "</body></html>", encoding="utf-8")
    lines = "".join(f'{{"id": "gz-coupe-{i}", "text": "{GOOD.strip()} {os.urandom(16).hex()}"}}\n' for i in range(2000))
    (gen / "gz-coupe.jsonl.gz").write_bytes(gzip.compress(lines.encode(), mtime=0)[:6000])  # cut short
    (gen / "pas-du-jsonl.jsonl").write_text("id;texte\n" + "1;du CSV, pas du JSON\n" * 30, encoding="utf-8")
    names = ["espace et accents é.txt", "ligne\u2028séparée.txt", "tab\tici.txt", "émoji 😀.txt",
             "[bold]balisage[red].txt", "-tiret.txt", "x" * 200 + ".txt"]
    for name in names:
        (gen / name).write_text(f"date 2023-06-0{len(name) % 9 + 1}\n\n{name}\n\n{GOOD}", encoding="utf-8")
    (gen / os.fsdecode(b"caf\xe9.txt")).write_text(f"date 2023-06-02\n\nCafé\n\n{GOOD}", encoding="utf-8")
    (gen / "dossier.txt").mkdir()  # a folder named like a file is walked, not read
    if big:
        write_big_text(gen / "enorme.txt", BIG_BYTES + 1024)
    else:
        with (gen / "enorme.txt").open("wb") as f:  # sparse: the size check must refuse it before reading
            f.truncate(BIG_BYTES)


def write_big_text(path: Path, size: int) -> None:
    """About `size` bytes of French paragraphs, numbered so that no two are the same."""
    with path.open("w", encoding="utf-8") as f:
        f.write("date 2023-05-12\n\nUn très long texte\n\n")
        written, i = 0, 0
        while written < size:
            para = f"{i} {GOOD}\n"
            f.write(para)
            written += len(para.encode())
            i += 1


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed hostile corpus plus the generated files, in one folder."""
    folder = tmp_path_factory.mktemp("hostile") / "hostile"
    shutil.copytree(HOSTILE, folder)
    write_generated(folder, big=False)
    return folder


def lines_about(output: str, folder: Path, origin: str) -> list[str]:
    """The output lines that name `origin` (a path under `folder`, then possibly :LINE or #N) as a whole."""
    target = f"{folder}/{origin}"
    pattern = re.compile(rf"^(error|warning): {re.escape(target)}(:\d+)?(: |#\d+: )")
    return [line for line in output.splitlines() if pattern.match(line)]


def stored_texts(db: Path) -> tuple[set[str], str]:
    """Ids stored, and every text column of every table joined (to look for leaked content)."""
    conn = sqlite3.connect(db)
    try:
        ids = {r[0] for r in conn.execute("SELECT id FROM articles")}
        parts: list[str] = []
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'"):
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                parts.extend(str(v) for v in row if isinstance(v, str))
        return ids, "\n".join(parts)
    finally:
        conn.close()


@pytest.mark.model
def test_each_bad_file_gets_one_line_and_the_good_ones_go_in(hostile: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    started = time.perf_counter()
    result = runner.invoke(app, ["analyze", str(hostile), "--db", str(db)])
    elapsed = time.perf_counter() - started
    output = result.output
    assert result.exit_code == 1, output
    for origin, reason in ERRORS.items():
        found = lines_about(output, hostile, origin)
        assert len(found) == 1 and found[0].startswith("error:") and reason in found[0], (origin, found)
    for origin, reason in WARNINGS.items():
        found = lines_about(output, hostile, origin)
        assert len(found) == 1 and found[0].startswith("warning:") and reason in found[0], (origin, found)
    error_lines = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(error_lines) == len(ERRORS), set(error_lines)
    last = output.strip().splitlines()[-1]
    summary = SUMMARY.match(last)
    assert summary is not None, last
    assert int(summary.group(1)) == len(ERRORS)
    ids, texts = stored_texts(db)
    assert ids >= STORED, STORED - ids
    assert {i for i in ids - STORED if not i.startswith("gz-coupe-")} == set(), ids - STORED
    assert len(ids - STORED) > 10  # the lines of the cut gzip before the cut
    passwd_lines = [line for line in Path("/etc/passwd").read_text().splitlines() if line.strip()]
    assert not any(line in texts for line in passwd_lines[:3])
    assert "root:x:" not in texts and "&lol" not in texts
    assert elapsed < 300


def test_strict_stops_at_the_first_bad_file(hostile: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["analyze", str(hostile), "--db", str(db), "--strict", "--no-read"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == [f"error: stopped (--strict): {hostile}/blancs-et-bom.txt: empty file"]
    assert stored_texts(db)[0] == set()  # the first bad file sorts before every good one


@pytest.mark.parametrize("name", ["bombe-milliard.xml", "entite-externe.xml", "entite-parametre.atom"])
def test_entity_tricks_are_refused_fast(name: str) -> None:
    started = time.perf_counter()
    items = list(iter_articles([HOSTILE / name]))
    assert time.perf_counter() - started < 1
    assert [type(i).__name__ for i in items] == ["IngestIssue"]


def test_quadratic_blowup_is_refused_fast(hostile: Path) -> None:
    started = time.perf_counter()
    items = list(iter_articles([hostile / "gen" / "bombe-quadratique.rss"]))
    assert time.perf_counter() - started < 1
    assert not any(isinstance(i, Article) for i in items)


def test_external_entities_in_html_and_xinclude_are_not_followed() -> None:
    items = list(iter_articles([HOSTILE / "html-entite-externe.html", HOSTILE / "xinclude.xml",
                                HOSTILE / "dtd-distante.rss"]))
    texts = " ".join(i.raw_text for i in items if isinstance(i, Article))
    assert "Valbonne" in texts and "root:" not in texts and "/bin/" not in texts


def test_one_bad_jsonl_line_does_not_cost_the_file(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"id": "a", "text": "\x00\x01 binaire"}\n{"id": "b", "text": "Un texte correct."}\n')
    items = list(iter_articles([path]))
    assert [i.id for i in items if isinstance(i, Article)] == ["b"]
    assert next(str(i) for i in items if not isinstance(i, Article)).startswith(f"{path}:1: bad JSON")


def test_a_charset_that_does_not_fit_is_not_believed() -> None:
    [warning, article] = list(iter_articles([HOSTILE / "charset-menteur.html"]))
    assert isinstance(article, Article)
    assert "rénovation" in article.raw_text and "И" not in article.raw_text
    assert "declares koi8-r" in str(warning)


def run_measured(argv: list[str]) -> tuple[int, str, float, float]:
    """Run a command; return (exit code, stderr, seconds, peak resident memory in MB)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, err = process.communicate(timeout=1800)
    seconds = time.perf_counter() - started
    # ru_maxrss of the children waited for so far: the largest is this one (the others are small).
    import resource

    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return process.returncode, err, seconds, peak


@pytest.mark.slow
def test_a_100_mb_text_is_refused_then_processed_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "enorme.txt"
    write_big_text(path, BIG_BYTES)
    cli = [sys.executable, "-c", "from recoupe.cli import main; main()", "analyze", str(path)]
    code, err, _, _ = run_measured([*cli, "--db", str(tmp_path / "a.db"), "--no-read"])
    assert code == 1 and f"{path}: too large (100.0 MB > 20.0 MB limit)" in err
    code, err, seconds, peak = run_measured([*cli, "--db", str(tmp_path / "b.db"), "--no-read", "--max-mb", "200"])
    assert code == 0, err[-2000:]
    assert "1 articles: 1 added" in err
    print(f"100 MB text, --no-read --max-mb 200: {seconds:.1f} s, peak RSS {peak:.0f} MB")
    # Bound measured at about 12x the text (raw + repaired + clean texts, edits, SQLite pages); well
    # below what would mean holding several copies per stage.
    assert peak < 1600


def test_an_article_too_long_to_read_is_stored_unread_and_the_batch_goes_on(
        tmp_path: Path, fr: Any, nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from recoupe import pipeline
    from recoupe.read.reader import Reader
    from recoupe.store import open_store

    monkeypatch.setattr(pipeline, "MAX_READ_CHARS", 1000)  # stands for spaCy's 2,000,000 characters
    (tmp_path / "court.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "long.txt").write_text("\n".join(f"{i}. {GOOD}" for i in range(10)), encoding="utf-8")
    options = pipeline.AnalyzeOptions(link=False)
    engine = pipeline.Engine(options)
    engine._reader = Reader(fr, nlp)
    with open_store(":memory:") as store:
        report = pipeline.analyze([tmp_path], store, options, engine=engine)
        assert report.added == 2 and report.failed == 0
        [issue] = report.issues
        assert issue.severity == "warning" and re.fullmatch(
            rf"{re.escape(str(tmp_path))}/long.txt: reading failed \(ValueError: text too long to read "
            r"\([\d,]+ characters > 1,000\)\); stored without its reading", str(issue)), str(issue)
        assert store.reading("court").timexes and not store.reading("long").timexes
