-- A story's glance and who said what, computed by the link stage when it rewrites the story and kept per
-- version of the story (its updated_at), so that a story page never served yet reads one row instead of
-- grouping the story's quotes (issue 14; recoupe.tell.story_views). A row of another version is ignored.
CREATE TABLE story_views (
    story_id TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
    version TEXT NOT NULL,
    payload TEXT NOT NULL
);
