-- 0005_terms.sql: the words of the large search indexes (tickets,
-- invoices), for search-as-you-type.  FTS5 answers a prefix ("printe"*) by
-- gathering the whole doclist of every term it covers before the first
-- row: 10-120 ms on a million tickets, whatever the LIMIT.  Named terms
-- joined by OR are read lazily, newest first, and stop at the limit (well
-- under a millisecond for a few, about 3 ms for 150).  search_terms lets
-- a search turn each word into the terms it covers (src/terms.c).
--
-- It holds every term ever indexed in `source` (a superset of the index:
-- a term whose last row is gone stays, and matches nothing), so the terms
-- it names for a prefix are all the index can hold for it.  The clients'
-- and assets' indexes are small enough that a prefix costs well under a
-- millisecond, and keep plain prefixes.
CREATE TABLE search_terms (
	source TEXT NOT NULL,        -- the FTS5 table: tickets_fts, invoices_fts
	term   TEXT NOT NULL,
	PRIMARY KEY (source, term)
) WITHOUT ROWID;

-- The terms come from FTS5's own tokenizer (every index here uses the
-- default), never from a copy of its rules: a trigger indexes the new
-- text alone in this scratch table, reads its vocabulary and empties it
-- again.  The columns go in as one text, a space between them.
CREATE VIRTUAL TABLE search_scratch USING fts5(text, content='');
CREATE VIRTUAL TABLE search_scratch_vocab USING fts5vocab(search_scratch, row);

CREATE TRIGGER tickets_terms_ai AFTER INSERT ON tickets BEGIN
	INSERT INTO search_scratch(rowid, text) VALUES (1, new.subject || ' ' || coalesce(new.body, ''));
	INSERT OR IGNORE INTO search_terms(source, term) SELECT 'tickets_fts', term FROM search_scratch_vocab;
	INSERT INTO search_scratch(search_scratch) VALUES ('delete-all');
END;
CREATE TRIGGER tickets_terms_au AFTER UPDATE OF subject, body ON tickets BEGIN
	INSERT INTO search_scratch(rowid, text) VALUES (1, new.subject || ' ' || coalesce(new.body, ''));
	INSERT OR IGNORE INTO search_terms(source, term) SELECT 'tickets_fts', term FROM search_scratch_vocab;
	INSERT INTO search_scratch(search_scratch) VALUES ('delete-all');
END;
CREATE TRIGGER invoices_terms_ai AFTER INSERT ON invoices BEGIN
	INSERT INTO search_scratch(rowid, text) VALUES (1, new.subject);
	INSERT OR IGNORE INTO search_terms(source, term) SELECT 'invoices_fts', term FROM search_scratch_vocab;
	INSERT INTO search_scratch(search_scratch) VALUES ('delete-all');
END;
CREATE TRIGGER invoices_terms_au AFTER UPDATE OF subject ON invoices BEGIN
	INSERT INTO search_scratch(rowid, text) VALUES (1, new.subject);
	INSERT OR IGNORE INTO search_terms(source, term) SELECT 'invoices_fts', term FROM search_scratch_vocab;
	INSERT INTO search_scratch(search_scratch) VALUES ('delete-all');
END;

-- The rows already indexed: one walk of each index's vocabulary.
CREATE VIRTUAL TABLE temp.terms_fill USING fts5vocab(main, tickets_fts, row);
INSERT OR IGNORE INTO search_terms(source, term) SELECT 'tickets_fts', term FROM temp.terms_fill;
DROP TABLE temp.terms_fill;
CREATE VIRTUAL TABLE temp.terms_fill USING fts5vocab(main, invoices_fts, row);
INSERT OR IGNORE INTO search_terms(source, term) SELECT 'invoices_fts', term FROM temp.terms_fill;
DROP TABLE temp.terms_fill;
