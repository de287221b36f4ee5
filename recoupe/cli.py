"""The `recoupe` command: a thin shell over `recoupe.api` (no logic of its own beyond printing)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from recoupe import api

app = typer.Typer(
    name="recoupe",
    help="Cross-check the news: raw articles in; clean, dated, sourced articles, entities, quotes, "
    "figures and timelines out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[str, typer.Option(
    "--db", help="The store: a SQLite file (created if missing) or postgresql://user@host/db.")]


def _console(quiet: bool = False) -> Console:
    # markup off everywhere: paths, queries and article text are printed as they are
    return Console(stderr=True, quiet=quiet, highlight=False, soft_wrap=True, markup=False)


def _open(db: str, must_exist: bool = True) -> api.Store:
    if must_exist and db != ":memory:" and "://" not in db and not Path(db).exists():
        _fail(f"{db}: no such store (run `recoupe analyze PATH --db {db}` first)")
    try:
        return api.open_store(db)
    except api.StoreError as exc:
        _fail(str(exc))
        raise  # unreachable, for type checkers


def _stdout() -> Console:
    """Standard output; 140 columns when it is not a terminal (pipes, files, make), else the terminal's."""
    console = Console(highlight=False, markup=False)
    if not console.is_terminal:
        console = Console(highlight=False, markup=False, width=140)
    return console


def _fail(message: str, code: int = 2) -> None:
    Console(stderr=True, highlight=False, soft_wrap=True).print(Text.assemble(("error:", "red"), " ", message))
    raise typer.Exit(code)


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (read recursively): .txt, .html, "
                                                      ".jsonl(.gz), .xml/.rss/.atom feeds.")],
    db: DbOption = "recoupe.db",
    export: Annotated[Path | None, typer.Option("--export", help="Also write the analysis export (JSON).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no summary; errors only.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first input that fails.")] = False,
    no_read: Annotated[bool, typer.Option("--no-read", help="Ingest and clean only; skip the reading stage.")] = False,
    language: Annotated[str, typer.Option("--language", help="Language plug used by default.")] = "fr",
    max_mb: Annotated[float, typer.Option("--max-mb", help="Largest article accepted, in MB.")] = 20.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Processes that read articles (spaCy).")] = 1,
    engine_name: Annotated[str, typer.Option("--engine", help="local (a store) or spark (Parquet tables in --out; "
                                                              "INPUT is JSONL or Parquet at any path Spark reads).")
                           ] = "local",
    out: Annotated[str | None, typer.Option("--out", help="With --engine spark: folder for the Parquet tables.")
                   ] = None,
    master: Annotated[str, typer.Option("--master", help="With --engine spark: Spark master URL.")] = "local[2]",
    from_db: Annotated[str | None, typer.Option("--from-db", help="With --engine spark: a store whose stories and "
                                                                  "entities the run continues ('recoupe load' "
                                                                  "its output into that store).")] = None,
) -> None:
    """Ingest, clean, read and store articles; optionally write the export."""
    if engine_name != "local" or out is not None or from_db is not None:
        _analyze_spark(engine_name, paths, out, master, language, quiet, from_db)
        return
    console = _console(quiet)
    errors = _console(False)
    options = api.AnalyzeOptions(language=language, read=not no_read, strict=strict, workers=workers,
                                 ingest=api.IngestOptions(max_bytes=int(max_mb * 1024 * 1024)))
    try:
        engine = api.Engine(options)
        if workers > 1:
            engine.start_workers()  # forked from the loaded model now, before the progress bar's thread starts
    except (api.UnknownLanguageError, api.ModelNotInstalledError) as exc:
        _fail(str(exc))
        return
    store = _open(db, must_exist=False)
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=console, transient=True,
                        disable=quiet)

    def on_issue(issue: api.IngestIssue) -> None:
        # The message names a file (untrusted text): built as Text, never parsed as markup.
        if strict and issue.severity == "error":
            return  # printed once, as the "stopped (--strict)" line
        line = Text.assemble((f"{issue.severity}:", "red" if issue.severity == "error" else "yellow"), " ",
                             str(issue))
        (errors if quiet else progress.console).print(line, highlight=False, soft_wrap=True)

    with progress:
        task = progress.add_task("analyzing", total=None, rate="")
        start = api.perf_counter()

        def on_article(article: api.Article, status: str) -> None:
            done = progress.tasks[0].completed + 1
            elapsed = api.perf_counter() - start
            progress.update(task, advance=1, rate=f"{done / elapsed:.1f} art/s" if elapsed else "")

        try:
            report = api.analyze(paths, store, options, api.Hooks(on_issue=on_issue, on_article=on_article), engine)
        except api.InputError as exc:
            engine.close()
            store.close()
            _fail(f"stopped (--strict): {exc}", code=1)
            return
        except KeyboardInterrupt:
            engine.close()
            store.close()
            errors.print("interrupted: every batch written so far is in the store; run again to finish")
            raise typer.Exit(130) from None
    engine.close()
    if export is not None:
        api.write_export(store, export)
    if not quiet:
        console.print(
            f"{report.seen} articles: {report.added} added, {report.updated} updated, {report.unchanged} unchanged;"
            f" {report.failed} inputs failed, {report.warnings} warnings; {report.seconds:.1f} s → {db}"
            + (f"; export → {export}" if export else ""),
            highlight=False,
        )
    store.close()
    if report.failed:
        raise typer.Exit(1)


@app.command("watch")
def watch_cmd(
    folder: Annotated[Path, typer.Argument(help="The folder to watch (read recursively). Drop complete files in "
                                                "by renaming them into place, or append lines to a .jsonl file.")],
    db: DbOption = "recoupe.db",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress line; errors only.")] = False,
    language: Annotated[str, typer.Option("--language", help="Language plug used by default.")] = "fr",
    max_mb: Annotated[float, typer.Option("--max-mb", help="Largest article accepted, in MB.")] = 20.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Processes that read articles (spaCy).")] = 1,
    poll: Annotated[float, typer.Option("--poll", min=0.05, help="Seconds between two looks at the folder.")]
    = api.WatchOptions.poll_seconds,
    once: Annotated[bool, typer.Option("--once", help="Look once, store and link what is there, then stop.")]
    = False,
) -> None:
    """Store and link articles as they land in FOLDER, model and linkers kept warm; stop with Ctrl-C or SIGTERM.

    A running `recoupe serve` on the same store shows each article once stored, in its story once linked. A watcher
    killed at any moment leaves a consistent store; started again, it finishes what was left.
    """
    import signal
    import threading

    if not folder.is_dir():
        _fail(f"{folder}: no such folder")
    console = _console(quiet)
    errors = _console(False)
    options = api.WatchOptions(
        analyze=api.AnalyzeOptions(language=language, workers=workers,
                                   ingest=api.IngestOptions(max_bytes=int(max_mb * 1024 * 1024))),
        poll_seconds=poll, once=once)
    try:
        # spaCy loaded now, not when the first article lands (with workers: loaded, forked, then dropped here;
        # the workers run until the watcher stops)
        engine = api.Engine(options.analyze)
        if workers > 1:
            engine.start_workers()
        else:
            engine.load_reader()
    except (api.UnknownLanguageError, api.ModelNotInstalledError) as exc:
        _fail(str(exc))
        return
    store = _open(db, must_exist=False)
    stopping = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    status = console.status(f"watching {folder}", spinner="dots") if not quiet else None

    def on_issue(issue: api.IngestIssue) -> None:
        line = Text.assemble((f"{issue.severity}:", "red" if issue.severity == "error" else "yellow"), " ",
                             str(issue))
        (errors if quiet else console).print(line, highlight=False, soft_wrap=True)

    def on_look(total: api.WatchReport, run: api.AnalyzeReport | None) -> None:
        if status is not None:
            status.update(f"watching {folder} · {total.added} added, {total.updated} updated, "
                          f"{total.failed} failed · last arrival stored and linked in {total.last_seconds:.1f} s")
        if run is not None and run.stored and not quiet:
            console.print(f"{time.strftime('%H:%M:%S')} {run.added} added, {run.updated} updated, {run.linked} linked,"
                          f" {run.stories_touched} stories updated in {run.seconds:.1f} s", highlight=False)

    hooks = api.WatchHooks(analysis=api.Hooks(on_issue=on_issue), on_look=on_look)
    try:
        if status is not None:
            status.start()
        report = api.watch(folder, store, engine, options, hooks, stop=stopping.is_set)
    finally:
        if status is not None:
            status.stop()
        engine.close()
        store.close()
    if not quiet:
        console.print(f"stopped: {report.added} added, {report.updated} updated, {report.unchanged} unchanged,"
                      f" {report.failed} inputs failed over {report.looks} looks → {db}", highlight=False)


def _analyze_spark(engine_name: str, paths: list[Path], out: str | None, master: str, language: str,
                   quiet: bool, from_db: str | None = None) -> None:
    """`analyze --engine spark`: checks the flags, runs the Spark engine, prints one summary line."""
    if engine_name != "spark":
        _fail("--engine must be local or spark" if engine_name != "local"
              else f"{'--out' if out is not None else '--from-db'} needs --engine spark")
    if out is None:
        _fail("--engine spark needs --out DIR (the Parquet tables go there; --db is not used)")
    if len(paths) != 1:
        _fail("--engine spark takes one INPUT (a JSONL or Parquet file or folder; Spark globs work)")
    from recoupe.spark import SparkError, SparkOptions

    try:
        report = api.run_spark(api.spark_input_path(paths[0]), str(out), SparkOptions(
            master=master, language=language, from_db=from_db))
    except SparkError as exc:
        _fail(str(exc))
        return
    if not quiet:
        _console().print(f"{report.articles} articles ({report.failed} inputs failed), {report.duplicates} copies,"
                         f" {report.stories} stories, {report.entities} entities; {report.seconds['total']:.1f} s"
                         f" → {out}" + (f" ({report.skipped} already in {from_db}, left as stored)"
                                        if report.skipped else ""), highlight=False, soft_wrap=True)
    if report.failed:
        raise typer.Exit(1)


@app.command("load")
def load_cmd(
    folder: Annotated[Path, typer.Argument(help="Output folder of 'recoupe analyze --engine spark'.")],
    db: DbOption = "recoupe.db",
    language: Annotated[str, typer.Option("--language", help="Language plug of the run (as given to analyze).")]
    = "fr",
) -> None:
    """Bring a Spark run's Parquet tables into a store (replacing what a previous load wrote), for browsing;
    later `recoupe analyze` runs into the store continue its stories."""
    from recoupe.spark.load import LoadError

    store = _open(db, must_exist=False)
    try:
        report = api.load_parquet(folder, store, language)
    except LoadError as exc:
        store.close()
        _fail(str(exc))
        return
    store.close()
    _console().print(f"{report.articles} articles, {report.stories} stories, {report.entities} entities → {db}",
                     highlight=False, soft_wrap=True)


@app.command("export")
def export_cmd(
    out: Annotated[Path, typer.Argument(help="Where to write the export JSON.")],
    db: DbOption = "recoupe.db",
) -> None:
    """Write the analysis export (../shared/eval/OUTPUT.md) of a store built earlier."""
    store = _open(db)
    count = api.write_export(store, out)
    store.close()
    _console().print(f"{count} articles → {out}", highlight=False)


@app.command()
def articles(
    db: DbOption = "recoupe.db",
    limit: Annotated[int, typer.Option("--limit", help="At most this many rows (0: all).")] = 0,
) -> None:
    """List the stored articles with their source, date and title."""
    store = _open(db)
    rows, total = api.article_list(store, limit or None)
    store.close()
    table = Table(title=f"{total} articles in {db}", title_justify="left")
    table.add_column("id", no_wrap=True, max_width=24, overflow="ellipsis")
    table.add_column("source", no_wrap=True, max_width=20, overflow="ellipsis")
    table.add_column("published", no_wrap=True)  # the ISO value's length is its precision
    table.add_column("lang", no_wrap=True)
    table.add_column("title", min_width=30, overflow="fold")
    for r in rows:
        table.add_row(r["id"], r["source"] or "—", r["published"] or "—", r["language"] or "—", r["title"] or "—")
    _stdout().print(table)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="The article id.")],
    db: DbOption = "recoupe.db",
    removed: Annotated[bool, typer.Option("--removed", help="List what cleaning removed or repaired, and why.")]
    = False,
    raw: Annotated[bool, typer.Option("--raw", help="Print the text as ingested, before cleaning.")] = False,
) -> None:
    """Print one article: metadata, cleaned text with what was read marked, events; --removed for cleaning."""
    store = _open(db)
    view = api.article_view(store, article_id)
    store.close()
    if view is None:
        _fail(f"no article {article_id!r} in {db}", code=1)
        return
    _stdout().print(api.render_article(view, show_removed=removed, show_raw=raw))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="FTS5 query: words, \"phrases\", AND/OR/NOT, prefix*.")],
    db: DbOption = "recoupe.db",
    limit: Annotated[int, typer.Option("--limit", help="At most this many hits.")] = 20,
) -> None:
    """Full-text search over titles and cleaned texts."""
    store = _open(db)
    try:
        hits = api.search(store, query, limit)
    except api.SearchSyntaxError as exc:
        store.close()
        _fail(str(exc))
        return
    store.close()
    console = _stdout()
    if not hits:
        console.print(f"no article matches {query!r}")
        return
    for hit in hits:  # article text is untrusted: Text, never markup
        console.print(Text.assemble((hit.id, "bold"), f"  {hit.source or '—'}  {hit.published or '—'}  "
                                    f"{hit.title or ''}"))
        console.print(Text(f"    {hit.snippet}"))


StoryFormatOption = Annotated[
    str | None, typer.Option("--format", help="Write the story as md, html, json, timelinejs or csv instead of printing.")
]


@app.command()
def stories(
    db: DbOption = "recoupe.db",
    limit: Annotated[int, typer.Option("--limit", help="At most this many stories, largest first (0: all).")] = 0,
) -> None:
    """List the stories: id, title, articles, sources, publication dates."""
    store = _open(db)
    listed, articles = api.story_list(store, limit or None)
    store.close()
    from recoupe.tell.story import render_stories

    _stdout().print(render_stories(listed, articles))


@app.command()
def timeline(
    story: Annotated[str, typer.Argument(metavar="STORY", help="A story id, or the id of one of its articles.")],
    db: DbOption = "recoupe.db",
    detail: Annotated[bool, typer.Option("--detail", help="Show the evidence sentences of each entry.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="Only the N heaviest entries (0: all).")] = 0,
    fmt: StoryFormatOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="File to write --format output to (else stdout).")]
    = None,
) -> None:
    """A story's timeline: each dated entry with its weight, sources and evidence."""
    view = _story(db, story, with_comparison=fmt is not None)
    from recoupe.tell.story import render_timeline

    if fmt:
        _write_story(fmt, view, out)
        return
    _stdout().print(render_timeline(view.story, view.timeline, view.articles, detail=detail, limit=limit or None))


@app.command()
def compare(
    story: Annotated[str, typer.Argument(metavar="STORY", help="A story id, or the id of one of its articles.")],
    db: DbOption = "recoupe.db",
    fmt: StoryFormatOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="File to write --format output to (else stdout).")]
    = None,
) -> None:
    """Which source reports what in a story, and where their figures disagree."""
    view = _story(db, story, with_comparison=True)
    if fmt:
        _write_story(fmt, view, out)
        return
    from recoupe.tell.story import render_comparison

    assert view.comparison is not None
    _stdout().print(render_comparison(view.story, view.comparison, view.timeline, view.articles))


def _story(db: str, story: str, with_comparison: bool) -> api.StoryView:
    store = _open(db)
    view = api.story_view(store, story, with_comparison=with_comparison)
    store.close()
    if view is None:
        _fail(f"no story or article {story!r} in {db} (see `recoupe stories --db {db}`)", code=1)
        raise AssertionError  # unreachable: _fail exits
    return view


def _write_story(fmt: str, view: api.StoryView, out: Path | None) -> None:
    from recoupe.tell.story import FORMATS, write_story

    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    document = write_story(fmt, view.story, view.timeline, view.comparison, view.articles)  # type: ignore[arg-type]
    if out is None:
        sys.stdout.write(document)
    else:
        out.write_text(document, encoding="utf-8")
        _console().print(f"{view.story.id} ({fmt}) → {out}", highlight=False)


@app.command()
def timex(
    infile: Annotated[Path, typer.Argument(metavar="IN.jsonl", help="Lines {\"id\", \"text\", \"dct\"}.")],
    out: Annotated[Path, typer.Option("--out", help="Lines {\"id\", \"timexes\": [...]} (timeml_score.py).")],
    language: Annotated[str, typer.Option("--language", help="Language plug.")] = "fr",
) -> None:
    """Tag and normalise temporal expressions (TIMEX3) in a JSONL of texts with creation dates."""
    if not infile.is_file():
        _fail(f"{infile}: no such file")
    count = api.tag_timex_file(infile, out, language)
    _console().print(f"{count} documents → {out}", highlight=False)


@app.command()
def serve(
    db: Annotated[str, typer.Option("--db", help="The store to browse: a SQLite file (must exist) or a"
                                             " postgresql://user@host/db URL.")] = "recoupe.db",
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback only by default).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
) -> None:
    """Browse a store in the web browser: stories, timelines, sources, articles, entities; JSON under /api/."""
    from recoupe.serve.app import LOOPBACK, create_app
    from recoupe.store import is_postgres_url
    from recoupe.store.postgres import redact_url

    if not is_postgres_url(db) and not Path(db).is_file():
        _fail(f"{db}: no such store (run `recoupe analyze PATH --db {db}` first)")
    try:
        web = create_app(db)
    except api.StoreError as exc:
        _fail(str(exc))
        return
    console = _console()
    if host not in LOOPBACK:
        console.print(Text.assemble(("warning:", "yellow"), f" listening on {host}, not the loopback: anyone who "
                                    "can reach this machine can read the store (no login, no TLS)"))
    shown = f"[{host}]" if ":" in host else host
    console.print(f"serving {redact_url(db)} on http://{shown}:{port}/ (Ctrl-C to stop)")
    import uvicorn

    uvicorn.run(web, host=host, port=port, log_level="warning")


def main() -> None:
    """Console entry point."""
    try:
        app()
    except BrokenPipeError:  # `recoupe articles | head`
        sys.stderr.close()


if __name__ == "__main__":
    main()
