"""Which outlet published an article, and which wire it carries, from what the page says about itself.

A news page names its publisher in a few places outside the report itself: the URL, a byline
("Par L'Obs"), a copyright notice ("© L'Express", "Copyright 20 Minutes"), and the masthead and footer
chrome around the article ("Suivez Le Monde", "Boutique le Point", "Les sites du Groupe Figaro"). A
wire dispatch signs with its agency instead ("(Belga)", "TRIPOLI (Reuters) -", "AA / Bagdad"): that is
the wire the outlet carries, not the outlet, so two outlets running one Belga dispatch are one voice.
The names of outlets and agencies are data (`metadata.json`); this module only knows where pages print
them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from recoupe.lang import Language
from recoupe.records import Edit

# Pages print their masthead and footer above the headline and below the report: the first and last
# CHROME_LINES non-blank lines. On the TLS libya pages the publisher's own lines ("Suivez Le Monde", "Les
# services de L'Express", "Boutique le Point", "Les sites du Groupe Figaro") sit within the first 3 or
# the last 6 lines; 8 keeps them with margin.
CHROME_LINES = 8
# Furniture lines are short: those naming their publisher on libya have at most 7 words, while a body
# sentence citing an outlet ("a déclaré au Monde que ...") runs longer.
CHROME_MAX_WORDS = 10
UNKNOWN_SOURCE = "unknown source"


@dataclass(frozen=True)
class OutletNames:
    """The outlet and wire names of one language, compiled once."""

    publishers: dict[str, str]  # written form (lowercased) -> canonical outlet name
    wires: frozenset[str]  # canonical wire names
    pattern: re.Pattern[str]  # any written form of a publisher, as a whole word
    copyright: re.Pattern[str]  # a copyright notice line
    chrome_reasons: frozenset[str]  # removal reasons of page furniture (menus, prompts, notes)


@cache
def load_outlet_names(lang: Language) -> OutletNames:
    """The publishers (bylines and self-naming chrome) and wires a language's `metadata.json` lists."""
    data = lang.json("metadata.json")
    wires = frozenset(data["wires"].values())
    written = {**data["byline_outlets"], **data["publisher_names"]}
    publishers = {k.lower(): v for k, v in written.items() if v not in wires}
    # An outlet's name keeps its capitals except a leading article: "Boutique le Point" names Le Point.
    forms = sorted(publishers, key=len, reverse=True)
    alternation = "|".join(_form_pattern(written_form(f, written)) for f in forms)
    pattern = re.compile(rf"(?<![\w'’])(?:{alternation})(?![\w'’])")
    copyright = re.compile(r"©|\bcopyright\b", re.IGNORECASE)
    return OutletNames(publishers=publishers, wires=wires, pattern=pattern, copyright=copyright,
                       chrome_reasons=frozenset(data["publisher_chrome_reasons"]))


def written_form(lowered: str, written: dict[str, str]) -> str:
    """The name as the data writes it, from its lowercased key."""
    return next(k for k in written if k.lower() == lowered)


def _form_pattern(name: str) -> str:
    """A regex for an outlet name: the name as written, its leading article in either case."""
    m = re.match(r"(L[ea]s?|L['’])\s*", name)
    if not m:
        return _spaced(name)
    article = m.group(0)
    rest = name[len(article):]
    return f"[{article[0]}{article[0].lower()}]{_spaced(article[1:])}{_spaced(rest)}"


def _spaced(words: str) -> str:
    """A literal whose spaces match any run of spaces (pages print "20\u00a0Minutes")."""
    return r"\s+".join(re.escape(w) for w in words.split(" "))


def find_chrome_outlet(text: str, removed: Sequence[Edit], lang: Language,
                       title: tuple[int, int] | None = None) -> str | None:
    """The publisher a page names in its own furniture, or in a copyright notice anywhere: a notice first,
    else the outlet named most often; None on a tie or when nothing names one.

    Furniture is what cleaning `removed` as menus, prompts, notes and bylines, and the short lines of the
    page's top and bottom (`furniture_lines`): masthead and footer lines cleaning may keep."""
    names = load_outlet_names(lang)
    noticed: Counter[str] = Counter()
    named: Counter[str] = Counter()
    for m in names.copyright.finditer(text):
        line_start, line_end = text.rfind("\n", 0, m.start()) + 1, text.find("\n", m.end())
        noticed.update(_named(names, text, line_start, line_end if line_end >= 0 else len(text)))
    spans = [(e.start, e.end) for e in removed if e.reason in names.chrome_reasons]
    for s, e in dict.fromkeys(spans + furniture_lines(text, title)):
        named.update(_named(names, text, s, e))
    for counts in (noticed, named):
        ranked = counts.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return ranked[0][0]
    return None


def _named(names: OutletNames, text: str, start: int, end: int) -> list[str]:
    """The outlets named in text[start:end], canonical."""
    return [names.publishers[" ".join(m[0].split()).lower()] for m in names.pattern.finditer(text, start, end)]


def furniture_lines(text: str, title: tuple[int, int] | None) -> list[tuple[int, int]]:
    """Short lines among the page's first and last CHROME_LINES non-blank lines, the title apart: a line
    that ends on a colon introduces what follows ("X, de Al Jazeera, tweete :") and is reporting."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
    edge = lines if len(lines) <= 2 * CHROME_LINES else lines[:CHROME_LINES] + lines[-CHROME_LINES:]
    return [(s, e) for s, e in edge
            if len(text[s:e].split()) <= CHROME_MAX_WORDS and not text[s:e].rstrip().endswith(":")
            and not (title and s < title[1] and title[0] < e)]


def settle_outlet(source: str | None, credits: Sequence[str], chrome_outlet: str | None,
                  lang: Language) -> tuple[str | None, str | None]:
    """(outlet, wire) once the page's furniture is known: the outlet found from the URL or a byline
    stands; a page whose only name so far is a wire's is that wire's copy on the outlet its furniture
    names."""
    names = load_outlet_names(lang)
    if chrome_outlet and (source is None or source in names.wires):
        return split_wire(chrome_outlet, credits, lang)
    return split_wire(source, credits, lang)


def defined_acronyms(text: str) -> set[str]:
    """Acronyms the article introduces after a name ("Conseil national de transition (CNT)"): bodies of
    the story, so the same acronym in parentheses elsewhere credits a body, not a wire."""
    return {m[1] for m in re.finditer(r"[^\W\d_]\s+\(([A-Z]{2,6})\)", text)}


def split_wire(source: str | None, credits: Sequence[str], lang: Language) -> tuple[str | None, str | None]:
    """(outlet, wire) from the outlet found so far and the credited names, most credited first: an article signed by a wire carries that wire; when no outlet is known the wire's
    own dispatch is the outlet. A credit that names an outlet rather than a wire leaves the wire empty."""
    names = load_outlet_names(lang)
    wires = [c for c in credits if c in names.wires or (c.isupper() and c not in names.publishers.values())]
    wire = wires[0] if wires else None
    if source is None:
        outlets = [c for c in credits if c not in wires]
        source = outlets[0] if outlets else wire
    return source, (wire if wire and wire != source else None)


def outlet_label(source: str | None, wire: str | None) -> str:
    """How an article's outlet reads to a person: "Belga, via rtl.be", "rtl.be", or "unknown source"."""
    if wire and source and wire != source:
        return f"{wire}, via {source}"
    return wire or source or UNKNOWN_SOURCE


def independent_voice(source: str | None, wire: str | None) -> str:
    """Who is really speaking when counting sources: the wire an outlet carries, else the outlet, else
    the one group of articles whose outlet is unknown."""
    return wire or source or UNKNOWN_SOURCE
