-- Articles as ingested and cleaned, what cleaning removed or repaired, and a full-text index.
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT '',
    fmt TEXT NOT NULL DEFAULT 'txt',
    url TEXT,
    source TEXT,
    title TEXT,
    published TEXT,
    published_precision TEXT,
    language TEXT,
    raw_text TEXT NOT NULL,
    clean_text TEXT NOT NULL,
    story TEXT,
    duplicate_of TEXT,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX articles_hash ON articles(content_hash);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_source ON articles(source);

CREATE TABLE edits (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('removed', 'repaired')),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    original TEXT NOT NULL,
    replacement TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);

-- External-content FTS5 index over title and cleaned text, kept in step by triggers.
-- remove_diacritics 2: "Etat" finds "État", as French readers type both.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, clean_text,
    content='articles', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, clean_text) VALUES (new.rowid, new.title, new.clean_text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, clean_text)
    VALUES ('delete', old.rowid, old.title, old.clean_text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, clean_text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, clean_text)
    VALUES ('delete', old.rowid, old.title, old.clean_text);
    INSERT INTO articles_fts(rowid, title, clean_text) VALUES (new.rowid, new.title, new.clean_text);
END;
