-- PostgreSQL twin of ../0012_alias_words.sql: the words of every entity's spellings, indexed, so that a
-- search widened to a merged entity's other spellings finds its entities through an index rather than an
-- ILIKE over every row. A configuration of our own splits names into words and folds case and accents
-- (no stemming: a name is matched as written); a GIN index over the aliases under it serves the match.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'recoupe_words') THEN
        CREATE TEXT SEARCH CONFIGURATION recoupe_words (COPY = pg_catalog.simple);
        IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
            ALTER TEXT SEARCH CONFIGURATION recoupe_words
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
        END IF;
    END IF;
END
$$;
CREATE INDEX global_entities_alias_words ON global_entities USING gin (to_tsvector('recoupe_words', aliases));
