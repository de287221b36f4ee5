-- What linking needs of each article, kept so that adding an article never re-reads the others:
-- its content-word lemma counts (JSON object).
CREATE TABLE article_features (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    lemmas TEXT NOT NULL DEFAULT '{}'
);
