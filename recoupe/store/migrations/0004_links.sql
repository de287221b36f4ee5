-- What the link stage builds across articles: stories with their merged timelines,
-- entities across articles (every spelling of one entity), and the linkers' own state
-- so that adding articles to a store never recomputes the rest.
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE story_entries (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    date TEXT NOT NULL,
    precision TEXT NOT NULL,
    event TEXT NOT NULL,
    weight REAL NOT NULL,
    articles TEXT NOT NULL,     -- JSON list of article ids
    sources TEXT NOT NULL,      -- JSON list of outlets
    evidence TEXT NOT NULL,     -- JSON list of {article, start, end, sentence}
    other_dates TEXT NOT NULL DEFAULT '[]',  -- JSON list of [date, [article ids]]
    PRIMARY KEY (story_id, seq)
);
CREATE INDEX story_entries_date ON story_entries(date);
CREATE INDEX articles_story ON articles(story);

CREATE TABLE global_entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX global_entities_name ON global_entities(name);

CREATE TABLE entity_links (
    entity_id TEXT PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,
    global_id TEXT NOT NULL
);
CREATE INDEX entity_links_global ON entity_links(global_id);

CREATE TABLE link_state (
    name TEXT PRIMARY KEY,
    state TEXT NOT NULL          -- JSON snapshot of one linker
);

CREATE TABLE article_signatures (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    signature BLOB NOT NULL
);
