-- PostgreSQL twin of ../0013_incremental_links.sql (entity lookup keys, stored timeline candidates).
CREATE TABLE entity_keys (
    key TEXT COLLATE "C" NOT NULL,
    global_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (key, global_id)
);
CREATE TABLE timeline_candidates (
    story_id TEXT COLLATE "C" NOT NULL,
    article_id TEXT COLLATE "C" NOT NULL,
    seq INTEGER NOT NULL,
    date TEXT COLLATE "C" NOT NULL,
    block INTEGER NOT NULL,
    cluster_article TEXT COLLATE "C",
    cluster_seq INTEGER,
    state TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (story_id, article_id, seq)
);
CREATE INDEX timeline_candidates_block ON timeline_candidates(story_id, block);
CREATE TABLE timeline_ledgers (
    story_id TEXT COLLATE "C" PRIMARY KEY,
    state TEXT COLLATE "C" NOT NULL
);
-- story_states: the story clusterer's active stories, one row each, so that a batch saves only the stories
-- it changed; link_state "stories" keeps the rest of the clusterer (feature spaces, clock, active ids).
CREATE TABLE story_states (
    id TEXT COLLATE "C" PRIMARY KEY,
    state TEXT COLLATE "C" NOT NULL
);
