"""Publication date (with its precision), source, title and wire credits, read from an article's text and URL.

French news scrapes state their metadata in a few recurring ways: a ` date YYYY-MM` corpus header,
datelines near the top ("Publié le 12 juin 2020 à 10h05", "23.07.2021 - Mise à jour : 24.07.2021"),
dates in the URL path, and wire credits ("(Belga)", "AA / Bagdad", "PARIS (AFP) -"). Every word and
pattern comes from the language plug (`metadata.json`); this module only knows the shapes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote, urlsplit

from recoupe.clean.metadata_lead import find_lead_day
from recoupe.clean.metadata_lead import literal_alternation as _alt
from recoupe.clean.outlets import defined_acronyms, split_wire
from recoupe.dates import PartialDate
from recoupe.lang import Language

# How far down a dateline may sit: the first TOP_LINES non-blank lines, none starting past TOP_CHARS.
# Chosen on the dev corpus and the TLS "libya" set: real datelines sit within the first 8 non-blank lines
# (after menus); 10 lines / 1500 chars keeps them all while a body date two paragraphs down stays out.
TOP_LINES = 10
TOP_CHARS = 1500
# Marked stamps ("Publié le ... à 16h56") may follow a long menu: on the TLS libya set Le Monde pages put
# them on the 24th non-blank line, ~2500 chars down; 40 lines / 6000 chars covers that with margin.
STAMP_LINES = 40
STAMP_CHARS = 6000
# A headline is short: the longest title line on the dev corpus and seeds is under 120 characters and
# 20 words; 200 / 25 leaves room without letting a lead paragraph through.
TITLE_MAX_CHARS = 200
TITLE_MAX_WORDS = 25
TITLE_MIN_WORDS = 3  # section labels ("Monde", "Actualité Palestine", "Dernières Infos - Irak") are shorter
# A headline's words come back in its article: at least half of its content words (4+ letters) within
# the first 2000 chars of prose (lines over TITLE_MAX_WORDS words) below it. Measured on seeds + dev + TLS
# libya: the titles found share 0.5-1.0 (median 0.75); menu lines and teasers for other articles
# ("Les sites éditoriaux", "Boutique le Point") share 0-0.44, nearly all under 0.25.
TITLE_ECHO_CHARS = 2000
TITLE_ECHO_SHARE = 0.5
# Plausible publication years for dates found in URLs (ids are often long digit runs).
MIN_YEAR = 1990
MAX_YEAR = 2035


@dataclass
class Metadata:
    """What the text and URL say about an article: when, who, what it is called, and which spans are metadata."""

    published: str | None  # ISO 8601 at `precision`: "2021-07-23" | "2021-07" | "2021"
    precision: str | None  # "day" | "month" | "year"
    source: str | None
    title: str | None
    title_span: tuple[int, int] | None  # span of the title line in the text
    consumed: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, reason); cleaner removes
    credits: list[str] = field(default_factory=list)  # wire/agency credits found in the text
    wire: str | None = None  # the wire agency the article carries when an outlet runs its dispatch
    basis: str | None = None  # what the date rests on: "header", "dateline", "url" (joined by "+"), or "inferred"


def make_date(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    """A PartialDate if the parts form a real calendar date (plausible year), else None."""
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        if month is None:
            return None
        try:
            dt.date(year if year is not None else 2000, month, day)  # 2000 is a leap year: 29/02 passes
        except ValueError:
            return None
    return PartialDate(year, month, day)


@dataclass(frozen=True)
class FoundDate:
    """A date written in the text, with its span and whether an update marker introduced it."""

    date: PartialDate
    start: int
    end: int
    update: bool = False


# An agency acronym not in the wire list: 2 to 6 capital letters (AFN, ANP, KUNA).
GENERIC_WIRE = r"[A-Z]{2,6}"
# A site named after "Aussi sur": a domain (radiomeridien.fr) or a capitalised name of at most four words.
GENERIC_SITE = r"[a-z0-9][a-z0-9.-]*\.[a-z]{2,}|(?-i:[A-ZÀ-Ý][\w'’-]*(?: [A-ZÀ-Ý][\w'’-]*){0,3})"


class MetadataPatterns:
    """The regexes and word maps of one language, compiled once from its `metadata.json`."""

    def __init__(self, lang: Language) -> None:
        data = lang.json("metadata.json")
        self.months: dict[str, int] = {k.lower(): int(v) for k, v in data["months"].items()}
        self.wires: dict[str, str] = dict(data["wires"])
        self.outlets: dict[str, str] = dict(data["byline_outlets"])
        self.related: dict[str, str] = {k.lower(): v for k, v in data["related_link_credits"].items()}
        self.photo_words: set[str] = {w.lower() for w in data["photo_credit_words"]}
        self.suffixes: set[str] = set(data["multi_part_suffixes"])
        self.title_rejects: set[str] = {w.lower() for w in data["title_rejects"]}
        self.title_reject_prefixes: tuple[str, ...] = tuple(w.lower() for w in data["title_reject_prefixes"])
        self.title_rejects |= _boilerplate_lines(lang)
        self.fillers: set[str] = {w.lower() for w in data["dateline_filler_words"]}
        self.fillers |= {w.lower() for w in data["weekdays"]}
        months = _alt(list(self.months))
        first = _alt(data["first_day_suffixes"])
        weekday = _alt(data["weekdays"])
        wires = _alt(list(self.wires))
        self.header = re.compile(r"\A[ \t\ufeff]*date[ \t]+(\d{4})-(\d{2})(?:-(\d{2}))?[ \t]*")
        # 23.07.2021, 23/07/2021, 23-07-2021 (4-digit year), and 2021-07-23.
        self.numeric = re.compile(r"(?<![\d/.-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-]?\d)")
        self.iso = re.compile(r"(?<![\d/.-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
        # 30/09 with no year (only trusted after a marker).
        self.day_month = re.compile(r"(?<![\d/.-])(\d{1,2})[./](\d{1,2})(?![\d/.]|\.\d)")
        self.textual = re.compile(
            rf"(?<!\w)(?:(?:{weekday})\s+)?(\d{{1,2}})(?:{first})?\s+({months})\.?(?:\s+(\d{{4}}))?(?!\w)",
            re.IGNORECASE)
        self.time = re.compile(data["time_pattern"], re.IGNORECASE)
        self.weekday_word = re.compile(rf"(?<!\w)(?:{weekday})(?!\w)", re.IGNORECASE)
        self.time_tail = re.compile(rf"\s*,?\s*(?:{data['time_pattern']})", re.IGNORECASE)
        self.any_marker = re.compile(rf"(?<!\w)(?:{_alt(data['publication_markers'] + data['update_markers'])})(?!\w)",
                                     re.IGNORECASE)
        self.wires_lower: set[str] = {w.lower() for w in self.wires}
        self.pub_marker = re.compile(rf"(?<!\w)(?:{_alt(data['publication_markers'])})\s*:?\s*$", re.IGNORECASE)
        self.upd_marker = re.compile(rf"(?<!\w)(?:{_alt(data['update_markers'])})\s*{data['update_marker_tail']}:?\s*$",
                                     re.IGNORECASE)
        self.wire_bullet = re.compile(rf"(?:{wires})\s*[•·|]\s*$")
        # "EREVAN, 27 septembre (Reuters) - " / "TRIPOLI (AFP) - " / "(Belga) " at a paragraph start.
        self.wire_dateline = re.compile(
            rf"(?:[A-ZÀ-Ý][A-ZÀ-Ý'’ -]*[A-ZÀ-Ý](?:,\s*[A-ZÀ-Ý][\w'’ -]{{0,30}}?)?)"
            rf"(?:,\s*(?P<day>\d{{1,2}})(?:{first})?\s+(?P<month>{months}))?\s*"
            rf"\((?P<wire>{wires})\)\s*[-–—]+\s*")
        # Known wires, or any agency acronym of 2 to 6 capitals: an outlet's own wire ("(AFN)")
        # is credited the same way as the big ones, and only at a paragraph's start or end.
        any_wire = rf"{wires}|{GENERIC_WIRE}"
        self.paren_wire = re.compile(rf"\((?P<wire>{any_wire})\)")
        self.agency_line = re.compile(rf"(?P<wire>{_alt(list(data['agency_line_wires']))}|{GENERIC_WIRE})\s*/\s*"
                                      rf"[A-ZÀ-Ý][\w'’.-]*(?:[ -][\w'’.-]+)?\s*$")
        self.agency_line_wires: dict[str, str] = dict(data["agency_line_wires"])
        # "Aussi sur rt.com": the site that publishes the article points to itself. Known sites map
        # to a name; any other domain, or a short capitalised outlet name, is taken as written.
        self.related_line = re.compile(
            rf"(?:{_alt(data['related_link_prefixes'])})\s+(?P<site>{_alt(list(data['related_link_credits']))}"
            rf"|{GENERIC_SITE})\s*$", re.IGNORECASE)
        self.byline = re.compile(rf"(?:{_alt(data['byline_prefixes'])})\s+(?P<outlet>{_alt(list(self.outlets))})\s*$",
                                 re.IGNORECASE)
        self.outlets_lower: dict[str, str] = {k.lower(): v for k, v in self.outlets.items()}


def _boilerplate_lines(lang: Language) -> set[str]:
    """Short navigation lines from the cleaner's `boilerplate.json` when the language ships one (optional)."""
    if not lang.has("boilerplate.json"):
        return set()
    found: set[str] = set()
    stack: list[object] = [lang.json("boilerplate.json")]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and len(item) <= 40 and not any(c in item for c in "\\[]()^$*+?{}|"):
            found.add(item.strip().lower())
    return found


@cache
def load_patterns(lang: Language) -> MetadataPatterns:
    """The compiled metadata patterns of `lang` (built once per language)."""
    return MetadataPatterns(lang)


# --- lines -------------------------------------------------------------------------------------------

def split_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of `text`, end excluding the line break."""
    return [(m.start(), m.start() + len(m[0].rstrip("\r\n"))) for m in re.finditer(r"[^\n]*\n|[^\n]+$", text)]


def top_lines(text: str, lines: list[tuple[int, int]], count: int = TOP_LINES, chars: int = TOP_CHARS
              ) -> list[tuple[int, int]]:
    """The first `count` non-blank lines starting before `chars`: where a page prints its dateline and title."""
    out: list[tuple[int, int]] = []
    for s, e in lines:
        if s >= chars or len(out) >= count:
            break
        if text[s:e].strip():
            out.append((s, e))
    return out


def _line_with_break(text: str, s: int, e: int) -> tuple[int, int]:
    """The line span extended over its line break, so removing it leaves no empty line."""
    if text.startswith("\r\n", e):
        return s, e + 2
    if e < len(text) and text[e] in "\r\n":
        return s, e + 1
    return s, e


# --- dates written in the text -------------------------------------------------------------------------

def _two_digit_year(yy: int, today: dt.date) -> int:
    """Expand a two-digit year to the latest century that does not put it in the future."""
    year = 2000 + yy
    return year if year <= today.year else 1900 + yy


def scan_dates(line: str, pats: MetadataPatterns, today: dt.date) -> list[tuple[int, int, PartialDate, str]]:
    """Every date written in `line`: (start, end, date, kind), kind in iso | numeric | short | textual | daymonth."""
    found: list[tuple[int, int, PartialDate, str]] = []

    def add(m: re.Match[str], d: PartialDate | None, kind: str) -> None:
        if d and all(m.end() <= s or m.start() >= e for s, e, _, _ in found):
            found.append((m.start(), m.end(), d, kind))

    for m in pats.iso.finditer(line):
        add(m, make_date(int(m[1]), int(m[2]), int(m[3])), "iso")
    for m in pats.numeric.finditer(line):
        short = len(m[4]) == 2
        year = _two_digit_year(int(m[4]), today) if short else int(m[4])
        add(m, make_date(year, int(m[3]), int(m[1])), "short" if short else "numeric")
    for m in pats.textual.finditer(line):
        full = int(m[3]) if m[3] else None
        add(m, make_date(full, pats.months[m[2].lower()], int(m[1])), "textual" if full else "daymonth")
    for m in pats.day_month.finditer(line):
        add(m, make_date(None, int(m[2]), int(m[1])), "daymonth")
    return sorted(found, key=lambda f: f[0])


def _is_dateline(line: str, dates: list[tuple[int, int, PartialDate, str]], pats: MetadataPatterns) -> bool:
    """Whether the line holds nothing but dates, times, markers and filler ("Publié le 12 juin 2020 à 10h05")."""
    rest = list(line)
    for s, e, _, _ in dates:
        rest[s:e] = " " * (e - s)
    residue = pats.any_marker.sub(" ", pats.time.sub(" ", "".join(rest)))
    for word in re.findall(r"\w+", residue.lower()):
        if word in pats.fillers or word in pats.wires_lower or (word.isdigit() and len(word) <= 2):
            continue
        return False
    return True


def find_datelines(text: str, lines: list[tuple[int, int]], pats: MetadataPatterns, today: dt.date,
                   stamps_only: bool = False
                   ) -> tuple[list[FoundDate], list[tuple[int, int, str]], list[tuple[str, int]]]:
    """Dates printed as datelines in the given (top) lines, the spans to consume, and wire credits seen beside them.

    A whole line of date, time and markers is consumed; inside a longer line only a full numeric date
    (a page stamp, never prose), a dated time stamp on a short line, or a date after a stamp marker
    ("Publié le", "- Mis à jour le", "Reuters •") counts. With `stamps_only` (lines further down, below
    menus) only stamp markers with a full date count.
    """
    found: list[FoundDate] = []
    consumed: list[tuple[int, int, str]] = []
    credits: list[tuple[str, int]] = []
    for s, e in lines:
        line = text[s:e].replace("ı", "i")  # dotless i from bad repairs: "Mıse À Jour"
        dates = scan_dates(line, pats, today)
        if not dates:
            continue
        whole = not stamps_only and _is_dateline(line, dates, pats)
        for ds, de, date, kind in dates:
            offset = max(0, ds - 60)
            before = line[offset:ds]
            upd = pats.upd_marker.search(before)
            marker = upd or pats.pub_marker.search(before)
            bullet = pats.wire_bullet.search(before)
            stamped = bullet is not None or (marker is not None and _starts_stamp(line, offset + marker.start()))
            timed = date.year is not None and len(line) <= TITLE_MAX_CHARS and pats.time_tail.match(line, de)
            if not (whole or stamped) and _is_photo_line(line, pats):
                continue  # "Photo X (27/04/2011)": when the picture was taken
            if stamps_only:
                keep = stamped and date.year is not None
            else:
                # An unmarked numeric date is a page stamp only on a short line, not in a lead paragraph.
                stamp_like = kind in ("numeric", "iso") and len(line) <= TITLE_MAX_CHARS
                keep = whole or stamped or stamp_like or bool(timed)
            if not keep:
                continue
            found.append(FoundDate(date, s + ds, s + de, update=upd is not None))
            if bullet:
                wire = bullet[0].rstrip(" \t•·|")
                credits.append((pats.wires.get(wire, wire), s + ds))
            if not whole:
                starts = [offset + m.start() for m in (marker, bullet) if m is not None and stamped]
                tail = pats.time_tail.match(line, de)
                consumed.append((s + min(starts, default=ds), s + (tail.end() if tail else de), "dateline"))
        if whole:
            consumed.append((*_line_with_break(text, s, e), "dateline"))
    return found, consumed, credits


def _starts_stamp(line: str, pos: int) -> bool:
    """Whether a marker at `pos` opens a page stamp ("Publié le", "- mis à jour le") rather than prose
    ("un rapport publié le 5 juin"): capitalised, or first on its line, or after a separator."""
    prefix = line[:pos].rstrip()
    return line[pos].isupper() or not prefix or prefix[-1] in "-–—|,•·(/"


def publication_from_datelines(found: list[FoundDate]) -> tuple[PartialDate | None, PartialDate | None,
                                                                list[PartialDate]]:
    """From the datelines: the first publication date with a year, the first update date with a year (a
    weaker witness: pages are updated long after), and the year-less day/month ones ("le 30/09") left for
    the URL or header to complete."""
    dated = [f for f in found if f.date.year is not None]
    published = next((f.date for f in dated if not f.update), None)
    updated = next((f.date for f in dated if f.update), None)
    partial = [f.date for f in found if f.date.year is None]
    return published, updated, partial


def infer_month(text: str, pats: MetadataPatterns, today: dt.date) -> PartialDate | None:
    """A month-precision guess when nothing states the date: the month of the latest full date the article
    mentions, never after today, and only for hard news: the text dates recent events by weekday ("lundi")
    and names no year later than that date (else the dates are background and the guess would be old).

    Measured on articles with no stamp, header or URL date (dev text-only, TLS libya, seed 004): the latest
    full date alone gave the right month 11 times out of 18; with both conditions 9 out of 10.
    """
    if not pats.weekday_word.search(text):
        return None
    best: PartialDate | None = None
    for line in text.splitlines():
        for _, _, d, kind in scan_dates(line, pats, today):
            if kind not in ("textual", "numeric", "iso") or d.year is None or d.month is None or d.day is None:
                continue
            if dt.date(d.year, d.month, d.day) > today:
                continue
            if best is None or (d.year, d.month, d.day) > (best.year or 0, best.month or 0, best.day or 0):
                best = d
    if best is None or best.year is None:
        return None
    years = [int(y) for y in re.findall(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", text)]
    if any(best.year < y <= today.year for y in years):
        return None
    return PartialDate(best.year, best.month)


# --- credits -------------------------------------------------------------------------------------------

def _is_photo_line(line: str, pats: MetadataPatterns) -> bool:
    """Whether a line credits a picture ("Photo d'archives AFP", "© ..., Reuters"): not the article's source."""
    if "©" in line or re.search(r"\b[A-Z]{2,}/[A-Z][a-z]", line):
        return True
    return any(w in pats.photo_words for w in re.findall(r"\w+", line.lower()))


def find_credits(text: str, lines: list[tuple[int, int]], content_start: int, pats: MetadataPatterns,
                 top: set[int]) -> tuple[list[tuple[str, int]], list[tuple[int, int, str]], list[FoundDate]]:
    """Wire and outlet credits in the text, with the credit spans to consume and the day/month of wire
    datelines ("EREVAN, 27 septembre (Reuters) -") found in the top lines (`top` holds their starts)."""
    credits: list[tuple[str, int]] = []
    consumed: list[tuple[int, int, str]] = []
    dates: list[FoundDate] = []
    defined = defined_acronyms(text)
    for s, e in lines:
        s = max(s, content_start) if s < content_start <= e else s
        line = text[s:e]
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        whole_line: tuple[str, str] | None = None
        if m := pats.agency_line.fullmatch(stripped):
            whole_line = (pats.agency_line_wires.get(m["wire"], m["wire"]), "credit")
        elif m := pats.related_line.fullmatch(stripped):
            whole_line = (pats.related.get(m["site"].lower(), m["site"]), "credit")
        elif m := pats.byline.fullmatch(stripped):
            whole_line = (pats.outlets_lower[m["outlet"].lower()], "byline")
        if whole_line and not _is_photo_line(line, pats):
            credits.append((whole_line[0], s))
            a, b = _line_with_break(text, s, e)
            consumed.append((a, b, whole_line[1]))
            continue
        taken_until = s
        m = pats.wire_dateline.match(text, s + lead, e)
        if m and not _is_photo_line(m[0], pats):
            credits.append((pats.wires[m["wire"]], m.start()))
            consumed.append((m.start(), m.end(), "wire dateline"))
            taken_until = m.end()
            if m["day"] and s in top:
                d = make_date(None, pats.months[m["month"].lower()], int(m["day"]))
                if d:
                    dates.append(FoundDate(d, m.start("day"), m.end("month")))
        for m in pats.paren_wire.finditer(text, taken_until, e):
            if m["wire"] not in pats.wires and m["wire"] in defined:
                continue  # "(CNT)" after "Conseil national de transition (CNT)" credits a body, not a wire
            before = text[s:m.start()].strip()
            after = text[m.end():e].strip()
            at_start = not before or before.endswith(("-", "–", "—"))
            # A closing credit follows a finished sentence; "Un policier en faction (AFP)" is a caption.
            at_end = (not after or re.fullmatch(r"[.,;:!?»\"”)\s]*", after) is not None) and (
                not before or before.endswith((".", "!", "?", "»", '"', "”")))
            if _is_photo_line(text[max(s, m.start() - 60):m.start()], pats):
                continue
            if at_start or at_end or after.startswith(("-", "–", "—")):
                credits.append((pats.wires.get(m["wire"], m["wire"]), m.start()))
                a, b = m.start(), m.end()
                if at_start:  # "(Belga) Le président ..." -> remove the credit with the space after it
                    b += len(text[b:e]) - len(text[b:e].lstrip(" \t-–—"))
                else:  # "... des années. (Belga)" -> with the space before it
                    a -= len(text[s:a]) - len(text[s:a].rstrip(" \t"))
                consumed.append((a, b, "credit"))
    return credits, consumed, dates


def ranked_credits(credits: list[tuple[str, int]]) -> list[str]:
    """Credited names, the most credited first, the first one written first on a tie."""
    counts = Counter(name for name, _ in credits)
    first: dict[str, int] = {}
    for name, pos in sorted(credits, key=lambda c: c[1]):
        first.setdefault(name, pos)
    return sorted(counts, key=lambda n: (-counts[n], first[n]))


# --- the URL -------------------------------------------------------------------------------------------

_URL_DAY = (
    re.compile(r"/(\d{4})/(\d{1,2})/(\d{1,2})(?=[/_.-]|$)"),  # /2020/01/05/
    re.compile(r"/(\d{4})/(\d{2})(\d{2})(?=/)"),  # /2020/0930/
    re.compile(r"(?<![\d])(\d{4})-(\d{2})-(\d{2})(?!\d)"),  # /2021-01-15/
    re.compile(r"(?<![\w])(\d{4})(\d{2})(\d{2})(?=[/_.-]|\d|$)"),  # /20200611-slug, /202010101044554858-
)
_URL_MONTH = re.compile(r"/(\d{4})/(\d{1,2})(?=/|$)(?!/\d{1,2}(?:[/_.-]|$))")  # /2021/04/, not a bad /yyyy/mm/dd/
_OBJECT_ID = re.compile(r"(?<![0-9a-f])([0-9a-f]{24})(?![0-9a-f])")  # MongoDB ObjectId: 4-byte creation time
_OBJECT_ID_FIRST_YEAR = 2009  # MongoDB's first release: an older-looking stamp is not an ObjectId


def find_url_date(url: str, today: dt.date) -> PartialDate | None:
    """The publication date a URL path states (/2020/01/05/, /20200611-, /2021/04/, a MongoDB ObjectId),
    keeping only real calendar dates in plausible years and not in the future."""
    path = unquote(urlsplit(url).path)
    for pattern in _URL_DAY:
        for m in pattern.finditer(path):
            d = make_date(int(m[1]), int(m[2]), int(m[3]))
            if d and d.year is not None and d.month and d.day and dt.date(d.year, d.month, d.day) <= today:
                return d
    for m in _OBJECT_ID.finditer(path.lower()):
        stamp = dt.datetime.fromtimestamp(int(m[1][:8], 16), tz=dt.UTC).date()
        if stamp.year >= _OBJECT_ID_FIRST_YEAR and stamp <= today:
            return PartialDate(stamp.year, stamp.month, stamp.day)
    for m in _URL_MONTH.finditer(path):
        d = make_date(int(m[1]), int(m[2]), None)
        if d and (d.year, d.month) <= (today.year, today.month):
            return d
    return None


def find_source_domain(url: str, pats: MetadataPatterns) -> str | None:
    """The registered domain of the URL's host ("fr.sputniknews.africa" -> "sputniknews.africa",
    "french.peopledaily.com.cn" -> "peopledaily.com.cn")."""
    host = urlsplit(url if "//" in url else "//" + url).hostname
    if not host:
        return None
    host = host.lower().rstrip(".")
    if re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host):
        return host
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and ".".join(labels[-2:]) in pats.suffixes else 2
    return ".".join(labels[-keep:])


# --- the title -----------------------------------------------------------------------------------------

def reads_as_headline(line: str, pats: MetadataPatterns) -> bool:
    """Whether a line reads as a headline: short, capitalised, no final period, not a menu or section label."""
    s = line.strip()
    words = s.split()
    if not TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS or len(s) > TITLE_MAX_CHARS:
        return False
    if s.endswith((".", ",", ";", ":")) and not s.endswith("..."):
        return False
    if not (s[0].isupper() or s[0].isdigit() or s[0] in "«\"“'"):
        return False
    low = s.lower()
    if low.rstrip(" .:") in pats.title_rejects or low.startswith(pats.title_reject_prefixes):
        return False
    if re.search(r"[a-zà-ÿ]{2}[.!?]\s+[A-ZÀ-Ý]", s) or "©" in s or "://" in s:
        return False
    letters = [c for c in s if c.isalpha()]
    return not letters or not all(c.isupper() for c in letters)


def _norm(line: str) -> str:
    return " ".join(line.split()).lower()


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) >= 4 and not w.isdigit()}


def find_title(text: str, lines: list[tuple[int, int]], all_lines: list[tuple[int, int]], header_end: int,
               consumed: list[tuple[int, int, str]], pats: MetadataPatterns) -> tuple[int, int] | None:
    """Span of the headline: the first headline-like line above the body whose words come back in the
    article's first prose paragraphs (a headline announces its article; menus and teasers for other
    articles do not). The header line's rest counts only when a blank line follows it."""
    candidates: list[tuple[int, int]] = []
    for s, e in lines:
        if s < header_end <= e:
            s = header_end
            if not re.match(r"\r?\n[ \t]*(?:\r?\n|$)", text[e:]):
                continue
        if any((a <= s and e <= b) or (why == "dateline" and s < b and a < e) for a, b, why in consumed):
            continue  # a stamp or credit line
        line = text[s:e]
        if reads_as_headline(line, pats):
            lead = len(line) - len(line.lstrip())
            candidates.append((s + lead, s + len(line.rstrip())))
        elif len(line.split()) > TITLE_MAX_WORDS:
            break  # the body has started: no headline below it
    for s, e in candidates:
        if s == header_end > 0:
            return s, e  # the corpus header names its title: no need for echoes
        body = next((bs for bs, be in all_lines if bs >= e and len(text[bs:be].split()) > TITLE_MAX_WORDS), None)
        words = _content_words(text[s:e])
        if body is None or len(words) < TITLE_MIN_WORDS:
            continue
        if len(words & _content_words(text[body:body + TITLE_ECHO_CHARS])) >= TITLE_ECHO_SHARE * len(words):
            return s, e
    return None


# --- all together --------------------------------------------------------------------------------------

def combine_dates(header: PartialDate | None, dateline: PartialDate | None, url: PartialDate | None,
                  partial: list[PartialDate], updated: PartialDate | None = None
                  ) -> tuple[PartialDate | None, str | None]:
    """The most precise date the sources agree on, and which sources it rests on. The anchor is the text
    (header, then publication dateline), then the URL, then an update stamp; a source that conflicts with
    the anchor is dropped, since the text is what the page itself says (a URL date can be a section or an
    id that only looks like one)."""
    result: PartialDate | None = None
    used: list[str] = []
    sources = [("header", header), ("dateline", dateline), ("url", url)] + [("dateline", d) for d in partial]
    sources.append(("dateline", updated))
    for name, d in sources:
        if d is None:
            continue
        if result is None:
            if d.year is not None:
                result = d
                used.append(name)
        elif result.agrees(d):
            result = result.merged(d)
            if name not in used:
                used.append(name)
    return result, "+".join(used) or None


def merge_spans(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sorted spans with overlaps fused (the first span's reason kept), so the cleaner removes each char once."""
    merged: list[tuple[int, int, str]] = []
    for a, b, why in sorted(set(spans), key=lambda sp: (sp[0], -sp[1])):
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]), merged[-1][2])
        else:
            merged.append((a, b, why))
    return merged


def find_metadata(text: str, url: str | None, lang: Language) -> Metadata:
    """Read publication date (+ precision), source, title and wire credits from an article's raw text and URL,
    and list the spans that are metadata rather than reporting (the cleaner removes exactly those)."""
    return find_metadata_on(text, url, lang, dt.date.today())


def find_metadata_on(text: str, url: str | None, lang: Language, today: dt.date) -> Metadata:
    """`find_metadata` as if run on `today` (dates after it are not publication dates); for tests."""
    pats = load_patterns(lang)
    consumed: list[tuple[int, int, str]] = []
    header: PartialDate | None = None
    header_end = 0
    if m := pats.header.match(text):
        header = make_date(int(m[1]), int(m[2]), int(m[3]) if m[3] else None)
        header_end = m.end()
        consumed.append((0, header_end, "date header"))
    lines = split_lines(text)
    top = top_lines(text, lines)
    if header_end and top and top[0][0] < header_end:
        top[0] = (header_end, top[0][1])
    found, spans, credits = find_datelines(text, top, pats, today)
    if top and not any(f.date.year is not None for f in found):
        # Stamps such as "Publié le 21 février 2011 à 16h56" can sit below long menus.
        below = [ln for ln in top_lines(text, lines, STAMP_LINES, STAMP_CHARS) if ln[1] > top[-1][1]]
        more, more_spans, more_credits = find_datelines(text, below, pats, today, stamps_only=True)
        found, spans, credits = found + more, spans + more_spans, credits + more_credits
    consumed += spans
    wire_credits, wire_spans, wire_dates = find_credits(text, lines, header_end, pats, {s for s, _ in top})
    credits += wire_credits
    consumed += wire_spans
    dateline, updated, partial = publication_from_datelines(found)
    url_date = find_url_date(url, today) if url else None
    date, basis = combine_dates(header, dateline, url_date, partial + [f.date for f in wire_dates], updated)
    if date is None:
        date = find_lead_day(text, lang, today)
        basis = "lead" if date else None
    if date is None:
        date = infer_month(text, pats, today)
        basis = "inferred" if date else None
    title_span = find_title(text, top_lines(text, lines, STAMP_LINES, STAMP_CHARS), lines, header_end,
                            consumed, pats)
    names = list(dict.fromkeys(name for name, _ in sorted(credits, key=lambda c: c[1])))
    source = find_source_domain(url, pats) if url else None
    source, wire = split_wire(source, ranked_credits(credits), lang)
    return Metadata(
        published=date.iso if date else None,
        precision=date.precision if date else None,
        source=source,
        wire=wire,
        title=text[title_span[0]:title_span[1]] if title_span else None,
        title_span=title_span,
        consumed=merge_spans(consumed),
        credits=names,
        basis=basis,
    )
