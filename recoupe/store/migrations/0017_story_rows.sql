-- The story clusterer kept as rows (issue 16), so that a cold start loads only what a new article reaches and a
-- batch writes only the rows it changed: link_state "stories" keeps the head (every active story's marks and
-- centroid norms, the feature spaces' counts), story_states each active story, and these tables the rest.
-- A store linked before this has none of these rows: its next link run restores the clusterer whole and
-- writes them all (recoupe.link.driver).
-- story_terms: each active story's centroid weights by term, "l:<lemma>" or "e:<entity key>". No index by
-- story: a save names the rows it drops (term and story), so each write touches one B-tree.
CREATE TABLE story_terms (
    term TEXT NOT NULL,
    story_id TEXT NOT NULL,
    weight REAL NOT NULL,
    PRIMARY KEY (term, story_id)
) WITHOUT ROWID;
-- story_members: the articles of the active stories (an article already in one is not added again).
CREATE TABLE story_members (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL
) WITHOUT ROWID;
-- feature_frequencies: the clusterer's document frequencies, by space ("lemmas", "entities") and term, with
-- each term's place in the space's order (pruning keeps the most frequent, ties in that order).
CREATE TABLE feature_frequencies (
    space TEXT NOT NULL,
    term TEXT NOT NULL,
    df INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (space, term)
) WITHOUT ROWID;
