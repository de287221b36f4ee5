-- PostgreSQL twin of ../0003_features.sql. What linking needs of each article, kept so that adding an
-- article never re-reads the others: its content-word lemma counts (JSON object).
CREATE TABLE article_features (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    lemmas TEXT COLLATE "C" NOT NULL DEFAULT '{}'
);
