-- PostgreSQL twin of ../0015_signature_bands.sql.
-- The LSH bands of each kept MinHash signature, filed by their 64-bit hash (recoupe.link.dedup.band_hashes),
-- so that a cold start finds the articles sharing a band with a new one by lookup instead of rebuilding the
-- near-duplicate index of the newest 20,000 signatures (issue 16). Written with each signature; a signature
-- saved without its bands (another engine, an older store) gets them at the next link run.
CREATE TABLE signature_bands (
    band BIGINT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band, article_id)
);
CREATE INDEX signature_bands_article ON signature_bands (article_id);
