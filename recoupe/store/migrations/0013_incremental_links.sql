-- What lets the link stage touch only what a new article touches (issue 16), however large the store.
-- entity_keys: every lookup key of a global entity (its name keys, its well-known name, the articles it
-- is in), so that the entity linker loads only the entities an article's mentions can meet instead of
-- restoring all of them. A store linked before this has no keys: the next link stage writes them all.
CREATE TABLE entity_keys (
    key TEXT NOT NULL,           -- "<kind>:<key>", see recoupe.link.entities.EntityLinker.keys_of
    global_id TEXT NOT NULL,
    PRIMARY KEY (key, global_id)
) WITHOUT ROWID;
-- timeline_candidates: each dated event of a story's articles as the timeline compares it, with the block
-- of events it can merge with (no event outside its block is ever compared with it) and the member
-- keying its entry; timeline_ledgers: per story, what the candidates were built from and the story-wide
-- counts the weights use. A story joined by an article recomputes only the blocks its events reach.
CREATE TABLE timeline_candidates (
    story_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    seq INTEGER NOT NULL,        -- the event's place among its article's candidates
    date TEXT NOT NULL,
    block INTEGER NOT NULL,
    cluster_article TEXT,        -- the candidate keying its entry; NULL when its sentence is cited elsewhere
    cluster_seq INTEGER,
    state TEXT NOT NULL,         -- JSON of the candidate (recoupe.link.timeline_update)
    PRIMARY KEY (story_id, article_id, seq)
);
CREATE INDEX timeline_candidates_block ON timeline_candidates(story_id, block);
CREATE TABLE timeline_ledgers (
    story_id TEXT PRIMARY KEY,
    state TEXT NOT NULL          -- JSON: articles (hash, copy of, published), word counts, next block
);
-- story_states: the story clusterer's active stories, one row each, so that a batch saves only the stories
-- it changed; link_state "stories" keeps the rest of the clusterer (feature spaces, clock, active ids).
CREATE TABLE story_states (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL
);
