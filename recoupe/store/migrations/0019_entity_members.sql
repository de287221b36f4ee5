-- The local entities and articles of each global entity as rows (issue 16), so that a link batch appends what
-- it attached instead of writing again the whole state of every entity it touched: the most-named entities
-- (a country, a head of state) are in thousands of articles and touched by nearly every batch.
-- entity_states rows written from now on by the local link stage hold no "locals" nor "articles": those lists
-- are here, `kind` "l" (local entity ids) or "a" (article ids), `seq` their order. A state row that still holds
-- its lists (written before this, or whole by `recoupe load` from a Spark run) keeps them and has no rows here;
-- the link stage moves them the next time it saves that entity (recoupe.store.links).
CREATE TABLE entity_members (
    global_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    seq INTEGER NOT NULL,
    member TEXT NOT NULL,
    PRIMARY KEY (global_id, kind, seq)
) WITHOUT ROWID;
