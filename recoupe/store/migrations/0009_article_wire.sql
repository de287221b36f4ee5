-- The wire an article carries (issue 13): an outlet running a Belga dispatch has source "rtl.be" and
-- wire "Belga", so that two outlets carrying one dispatch count as one voice. NULL when the article
-- signs no wire, or is the wire's own dispatch (then `source` names the wire). Articles stored before
-- this stay NULL until they are read again.
ALTER TABLE articles ADD COLUMN wire TEXT;
