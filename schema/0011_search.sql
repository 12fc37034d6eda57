-- 0011_search.sql: one search box over every kind of record (termpsa
-- search, the UI's F).  Each kind answers from its own FTS5 index and
-- ranks by bm25.  Contacts had no index; the assets' gains the network
-- columns (ip, mac), which FTS5 cannot add to a table in place, so the
-- index is made again and rebuilt from the rows.  The default tokenizer
-- splits a MAC or an IP at its punctuation: "aa:bb" and "10.0.0.5" match
-- as phrases of their parts.
--
-- Every statement may run again over its own result (IF NOT EXISTS, IF
-- EXISTS, the rebuilds): tests that take a database back to an older
-- version by hand leave these objects in place.

CREATE VIRTUAL TABLE IF NOT EXISTS contacts_fts USING fts5(name, email, phone, title, content='client_contacts', content_rowid='id');
CREATE TRIGGER IF NOT EXISTS contacts_fts_ai AFTER INSERT ON client_contacts BEGIN
	INSERT INTO contacts_fts(rowid, name, email, phone, title) VALUES (new.id, new.name, new.email, new.phone, new.title);
END;
CREATE TRIGGER IF NOT EXISTS contacts_fts_ad AFTER DELETE ON client_contacts BEGIN
	INSERT INTO contacts_fts(contacts_fts, rowid, name, email, phone, title) VALUES ('delete', old.id, old.name, old.email, old.phone, old.title);
END;
CREATE TRIGGER IF NOT EXISTS contacts_fts_au AFTER UPDATE OF name, email, phone, title ON client_contacts BEGIN
	INSERT INTO contacts_fts(contacts_fts, rowid, name, email, phone, title) VALUES ('delete', old.id, old.name, old.email, old.phone, old.title);
	INSERT INTO contacts_fts(rowid, name, email, phone, title) VALUES (new.id, new.name, new.email, new.phone, new.title);
END;
INSERT INTO contacts_fts(contacts_fts) VALUES ('rebuild');

DROP TRIGGER IF EXISTS assets_fts_ai;
DROP TRIGGER IF EXISTS assets_fts_ad;
DROP TRIGGER IF EXISTS assets_fts_au;
DROP TABLE IF EXISTS assets_fts;
CREATE VIRTUAL TABLE assets_fts USING fts5(name, serial, make, model, ip, mac, content='assets', content_rowid='id');
CREATE TRIGGER assets_fts_ai AFTER INSERT ON assets BEGIN
	INSERT INTO assets_fts(rowid, name, serial, make, model, ip, mac) VALUES (new.id, new.name, new.serial, new.make, new.model, new.ip, new.mac);
END;
CREATE TRIGGER assets_fts_ad AFTER DELETE ON assets BEGIN
	INSERT INTO assets_fts(assets_fts, rowid, name, serial, make, model, ip, mac) VALUES ('delete', old.id, old.name, old.serial, old.make, old.model, old.ip, old.mac);
END;
CREATE TRIGGER assets_fts_au AFTER UPDATE OF name, serial, make, model, ip, mac ON assets BEGIN
	INSERT INTO assets_fts(assets_fts, rowid, name, serial, make, model, ip, mac) VALUES ('delete', old.id, old.name, old.serial, old.make, old.model, old.ip, old.mac);
	INSERT INTO assets_fts(rowid, name, serial, make, model, ip, mac) VALUES (new.id, new.name, new.serial, new.make, new.model, new.ip, new.mac);
END;
INSERT INTO assets_fts(assets_fts) VALUES ('rebuild');
