-- 0004_sort.sql: the orders and the search of the asset and invoice lists
-- (asset list --sort, invoice list --sort and --search, `o` and `/` in
-- the UI).  Every order is the walk of an index, so a page of the list
-- costs its own rows, never a sort of the whole table.

-- Invoices soonest due first and largest first (newest is the rowid, by
-- number the number's own unique index).
CREATE INDEX invoices_due ON invoices(due_date, id);
CREATE INDEX invoices_total ON invoices(total_cents, id);

-- Assets by warranty end, soonest first and those without a warranty
-- last: the same expressions as asset_list's ORDER BY and keyset (a NULL
-- inside a row value would make the comparison NULL, hence coalesce).
CREATE INDEX assets_warranty_end
	ON assets(warranty_expire IS NULL, coalesce(warranty_expire, ''), id);

-- Invoice subjects for search (number and client name have their own
-- indexes); an external-content table like the others in 0001_core.sql.
CREATE VIRTUAL TABLE invoices_fts USING fts5(subject, content='invoices', content_rowid='id');
CREATE TRIGGER invoices_fts_ai AFTER INSERT ON invoices BEGIN
	INSERT INTO invoices_fts(rowid, subject) VALUES (new.id, new.subject);
END;
CREATE TRIGGER invoices_fts_ad AFTER DELETE ON invoices BEGIN
	INSERT INTO invoices_fts(invoices_fts, rowid, subject) VALUES ('delete', old.id, old.subject);
END;
CREATE TRIGGER invoices_fts_au AFTER UPDATE OF subject ON invoices BEGIN
	INSERT INTO invoices_fts(invoices_fts, rowid, subject) VALUES ('delete', old.id, old.subject);
	INSERT INTO invoices_fts(rowid, subject) VALUES (new.id, new.subject);
END;
INSERT INTO invoices_fts(invoices_fts) VALUES ('rebuild');

-- Clients with the largest balance first (the hub's `o`, client list
-- --sort balance).
CREATE INDEX clients_balance ON clients(balance_cents, id);
