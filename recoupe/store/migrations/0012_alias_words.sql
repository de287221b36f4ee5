-- The words of every entity's spellings, indexed (issue 14): a search for "Kazimi" is widened to the other
-- spellings of the entities one of whose names ends on that word (recoupe.store.search_terms), found here
-- instead of by a LIKE over every row of global_entities. An external-content FTS5 index over the aliases
-- (a JSON list of names: its brackets and quotes are separators), folded as the articles' index is. The
-- triggers keep it in step; the BEFORE INSERT one removes the words of a row that INSERT OR REPLACE is about
-- to replace (SQLite fires no delete trigger for a REPLACE unless recursive triggers are on).
CREATE VIRTUAL TABLE alias_words USING fts5(
    aliases, content='global_entities', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO alias_words(alias_words) VALUES ('rebuild');
CREATE TRIGGER alias_words_replace BEFORE INSERT ON global_entities BEGIN
    INSERT INTO alias_words(alias_words, rowid, aliases)
        SELECT 'delete', rowid, aliases FROM global_entities WHERE id = new.id;
END;
CREATE TRIGGER alias_words_insert AFTER INSERT ON global_entities BEGIN
    INSERT INTO alias_words(rowid, aliases) VALUES (new.rowid, new.aliases);
END;
CREATE TRIGGER alias_words_delete AFTER DELETE ON global_entities BEGIN
    INSERT INTO alias_words(alias_words, rowid, aliases) VALUES ('delete', old.rowid, old.aliases);
END;
CREATE TRIGGER alias_words_update AFTER UPDATE ON global_entities BEGIN
    INSERT INTO alias_words(alias_words, rowid, aliases) VALUES ('delete', old.rowid, old.aliases);
    INSERT INTO alias_words(rowid, aliases) VALUES (new.rowid, new.aliases);
END;
