"""Read-only queries for browsing a store (the web app's pages): paged, filtered, parameterised, indexed.

Every query here binds user input as SQL parameters (never interpolated), reads
one page of rows, and goes through an index (see migration 0005): a page of a
store of tens of thousands of articles never reads all of them. The queries are in
the SQL both back-ends share and run on either as written; only full-text search
(FTS5 on SQLite, French-stemmed tsvector on PostgreSQL) and the order of an entity's
links take a path of their own per back-end.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from recoupe.clean.outlets import outlet_label
from recoupe.records import (
    Article,
    Figure,
    Mention,
    Quote,
    ReadArticle,
    Reading,
    Story,
    TimelineEntry,
    TimeRef,
)
from recoupe.store.base import SearchSyntaxError, Store
from recoupe.store.links import StoryRow, entry_from_row
from recoupe.store.search_terms import widen_query, widen_websearch

# FTS5 snippet markers: control characters no cleaned article text holds, so the page
# can split a snippet into plain and highlighted parts and escape both.
HIT_START = "\x02"
HIT_END = "\x03"
# Words of context in a search snippet: about one line of a results page.
SNIPPET_WORDS = 16
# Matches ranked by relevance (bm25) at most: ranking costs ~10 us a match, so 3 000
# stay within ~30 ms; beyond, the newest stored articles come first (measured on a
# synthetic store of 33 000 articles where one word matched all of them: 310 ms ranked).
RANK_LIMIT = 3000
# Links of an entity its page draws stories and quotes from (the most recent ones): bounds
# the work for an entity named in tens of thousands of articles (a country) to ~20 ms.
RECENT_LINKS = 2000
# Outlets shown per story in the listing before "…": what fits on one line.
SOURCES_SHOWN = 6
# PostgreSQL full text: the document matched (postgres.DOCUMENT, so that its GIN index serves the match) and
# the query, in web-search syntax (words, "a phrase", or, -word). The highlight options give about
# SNIPPET_WORDS words around the best match, marked like FTS5's snippet.
PG_QUERY = "websearch_to_tsquery('recoupe_fr', ?)"
PG_HEADLINE = (f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2},"
               " MaxFragments=1")
# Matches ranked by relevance on PostgreSQL at most: ts_rank_cd re-parses each match's text (the GIN index
# holds no positions to rank with). Measured 1.25 ms an article of ~1 500 characters (the sample corpus
# ranked 100 times over, on the 2-core dev machine under a load average of 9), so 100 matches cost
# ~125 ms there; beyond, the newest stored come first, as on SQLite past RANK_LIMIT.
PG_RANK_LIMIT = 100


@dataclass(slots=True, frozen=True)
class StoryFilter:
    """What the stories page asks for: a full-text query, a publication date range, an outlet, an entity."""

    q: str | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive
    source: str | None = None
    entity: str | None = None  # a global entity id
    page: int = 1
    per_page: int = 20


@dataclass(slots=True)
class FilteredStoryRow(StoryRow):
    """A story in the filtered listing: a `StoryRow` whose outlets are cut to the first few (`more_sources`
    counts the rest), with how many of its articles match the filter."""

    matching: int = 0
    more_sources: int = 0


@dataclass(slots=True)
class StoriesPage:
    """One page of the stories listing and the number of stories matching in all."""

    rows: list[FilteredStoryRow]
    total: int
    page: int
    per_page: int


@dataclass(slots=True)
class ArticleRow:
    """An article as listed (no text): id, outlet, date, title, story, the article it copies."""

    id: str
    title: str | None
    source: str | None
    published: str | None
    story: str | None = None
    duplicate_of: str | None = None
    wire: str | None = None

    @property
    def outlet(self) -> str:
        """The outlet as a reader names it ("Belga, via rtl.be", "unknown source")."""
        return outlet_label(self.source, self.wire)


@dataclass(slots=True)
class SearchRow:
    """One full-text hit: the article and a snippet whose matched words sit between HIT_START and HIT_END."""

    article: ArticleRow
    snippet: str


@dataclass(slots=True)
class EntityQuote:
    """A quote attributed to an entity, with the article that reports it."""

    article: ArticleRow
    quote: Quote


@dataclass(slots=True)
class EntityBrowse:
    """An entity across the store: names, a page of its articles, its stories and its quotes."""

    id: str
    name: str
    type: str
    aliases: list[str]
    articles: list[ArticleRow]
    article_total: int
    stories: list[tuple[str, str, int]]  # (story id, title, articles of the entity in it)
    quotes: list[EntityQuote]


@dataclass(slots=True)
class StoryFigure:
    """A figure of one of a story's articles, with the outlet and date that give it."""

    article: str
    source: str | None
    published: str | None
    figure: Figure


def is_postgres(store: Store) -> bool:
    """Whether the store is a PostgreSQL database (whose full text and link order differ from SQLite's)."""
    return store.dialect == "postgres"


def check_pg_query(store: Store, query: str) -> None:
    """Raise SearchSyntaxError for a query PostgreSQL cannot search with: a NUL, or no searchable word.

    websearch_to_tsquery accepts any text, so the only unusable queries are those it reduces to nothing
    (stop words, punctuation): matching nothing silently would hide the mistake from the reader.
    """
    if "\x00" in query:
        raise SearchSyntaxError(f"cannot use search query {query[:100]!r}: it contains a NUL character")
    if not store.conn.execute(f"SELECT numnode({PG_QUERY})", (query,)).fetchone()[0]:
        raise SearchSyntaxError(f"cannot use search query {query[:100]!r}: it has no searchable word"
                                " (only stop words or punctuation)")


def _rows(store: Store, sql: str, params: tuple[object, ...] | list[object]) -> list[sqlite3.Row]:
    """Run a query whose parameters may hold a full-text query: a bad query is a SearchSyntaxError."""
    try:
        return store.conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        message = str(exc)
        if "fts5" in message or "syntax error" in message or "no such column" in message \
                or "unterminated" in message or "unknown special query" in message:
            raise SearchSyntaxError(f"cannot parse search query: {message}") from exc
        raise


def _article_row(r: sqlite3.Row) -> ArticleRow:
    return ArticleRow(id=r["id"], title=r["title"], source=r["source"], published=r["published"],
                      story=r["story"], duplicate_of=r["duplicate_of"], wire=r["wire"])


_ARTICLE_COLUMNS = "a.id, a.title, a.source, a.published, a.story, a.duplicate_of, a.wire"


def _filter_sql(store: Store, f: StoryFilter) -> tuple[str, list[object]]:
    """The WHERE clause (over `articles a`) and its parameters for a story filter."""
    where = ["a.story IS NOT NULL"]
    params: list[object] = []
    if f.since:
        # A month- or year-precise date ("2021-03") overlaps any day of its period.
        where.append("(a.published >= ? OR a.published = ? OR a.published = ?)")
        params += [f.since, f.since[:7], f.since[:4]]
    if f.until:
        where.append("a.published <= ?")  # "2021-03" <= "2021-03-15": the month starts before
        params.append(f.until)
    if f.source:
        where.append("a.source = ?")
        params.append(f.source)
    if f.entity:
        where.append("a.id IN (SELECT e.article_id FROM entity_links l JOIN entities e ON e.id = l.entity_id"
                     " WHERE l.global_id = ?)")
        params.append(f.entity)
    if f.q:
        if is_postgres(store):
            check_pg_query(store, f.q)
        where.append(store.full_text_condition("a"))
        params.append(widen_websearch(store.conn, f.q) if is_postgres(store) else widen_query(store.conn, f.q))
    return " AND ".join(where), params


def browse_stories(store: Store, f: StoryFilter) -> StoriesPage:
    """One page of stories having articles that match the filter, those with most matching articles first."""
    where, params = _filter_sql(store, f)
    total = int(_rows(store, f"SELECT count(DISTINCT a.story) FROM articles a WHERE {where}", params)[0][0])
    rows = _rows(store, (
        "SELECT m.story, s.title, m.n, m.first, m.last FROM ("
        f" SELECT a.story, count(*) AS n, min(a.published) AS first, max(a.published) AS last"
        f" FROM articles a WHERE {where} GROUP BY a.story) m JOIN stories s ON s.id = m.story"
        # undated stories first on both back-ends (SQLite sorts NULL first, PostgreSQL last)
        " ORDER BY m.n DESC, m.first IS NOT NULL, m.first, m.story LIMIT ? OFFSET ?"),
        [*params, f.per_page, (f.page - 1) * f.per_page])
    out = []
    for r in rows:
        sources = store.conn.execute(
            "SELECT source, count(*) FROM articles WHERE story = ? AND source IS NOT NULL GROUP BY source"
            " ORDER BY count(*) DESC, source", (r[0],)).fetchall()
        size = store.conn.execute("SELECT count(*) FROM articles WHERE story = ?", (r[0],)).fetchone()[0]
        out.append(FilteredStoryRow(id=r[0], title=r[1], articles=int(size), matching=int(r[2]),
                            sources=[s[0] for s in sources[:SOURCES_SHOWN]],
                            more_sources=max(0, len(sources) - SOURCES_SHOWN), first=r[3], last=r[4]))
    return StoriesPage(rows=out, total=total, page=f.page, per_page=f.per_page)


@dataclass(slots=True)
class SearchResult:
    """One page of full-text hits: the hits, whether more follow, how many match, and how they are ordered."""

    hits: list[SearchRow]
    more: bool
    total: int
    ranked: bool  # True: best match first (bm25); False: most recently stored first (too many matches to rank)


# One hit's row and snippet. Asked one rowid at a time: with "rowid IN (...)" FTS5 walks every match of the
# query to keep the listed ones (27 ms for a page of a word in 17,000 articles of a 36,152-article store,
# against 20 lookups of 0.6 ms by rowid).
SNIPPET_SQL = (f"SELECT articles_fts.rowid AS rid, {_ARTICLE_COLUMNS}, snippet(articles_fts, 1, ?, ?, '…', ?) AS snip"
               " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
               " WHERE articles_fts MATCH ? AND articles_fts.rowid = ?")


def search_articles(store: Store, query: str, page: int = 1, per_page: int = 20) -> SearchResult:
    """One page of full-text hits, best first (most recently stored first when too many match to rank them fast).

    The page's rowids come first, then snippets for those rows only: SQLite would
    otherwise build a snippet for every match before sorting them.
    """
    if is_postgres(store):
        return _search_postgres(store, widen_websearch(store.conn, query), page, per_page)
    query = widen_query(store.conn, query)
    total = int(_rows(store, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (query,))[0][0])
    ranked = total <= RANK_LIMIT
    order = "bm25(articles_fts)" if ranked else "rowid DESC"
    page_ids = [r[0] for r in _rows(store, f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY {order}"
                                           " LIMIT ? OFFSET ?", (query, per_page + 1, (page - 1) * per_page))]
    shown = page_ids[:per_page]
    by_rowid = {r["rid"]: r for rowid in shown for r in _rows(store, SNIPPET_SQL, [HIT_START, HIT_END, SNIPPET_WORDS,
                                                                                   query, rowid])}
    hits = [SearchRow(article=_article_row(by_rowid[i]), snippet=by_rowid[i]["snip"] or "")
            for i in shown if i in by_rowid]
    return SearchResult(hits=hits, more=len(page_ids) > per_page, total=total, ranked=ranked)


def _search_postgres(store: Store, query: str, page: int, per_page: int) -> SearchResult:
    """`search_articles` on PostgreSQL: the same page (ids first, then highlights for them only), stemmed."""
    from recoupe.store.postgres import DOCUMENT

    check_pg_query(store, query)
    condition = store.full_text_condition("a")
    total = int(store.conn.execute(f"SELECT count(*) FROM articles a WHERE {condition}", (query,)).fetchone()[0])
    ranked = total <= PG_RANK_LIMIT
    window = [per_page + 1, (page - 1) * per_page]
    if ranked:
        sql = (f"SELECT a.id FROM articles a WHERE {condition}"
               f" ORDER BY ts_rank_cd({DOCUMENT.format(a='a.')}, {PG_QUERY}) DESC, a.id LIMIT ? OFFSET ?")
        params = [query, query, *window]
    else:
        sql = f"SELECT a.id FROM articles a WHERE {condition} ORDER BY a.rowid DESC LIMIT ? OFFSET ?"
        params = [query, *window]
    page_ids = [r[0] for r in store.conn.execute(sql, params)]
    shown = page_ids[:per_page]
    rows = store.conn.execute(
        f"SELECT {_ARTICLE_COLUMNS}, ts_headline('recoupe_fr', a.clean_text, {PG_QUERY}, ?) AS snip"
        f" FROM articles a WHERE a.id IN ({','.join('?' * len(shown))})",
        [query, PG_HEADLINE, *shown]).fetchall() if shown else []
    by_id = {r["id"]: r for r in rows}
    hits = [SearchRow(article=_article_row(by_id[i]), snippet=by_id[i]["snip"] or "") for i in shown if i in by_id]
    return SearchResult(hits=hits, more=len(page_ids) > per_page, total=total, ranked=ranked)


def story_article_rows(store: Store, story_id: str, page: int = 1, per_page: int = 50) -> tuple[list[ArticleRow], int]:
    """One page of a story's articles in publication order (undated last), and how many it has."""
    total = int(store.conn.execute("SELECT count(*) FROM articles WHERE story = ?", (story_id,)).fetchone()[0])
    rows = store.conn.execute(
        f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.story = ?"
        " ORDER BY a.published IS NULL, a.published, a.id LIMIT ? OFFSET ?",
        (story_id, per_page, (page - 1) * per_page)).fetchall()
    return [_article_row(r) for r in rows], total


def load_story_row(store: Store, story_id: str) -> Story | None:
    """A story's id and title (no article list: see `story_article_rows`), or None."""
    row = store.conn.execute("SELECT id, title FROM stories WHERE id = ?", (story_id,)).fetchone()
    return Story(id=row[0], title=row[1]) if row else None


def heaviest_entries(store: Store, story_id: str, limit: int) -> tuple[list[tuple[int, TimelineEntry]], int]:
    """The `limit` heaviest entries of a story's timeline with their index (seq), and how many it has."""
    total = int(store.conn.execute("SELECT count(*) FROM story_entries WHERE story_id = ?",
                                   (story_id,)).fetchone()[0])
    rows = store.conn.execute("SELECT * FROM story_entries WHERE story_id = ? ORDER BY weight DESC, seq LIMIT ?",
                              (story_id, limit)).fetchall()
    return [(r["seq"], entry_from_row(r)) for r in rows], total


def article_rows(store: Store, ids: list[str]) -> dict[str, ArticleRow]:
    """Listing rows of the given articles (those that exist), by id."""
    out: dict[str, ArticleRow] = {}
    # 500 ids a query: under SQLite's bound-parameter limit on every build.
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in store.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.id IN"
                                    f" ({','.join('?' * len(chunk))})", chunk):
            out[r["id"]] = _article_row(r)
    return out


def story_figures(store: Store, story_id: str, limit: int = 1000) -> list[StoryFigure]:
    """The figures of a story's articles (at most `limit`; -1: all), in publication order."""
    bound = " LIMIT ?" if limit >= 0 else ""  # PostgreSQL refuses SQLite's LIMIT -1 ("no limit")
    rows = store.conn.execute(
        'SELECT f.article_id, a.source, a.published, f.value, f.approx, f.unit, f.subject, f.as_of, f.start, f."end",'
        " f.text, f.bound, f.according_to FROM articles a JOIN figures f ON f.article_id = a.id WHERE a.story = ?"
        " ORDER BY a.published IS NULL, a.published, f.article_id, f.seq" + bound,
        (story_id, limit) if bound else (story_id,)).fetchall()
    return [StoryFigure(article=r[0], source=r[1], published=r[2],
                        figure=Figure(value=r[3], approx=bool(r[4]), unit=r[5], subject=r[6], as_of=r[7],
                                      mention=Mention(r[0], r[8], r[9], r[10]), bound=r[11],
                                      according_to=r[12])) for r in rows]


def duplicates_of(store: Store, article_id: str) -> tuple[ArticleRow | None, list[ArticleRow]]:
    """The article this one copies (if any) and the articles that copy it."""
    row = store.conn.execute("SELECT duplicate_of FROM articles WHERE id = ?", (article_id,)).fetchone()
    original = None
    if row and row[0]:
        found = article_rows(store, [row[0]])
        original = found.get(row[0])
    copies = [_article_row(r) for r in store.conn.execute(
        f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.duplicate_of = ?"
        " ORDER BY a.published IS NOT NULL, a.published, a.id LIMIT 200",  # undated first, on both back-ends
        (article_id,))]
    return original, copies


def global_ids_of(store: Store, article_id: str) -> dict[str, str]:
    """Local entity id -> global entity id, for the entities of one article."""
    return {r[0]: r[1] for r in store.conn.execute(
        "SELECT l.entity_id, l.global_id FROM entities e JOIN entity_links l ON l.entity_id = e.id"
        " WHERE e.article_id = ?", (article_id,))}


def browse_entity(store: Store, entity_id: str, page: int = 1, per_page: int = 50) -> EntityBrowse | None:
    """An entity by global id (or by the local id of one article's entity): names, articles, stories, quotes.

    Articles come most recently stored first, a page at a time; stories and quotes are gathered from the
    entity's RECENT_LINKS most recent articles, so that an entity named in every article stays fast.
    "Recent" is the link's rowid on SQLite (when it was last written); PostgreSQL's entity_links has no
    rowid, so there it is the linked entity's (when its article was read).
    """
    row = store.conn.execute("SELECT id, name, type, aliases FROM global_entities WHERE id = ?",
                             (entity_id,)).fetchone()
    if row is None:
        local = store.conn.execute(
            "SELECT e.id, e.name, e.type, e.aliases, l.global_id FROM entities e"
            " LEFT JOIN entity_links l ON l.entity_id = e.id WHERE e.id = ?", (entity_id,)).fetchone()
        if local is None:
            return None
        if local[4] is not None:
            return browse_entity(store, local[4], page, per_page)
        row = local
        links_sql, key = "SELECT ? AS entity_id, 0 AS rid", entity_id
    elif is_postgres(store):
        links_sql, key = ("SELECT k.entity_id, x.rowid AS rid FROM entity_links k JOIN entities x"
                          " ON x.id = k.entity_id WHERE k.global_id = ?"), entity_id
    else:
        links_sql, key = "SELECT entity_id, rowid AS rid FROM entity_links WHERE global_id = ?", entity_id
    total = int(store.conn.execute(f"SELECT count(*) FROM ({links_sql}) n", (key,)).fetchone()[0])
    page_ids = [r[0] for r in store.conn.execute(
        f"SELECT e.article_id FROM ({links_sql}) l JOIN entities e ON e.id = l.entity_id ORDER BY l.rid DESC"
        " LIMIT ? OFFSET ?", (key, per_page, (page - 1) * per_page))]
    found = article_rows(store, page_ids)
    articles = [found[a] for a in dict.fromkeys(page_ids) if a in found]
    recent = f"SELECT r.entity_id FROM ({links_sql}) r ORDER BY r.rid DESC LIMIT {RECENT_LINKS}"
    stories = [(r[0], r[1], int(r[2])) for r in store.conn.execute(
        "SELECT a.story, s.title, count(*) FROM entities e JOIN articles a ON a.id = e.article_id"
        f" JOIN stories s ON s.id = a.story WHERE e.id IN ({recent})"
        " GROUP BY a.story, s.title ORDER BY count(*) DESC, a.story LIMIT 50", (key,))]
    quotes = []
    for r in store.conn.execute(
        f'SELECT {_ARTICLE_COLUMNS}, q.text AS qtext, q.start, q."end", q.speaker, q.speaker_entity, q.cue'
        f" FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker_entity IN ({recent})"
        " ORDER BY a.published IS NULL, a.published, q.article_id, q.seq LIMIT 100", (key,)):
        quote = Quote(text=r["qtext"], mention=Mention(r["id"], r["start"], r["end"], r["qtext"]),
                      speaker=r["speaker"], speaker_entity=r["speaker_entity"], cue=r["cue"])
        quotes.append(EntityQuote(article=_article_row(r), quote=quote))
    return EntityBrowse(id=row[0], name=row[1], type=row[2], aliases=list(json.loads(row[3])), articles=articles,
                        article_total=total, stories=stories, quotes=quotes)


def top_sources(store: Store, limit: int = 50) -> list[tuple[str, int]]:
    """The outlets with most articles, for a filter list."""
    return [(r[0], int(r[1])) for r in store.conn.execute(
        "SELECT source, count(*) FROM articles WHERE source IS NOT NULL GROUP BY source"
        " ORDER BY count(*) DESC, source LIMIT ?", (limit,))]


def top_entities(store: Store, limit: int = 50) -> list[tuple[str, str, int]]:
    """The entities found in most articles, (global id, name, articles), for a filter list.

    It counts every entity link: cache it rather than run it on every page of a large store.
    """
    return [(r[0], r[1], int(r[2])) for r in store.conn.execute(
        # max(g.name): one name per id, which PostgreSQL wants said; grouping by the name too would cost
        # SQLite a sort of every link
        "SELECT l.global_id, max(g.name) AS name, count(*) AS n FROM entity_links l"
        " JOIN global_entities g ON g.id = l.global_id GROUP BY l.global_id ORDER BY n DESC, name LIMIT ?",
        (limit,))]


def story_read_articles(store: Store, story_id: str) -> list[ReadArticle]:
    """What the source comparison needs of every article of a story, in four queries (not several per article).

    Articles come without raw text or edits; readings hold quotes, figures and time expressions only.
    """
    arts = store.conn.execute(
        "SELECT id, source, wire, title, published, published_precision, language, clean_text, duplicate_of"
        " FROM articles WHERE story = ? ORDER BY published IS NULL, published, id", (story_id,)).fetchall()
    readings = {r["id"]: Reading(article=r["id"]) for r in arts}
    for r in store.conn.execute(
            'SELECT q.article_id, q.text, q.start, q."end", q.speaker, q.speaker_entity, q.cue FROM articles a'
            " JOIN quotes q ON q.article_id = a.id WHERE a.story = ? ORDER BY q.article_id, q.seq", (story_id,)):
        readings[r[0]].quotes.append(Quote(text=r[1], mention=Mention(r[0], r[2], r[3], r[1]), speaker=r[4],
                                           speaker_entity=r[5], cue=r[6]))
    for f in story_figures(store, story_id, limit=-1):
        readings[f.article].figures.append(f.figure)
    for r in store.conn.execute(
            'SELECT t.article_id, t.type, t.value, t.precision, t.anchor, t.start, t."end", t.text FROM articles a'
            " JOIN timexes t ON t.article_id = a.id WHERE a.story = ? ORDER BY t.article_id, t.seq", (story_id,)):
        readings[r[0]].timexes.append(TimeRef(type=r[1], value=r[2], precision=r[3], anchor=r[4],
                                              mention=Mention(r[0], r[5], r[6], r[7])))
    return [ReadArticle(article=Article(id=r["id"], raw_text="", source=r["source"], wire=r["wire"], title=r["title"],
                                        published=r["published"], published_precision=r["published_precision"],
                                        language=r["language"], clean_text=r["clean_text"]),
                        reading=readings[r["id"]], duplicate_of=r["duplicate_of"]) for r in arts]
