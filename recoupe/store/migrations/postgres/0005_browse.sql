-- PostgreSQL twin of ../0005_browse.sql.
-- Indexes for browsing a store (the web app): every page query is an index lookup or
-- a scan of one story's rows, never a scan of every article.
-- Stories listed with their size and date span, and one story's articles in date order:
-- covering, so the listing never reads the article rows (nor their texts).
CREATE INDEX articles_story_published ON articles(story, published, source);
-- An article's copies (near-duplicates point to their original).
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
-- The quotes of an entity (quotes point to the speaker's entity in their article).
CREATE INDEX quotes_speaker_entity ON quotes(speaker_entity);
-- A story's timeline, heaviest entries first (pages draw only the top of it).
CREATE INDEX story_entries_weight ON story_entries(story_id, weight);
