-- PostgreSQL twin of ../0010_search_vocabulary.sql: nothing to add. The recoupe_fr configuration stems
-- words itself (Snowball French), so a search for "soldat" already finds "soldats"; the version step
-- keeps both dialects' schema numbers in step.
SELECT 1;
