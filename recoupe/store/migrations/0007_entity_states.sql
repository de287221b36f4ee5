-- The entity linker's state, one row per global entity (its counts of names, forms and types, its local
-- entities and articles), so that the link stage writes only the entities a batch touched. Before this
-- the whole linker was one JSON snapshot in link_state, rewritten after every batch: 18 MB at the end
-- of OrangeSum's 36,152 articles, which made linking quadratic in the store's size. link_state keeps the
-- linker's counter under the name "entities"; a store still holding the old whole snapshot there is
-- read as before and moved to these rows by the next link stage.
CREATE TABLE entity_states (
    id TEXT PRIMARY KEY,         -- global entity id ("g12")
    state TEXT NOT NULL          -- JSON: names, forms, types, locals, articles, known, scoped
);
