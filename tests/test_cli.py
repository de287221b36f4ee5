"""The `recoupe` command line: help for every command, analyze/export/show/search on small inputs."""

from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recoupe import cli
from recoupe.cli import app

runner = CliRunner()

# Every command the app registers (so a new command cannot miss the help test), by its CLI name.
COMMANDS = sorted((c.name or c.callback.__name__).replace("_", "-")
                  for c in app.registered_commands if c.callback is not None)
# The commands other tools call: they must stay.
CONTRACT = {"analyze", "export", "timex", "serve", "load", "stories", "timeline", "compare", "show", "search"}


def test_contract_commands_exist() -> None:
    assert not CONTRACT - set(COMMANDS), CONTRACT - set(COMMANDS)


ARTICLE_ONE = """Rechercher

Les pompiers maîtrisent l'incendie de la forêt des Landes

Les pompiers ont maîtrisé mercredi l'incendie qui ravageait depuis dimanche une forêt des Landes,
a annoncé la préfecture. « Le feu est fixé mais pas éteint », a déclaré le préfet Jean Martin.

Laisser un commentaire
"""

ARTICLE_TWO = """ date 2022-08 Un second incendie menace les vignes du Bordelais

Un nouveau départ de feu a été signalé jeudi près de Saint-Émilion. Quelque 300 pompiers sont mobilisés.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "landes.txt").write_text(ARTICLE_ONE, encoding="utf-8")
    (folder / "vignes.txt").write_text(ARTICLE_TWO, encoding="utf-8")
    return folder


def test_top_level_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    assert len(result.output.strip().splitlines()) > 3


def test_analyze_then_list_show_search_export(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    out = tmp_path / "x.json"
    result = runner.invoke(app, ["analyze", str(corpus), "--db", str(db), "--export", str(out), "--no-read"])
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output
    export = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(a["id"] for a in export["articles"]) == ["landes", "vignes"]
    vignes = next(a for a in export["articles"] if a["id"] == "vignes")
    assert vignes["published"] == "2022-08"
    assert not vignes["text"].lstrip().startswith("date")
    landes = next(a for a in export["articles"] if a["id"] == "landes")
    assert "Rechercher" not in landes["text"] and "Laisser un commentaire" not in landes["text"]

    again = runner.invoke(app, ["analyze", str(corpus), "--db", str(db), "--no-read"])
    assert again.exit_code == 0
    assert "0 added" in again.output and "2 unchanged" in again.output

    listing = runner.invoke(app, ["articles", "--db", str(db)])
    assert listing.exit_code == 0 and "landes" in listing.output and "2022-08" in listing.output

    shown = runner.invoke(app, ["show", "landes", "--db", str(db), "--removed"])
    assert shown.exit_code == 0
    assert "Rechercher" in shown.output  # listed among the removals, with a reason
    assert "removed" in shown.output

    found = runner.invoke(app, ["search", "pompiers", "--db", str(db)])
    assert found.exit_code == 0 and "landes" in found.output and "vignes" in found.output
    bad = runner.invoke(app, ["search", '"unterminated', "--db", str(db)])
    assert bad.exit_code == 2 and "cannot parse search query" in bad.output

    out2 = tmp_path / "y.json"
    exported = runner.invoke(app, ["export", str(out2), "--db", str(db)])
    assert exported.exit_code == 0
    assert json.loads(out2.read_text(encoding="utf-8"))["articles"] == export["articles"]


def test_bad_inputs_are_reported_and_the_rest_goes_in(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (corpus / "feed.jsonl").write_text('{"id": "ok", "text": "Un texte correct sur les incendies."}\n{broken\n',
                                       encoding="utf-8")
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["analyze", str(corpus), "--db", str(db), "--no-read", "--quiet"])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "binary.txt" in result.output and "feed.jsonl:2" in result.output
    listing = runner.invoke(app, ["articles", "--db", str(db)])
    for aid in ("landes", "vignes", "ok"):
        assert aid in listing.output


def test_strict_stops_at_first_error(corpus: Path, tmp_path: Path) -> None:
    (corpus / "aaa_empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["analyze", str(corpus), "--db", str(tmp_path / "s.db"), "--strict", "--no-read"])
    assert result.exit_code == 1
    assert "aaa_empty.txt" in result.output


def test_show_unknown_id_and_missing_store(tmp_path: Path, corpus: Path) -> None:
    missing = runner.invoke(app, ["articles", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no such store" in missing.output
    db = tmp_path / "s.db"
    runner.invoke(app, ["analyze", str(corpus), "--db", str(db), "--no-read", "--quiet"])
    unknown = runner.invoke(app, ["show", "nope", "--db", str(db)])
    assert unknown.exit_code == 1 and "no article 'nope'" in unknown.output


@pytest.mark.model
def test_show_marks_what_was_read(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    path = corpus / "dated.txt"
    path.write_text(" date 2022-08 " + ARTICLE_ONE.split("\n", 2)[2], encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["show", "dated", "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    assert "dated events" in shown.output
    assert "quotes" in shown.output and "Le feu est fixé mais pas éteint" in shown.output
    assert "Jean Martin" in shown.output


@pytest.mark.model
def test_timex_command_writes_the_scorer_format(tmp_path: Path) -> None:
    infile = tmp_path / "in.jsonl"
    infile.write_text(json.dumps({"id": "d1", "text": "Le sommet s'est ouvert hier à Lyon.", "dct": "2023-05-10"})
                      + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["timex", str(infile), "--out", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert doc["id"] == "d1"
    assert [(t["text"], t["type"], t["value"]) for t in doc["timexes"]] == [("hier", "DATE", "2023-05-09")]


def test_brackets_in_queries_and_titles_print_as_written(corpus: Path, tmp_path: Path) -> None:
    (corpus / "crochets.txt").write_text("Le [bold]rapport[/bold] publié [/] mardi sur les incendies de forêt.",
                                         encoding="utf-8")
    db = tmp_path / "s.db"
    runner.invoke(app, ["analyze", str(corpus), "--db", str(db), "--no-read", "--quiet"])
    found = runner.invoke(app, ["search", "rapport", "--db", str(db)])
    assert found.exit_code == 0, found.output
    assert "[bold]" in found.output
    bad = runner.invoke(app, ["search", "[/bold] AND", "--db", str(db)])
    assert bad.exit_code == 2 and "[/bold]" in bad.output


@pytest.mark.model
def test_stories_timeline_and_compare(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    path = corpus / "dated.txt"
    path.write_text(" date 2022-08 " + ARTICLE_ONE.split("\n", 2)[2], encoding="utf-8")
    assert runner.invoke(app, ["analyze", str(path), "--db", str(db), "--quiet"]).exit_code == 0
    listed = runner.invoke(app, ["stories", "--db", str(db)])
    assert listed.exit_code == 0 and "1 stories" in listed.output
    shown = runner.invoke(app, ["timeline", "dated", "--db", str(db), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    story = json.loads(shown.output)
    assert story["articles"] == ["dated"] and story["timeline"]
    compared = runner.invoke(app, ["compare", "dated", "--db", str(db)])
    assert compared.exit_code == 0 and "who reports what" in compared.output
    missing = runner.invoke(app, ["timeline", "nope", "--db", str(db)])
    assert missing.exit_code == 1 and "no story or article 'nope'" in missing.output


def test_listing_and_search_commands_go_through_the_api() -> None:
    """`articles`, `stories` and `search` ask `recoupe.api`, never the store itself (they only close it)."""
    for command in (cli.articles, cli.stories, cli.search):
        tree = ast.parse(inspect.getsource(command).lstrip())
        asked = {node.attr for node in ast.walk(tree)
                 if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "store"}
        imports = [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                   and (node.module or "").startswith("recoupe.store")]
        assert asked <= {"close"} and not imports, (command.__name__, asked)


def test_the_command_starts_without_the_stages_analyze_never_needs() -> None:
    """A cold `recoupe analyze` of one file is budgeted at the model load + 2 s: importing the command imports
    neither the browsing, page, export and terminal modules nor the link stage (they load on first use)."""
    import subprocess
    import sys

    later = ["recoupe.store.browse", "recoupe.tell.export", "recoupe.tell.story_data", "recoupe.tell.terminal",
             "recoupe.link.driver", "spacy"]
    code = f"import sys, recoupe.cli; print([m for m in {later!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    from recoupe import api

    assert api.write_export.__module__ == "recoupe.tell.export"  # still offered, imported when asked
    with pytest.raises(AttributeError):
        api.no_such_name  # noqa: B018
