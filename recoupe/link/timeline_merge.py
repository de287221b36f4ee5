"""When two dated events of a story are one: the merge thresholds, the similarity of two events' sentences,
and the average-linkage merge of the events whose dates are compatible (the story timeline's merge).

Two events are compared only when their dates can be one event's (the same, adjacent days, or one holding
the other); they are one when their sentences are alike enough for how their dates relate, never when one
article's two clauses name different agents or are a report and the deed its sentence dates before it
(`reports_its_deed`), and more easily when two articles recall one past year (`recalls_one_year`).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from typing import Protocol

from recoupe.dates import PartialDate
from recoupe.lang import load_language
from recoupe.link.timeline_events import Clause, other_agents, recalls_one_year
from recoupe.link.timeline_tellings import names_in_passing, reports_its_deed
from recoupe.link.timeline_words import Relation, WordRules, date_relation, word_rules
from recoupe.read.timex.patterns import get_grammar
from recoupe.records import ReadArticle, TimeRef

# Share of a story's articles above which a word is what the story is about rather than what tells one of its
# events apart: used by most of them (more than half), as the country or the main actor of the story is. Two
# articles always write the words they share, so in a story of three articles or fewer every shared word is
# common and recollections merge only as other events do. Measured: dev, dev2, TimeBank and TLS unchanged (the
# two dev recollections it merges share a word written by a fifth and by half of their story's articles).
COMMON_SHARE = 0.5


class Comparable(Clause, Protocol):
    """A dated event as merging compares it: its clause, and the content words of its whole sentence."""

    @property
    def words(self) -> frozenset[str]: ...

    @property
    def dating(self) -> tuple[TimeRef, ...]: ...  # the expressions giving its date

    @property
    def post(self) -> int: ...  # the live report's post that holds it (`timeline_posts.find_post`), -1 if none


def count_text_words(items: Sequence[ReadArticle], rules: WordRules) -> Counter[str]:
    """How many of these articles write each word stem (content words and names) anywhere in their text."""
    df: Counter[str] = Counter()
    for it in items:
        df.update(rules.content_words(it.article.clean_text))
    return df


def find_common_words(counts: Mapping[str, int], articles: int) -> frozenset[str]:
    """The word stems more than `COMMON_SHARE` of a story's `articles` write (what the whole story is about)."""
    return frozenset(w for w, k in counts.items() if k > COMMON_SHARE * articles)


def share_telling_words(a: Comparable, b: Comparable, common: frozenset[str]) -> bool:
    """Whether two events' sentences share a word or an actor that is not common to the whole story.

    A word most of a story's articles write (its country, its main actor) is in most of its recollections
    and tells none of them apart; a word only some articles write ("les casques bleus", "la trêve") is
    what two recollections of one past year have in common when they recall one event.
    """
    return bool(((a.words & b.words) | (a.actors & b.actors)) - common)


@dataclass(frozen=True)
class TimelineOptions:
    """Thresholds of the merge and of what makes an entry timeline-worthy (defaults measured on the dev corpus)."""

    # Minimum similarity (0..1, see `measure_similarity`) for two events to be one, by how their
    # dates relate. Swept on the 35 dev articles with gold stories (same-day 0.15-0.35,
    # containing 0.25-0.5, adjacent 0.3-0.5; timeline date/event F1 and events.date_f1):
    # 0.2 joins restatements of one event while two events of one day stay apart; a month
    # or year holding the day needs about as much (0.25); adjacent days (11 vs 12 June:
    # time zones, late reports) need clearly alike sentences (0.5): at 0.35 distinct
    # events of consecutive days merged (a 9 Nov signing and the 10 Nov truce); the price
    # is that two differently worded reports of one event a day apart stay two entries.
    same_day: float = 0.2
    containing: float = 0.25
    adjacent: float = 0.5
    # Similarity an article dated only by month needs with another article's dated event
    # to learn which day one of its weekdays is ("jeudi" = the other's 22 July). Stricter than
    # the same-day merge (0.2): a wrong anchor moves every weekday of the article; 0.3 is the
    # adjacent-days bar lowered by the weekday that must match too (no dev article needed it).
    anchor: float = 0.3
    language: str = "fr"


# The margin of two events one post tells on one day: as alike as two events can be (a similarity of 1 over the
# lowest bar), so they join first and carry the post into whatever else its update joins.
POST_MARGIN = 1.0


def measure_similarity(a: Comparable, b: Comparable) -> float:
    """How alike two events' sentences are: cosine of their content-word sets, raised by shared actors."""
    if not a.words or not b.words:
        return 0.0
    words = len(a.words & b.words) / math.sqrt(len(a.words) * len(b.words))
    actors = len(a.actors & b.actors) / len(a.actors | b.actors) if a.actors and b.actors else 0.0
    # 0.7/0.3: content words carry the event, actors only confirm it (shared actors
    # alone, e.g. "Irak" and "États-Unis", appear in most sentences of a story).
    return 0.7 * words + 0.3 * actors


def _reports_its_deed(a: Comparable, b: Comparable, opts: TimelineOptions) -> bool:
    """`reports_its_deed` with the language's grammar and word rules."""
    lang = load_language(opts.language)
    return reports_its_deed(a, b, get_grammar(lang), word_rules(lang))


def _choose_threshold(relation: Relation, opts: TimelineOptions) -> float:
    """The similarity two events need to merge, given how their dates relate."""
    if relation == "same":
        return opts.same_day
    if relation == "contains":
        return opts.containing
    return opts.adjacent


def merge_clusters(cands: Sequence[Comparable], opts: TimelineOptions,
                   common: frozenset[str] = frozenset()) -> list[list[int]]:
    """Average-linkage merging, best pairs first, of candidates whose dates are all pairwise compatible;
    `common` are the words the whole story uses (`find_common_words`)."""
    return [sorted(m) for m in merge_keyed(cands, opts, common).values()]


def merge_keyed(cands: Sequence[Comparable], opts: TimelineOptions,
                common: frozenset[str] = frozenset(), margins: MarginMemo | None = None) -> dict[int, list[int]]:
    """`merge_clusters`'s clusters by the member that keys each (their order in the timeline before it is sorted).

    `margins` is the caller's `MarginMemo` of these candidates when it has one (its pairs are then not scored
    again)."""
    margins = margins or MarginMemo(cands, opts, common)
    cluster_of = list(range(len(cands)))
    clusters: dict[int, list[int]] = {i: [i] for i in range(len(cands))}
    for _, i, j in margins.score_pairs():
        ci, cj = cluster_of[i], cluster_of[j]
        if ci == cj or not _can_join(cands, clusters[ci], clusters[cj], opts, common, margins):
            continue
        clusters[ci].extend(clusters[cj])
        for y in clusters.pop(cj):
            cluster_of[y] = ci
    return clusters


def score_pairs(cands: Sequence[Comparable], opts: TimelineOptions,
                common: frozenset[str] = frozenset()) -> list[tuple[float, int, int]]:
    """(margin, i, j) of every pair of candidates that can start a merge (compatible dates, margin not negative),
    best first: what `merge_keyed` merges in turn and what links a story's events into blocks."""
    return MarginMemo(cands, opts, common).score_pairs()


class MarginMemo:
    """`measure_margin` of pairs of one list of candidates, each pair measured once.

    Average linkage asks the margin of every pair across two clusters each time it tries to join them, and
    in a long story the same pairs are asked again as clusters grow; a margin depends only on the two events
    (and is the same either way round), so it is kept by pair.
    """

    def __init__(self, cands: Sequence[Comparable], opts: TimelineOptions, common: frozenset[str]) -> None:
        """Measure pairs of `cands` with the story's thresholds and common words."""
        self.cands, self.opts, self.common = cands, opts, common
        self._known: dict[tuple[int, int], float | None] = {}
        self._pairs: list[tuple[float, int, int]] | None = None

    def margin(self, i: int, j: int) -> float | None:
        """`measure_margin` of candidates i and j."""
        key = (i, j) if i < j else (j, i)
        if key not in self._known:
            self._known[key] = measure_margin(self.cands[key[0]], self.cands[key[1]], self.opts, self.common)
        return self._known[key]

    def score_pairs(self) -> list[tuple[float, int, int]]:
        """See `score_pairs` (scored on the first call, kept for the next)."""
        if self._pairs is None:
            pairs: list[tuple[float, int, int]] = []
            for i, j in find_compatible_pairs(self.cands):
                margin = self.margin(i, j)
                if margin is not None and margin >= 0:
                    pairs.append((margin, i, j))
            pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
            self._pairs = pairs
        return self._pairs


def find_compatible_pairs(cands: Sequence[Comparable]) -> Iterator[tuple[int, int]]:
    """Every pair (i < j) of candidates whose dates can be one event's, found through a date index.

    Only same dates, a day and the next, and a day or month with the month or year
    holding it are paired, so a long story costs what its busiest dates cost.
    """
    by_date: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cands):
        by_date[c.event.date].append(i)
    for date, members in by_date.items():
        parsed = PartialDate.from_iso(date)
        related = parsed.enclosing if parsed is not None else []
        if parsed is not None and parsed.precision == "day" and (day := _find_next_day(date)):
            related = [day, *related]
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                yield i, j
            for other in related:
                for j in by_date.get(other, ()):
                    yield min(i, j), max(i, j)


def _find_next_day(value: str) -> str | None:
    """The ISO day after `value`, or None if `value` is not a valid day."""
    try:
        return (Date.fromisoformat(value) + timedelta(days=1)).isoformat()
    except ValueError:
        return None


def measure_margin(a: Comparable, b: Comparable, opts: TimelineOptions,
                   common: frozenset[str] = frozenset()) -> float | None:
    """How far two events' similarity clears the bar their dates set; None if they can never be one. Two
    recollections of one past year are one when they share a word not `common` to the story; sharing none, they
    are judged as any two events are."""
    rel = date_relation(a.event.date, b.event.date)
    if rel is None or (a.article == b.article and a.event.evidence.start == b.event.evidence.start):
        return None
    if one_update(a, b):
        return POST_MARGIN
    if other_agents(a, b) or names_in_passing(a, b) or (a.article == b.article and _reports_its_deed(a, b, opts)):
        return None
    if recalls_one_year(a, b) and share_telling_words(a, b, common):
        return measure_similarity(a, b)
    return measure_similarity(a, b) - _choose_threshold(rel, opts)


def one_update(a: Comparable, b: Comparable) -> bool:
    """Whether two events are told by one post of a live report on one day: one update (`timeline_posts`)."""
    return a.post >= 0 and a.article == b.article and a.post == b.post and a.event.date == b.event.date


def _can_join(cands: Sequence[Comparable], left: list[int], right: list[int], opts: TimelineOptions,
              common: frozenset[str], margins: MarginMemo | None = None) -> bool:
    """Average linkage: all dates of the two clusters compatible, and their mean margin not negative (the margins
    taken from `margins` when given, measured once per pair there)."""
    memo = margins or MarginMemo(cands, opts, common)
    total = 0.0
    for x in left:
        for y in right:
            margin = memo.margin(x, y)
            if margin is None:
                return False
            total += margin
    return total >= 0
