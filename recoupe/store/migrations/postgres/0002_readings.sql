-- PostgreSQL twin of ../0002_readings.sql. What the reading stage found in each article: entities and
-- their mentions, time expressions, quotes, figures and dated events. Offsets index articles.clean_text.
-- entities.rowid keeps insertion order (SQLite's implicit rowid, which Store.reading orders by).
CREATE TABLE entities (
    id TEXT COLLATE "C" PRIMARY KEY,
    rowid BIGSERIAL,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    aliases TEXT COLLATE "C" NOT NULL DEFAULT '[]'
);
CREATE INDEX entities_article ON entities(article_id);
CREATE INDEX entities_name ON entities(name);

CREATE TABLE mentions (
    entity_id TEXT COLLATE "C" NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT COLLATE "C" NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_article ON mentions(article_id);

CREATE TABLE timexes (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    value TEXT COLLATE "C" NOT NULL,
    precision TEXT COLLATE "C",
    anchor TEXT COLLATE "C",
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE quotes (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    speaker TEXT COLLATE "C",
    speaker_entity TEXT COLLATE "C",
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue TEXT COLLATE "C",
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE figures (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    approx INTEGER NOT NULL DEFAULT 0,
    unit TEXT COLLATE "C",
    subject TEXT COLLATE "C",
    as_of TEXT COLLATE "C",
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE events (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    date TEXT COLLATE "C" NOT NULL,
    precision TEXT COLLATE "C" NOT NULL,
    what TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C",
    actors TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX events_date ON events(date);
