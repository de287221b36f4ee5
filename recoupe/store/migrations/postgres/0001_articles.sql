-- PostgreSQL twin of ../0001_articles.sql: articles, what cleaning removed or repaired, full-text search.
-- Text columns compare with COLLATE "C" (code-point order), as SQLite's BINARY does, so that every
-- ORDER BY gives the same order on both back-ends whatever the database's locale.
-- `rowid` stands in for SQLite's implicit rowid (insertion order) where callers order by it.
CREATE TABLE articles (
    id TEXT COLLATE "C" PRIMARY KEY,
    rowid BIGSERIAL,
    content_hash TEXT COLLATE "C" NOT NULL,
    pipeline_version TEXT COLLATE "C" NOT NULL,
    origin TEXT COLLATE "C" NOT NULL DEFAULT '',
    fmt TEXT COLLATE "C" NOT NULL DEFAULT 'txt',
    url TEXT COLLATE "C",
    source TEXT COLLATE "C",
    title TEXT COLLATE "C",
    published TEXT COLLATE "C",
    published_precision TEXT COLLATE "C",
    language TEXT COLLATE "C",
    raw_text TEXT NOT NULL,
    clean_text TEXT NOT NULL,
    story TEXT COLLATE "C",
    duplicate_of TEXT COLLATE "C",
    ingested_at TEXT COLLATE "C" NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);
CREATE INDEX articles_hash ON articles(content_hash);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_source ON articles(source);

CREATE TABLE edits (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('removed', 'repaired')),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    original TEXT NOT NULL,
    replacement TEXT NOT NULL DEFAULT '',
    reason TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (article_id, seq)
);

-- Full-text search: French stemming with accents folded ("Etat" finds "État", as French readers type
-- both), through a configuration of our own. unaccent ships with PostgreSQL's contrib (in Debian's
-- postgresql package) and is a trusted extension; where it cannot be created the configuration is plain
-- French and the store says so when opened.
DO $$
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS unaccent;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'recoupe: unaccent unavailable (%), search will not fold accents', SQLERRM;
    END;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'recoupe_fr') THEN
        CREATE TEXT SEARCH CONFIGURATION recoupe_fr (COPY = pg_catalog.french);
        IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
            ALTER TEXT SEARCH CONFIGURATION recoupe_fr
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END IF;
END
$$;

-- The same expression as postgres.DOCUMENT, which Store.search matches against.
CREATE INDEX articles_search ON articles USING gin (
    (setweight(to_tsvector('recoupe_fr', coalesce(title, '')), 'A')
     || setweight(to_tsvector('recoupe_fr', clean_text), 'B'))
);
