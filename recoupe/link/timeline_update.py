"""A story's timeline kept up to date as articles join it, recomputing only what their dated events reach.

`build_timeline` merges every dated event of a story with every other whose date is compatible; two
events are only ever compared when their dates are the same, adjacent or one contains the other, and only
pairs alike enough start a merge. So the events of a story fall into blocks (events linked by such pairs,
or by one sentence giving two dates) whose merging never looks outside them. The store keeps each event as
the timeline compares it (`timeline_candidates`, with its block and the member keying its entry) and, per
story, what they were built from and how many articles use each word (`timeline_ledgers`). An article
joining the story adds its events, re-merges only the blocks they reach, and the entries are weighed again
from the stored events with the story-wide counts updated: no article of the story is read again, and the
result is the one `build_timeline` gives over all of them (tests/test_timeline_update.py).

A story whose articles changed otherwise (one updated, one gone, a copy's original joining) or that holds an
article dated only by month (whose weekdays are placed from the whole story) is built whole again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from recoupe.lang import load_language
from recoupe.link.coverage import coverage_start
from recoupe.link.timeline import (
    TimelineOptions,
    _Candidate,
    cite_clusters,
    collect_candidates,
    count_story_words,
    finish_entries,
    independent_sources,
    profile_of,
)
from recoupe.link.timeline_events import recalls_a_year
from recoupe.link.timeline_merge import (
    MarginMemo,
    count_text_words,
    find_common_words,
    measure_margin,
    merge_keyed,
    score_pairs,
)
from recoupe.link.timeline_words import WordRules, date_relation, word_rules
from recoupe.records import Event, Mention, ReadArticle, Reading, TimelineEntry, TimeRef
from recoupe.store import Store
from recoupe.store.links import (
    CandidateRow,
    drop_timeline_state,
    list_story_articles,
    load_read_articles,
    load_timeline_candidates,
    load_timeline_ledger,
    replace_timeline_blocks,
    save_timeline_ledger,
)

__all__ = ["TimelinePlan", "plan_timeline", "save_timeline_plan", "update_timeline"]

# Bumped when what a ledger or a stored candidate holds changes: stories stored under another version are
# built whole again on their next change.
LEDGER_VERSION = 2

Fact = tuple[str, str, str | None, str | None]  # (article id, content hash, article it copies, published)
OrderKey = tuple[bool, str, str, int]  # a candidate's place in the story: (undated, published, article, seq)


@dataclass(slots=True)
class _Placed:
    """A candidate with its place in the story and its block; `key` is the place of the member keying its entry."""

    cand: _Candidate
    place: OrderKey
    block: int
    key: OrderKey | None = None


@dataclass
class TimelinePlan:
    """What bringing a story's timeline up to date gives, found and not yet written (`plan_timeline`).

    Finding reads the store and writes nothing, so several processes can plan stories side by side while one
    writes (`save_timeline_plan`, then the story itself: `recoupe.link.driver.rebuild_story`). `facts` are the
    story's articles as the plan saw them: a writer compares them with the store's, under its write lock,
    and plans again when an article changed in between.
    """

    story_id: str
    facts: list[Fact]
    entries: list[TimelineEntry] | None  # None when the story has no article left
    ledger: dict[str, Any] = field(default_factory=dict)
    whole: bool = False  # built whole: the stored candidates and ledger are dropped first
    blocks: list[int] = field(default_factory=list)  # the stored blocks the rows replace
    rows: list[CandidateRow] = field(default_factory=list)


def update_timeline(store: Store, story_id: str, options: TimelineOptions | None = None) -> list[TimelineEntry] | None:
    """A story's timeline after its articles changed (None when it has no article left), stored state updated.

    Only the articles not yet in the story's ledger are read; when the ledger cannot be extended (see the
    module docstring) the story is built whole, which writes a fresh ledger.
    """
    plan = plan_timeline(store, story_id, options)
    save_timeline_plan(store, plan)
    return plan.entries


def plan_timeline(store: Store, story_id: str, options: TimelineOptions | None = None) -> TimelinePlan:
    """Find a story's timeline after its articles changed, and the stored state to write with it (no write)."""
    opts = options or TimelineOptions()
    facts = list_story_articles(store, story_id)
    if not facts:
        return TimelinePlan(story_id, facts, None)
    rules = word_rules(load_language(opts.language))
    ledger = load_timeline_ledger(store, story_id)
    new_ids = _find_new_articles(ledger, facts)
    if ledger is None or new_ids is None:
        return _build_whole(store, story_id, facts, rules, opts)
    return _extend(store, story_id, facts, ledger, new_ids, rules, opts)


def save_timeline_plan(store: Store, plan: TimelinePlan) -> None:
    """Write a plan's candidates in place of the blocks they replace, and its ledger (nothing for a story left
    with no article: deleting the story drops its state)."""
    if plan.entries is None:
        return
    with store.transaction():
        if plan.whole:
            drop_timeline_state(store, plan.story_id)
        replace_timeline_blocks(store, plan.story_id, plan.blocks, plan.rows)
        save_timeline_ledger(store, plan.story_id, plan.ledger)


def _find_new_articles(ledger: dict[str, Any] | None, facts: list[Fact]) -> list[str] | None:
    """The story's articles the ledger lacks, or None when the ledger no longer describes the others."""
    if ledger is None or ledger.get("version") != LEDGER_VERSION:
        return None
    known: dict[str, list[Any]] = ledger["articles"]
    if any(len(published or "") == 7 for _, _, _, published in facts):
        return None  # weekdays of a month-dated article are placed from the whole story
    new = [aid for aid, *_ in facts if aid not in known]
    if len(facts) - len(new) != len(known):
        return None  # an article left the story
    fresh = set(new)
    for aid, digest, copy_of, published in facts:
        if aid in known and (known[aid] != [digest, copy_of, published] or copy_of in fresh):
            return None  # updated, or its original joins only now (its source changes)
    return new


def _build_whole(store: Store, story_id: str, facts: list[Fact], rules: WordRules,
                 opts: TimelineOptions) -> TimelinePlan:
    """Build the story's timeline from all its articles, as `build_timeline` does, with the state to store."""
    items = load_read_articles(store, [f[0] for f in facts])
    cands = collect_candidates(items, rules, opts)
    places = _place_each(cands, facts)
    ledger: dict[str, Any] = {"version": LEDGER_VERSION, "articles": {}, "df": {}, "words": {}, "n": 0,
                              "next_block": 0}
    _count_articles(ledger, facts, items, rules)
    placed = _merge_blocks(cands, places, ledger, opts, _common_words(ledger))
    return TimelinePlan(story_id, facts, _weigh_entries(placed, ledger, facts), ledger, True, [], _rows(placed))


def _extend(store: Store, story_id: str, facts: list[Fact], ledger: dict[str, Any], new_ids: list[str],
            rules: WordRules, opts: TimelineOptions) -> TimelinePlan:
    """Add the new articles' events to the stored ones, re-merging only the blocks they reach."""
    published = {f[0]: f[3] for f in facts}
    stored = [_Placed(_decode(r.state or {}), _place(r.article, r.seq, published), r.block,
                      _place(*r.cluster, published) if r.cluster else None)
              for r in load_timeline_candidates(store, story_id)]
    items = load_read_articles(store, new_ids)
    cands = _fix_sources(store, collect_candidates(items, rules, opts), items, facts)
    before = _common_words(ledger)
    _count_articles(ledger, [f for f in facts if f[0] in set(new_ids)], items, rules)
    common = _common_words(ledger)
    # A recollection of a past year merges by the words the story does not share (`share_telling_words`):
    # the blocks holding one whose words became common, or stopped being so, are merged again too.
    flipped = before ^ common
    reached = _find_reached_blocks(stored, cands, opts, common) | {
        p.block for p in stored if recalls_a_year(p.cand) and not flipped.isdisjoint(p.cand.words | p.cand.actors)}
    kept = [p for p in stored if p.block not in reached]
    redo = [p for p in stored if p.block in reached]
    merged = _merge_blocks([*(p.cand for p in redo), *cands], [*(p.place for p in redo), *_place_each(cands, facts)],
                           ledger, opts, common)
    return TimelinePlan(story_id, facts, _weigh_entries(kept + merged, ledger, facts), ledger, False, sorted(reached),
                        _rows(merged))


def _find_reached_blocks(stored: list[_Placed], cands: list[_Candidate], opts: TimelineOptions,
                         common: frozenset[str]) -> set[int]:
    """The stored blocks holding an event that a new event may merge with (compatible dates, alike enough)."""
    new_dates = {c.event.date for c in cands}
    related = {d for d in {p.cand.event.date for p in stored}
               if any(date_relation(d, n) is not None for n in new_dates)}
    reached: set[int] = set()
    for p in stored:
        if p.block in reached or p.cand.event.date not in related:
            continue
        if any((m := measure_margin(p.cand, c, opts, common)) is not None and m >= 0 for c in cands):
            reached.add(p.block)
    return reached


def _merge_blocks(cands: list[_Candidate], places: list[OrderKey], ledger: dict[str, Any],
                  opts: TimelineOptions, common: frozenset[str]) -> list[_Placed]:
    """Merge candidates (whole blocks and new events) in story order; give each its new block and entry key."""
    order = sorted(range(len(cands)), key=lambda i: places[i])
    sub = [cands[i] for i in order]
    sub_places = [places[i] for i in order]
    margins = MarginMemo(sub, opts, common)  # pairs scored once: the merge and the blocks walk the same pairs
    keyed = merge_keyed(sub, opts, common, margins)
    keys = list(keyed)
    cited = cite_clusters(sub, [sorted(keyed[k]) for k in keys])
    key_of: dict[int, OrderKey] = {}
    pointer = 0
    for k in keys:  # `cite_once` keeps the clusters' order and drops those it empties
        if pointer < len(cited) and cited[pointer] and cited[pointer][0] in set(keyed[k]):
            for i in cited[pointer]:
                key_of[i] = sub_places[k]
            pointer += 1
    blocks = _number_blocks(sub, opts, common, margins.score_pairs())
    first = int(ledger["next_block"])
    ledger["next_block"] = first + (max(blocks) + 1 if blocks else 0)
    return [_Placed(c, sub_places[i], first + blocks[i], key_of.get(i)) for i, c in enumerate(sub)]


def _number_blocks(cands: list[_Candidate], opts: TimelineOptions, common: frozenset[str],
                   pairs: Sequence[tuple[float, int, int]] | None = None) -> list[int]:
    """Block number (0, 1, ...) of each candidate: linked by a pair that can start a merge, or by one sentence.
    `pairs` are `score_pairs(cands, opts, common)` when the caller has them already."""
    parent = list(range(len(cands)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        parent[root(i)] = root(j)

    for _, i, j in score_pairs(cands, opts, common) if pairs is None else pairs:
        join(i, j)
    by_span: dict[tuple[str, int, int], int] = {}
    for i, c in enumerate(cands):
        span = (c.article, c.event.evidence.start, c.event.evidence.end)
        if span in by_span:
            join(i, by_span[span])
        by_span.setdefault(span, i)
    numbers: dict[int, int] = {}
    return [numbers.setdefault(root(i), len(numbers)) for i in range(len(cands))]


def _weigh_entries(placed: list[_Placed], ledger: dict[str, Any], facts: list[Fact]) -> list[TimelineEntry]:
    """The weighed, sorted entries of every stored cluster, in the order `build_timeline` would list them."""
    ordered = sorted(placed, key=lambda p: p.place)
    index = {p.place: i for i, p in enumerate(ordered)}
    clusters: dict[OrderKey, list[int]] = {}
    for i, p in enumerate(ordered):
        if p.key is not None:
            clusters.setdefault(p.key, []).append(i)
    members = [clusters[k] for k in sorted(clusters, key=lambda k: index[k])]
    profile = profile_of(ledger["df"], int(ledger["n"]))
    window = coverage_start(published for *_, published in facts)
    return finish_entries([p.cand for p in ordered], members, profile, window)


def _count_articles(ledger: dict[str, Any], facts: list[Fact], items: Sequence[ReadArticle], rules: WordRules) -> None:
    """Add articles to the ledger: their identity, and the content-word stems each uses (the story profile)."""
    ledger["df"] = dict(Counter(ledger["df"]) + count_story_words(items, rules))
    ledger["words"] = dict(Counter(ledger["words"]) + count_text_words(items, rules))
    ledger["n"] = int(ledger["n"]) + len(facts)
    for aid, digest, copy_of, published in facts:
        ledger["articles"][aid] = [digest, copy_of, published]


def _common_words(ledger: dict[str, Any]) -> frozenset[str]:
    """The words more than half the ledger's articles write (`find_common_words`)."""
    return find_common_words(ledger["words"], int(ledger["n"]))


def _fix_sources(store: Store, cands: list[_Candidate], items: list[ReadArticle], facts: list[Fact]) -> list[_Candidate]:
    """The new events with the source a whole build gives them: a copy stands for its original's source
    when that original is in the story (`independent_sources` over the new articles alone cannot see it)."""
    in_story = {f[0] for f in facts}
    originals = {it.duplicate_of for it in items if it.duplicate_of in in_story}
    extra = [ReadArticle(a, Reading(a.id)) for o in sorted(o for o in originals if o)
             if (a := store.get_article(o)) is not None]
    source_of = independent_sources([*extra, *items])
    return [c if c.source == source_of[c.article] else replace(c, source=source_of[c.article]) for c in cands]


def _place_each(cands: list[_Candidate], facts: list[Fact]) -> list[OrderKey]:
    """Each candidate's place in the story: its article's publication order, then its order in the article."""
    published = {f[0]: f[3] for f in facts}
    seen: Counter[str] = Counter()
    out = []
    for c in cands:
        out.append(_place(c.article, seen[c.article], published))
        seen[c.article] += 1
    return out


def _place(article: str, seq: int, published: dict[str, str | None]) -> OrderKey:
    """The place of an article's seq-th candidate: the order `rebuild_story` lists articles in, then seq."""
    when = published.get(article)
    return (when is None, when or "", article, seq)


def _rows(placed: list[_Placed]) -> list[CandidateRow]:
    """The recomputed candidates as the rows that replace their blocks."""
    return [CandidateRow(p.place[2], p.place[3], p.cand.event.date, p.block,
                         (p.key[2], p.key[3]) if p.key else None, _encode(p.cand)) for p in placed]


# ---- a candidate as stored JSON ---------------------------------------------------------------------------


def _encode(c: _Candidate) -> dict[str, Any]:
    ev = c.event
    return {"article": c.article, "source": c.source, "published": c.published,
            "event": [ev.date, ev.precision, ev.what, _encode_mention(ev.evidence), ev.actors, ev.type, ev.predicate,
                      ev.agent],
            "words": sorted(c.words), "own": sorted(c.own), "actors": sorted(c.actors), "agents": sorted(c.agents),
            "background": c.background, "named": c.named, "post": c.post,
            "dating": [_encode_timex(t) for t in c.dating], "others": [_encode_timex(t) for t in c.others]}


def _decode(s: dict[str, Any]) -> _Candidate:
    date, precision, what, evidence, actors, kind, *act = s["event"]  # act: predicate, agent (absent before them)
    event = Event(date, precision, what, _decode_mention(evidence), list(actors), kind, *act)
    return _Candidate(article=s["article"], source=s["source"], published=s["published"], event=event,
                      words=frozenset(s["words"]), own=frozenset(s["own"]), actors=frozenset(s["actors"]),
                      background=s["background"], named=s["named"],
                      dating=tuple(_decode_timex(t) for t in s["dating"]), others=tuple(_decode_timex(t) for t in s["others"]),
                      agents=frozenset(s.get("agents", ())), post=int(s.get("post", -1)))


def _encode_mention(m: Mention) -> list[Any]:
    return [m.article, m.start, m.end, m.text]


def _decode_mention(v: list[Any]) -> Mention:
    return Mention(v[0], int(v[1]), int(v[2]), v[3])


def _encode_timex(t: TimeRef) -> list[Any]:
    return [t.type, t.value, _encode_mention(t.mention), t.precision, t.anchor]


def _decode_timex(v: list[Any]) -> TimeRef:
    return TimeRef(v[0], v[1], _decode_mention(v[2]), v[3], v[4])
