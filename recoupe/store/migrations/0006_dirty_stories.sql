-- Stories whose timeline must be rebuilt. The link stage marks a story here in the same transaction
-- as the links that change it and clears the mark when the rebuilt timeline is saved, so that a run
-- killed between linking and rebuilding leaves the rebuild to the next run, never a stale timeline.
CREATE TABLE dirty_stories (
    story_id TEXT PRIMARY KEY
);
