"""The ingest stage: every format, every kind of bad input, decoding, feeds and XML bombs (inputs written here)."""

from __future__ import annotations

import gzip
import json
import os
import time
from pathlib import Path

import pytest

from recoupe.ingest import IngestIssue, IngestOptions, format_of, iter_articles
from recoupe.ingest.dates import parse_published
from recoupe.ingest.decode import decode_bytes, looks_binary
from recoupe.ingest.feed import slugify
from recoupe.ingest.html import domain_of, fragment_to_text
from recoupe.records import Article

BODY = (
    "Le conseil municipal de Valence a voté mardi soir un budget de 12 millions d'euros pour rénover "
    "les écoles de la ville. Selon l'adjointe chargée de l'éducation, les travaux commenceront en juillet "
    "et dureront deux ans. L'opposition a dénoncé un calendrier trop serré et demandé un audit préalable."
)
SECOND = (
    "À Brest, la fréquentation des bibliothèques a progressé de 8 % l'an dernier, d'après un bilan publié "
    "jeudi. La mairie attribue cette hausse à l'ouverture le dimanche, testée depuis le printemps."
)

PAGE = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Valence rénove ses écoles | Le Quotidien du Rhône</title>
<meta property="og:title" content="Valence rénove ses écoles">
<link rel="canonical" href="https://www.quotidien-rhone.example/valence/ecoles-renovation-123.html">
<meta property="article:published_time" content="2021-03-16T19:05:00+01:00">
<meta property="article:modified_time" content="2021-03-18T08:00:00+01:00">
</head><body>
<nav><a href="/">Accueil</a> <a href="/sport">Sport</a> <a href="/meteo">Météo</a></nav>
<article><h1>Valence rénove ses écoles</h1>
<p>{BODY}</p>
<p>{SECOND}</p>
</article>
<footer>Tous droits réservés. Mentions légales. Contact.</footer>
</body></html>
"""


def run(paths: list[Path | str], options: IngestOptions | None = None) -> tuple[list[Article], list[IngestIssue]]:
    """Ingest and split the stream into articles and issues."""
    articles: list[Article] = []
    issues: list[IngestIssue] = []
    for item in iter_articles(paths, options):
        (issues if isinstance(item, IngestIssue) else articles).append(item)  # type: ignore[arg-type]
    return articles, issues


def test_txt_file_gives_one_article_with_raw_text(tmp_path: Path) -> None:
    path = tmp_path / "article-7.txt"
    path.write_bytes((" date 2021-03 Titre\r\n\r\n" + BODY + "\r\n").encode("utf-8"))
    articles, issues = run([path])
    assert issues == []
    [article] = articles
    assert article.id == "article-7"
    assert article.fmt == "txt"
    assert article.origin == str(path)
    assert article.raw_text == " date 2021-03 Titre\n\n" + BODY + "\n"  # header left for the clean stage
    assert article.published is None


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + BODY.encode("utf-8"))
    [article], issues = run([path])
    assert issues == []
    assert article.raw_text == BODY


def test_html_page_gives_main_text_title_url_and_original_date(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [article], issues = run([path])
    assert issues == []
    assert article.id == "page"
    assert article.fmt == "html"
    assert "budget de 12 millions" in article.raw_text
    assert "dimanche" in article.raw_text
    assert "Mentions légales" not in article.raw_text
    assert article.title == "Valence rénove ses écoles"
    assert article.url == "https://www.quotidien-rhone.example/valence/ecoles-renovation-123.html"
    assert article.source == "quotidien-rhone.example"
    assert (article.published, article.published_precision) == ("2021-03-16", "day")


def test_html_without_article_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "menu.htm"
    path.write_text("<html><head><title>Menu</title></head><body><nav><a href='/'>Accueil</a></nav></body></html>",
                    encoding="utf-8")
    articles, [issue] = run([path])
    assert articles == []
    assert issue.severity == "error"
    assert str(issue) == f"{path}: no article text found in HTML"


def test_html_nested_past_the_parser_limit_says_so(tmp_path: Path) -> None:
    paragraph = "<p>" + "Le conseil municipal a voté le budget de la ville pour l'année prochaine. " * 5 + "</p>"
    deep = tmp_path / "profond.html"
    deep.write_text("<html><body>" + "<div>" * 400 + paragraph + "</div>" * 400 + "</body></html>", encoding="utf-8")
    shallow = tmp_path / "plat.html"
    shallow.write_text("<html><body>" + "<div>" * 20 + paragraph + "</div>" * 20 + "</body></html>", encoding="utf-8")
    articles, [issue] = run([deep, shallow])
    assert [a.id for a in articles] == ["plat"]
    assert str(issue) == f"{deep}: no article text found in HTML: elements nested 403 deep, the HTML parser keeps 254 levels"


def test_nesting_depth_skips_void_and_self_closing_tags() -> None:
    from recoupe.ingest.html import nesting_depth

    assert nesting_depth("<html><body><div><br><img src='x'/><p>a</p></div></body></html>") == 4
    assert nesting_depth("texte sans balise") == 0


def test_html_declared_windows_1252_is_respected(tmp_path: Path) -> None:
    path = tmp_path / "ancien.html"
    path.write_bytes(PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace("Valence", "Valence’s")
                     .encode("cp1252"))
    [article], issues = run([path])
    assert issues == []  # a declared charset is not a problem
    assert "écoles" in article.raw_text


def test_jsonl_streams_lines_and_reports_broken_ones_in_place(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": BODY, "url": "https://exemple.fr/a1", "published": "2021-03-16T20:00:00+01:00",
                    "title": "Écoles", "source": "exemple.fr"}, ensure_ascii=False),
        '{"id": "a2", "text": "coupé',  # broken JSON
        "",
        json.dumps([1, 2]),
        json.dumps({"text": SECOND}),
        json.dumps({"id": "a5"}),
        json.dumps({"id": "a6", "text": 42}),
        json.dumps({"id": "a7", "text": SECOND, "published": "2021-04"}, ensure_ascii=False),
        json.dumps({"id": 8, "text": SECOND, "published": "2019"}, ensure_ascii=False),
        json.dumps({"id": "a9", "text": SECOND, "published": "hier soir"}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, issues = run([path])
    assert [a.id for a in articles] == ["a1", "a7", "8", "a9"]
    first = articles[0]
    assert (first.published, first.published_precision) == ("2021-03-16", "day")
    assert (first.url, first.title, first.source, first.fmt) == ("https://exemple.fr/a1", "Écoles", "exemple.fr", "jsonl")
    assert first.origin == f"{path}:1"
    assert (articles[1].published, articles[1].published_precision) == ("2021-04", "month")
    assert (articles[2].published, articles[2].published_precision) == ("2019", "year")
    assert articles[3].published is None
    errors = [(i.origin, i.reason) for i in issues if i.severity == "error"]
    assert [o for o, _ in errors] == [f"{path}:{n}" for n in (2, 4, 5, 6, 7)]
    assert errors[0][1].startswith("bad JSON")
    assert "not a JSON object" in errors[1][1]
    assert errors[2][1] == 'no "id"'
    assert errors[3][1] == 'neither "text" nor "html"'
    assert errors[4][1] == '"text" must be a string, not a number'
    [warning] = [i for i in issues if i.severity == "warning"]
    assert warning.origin == f"{path}:10" and "unrecognised" in warning.reason


def test_jsonl_html_field_is_extracted(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "p1", "html": PAGE, "title": "Titre donné"}) + "\n", encoding="utf-8")
    [article], issues = run([path])
    assert issues == []
    assert "budget de 12 millions" in article.raw_text
    assert article.title == "Titre donné"  # what the line states wins over the page
    assert article.published == "2021-03-16"


def test_jsonl_gz_and_gzip_without_the_name(tmp_path: Path) -> None:
    record = json.dumps({"id": "z1", "text": BODY}, ensure_ascii=False) + "\n"
    named = tmp_path / "lot.jsonl.gz"
    unnamed = tmp_path / "lot2.jsonl"
    for path in (named, unnamed):
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(record.replace("z1", path.name))
    articles, issues = run([named, unnamed])
    assert issues == []
    assert [a.id for a in articles] == ["lot.jsonl.gz", "lot2.jsonl"]
    assert articles[0].raw_text == BODY


def test_truncated_gzip_keeps_the_lines_before(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    payload = "".join(json.dumps({"id": f"c{i}", "text": BODY}) + "\n" for i in range(200))
    data = gzip.compress(payload.encode("utf-8"))
    path.write_bytes(data[: len(data) // 2])
    articles, issues = run([path])
    assert 0 < len(articles) < 200
    [issue] = issues
    assert issue.severity == "error" and "cannot read further" in issue.reason


def test_a_file_that_is_not_json_lines_gets_one_error(tmp_path: Path) -> None:
    path = tmp_path / "joli.jsonl"
    records = [{"id": f"j{i}", "text": BODY} for i in range(30)]
    path.write_text(json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")  # pretty-printed JSON
    articles, [issue] = run([path])
    assert articles == []
    assert issue.origin == str(path) and issue.reason.startswith("not JSON Lines: the first 20 lines")


def test_binary_and_empty_jsonl_files(tmp_path: Path) -> None:
    binary = tmp_path / "faux.jsonl"
    binary.write_bytes(b"%PDF-1.5\n" + bytes(range(256)) * 4)
    empty = tmp_path / "vide.jsonl.gz"
    with gzip.open(empty, "wb") as f:
        f.write(b"\n\n")
    articles, issues = run([binary, empty])
    assert articles == []
    assert [str(i) for i in issues] == [f"{binary}: binary file, not text", f"{empty}: empty file"]


def test_jsonl_line_over_the_limit_is_skipped_unread(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    big = json.dumps({"id": "big", "text": "x" * 5000})
    small = json.dumps({"id": "small", "text": BODY})
    path.write_text(f"{big}\n{small}\n", encoding="utf-8")
    articles, [issue] = run([path], IngestOptions(max_bytes=1000))
    assert [a.id for a in articles] == ["small"]
    assert str(issue) == f"{path}:1: line too large (> 1000 bytes limit)"


FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Le Quotidien du Rhône</title><link>https://www.quotidien-rhone.example/</link>
<item><title>Valence rénove ses écoles</title>
<link>https://www.quotidien-rhone.example/valence/ecoles-123.html</link>
<guid>https://www.quotidien-rhone.example/valence/ecoles-123.html</guid>
<pubDate>Tue, 16 Mar 2021 23:30:00 +0100</pubDate>
<description><![CDATA[<p>{BODY}</p><p>{SECOND}</p>]]></description></item>
<item><title>Bibliothèques</title><guid isPermaLink="false">art-456</guid>
<pubDate>Thu, 18 Mar 2021 09:00:00 +0100</pubDate>
<description>{SECOND}</description></item>
<item><title>Vide</title><guid>art-789</guid></item>
</channel></rss>
"""


def test_feed_gives_one_article_per_entry_with_content(tmp_path: Path) -> None:
    path = tmp_path / "une.rss"
    path.write_text(FEED, encoding="utf-8")
    articles, issues = run([path])
    assert [a.id for a in articles] == ["quotidien-rhone-example-valence-ecoles-123-html",
                                        "quotidien-rhone-example-art-456"]
    first, second = articles
    assert first.raw_text == BODY + "\n" + SECOND  # paragraphs kept apart
    assert first.url == "https://www.quotidien-rhone.example/valence/ecoles-123.html"
    assert first.title == "Valence rénove ses écoles"
    assert first.source == "quotidien-rhone.example"
    assert (first.published, first.published_precision) == ("2021-03-16", "day")  # the stated day, not UTC's
    assert first.origin == f"{path}#1" and first.fmt == "feed"
    assert second.raw_text == SECOND and second.published == "2021-03-18"
    [issue] = issues
    assert issue.origin == f"{path}#3" and issue.reason == "feed entry has no content"


def test_atom_feed_content_is_read(tmp_path: Path) -> None:
    path = tmp_path / "flux.atom"
    path.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Brest Infos</title>
<link href="https://brest-infos.example/"/><id>urn:brest</id><updated>2021-03-18T09:00:00Z</updated>
<entry><title>Bibliothèques</title><id>urn:brest:1</id><updated>2021-03-18T09:00:00Z</updated>
<link href="https://brest-infos.example/biblio"/><content type="html">&lt;p&gt;{SECOND}&lt;/p&gt;</content></entry>
</feed>""", encoding="utf-8")
    [article], issues = run([path])
    assert issues == []
    assert article.raw_text == SECOND
    assert article.published == "2021-03-18"
    assert article.source == "brest-infos.example"


LEVELS = ['<!ENTITY a0 "ha">'] + [f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(LEVELS) + "\n]>\n"
        '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
        "<description>&a9;</description></item></channel></rss>")
EXTERNAL = ('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
            "<description>Texte &x; ici.</description></item></channel></rss>")


@pytest.mark.parametrize(("xml", "encoding"), [(BOMB, "utf-8"), (BOMB, "utf-16"), (EXTERNAL, "utf-8")])
def test_xml_entity_tricks_are_refused_fast(tmp_path: Path, xml: str, encoding: str) -> None:
    path = tmp_path / "bombe.xml"
    path.write_bytes(xml.encode(encoding))
    started = time.perf_counter()
    articles, [issue] = run([path])
    assert time.perf_counter() - started < 2
    assert articles == []
    assert issue.severity == "error" and "entit" in issue.reason


def test_feedparser_alone_neither_expands_nor_fetches_entities() -> None:
    import io

    import feedparser

    started = time.perf_counter()
    for xml in (BOMB, EXTERNAL):
        parsed = feedparser.parse(io.BytesIO(xml.encode("utf-8")))
        summaries = [e.get("summary", "") for e in parsed.entries]
        assert all(len(text) < 100 and "root:" not in text for text in summaries)
    assert time.perf_counter() - started < 2


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "plan.xml"
    path.write_text('<?xml version="1.0"?><urlset><url><loc>https://exemple.fr/</loc></url></urlset>',
                    encoding="utf-8")
    articles, [issue] = run([path])
    assert articles == [] and issue.severity == "error"
    assert issue.reason in ("not an RSS/Atom feed", "feed has no entries")


def test_latin1_and_cp1252_and_latin9_files_are_decoded_right(tmp_path: Path) -> None:
    text = "Le cœur du débat : l’État paiera 5 € par élève, a précisé la ministre."
    cp1252 = tmp_path / "cp1252.txt"
    cp1252.write_bytes(text.encode("cp1252"))
    latin1_text = "Le député a été réélu à Agen, où la participation a baissé."
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(latin1_text.encode("latin-1"))
    latin9 = tmp_path / "latin9.txt"
    latin9.write_bytes(text.replace("’", "'").encode("iso-8859-15"))
    articles, issues = run([cp1252, latin1, latin9])
    assert [a.raw_text for a in articles] == [text, latin1_text, text.replace("’", "'")]
    assert [(i.origin, i.reason, i.severity) for i in issues] == [
        (str(cp1252), "decoded as Windows-1252", "warning"),
        (str(latin1), "decoded as Latin-1", "warning"),
        (str(latin9), "decoded as ISO-8859-15", "warning"),
    ]


def test_stray_windows_1252_bytes_in_utf8_are_decoded_alone() -> None:
    data = "Les élèves et l".encode() + b"\x92" + "équipe sont arrivés".encode()
    decoded = decode_bytes(data)
    assert decoded.text == "Les élèves et l’équipe sont arrivés"
    assert decoded.warning == "invalid UTF-8 (1 bytes decoded as Windows-1252)"


def test_undecodable_text_gets_replacement_characters(tmp_path: Path) -> None:
    path = tmp_path / "russe.txt"
    path.write_bytes("Президент выступил в понедельник перед депутатами".encode("koi8-r"))
    [article], [issue] = run([path])
    assert "\ufffd" in article.raw_text
    assert issue.severity == "warning" and issue.reason.startswith("invalid UTF-8 (") and "replaced" in issue.reason


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("vide.txt", b"", "empty file"),
        ("blanc.txt", b"  \n\t\n ", "empty file"),
        ("marque.txt", b"\xef\xbb\xbf\n", "empty file"),
        ("nul.txt", b"abc\x00def" * 10, "binary file, not text"),
        ("rapport.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file, not text"),
        ("image.html", b"\x89PNG\r\n\x1a\n" + b"\x10" * 50, "binary file, not text"),
        ("archive.txt", gzip.compress(b"bonjour", mtime=0), "binary file, not text"),
        ("controle.txt", bytes(range(1, 32)) * 20, "binary file, not text"),
    ],
)
def test_bad_content_is_one_error_and_the_batch_goes_on(tmp_path: Path, name: str, content: bytes,
                                                        reason: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "zz-bon.txt"
    good.write_text(BODY, encoding="utf-8")
    articles, issues = run([bad, good])
    assert [a.id for a in articles] == ["zz-bon"]
    assert [str(i) for i in issues] == [f"{bad}: {reason}"]
    assert issues[0].severity == "error"


def test_large_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "enorme.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: nothing is written
    started = time.perf_counter()
    articles, [issue] = run([path])
    assert time.perf_counter() - started < 0.5
    assert articles == []
    assert issue.reason == "too large (50.0 MB > 20.0 MB limit)"


def test_unreadable_inputs_give_the_os_reason(tmp_path: Path) -> None:
    missing = tmp_path / "absent.txt"
    broken = tmp_path / "lien.txt"
    broken.symlink_to(tmp_path / "nulle-part.txt")
    fifo = tmp_path / "tube.txt"
    os.mkfifo(fifo)
    articles, issues = run([missing, broken, fifo])
    assert articles == []
    assert [i.origin for i in issues] == [str(missing), str(broken), str(fifo)]
    assert issues[0].reason == "No such file or directory"
    assert issues[1].reason.startswith("broken symbolic link")
    assert issues[2].reason == "not a regular file (FIFO)"
    assert all(i.severity == "error" for i in issues)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_permission_denied_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(BODY, encoding="utf-8")
    path.chmod(0)
    articles, [issue] = run([path])
    assert articles == [] and "Permission denied" in issue.reason


def test_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    for rel in ("b/2.txt", "b/1.txt", "a.txt", "c/d/3.txt", ".cache/x.txt", "b/.brouillon.txt"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(BODY, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "LISEZMOI").write_text("à lire", encoding="utf-8")
    articles, issues = run([tmp_path])
    assert [Path(a.origin).relative_to(tmp_path).as_posix() for a in articles] == [
        "a.txt", "b/1.txt", "b/2.txt", "c/d/3.txt"]
    assert [(Path(i.origin).name, i.reason, i.severity) for i in issues] == [
        ("LISEZMOI", "skipped: not an article file (no extension)", "warning"),
        ("notes.pdf", "skipped: not an article file (.pdf)", "warning"),
    ]


def test_explicit_unsupported_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "rapport.pdf"
    path.write_bytes(b"%PDF-1.4")
    articles, [issue] = run([path])
    assert articles == [] and issue.severity == "error"
    assert issue.reason.startswith("not an article file (.pdf)")


def test_symlinks_in_folders_are_followed_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "ailleurs"
    target.mkdir()
    (target / "x.txt").write_text(BODY, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "lien").symlink_to(target)
    (corpus / "boucle").symlink_to(corpus)
    articles, issues = run([corpus])
    assert articles == [] and all(i.severity == "warning" for i in issues) and len(issues) == 2
    articles, issues = run([corpus], IngestOptions(follow_symlinks=True))
    assert [a.id for a in articles] == ["x"]
    assert [i.reason for i in issues] == ["skipped: symbolic link loop"]


def test_same_file_given_twice_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "un.txt"
    path.write_text(BODY, encoding="utf-8")
    articles, issues = run([path, tmp_path, str(path)])
    assert len(articles) == 1 and issues == []


def test_odd_file_names_work(tmp_path: Path) -> None:
    names = ["avec espace.txt", "élection présidentielle.txt", "l'\"avis\".txt", "ligne\nsuite.txt"]
    for name in names:
        (tmp_path / name).write_text(BODY, encoding="utf-8")
    (tmp_path / "vide\n.txt").write_bytes(b"")
    articles, [issue] = run([tmp_path])
    assert sorted(a.id for a in articles) == sorted(["avec espace", "élection présidentielle", "l'\"avis\"",
                                                     "ligne_suite"])
    assert "\n" not in str(issue) and str(issue).endswith("vide\\n.txt: empty file")


def test_undecodable_file_name_gives_a_printable_message(tmp_path: Path) -> None:
    raw = os.fsencode(str(tmp_path)) + b"/caf\xe9.txt"
    with open(raw, "wb") as f:
        f.write(b"")
    articles, [issue] = run([tmp_path])
    assert articles == []
    assert str(issue).endswith("caf\\xe9.txt: empty file")
    str(issue).encode("utf-8")  # printable without surrogates


def test_format_of_names() -> None:
    assert format_of("a.JSONL.GZ") == "jsonl"
    assert format_of("page.HTM") == "html"
    assert format_of("flux.atom") == "feed"
    assert format_of("notes.md") is None
    assert format_of(".txt") is None


def test_published_values() -> None:
    assert parse_published("2020-06-10T23:30:00-05:00") == ("2020-06-10", "day")
    assert parse_published("Wed, 10 Jun 2020 08:00:00 +0200") == ("2020-06-10", "day")
    assert parse_published("2020-13") is None
    assert parse_published("0000") is None


def test_fragment_to_text_keeps_paragraphs_and_drops_scripts() -> None:
    html = "<div><p>Premier  paragraphe.</p><script>var x;</script><p>Second<br>ligne&nbsp;:</p></div>"
    assert fragment_to_text(html) == "Premier paragraphe.\nSecond\nligne\u00a0:"
    assert fragment_to_text("Texte brut &amp; simple") == "Texte brut & simple"


def test_helpers() -> None:
    assert domain_of("https://www.lemonde.fr/politique/x.html") == "lemonde.fr"
    assert domain_of("pas une url") is None
    assert slugify("Élection à Paris") == "election-a-paris"
    long = slugify("exemple.fr/" + "tres-long-" * 30)
    assert len(long) <= 80 and long != slugify("exemple.fr/" + "tres-long-" * 31)
    assert looks_binary(b"\xff\xfeh\x00i\x00") is False  # UTF-16 with BOM is text
