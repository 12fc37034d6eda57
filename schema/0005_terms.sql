-- 0005_terms.sql: the words of the tickets' search index, for
-- search-as-you-type.  FTS5 answers a prefix ("printe"*) by gathering the
-- whole doclist of every term it covers before the first row: 10-120 ms
-- on a million tickets, whatever the LIMIT.  Named terms joined by OR are
-- read lazily, newest first, and stop at the limit (well under a
-- millisecond for a few, about 3 ms for 150).  ticket_terms lets a search
-- turn each word it is given into the terms it covers (src/ticket.c,
-- ticket_fts_query).
--
-- It holds every term ever indexed for a ticket (a superset of the
-- index: a term whose last ticket is gone stays, and matches nothing), so
-- the terms it names for a prefix are all the index can hold for it.

CREATE TABLE ticket_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;

-- The terms come from FTS5's own tokenizer, never from a copy of its
-- rules: the trigger indexes the new text alone in a scratch table of the
-- same columns and tokenizer, reads its vocabulary and empties it again.
CREATE VIRTUAL TABLE ticket_terms_scratch USING fts5(subject, body, content='');
CREATE VIRTUAL TABLE ticket_terms_scratch_vocab USING fts5vocab(ticket_terms_scratch, row);
CREATE TRIGGER ticket_terms_ai AFTER INSERT ON tickets BEGIN
	INSERT INTO ticket_terms_scratch(rowid, subject, body) VALUES (1, new.subject, new.body);
	INSERT OR IGNORE INTO ticket_terms(term) SELECT term FROM ticket_terms_scratch_vocab;
	INSERT INTO ticket_terms_scratch(ticket_terms_scratch) VALUES ('delete-all');
END;
CREATE TRIGGER ticket_terms_au AFTER UPDATE OF subject, body ON tickets BEGIN
	INSERT INTO ticket_terms_scratch(rowid, subject, body) VALUES (1, new.subject, new.body);
	INSERT OR IGNORE INTO ticket_terms(term) SELECT term FROM ticket_terms_scratch_vocab;
	INSERT INTO ticket_terms_scratch(ticket_terms_scratch) VALUES ('delete-all');
END;

-- The tickets already indexed: one walk of the index's vocabulary.
CREATE VIRTUAL TABLE temp.ticket_terms_fill USING fts5vocab(main, tickets_fts, row);
INSERT OR IGNORE INTO ticket_terms(term) SELECT term FROM temp.ticket_terms_fill;
DROP TABLE temp.ticket_terms_fill;
