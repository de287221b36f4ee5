-- What lets the institution resolver (recoupe.link.institutions) group a story's descriptions of bodies
-- ("la coalition", "le Parlement") from the articles that just joined it instead of reading every entity of
-- the story again (issue 16): per story, the units it grouped so far (one per global entity, with the
-- features, articles, local entities and surface forms they hold) and the articles they were read from.
-- institution_stories: per story, how many articles its units were read from (an article gone from the
-- story, re-analysed or deleted, leaves fewer covered: the story is grouped whole again).
CREATE TABLE institution_stories (
    story_id TEXT PRIMARY KEY,
    articles INTEGER NOT NULL,
    version INTEGER NOT NULL
);
CREATE TABLE institution_units (
    story_id TEXT NOT NULL,
    global_id TEXT NOT NULL,
    state TEXT NOT NULL,         -- JSON of the unit (recoupe.link.institution_units)
    PRIMARY KEY (story_id, global_id)
);
CREATE TABLE institution_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id TEXT NOT NULL
);
CREATE INDEX institution_articles_story ON institution_articles(story_id);
