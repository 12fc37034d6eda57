-- 0006_cache_triggers.sql: a change to anything the client dashboard reads
-- drops that client's cached dashboard in the same statement, whatever
-- wrote it (a service, a job, a sync pull, an import, the demo, a sqlite3
-- shell).  The InvalidateClientCache listener only ran for changes that
-- raised an event; the UpdateClientBalance job and others wrote
-- clients.balance_cents without one and the old figure was shown for up
-- to an hour (issue 11).  The tables are those src/service/dashboard.c
-- reads; a new table read there needs its triggers here.
--
-- The cache tag is 'client.' || id (src/core/cache.c); an update drops both
-- the old and the new client's entries, as a row may move between clients.
-- IF NOT EXISTS: a database whose user_version was set back (the tests of
-- older migrations do) runs this file again.

-- Rows that name their client.

CREATE TRIGGER IF NOT EXISTS clients_cache_ai AFTER INSERT ON clients BEGIN
	DELETE FROM cache WHERE tag = 'client.' || NEW.id;
END;
CREATE TRIGGER IF NOT EXISTS clients_cache_au AFTER UPDATE ON clients BEGIN
	DELETE FROM cache WHERE tag IN ('client.' || OLD.id, 'client.' || NEW.id);
END;
CREATE TRIGGER IF NOT EXISTS clients_cache_ad AFTER DELETE ON clients BEGIN
	DELETE FROM cache WHERE tag = 'client.' || OLD.id;
END;

CREATE TRIGGER IF NOT EXISTS client_contacts_cache_ai AFTER INSERT ON client_contacts BEGIN
	DELETE FROM cache WHERE tag = 'client.' || NEW.client_id;
END;
CREATE TRIGGER IF NOT EXISTS client_contacts_cache_au AFTER UPDATE ON client_contacts BEGIN
	DELETE FROM cache WHERE tag IN ('client.' || OLD.client_id, 'client.' || NEW.client_id);
END;
CREATE TRIGGER IF NOT EXISTS client_contacts_cache_ad AFTER DELETE ON client_contacts BEGIN
	DELETE FROM cache WHERE tag = 'client.' || OLD.client_id;
END;

CREATE TRIGGER IF NOT EXISTS client_locations_cache_ai AFTER INSERT ON client_locations BEGIN
	DELETE FROM cache WHERE tag = 'client.' || NEW.client_id;
END;
CREATE TRIGGER IF NOT EXISTS client_locations_cache_au AFTER UPDATE ON client_locations BEGIN
	DELETE FROM cache WHERE tag IN ('client.' || OLD.client_id, 'client.' || NEW.client_id);
END;
CREATE TRIGGER IF NOT EXISTS client_locations_cache_ad AFTER DELETE ON client_locations BEGIN
	DELETE FROM cache WHERE tag = 'client.' || OLD.client_id;
END;

CREATE TRIGGER IF NOT EXISTS tickets_cache_ai AFTER INSERT ON tickets BEGIN
	DELETE FROM cache WHERE tag = 'client.' || NEW.client_id;
END;
CREATE TRIGGER IF NOT EXISTS tickets_cache_au AFTER UPDATE ON tickets BEGIN
	DELETE FROM cache WHERE tag IN ('client.' || OLD.client_id, 'client.' || NEW.client_id);
END;
CREATE TRIGGER IF NOT EXISTS tickets_cache_ad AFTER DELETE ON tickets BEGIN
	DELETE FROM cache WHERE tag = 'client.' || OLD.client_id;
END;

CREATE TRIGGER IF NOT EXISTS assets_cache_ai AFTER INSERT ON assets BEGIN
	DELETE FROM cache WHERE tag = 'client.' || NEW.client_id;
END;
CREATE TRIGGER IF NOT EXISTS assets_cache_au AFTER UPDATE ON assets BEGIN
	DELETE FROM cache WHERE tag IN ('client.' || OLD.client_id, 'client.' || NEW.client_id);
END;
CREATE TRIGGER IF NOT EXISTS assets_cache_ad AFTER DELETE ON assets BEGIN
	DELETE FROM cache WHERE tag = 'client.' || OLD.client_id;
END;

CREATE TRIGGER IF NOT EXISTS invoices_cache_ai AFTER INSERT ON invoices BEGIN
	DELETE FROM cache WHERE tag = 'client.' || NEW.client_id;
END;
CREATE TRIGGER IF NOT EXISTS invoices_cache_au AFTER UPDATE ON invoices BEGIN
	DELETE FROM cache WHERE tag IN ('client.' || OLD.client_id, 'client.' || NEW.client_id);
END;
CREATE TRIGGER IF NOT EXISTS invoices_cache_ad AFTER DELETE ON invoices BEGIN
	DELETE FROM cache WHERE tag = 'client.' || OLD.client_id;
END;

CREATE TRIGGER IF NOT EXISTS payments_cache_ai AFTER INSERT ON payments BEGIN
	DELETE FROM cache WHERE tag = 'client.' || NEW.client_id;
END;
CREATE TRIGGER IF NOT EXISTS payments_cache_au AFTER UPDATE ON payments BEGIN
	DELETE FROM cache WHERE tag IN ('client.' || OLD.client_id, 'client.' || NEW.client_id);
END;
CREATE TRIGGER IF NOT EXISTS payments_cache_ad AFTER DELETE ON payments BEGIN
	DELETE FROM cache WHERE tag = 'client.' || OLD.client_id;
END;

CREATE TRIGGER IF NOT EXISTS projects_cache_ai AFTER INSERT ON projects BEGIN
	DELETE FROM cache WHERE tag = 'client.' || NEW.client_id;
END;
CREATE TRIGGER IF NOT EXISTS projects_cache_au AFTER UPDATE ON projects BEGIN
	DELETE FROM cache WHERE tag IN ('client.' || OLD.client_id, 'client.' || NEW.client_id);
END;
CREATE TRIGGER IF NOT EXISTS projects_cache_ad AFTER DELETE ON projects BEGIN
	DELETE FROM cache WHERE tag = 'client.' || OLD.client_id;
END;

-- Rows that reach their client through a project (ticket-only time is not
-- on the dashboard, but a project's unbilled time is).

CREATE TRIGGER IF NOT EXISTS time_entries_cache_ai AFTER INSERT ON time_entries BEGIN
	DELETE FROM cache WHERE tag = 'client.' || (SELECT client_id FROM projects WHERE id = NEW.project_id);
END;
CREATE TRIGGER IF NOT EXISTS time_entries_cache_au AFTER UPDATE ON time_entries BEGIN
	DELETE FROM cache WHERE tag IN ('client.' || (SELECT client_id FROM projects WHERE id = OLD.project_id),
	    'client.' || (SELECT client_id FROM projects WHERE id = NEW.project_id));
END;
CREATE TRIGGER IF NOT EXISTS time_entries_cache_ad AFTER DELETE ON time_entries BEGIN
	DELETE FROM cache WHERE tag = 'client.' || (SELECT client_id FROM projects WHERE id = OLD.project_id);
END;

CREATE TRIGGER IF NOT EXISTS project_expenses_cache_ai AFTER INSERT ON project_expenses BEGIN
	DELETE FROM cache WHERE tag = 'client.' || (SELECT client_id FROM projects WHERE id = NEW.project_id);
END;
CREATE TRIGGER IF NOT EXISTS project_expenses_cache_au AFTER UPDATE ON project_expenses BEGIN
	DELETE FROM cache WHERE tag IN ('client.' || (SELECT client_id FROM projects WHERE id = OLD.project_id),
	    'client.' || (SELECT client_id FROM projects WHERE id = NEW.project_id));
END;
CREATE TRIGGER IF NOT EXISTS project_expenses_cache_ad AFTER DELETE ON project_expenses BEGIN
	DELETE FROM cache WHERE tag = 'client.' || (SELECT client_id FROM projects WHERE id = OLD.project_id);
END;

-- A user's rate prices project time on every client's dashboard.
CREATE TRIGGER IF NOT EXISTS users_cache_au AFTER UPDATE OF hourly_rate_cents ON users
WHEN OLD.hourly_rate_cents IS NOT NEW.hourly_rate_cents BEGIN
	DELETE FROM cache WHERE tag LIKE 'client.%';
END;
CREATE TRIGGER IF NOT EXISTS users_cache_ad AFTER DELETE ON users BEGIN
	DELETE FROM cache WHERE tag LIKE 'client.%';
END;
