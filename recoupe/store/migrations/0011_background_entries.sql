-- Timeline entries dated before their story's coverage window (issue 13): the past a story recalls,
-- kept in the timeline but marked, and weighing less (recoupe.link.coverage). Entries stored before
-- this read as 0 until their story's timeline is built again.
ALTER TABLE story_entries ADD COLUMN background INTEGER NOT NULL DEFAULT 0;
