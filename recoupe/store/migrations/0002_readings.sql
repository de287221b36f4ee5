-- What the reading stage found in each article: entities and their mentions, time
-- expressions, quotes, figures and dated events. Offsets index articles.clean_text.
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX entities_article ON entities(article_id);
CREATE INDEX entities_name ON entities(name);

CREATE TABLE mentions (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_article ON mentions(article_id);

CREATE TABLE timexes (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    precision TEXT,
    anchor TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE quotes (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    speaker TEXT,
    speaker_entity TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue TEXT,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE figures (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    value REAL NOT NULL,
    approx INTEGER NOT NULL DEFAULT 0,
    unit TEXT,
    subject TEXT,
    as_of TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE events (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    date TEXT NOT NULL,
    precision TEXT NOT NULL,
    what TEXT NOT NULL,
    type TEXT,
    actors TEXT NOT NULL DEFAULT '[]',
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX events_date ON events(date);
