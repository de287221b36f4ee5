-- PostgreSQL twin of ../0004_links.sql. What the link stage builds across articles: stories with their
-- merged timelines, entities across articles (every spelling of one entity), and the linkers' own state
-- so that adding articles to a store never recomputes the rest.
CREATE TABLE stories (
    id TEXT COLLATE "C" PRIMARY KEY,
    title TEXT COLLATE "C" NOT NULL,
    updated_at TEXT COLLATE "C" NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);

CREATE TABLE story_entries (
    story_id TEXT COLLATE "C" NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    date TEXT COLLATE "C" NOT NULL,
    precision TEXT COLLATE "C" NOT NULL,
    event TEXT COLLATE "C" NOT NULL,
    weight DOUBLE PRECISION NOT NULL,
    articles TEXT COLLATE "C" NOT NULL,     -- JSON list of article ids
    sources TEXT COLLATE "C" NOT NULL,      -- JSON list of outlets
    evidence TEXT COLLATE "C" NOT NULL,     -- JSON list of {article, start, end, sentence}
    other_dates TEXT COLLATE "C" NOT NULL DEFAULT '[]',  -- JSON list of [date, [article ids]]
    PRIMARY KEY (story_id, seq)
);
CREATE INDEX story_entries_date ON story_entries(date);
CREATE INDEX articles_story ON articles(story);

CREATE TABLE global_entities (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    aliases TEXT COLLATE "C" NOT NULL DEFAULT '[]'
);
CREATE INDEX global_entities_name ON global_entities(name);

CREATE TABLE entity_links (
    entity_id TEXT COLLATE "C" PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,
    global_id TEXT COLLATE "C" NOT NULL
);
CREATE INDEX entity_links_global ON entity_links(global_id);

CREATE TABLE link_state (
    name TEXT COLLATE "C" PRIMARY KEY,
    state TEXT COLLATE "C" NOT NULL          -- JSON snapshot of one linker
);

CREATE TABLE article_signatures (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    rowid BIGSERIAL,             -- insertion order: the duplicate finder restores the newest signatures
    signature BYTEA NOT NULL
);
