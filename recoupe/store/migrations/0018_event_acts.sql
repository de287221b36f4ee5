-- A dated event's act and its doer (issue 13): `predicate` is the lemma of the word naming what the clause
-- states ("frapper"; the object of a support verb, "frappe"; the content of a reporting verb), `agent` the
-- id of the entity its subject names. The timeline tells two events of one day apart by them. Events read
-- before this stay NULL in both (they then compare by their words only, as before).
ALTER TABLE events ADD COLUMN predicate TEXT;
ALTER TABLE events ADD COLUMN agent TEXT;
