-- The words of the full-text index, in order (issue 14): a search for "soldat" is widened to the indexed
-- words with its stem ("soldats"), read from this table (recoupe.store.search_terms). fts5vocab tables
-- hold no data of their own: they read articles_fts.
CREATE VIRTUAL TABLE articles_fts_vocab USING fts5vocab(articles_fts, 'row');
