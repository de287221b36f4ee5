-- PostgreSQL twin of ../0019_entity_members.sql.
-- The local entities and articles of each global entity as rows (issue 16): a link batch appends what it
-- attached instead of writing again the whole state of every entity it touched. `kind` "l" (local entity ids)
-- or "a" (article ids), `seq` their order; a state row that still holds its lists has no rows here.
CREATE TABLE entity_members (
    global_id TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    seq INTEGER NOT NULL,
    member TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (global_id, kind, seq)
);
