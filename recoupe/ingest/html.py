"""HTML to article text and metadata: whole pages through trafilatura, feed fragments through lxml.

trafilatura finds the main text, the title, the canonical URL and (through
htmldate, asking for the original publication date rather than the last update)
the publication day. Comments under the article are left out: they are not what
the outlet reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# Measured on the 400 OrangeSum pages (bench in the ingest report): with or without
# trafilatura's fallback extractors every page gives text, title and date (all
# 395 dates checkable against the corpus are right). The fallbacks cost 15 % on
# an idle machine (28.5 vs 33.4 pages/s), nothing measurable under load (11-17
# pages/s either way); they are kept for sites whose layout the main extractor misses.
FAST_EXTRACTION = False

# Fewer words than this is not article text but leftovers of a page without one (a menu, a
# video's caption). In OrangeSum, 99 % of bodies have 61 words or more and those under 15
# are title-only video pages.
MIN_WORDS = 10

# Tags after which a fragment's text breaks line (feed item HTML).
BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "table", "tr", "section", "article", "header", "footer", "figure", "figcaption", "hr", "dd", "dt",
})
SKIPPED_TAGS = ("script", "style", "noscript", "template")
# libxml2 (under lxml and trafilatura) stops building the tree this many elements deep and drops what lies
# below. Measured with lxml.html on nested <div>s: text 200 deep is kept, 255 deep is lost.
PARSER_MAX_DEPTH = 255
# Elements without a closing tag: they open no nesting level.
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                       "source", "track", "wbr"})
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
SPACES = re.compile(r"[ \t]+")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class HtmlPage:
    """What a page states: main text, and title, canonical URL, source domain and publication day if found."""

    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None  # YYYY-MM-DD


def extract_html(html: str, url: str | None = None) -> HtmlPage | None:
    """Extract a page's main text and metadata; None when the page holds no article text."""
    from trafilatura import bare_extraction

    doc = bare_extraction(html, url=url, fast=FAST_EXTRACTION, include_comments=False, with_metadata=True)
    if doc is None or isinstance(doc, dict):
        return None
    text = (doc.text or "").strip()
    if len(text.split()) < MIN_WORDS:
        return None
    page_url = doc.url or url
    return HtmlPage(
        text=text,
        title=(doc.title or "").strip() or None,
        url=page_url,
        source=domain_of(page_url),
        published=(doc.date or "")[:10] or None,
    )


def describe_missing_text(html: str) -> str:
    """Why `extract_html` found no text, in one line: too deeply nested for the parser, or simply none."""
    depth = nesting_depth(html)
    if depth >= PARSER_MAX_DEPTH:
        return (f"no article text found in HTML: elements nested {depth} deep, the HTML parser keeps "
                f"{PARSER_MAX_DEPTH - 1} levels")
    return "no article text found in HTML"


def nesting_depth(html: str) -> int:
    """The deepest element nesting of a page, from its tags alone (one linear scan, no tree built)."""
    depth = deepest = 0
    for match in TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if closing:
            depth = max(0, depth - 1)
        elif not self_closing and name.lower() not in VOID_TAGS:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a meta tag within its first 4 kB, if any."""
    match = META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def domain_of(url: str | None) -> str | None:
    """The host of a URL without a leading "www." ("https://www.lemonde.fr/x" -> "lemonde.fr")."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed item's content), one line per paragraph or line break."""
    from lxml import etree, html

    if "<" not in fragment:  # plain text, possibly with entities
        return _tidy_lines(html.fromstring(f"<div>{fragment}</div>").text_content() if "&" in fragment else fragment)
    try:
        root = html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy_lines(fragment)
    for element in list(root.iter(*SKIPPED_TAGS)):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    return _tidy_lines(root.text_content())


def _tidy_lines(text: str) -> str:
    """Collapse runs of spaces and tabs inside lines and drop empty lines (no-break spaces are kept)."""
    lines = (SPACES.sub(" ", line).strip(" ") for line in text.splitlines())
    return "\n".join(line for line in lines if line)
