"""The story timeline: the dated events of a story's articles, merged across articles and weighted.

Every article's reading lists dated events (a date, the sentence that dates it,
its actors). Events of different articles are one entry when their dates are
compatible (same day; a month or year containing the day; adjacent days) and
their sentences alike (shared content words and actors). Each entry keeps the
best-supported date, the others it was given, every evidence sentence, the
independent sources that report it, and a weight that ranks it (sources that
write the day out count more than those that only point at it, "mardi").

An article dated only by month reads "jeudi" as that month; when it shares an
event with an article dated to the day, its weekdays are put on days of that
week first (`place_weekdays`), but only when one week fits.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date as Date
from datetime import timedelta
from typing import Literal

from recoupe.clean.outlets import independent_voice
from recoupe.dates import PartialDate
from recoupe.lang import load_language
from recoupe.link.coverage import before_coverage, coverage_start
from recoupe.link.salience import (
    calendar_reports,
    discount_spillover,
    entry_weight,
    report_credit,
    share_single_source_weight,
    source_support,
)
from recoupe.link.timeline_events import AGENT_TYPES, fullness
from recoupe.link.timeline_evidence import (
    cite_once,
    dating_timexes,
    event_contexts,
    names_its_day,
    other_dates,
    when_of,
)
from recoupe.link.timeline_lead import narrow_to_lead
from recoupe.link.timeline_merge import (
    TimelineOptions,
    count_text_words,
    find_common_words,
    measure_similarity,
    merge_clusters,
)
from recoupe.link.timeline_posts import find_post, find_post_stamps
from recoupe.link.timeline_refs import attach_namings
from recoupe.link.timeline_tellings import find_late_tellings
from recoupe.link.timeline_words import WordRules, date_relation, fold, word_rules
from recoupe.read.events import heads_a_post
from recoupe.read.timex.patterns import TimexGrammar, get_grammar
from recoupe.read.timex.tense import find_direction
from recoupe.records import Event, Evidence, ReadArticle, TimelineEntry, TimeRef

Direction = Literal["past", "future", "past-strict", "future-strict"]

# Longest evidence sentence used whole as an entry's description (~80 words): the longest
# evidence sentences of the dev events run to ~470 characters; longer spans are
# sentence-splitting failures, better told by the reading's trimmed clause. The whole
# sentence beat the trimmed clause on dev timeline.event_f1 (0.595 vs 0.559): trimming
# drops the actors and objects that say what happened.
MAX_DESCRIPTION_CHARS = 500

# Share of an entry's sources that must give a date for it to date the entry (else a
# vaguer date that more sources give wins). A quarter: on the TLS topic, nine
# "2011" mentions of a recurring blog footer merged with one "12 mars" and took its
# day. Sources that give a day's month support the day: on the dev stories one "jeudi
# 20 août" and four "en août" (weekday unresolved) date the entry 20 August.
DATE_SUPPORT = 0.25


@dataclass(slots=True)
class _Candidate:
    """One article's dated event, with what merging compares."""

    article: str
    source: str
    published: str
    event: Event
    words: frozenset[str]  # of the sentence the event's clause was cut from (what merging compares)
    own: frozenset[str]  # of the event's clause alone (what choosing the description compares)
    actors: frozenset[str]
    background: bool
    named: bool
    dating: tuple[TimeRef, ...]
    others: tuple[TimeRef, ...] = ()  # the span's expressions giving other dates (listed as `also`)
    agents: frozenset[str] = frozenset()  # ids of the persons and organisations its clause names (`AGENT_TYPES`)
    post: int = -1  # offset of the stamp opening the live report's post that holds it (`find_post`), -1 if none


def build_timeline(items: Sequence[ReadArticle], options: TimelineOptions | None = None) -> list[TimelineEntry]:
    """Merge the dated events of one story's articles into weighted timeline entries, sorted by date.

    `items` are the story's articles with their readings; a copy (`duplicate_of`
    set) contributes evidence but no independent source. In each entry, `articles`
    are those giving its date (or a vaguer date containing it), `other_dates` the
    other dates some articles give with those articles, `evidence` every sentence
    (the ones for `date` first), `sources` every independent source at any date. An event a
    sentence only names ("l'incendie du 3 mars") is evidence of the entry that tells it
    (`attach_namings`); a starting point ("depuis 2014") is kept, weighing as background.
    """
    opts = options or TimelineOptions()
    rules = word_rules(load_language(opts.language))
    candidates = collect_candidates(items, rules, opts)
    common = find_common_words(count_text_words(items, rules), len(items))
    clusters = cite_clusters(candidates, merge_clusters(candidates, opts, common))
    profile = _story_profile(items, rules)
    window = coverage_start(it.article.published for it in items)
    return finish_entries(candidates, clusters, profile, window)


def collect_candidates(items: Sequence[ReadArticle], rules: WordRules, opts: TimelineOptions) -> list[_Candidate]:
    """Every dated event of the story's articles, in article order, month-dated articles' weekdays placed and
    weekdays dating the telling of a later past event moved after it (`find_late_tellings`)."""
    texts = {it.article.id: it.article.clean_text for it in items}
    cands = [c for c in _collect(items, rules) if not _stamped_off_day(c, texts)]
    late = find_late_tellings(texts, cands, get_grammar(load_language(opts.language)))
    return place_weekdays(items, _with_placed(cands, late) if late else cands, rules, opts)


def cite_clusters(candidates: Sequence[_Candidate], clusters: list[list[int]]) -> list[list[int]]:
    """The merged clusters with each evidence sentence cited by one of them only (`cite_once`)."""
    spans = [(c.article, c.event.evidence.start, c.event.evidence.end) for c in candidates]
    return cite_once(spans, [c.source for c in candidates], clusters)


def finish_entries(candidates: list[_Candidate], clusters: list[list[int]], profile: dict[str, float],
                   window: dt.date | None) -> list[TimelineEntry]:
    """The timeline entries of the clusters (in cluster order), weighed against each other and sorted by date;
    an event a sentence only names joins the entry that tells it first (`attach_namings`), in both the whole
    build and the incremental update, which hand this the same clusters."""
    clusters = attach_namings(candidates, clusters)
    entries = [_entry(candidates, c, profile, window) for c in clusters]
    share_single_source_weight(entries)
    discount_spillover(entries)
    entries.sort(key=lambda e: (e.date, -e.weight))
    return entries


def _stamped_off_day(c: _Candidate, texts: Mapping[str, str]) -> bool:
    """Whether a post of a live report is dated by a stamp read on another day than its report's publication day.

    A live report stamps its posts with the times of the day it is published ("► 14h32."); a stamp the reading
    put on another day was resolved against a date the posts mention, not the report's day, and dates nothing.
    """
    when = when_of(c.dating)
    if when is None or when.type != "TIME" or len(c.published) != 10 or when.value[:10] == c.published:
        return False
    return heads_a_post(texts.get(c.article, ""), when)


def _collect(items: Sequence[ReadArticle], rules: WordRules) -> list[_Candidate]:
    """Every dated event of every article, with its comparison features."""
    source_of = independent_sources(items)
    out: list[_Candidate] = []
    for it in items:
        art = it.article
        source = source_of[art.id]
        names = {e.id: [e.name, *e.aliases] for e in it.reading.entities}
        agents = {e.id for e in it.reading.entities if e.type in AGENT_TYPES}
        contexts = event_contexts(it.reading.events, art.clean_text)
        stamps = find_post_stamps(art.clean_text, it.reading.timexes)
        for ev, context in zip(it.reading.events, contexts, strict=True):
            actor_names = [n for a in ev.actors for n in names.get(a, [a])]
            dating = dating_timexes(it.reading.timexes, ev)
            out.append(_Candidate(
                article=art.id, source=source, published=art.published or "", event=ev,
                words=rules.content_words(context), own=rules.content_words(ev.evidence.text), actors=rules.name_words(actor_names),
                background=bool(dating) and all(_is_background(it, t, rules) for t in dating),
                named=any(names_its_day(t) for t in dating), dating=tuple(dating),
                others=tuple(other_dates(it.reading.timexes, ev)),
                agents=frozenset(a for a in ev.actors if a in agents),
                post=find_post(art.clean_text, stamps, ev.evidence.start),
            ))
    return out


def place_weekdays(items: Sequence[ReadArticle], cands: list[_Candidate], rules: WordRules,
                   opts: TimelineOptions) -> list[_Candidate]:
    """Put the weekdays of articles dated only by month on days, from events they share with day-dated articles.

    With a publication month only, "jeudi" reads as the month. When one of the
    article's weekday sentences is alike a day-dated event of another source that
    falls on that weekday, and every such event gives one day, that weekday is that
    day; failing that, it is the one day the article itself writes out on that weekday
    (`written_days`); the article's other weekdays then fall in the same week (before it in past
    reporting, after it in future reporting or after "avant ..."). Articles placed
    this way anchor others in a later pass. Anything ambiguous keeps the month.
    """
    lang = load_language(opts.language)
    weekdays = get_grammar(lang)
    pending = {it.article.id: it for it in items if len(it.article.published or "") == 7}
    placed: dict[tuple[str, int], str] = {}
    for _ in range(len(pending)):
        pool = [c for c in _with_placed(cands, placed) if c.event.precision == "day"]
        found = {}
        for aid, it in pending.items():
            found.update(_place_article(it, [c for c in cands if c.article == aid], pool, weekdays, rules, opts))
        if not found:
            break
        placed.update(found)
        for aid in {a for a, _ in found}:
            pending.pop(aid, None)
    return _with_placed(cands, placed) if placed else cands


def _weekday_of(t: TimeRef, grammar: TimexGrammar) -> int | None:
    """The ISO weekday of an expression that names one ("jeudi", "ce jeudi": a demonstrative points at the
    same weekday) and was read only to its article's month, else None."""
    words = t.mention.text.lower().split()
    words = words[1:] if words[:1] and words[0] in grammar.data["this_words"] else words
    if not words or t.precision != "month" or t.value != t.anchor:
        return None
    return grammar.weekdays.get(words[0])


def _place_article(it: ReadArticle, own: list[_Candidate], pool: list[_Candidate], weekdays: TimexGrammar,
                   rules: WordRules, opts: TimelineOptions) -> dict[tuple[str, int], str]:
    """The days of one month-dated article's weekdays, keyed by (article, offset); empty unless one week fits."""
    month = it.article.published or ""
    anchors: dict[int, Date] = {}
    written = written_days(it.reading.timexes, month)
    for c in own:
        for t in c.dating:
            wd = _weekday_of(t, weekdays)
            if wd is None:
                continue
            days = {d for p in pool if p.source != c.source and _near_month(p.event.date, month)
                    and (d := _as_day(p.event.date)) is not None and d.isoweekday() == wd
                    and measure_similarity(c, p) >= opts.anchor} or written.get(wd, set())
            if len(days) > 1:
                return {}
            if days:
                anchors[t.mention.start] = days.pop()
    if not anchors:
        return {}
    grammar = get_grammar(load_language(opts.language))
    text = it.article.clean_text
    lead = min((c.event.evidence for c in own), key=lambda m: m.start)
    publication: set[Date] | None = None
    for t in it.reading.timexes:
        if t.mention.start in anchors:
            days = _publication_days(anchors[t.mention.start], _direction(text, t, rules, grammar),
                                     lead.start <= t.mention.start < lead.end)
            publication = days if publication is None else publication & days
    if not publication:
        return {}
    lead_days = [wd for t in it.reading.timexes if t.mention.start not in anchors and lead.start <= t.mention.start < lead.end
                 and (wd := _weekday_of(t, weekdays)) is not None and _direction(text, t, rules, grammar) == "past"]
    publication = narrow_to_lead(publication, lead_days)
    out: dict[tuple[str, int], str] = {}
    for t in it.reading.timexes:
        wd = _weekday_of(t, weekdays)
        if wd is None:
            continue
        direction = _direction(text, t, rules, grammar)
        placed = {anchors[t.mention.start]} if t.mention.start in anchors else {
            _day_in_week(p, wd, direction) for p in publication}
        if len(placed) == 1 and _near_month((day := placed.pop()).isoformat(), month):
            out[(it.article.id, t.mention.start)] = day.isoformat()
    return out


def written_days(timexes: Sequence[TimeRef], month: str) -> dict[int, set[Date]]:
    """The days an article dated only by `month` writes out ("le 8 novembre") near that month, by ISO weekday.

    A weekday of such an article ("dimanche") is the day it writes out elsewhere that falls on that
    weekday, when it writes out one only: news names by its weekday a day of the week it reports,
    and by its date the same day where it states it in full.
    """
    out: dict[int, set[Date]] = defaultdict(set)
    for t in timexes:
        day = _as_day(t.value) if t.type == "DATE" and names_its_day(t) else None
        if day is not None and _near_month(day.isoformat(), month):
            out[day.isoweekday()].add(day)
    return out


def _direction(text: str, t: TimeRef, rules: WordRules, grammar: TimexGrammar) -> Direction:
    """Where a weekday lies from the publication day: "past" or "future", "...-strict" with "dernier"/"prochain".

    Words earlier in its clause such as "avant" put it after the sentence's event, so in the future.
    """
    words = set(t.mention.text.lower().split()[1:])
    if words & grammar.past_words:
        return "past-strict"
    if words & grammar.future_words:
        return "future-strict"
    start = t.mention.start
    clause_start = max(text.rfind(ch, 0, start) for ch in ",;:.!?\n") + 1
    if rules.points_later(text[clause_start:start]):
        return "future"
    return "future" if find_direction(text, start, t.mention.end, grammar) == "future" else "past"


def _publication_days(day: Date, direction: Direction, in_lead: bool) -> set[Date]:
    """The publication days with which a weekday expression in `direction` names `day`.

    Past reporting is published within the week after the day; a lead reports the
    day of publication or the day before; "dernier" excludes the day itself.
    """
    if direction == "past-strict":
        span = range(1, 8)
    elif direction == "future-strict":
        span = range(-7, 0)
    elif direction == "future":
        span = range(-6, 1)
    else:
        span = range(0, 2) if in_lead else range(0, 7)
    return {day + timedelta(days=k) for k in span}


def _day_in_week(publication: Date, weekday: int, direction: Direction) -> Date:
    """The day of `weekday` a weekday expression in `direction` names when published on `publication`."""
    after = (weekday - publication.isoweekday()) % 7
    before = (publication.isoweekday() - weekday) % 7
    if direction == "future-strict":
        return publication + timedelta(days=after or 7)
    if direction == "future":
        return publication + timedelta(days=after)
    if direction == "past-strict":
        return publication - timedelta(days=before or 7)
    return publication - timedelta(days=before)


def _as_day(value: str) -> Date | None:
    """An ISO day as a date, or None if `value` is not a valid day."""
    try:
        parsed = PartialDate.from_iso(value)
        return parsed.as_date if parsed is not None and "T" not in value else None
    except ValueError:
        return None


def _near_month(day: str, month: str) -> bool:
    """Whether an ISO day lies in `month` or within the six days around it (a weekday's week can straddle months)."""
    try:
        d = Date.fromisoformat(day)
        first = Date.fromisoformat(month + "-01")
    except ValueError:
        return False
    following = Date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first - timedelta(days=6) <= d < following + timedelta(days=6)


def _with_placed(cands: list[_Candidate], placed: dict[tuple[str, int], str]) -> list[_Candidate]:
    """The candidates with placed weekdays put on their days.

    A sentence stays one candidate: it takes the day of the expression that dates
    it (`when_of`); its other weekdays, placed or not, stay listed with it.
    """
    out: list[_Candidate] = []
    for c in cands:
        when = when_of(c.dating)
        day = placed.get((c.article, when.mention.start)) if when is not None else None
        if day is None:
            out.append(c)
            continue
        # The weekday now reads as that day: its expression says so, as the evidence of the day.
        dating = tuple(replace(t, value=day, precision="day") for t in c.dating
                       if placed.get((c.article, t.mention.start)) == day)
        rest = tuple(t for t in c.dating if placed.get((c.article, t.mention.start)) != day)
        out.append(replace(c, event=replace(c.event, date=day, precision="day"), dating=dating,
                           others=c.others + rest))
    return out


def independent_sources(items: Sequence[ReadArticle]) -> dict[str, str]:
    """Article id -> the independent source it stands for: the wire it carries, else its outlet, else the
    one "unknown source" group (`independent_voice`).

    A copy (`duplicate_of` set) stands for its original's source, so that it never counts twice.
    """
    own = {it.article.id: independent_voice(it.article.source, it.article.wire) for it in items}
    return {it.article.id: own.get(it.duplicate_of, it.duplicate_of) if it.duplicate_of else own[it.article.id]
            for it in items}


def _is_background(item: ReadArticle, t: TimeRef, rules: WordRules) -> bool:
    """Whether the words just before an expression make it a starting point ("depuis 2014")."""
    start = t.mention.start
    return rules.is_background(item.article.clean_text[max(0, start - 40):start])


def _story_profile(items: Sequence[ReadArticle], rules: WordRules) -> dict[str, float]:
    """Share of the story's articles that use each content-word stem (what the story is about)."""
    return profile_of(count_story_words(items, rules), len(items))


def count_story_words(items: Sequence[ReadArticle], rules: WordRules) -> Counter[str]:
    """How many of these articles use each content-word stem (the counts the story profile divides)."""
    df: Counter[str] = Counter()
    known: dict[str, frozenset[str]] = {}  # the stems of each lemma, found once per story: its articles share most
    for it in items:
        stems: set[str] = set()
        for lemma in it.reading.lemmas:
            words = known.get(lemma)
            if words is None:
                words = known[lemma] = rules.content_words(lemma)
            stems |= words
        df.update(stems)
    return df


def profile_of(counts: Mapping[str, int], articles: int) -> dict[str, float]:
    """The story profile from its stem counts over `articles` articles (at least one)."""
    n = max(1, articles)
    return {w: k / n for w, k in counts.items()}


def _entry(cands: list[_Candidate], members: list[int], profile: dict[str, float],
           window: dt.date | None) -> TimelineEntry:
    """One timeline entry from merged candidates: best-supported date, central description, weight; an
    entry ending before the story's coverage `window` opens is background."""
    group = [cands[i] for i in members]
    date, precision = _best_date(group)
    main = [c for c in group if date_relation(c.event.date, date) in ("same", "contains")]
    others: dict[str, list[str]] = defaultdict(list)
    for c in group:
        if c not in main and c.article not in others[c.event.date]:
            others[c.event.date].append(c.article)
    # The description: the clause most alike the others', then one dated to the day, then the
    # one told earliest in its article (news states an event fully where it first tells it).
    best = max(main, key=fullness(group))
    articles = list(dict.fromkeys(c.article for c in main))
    evidence: list[Evidence] = []
    seen: set[tuple[str, int, int]] = set()
    for c in sorted(group, key=lambda c: c not in main):
        key = (c.article, c.event.evidence.start, c.event.evidence.end)
        if key not in seen:
            seen.add(key)
            m = c.event.evidence
            evidence.append(Evidence(m.article, m.start, m.end, m.text, when=_when(c), also=list(c.others)))
    sources = _independent(group)
    words = frozenset().union(*(c.words for c in group))
    # fsum: exact whatever the order of the set's words, so the weight does not depend on the hash seed
    centrality = math.fsum(profile.get(w, 0.0) for w in words) / len(words) if words else 0.0
    recalled = before_coverage(date, window)
    dated = [c for c in group if c.event.date == date]
    credit: dict[str, float] = {}
    for c in dated:
        credit[c.source] = max(credit.get(c.source, 0.0), report_credit(c.dating))
    reports = calendar_reports((c.event.evidence.text, c.dating) for c in dated)
    weight = entry_weight(source_support(sources, credit, reports), centrality, recalled or all(c.background for c in group))
    return TimelineEntry(
        date=date, precision=precision, event=_describe(best), articles=articles, evidence=evidence,
        sources=sources, weight=round(weight, 4), other_dates=[(d, a) for d, a in sorted(others.items())],
        background=recalled,
    )


def _when(c: _Candidate) -> TimeRef | None:
    """The expression that dates a candidate's sentence at its event's date."""
    return when_of(c.dating)


def _independent(group: list[_Candidate]) -> list[str]:
    """The distinct sources of a group, a sentence repeated word for word counting once.

    The same sentence in several articles is one report copied (a wire story, or
    boilerplate the cleaner left, such as a newspaper's masthead), not independent ones.
    """
    by_text: dict[str, str] = {}
    for c in group:
        by_text.setdefault(" ".join(fold(c.event.evidence.text).split()), c.source)
    return list(dict.fromkeys(by_text.values()))


def _best_date(group: list[_Candidate]) -> tuple[str, str]:
    """The most precise date that enough of the group's sources give; ties go to the earliest-published report.

    A day is supported by the sources that give it or its month ("jeudi" in an
    article dated only by month); a year says too little to support anything. A
    level counts when its best date has at least `DATE_SUPPORT` of the group's
    sources: one "12 mars" does not date what nine sources only place in "2011".
    """
    total = len({c.source for c in group})
    exact: dict[str, set[str]] = defaultdict(set)
    first: dict[str, str] = {}
    for c in group:
        exact[c.event.date].add(c.source)
        pub = c.published or "9999"
        first[c.event.date] = min(first.get(c.event.date, pub), pub)

    def support(d: str) -> int:
        return len(exact[d] | exact.get(d[:7], set())) if len(d) == 10 else len(exact[d])

    by_level: dict[int, list[str]] = defaultdict(list)
    for d in exact:
        by_level[len(d)].append(d)
    for level in sorted(by_level, reverse=True):
        date = min(by_level[level], key=lambda d: (-len(exact[d]), first[d], d))
        if support(date) >= DATE_SUPPORT * total or level == min(by_level):
            break
    precision = next(c.event.precision for c in group if c.event.date == date)
    return date, precision


def _describe(c: _Candidate) -> str:
    """The entry's one-sentence description: the evidence sentence, or the reading's trimmed clause if it is overlong."""
    text = c.event.evidence.text.strip()
    return text if len(text) <= MAX_DESCRIPTION_CHARS else c.event.what
