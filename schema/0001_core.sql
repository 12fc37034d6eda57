-- 0001_core.sql: every entity of domain.md, the event/job/cache/saga/outbox
-- machinery, and the indexes the queries need.
--
-- Conventions: money is *_cents INTEGER; timestamps are INTEGER unix seconds
-- UTC; calendar dates are TEXT YYYY-MM-DD; syncable rows carry id, uuid,
-- remote_id and updated_at.  The uuid default is a random version-4 UUID.

CREATE TABLE users (
	id                INTEGER PRIMARY KEY,
	uuid              TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))),
	remote_id         TEXT,
	name              TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
	email             TEXT,
	hourly_rate_cents INTEGER CHECK (hourly_rate_cents IS NULL OR hourly_rate_cents >= 0),
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL
);

CREATE TABLE clients (
	id                INTEGER PRIMARY KEY,
	uuid              TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))),
	remote_id         TEXT UNIQUE,
	name              TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	company_name      TEXT,
	email             TEXT,
	phone             TEXT,
	status            TEXT NOT NULL DEFAULT 'active'
	                  CHECK (status IN ('active', 'inactive', 'prospect', 'archived')),
	hourly_rate_cents INTEGER CHECK (hourly_rate_cents IS NULL OR hourly_rate_cents >= 0),
	currency          TEXT NOT NULL DEFAULT 'USD',
	net_terms_days    INTEGER NOT NULL DEFAULT 30 CHECK (net_terms_days BETWEEN 0 AND 365),
	notes             TEXT,
	balance_cents     INTEGER NOT NULL DEFAULT 0,
	unbilled_cents    INTEGER NOT NULL DEFAULT 0,
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL
);
CREATE INDEX clients_status_name ON clients(status, name);
CREATE INDEX clients_name ON clients(name);

CREATE TABLE client_contacts (
	id         INTEGER PRIMARY KEY,
	uuid       TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))),
	remote_id  TEXT UNIQUE,
	client_id  INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
	name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	email      TEXT,
	phone      TEXT,
	title      TEXT,
	is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX client_contacts_client ON client_contacts(client_id, is_primary DESC, name);

CREATE TABLE client_locations (
	id         INTEGER PRIMARY KEY,
	uuid       TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))),
	remote_id  TEXT UNIQUE,
	client_id  INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
	name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	address    TEXT,
	city       TEXT,
	zip        TEXT,
	country    TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX client_locations_client ON client_locations(client_id, name);

-- The client's financial account structure, made by the onboarding saga.
CREATE TABLE accounts (
	id         INTEGER PRIMARY KEY,
	client_id  INTEGER NOT NULL UNIQUE REFERENCES clients(id) ON DELETE CASCADE,
	currency   TEXT NOT NULL DEFAULT 'USD',
	created_at INTEGER NOT NULL
);

CREATE TABLE projects (
	id         INTEGER PRIMARY KEY,
	uuid       TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))),
	remote_id  TEXT UNIQUE,
	client_id  INTEGER NOT NULL REFERENCES clients(id),
	name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	status     TEXT NOT NULL DEFAULT 'active'
	           CHECK (status IN ('active', 'on_hold', 'completed')),
	due_date   TEXT CHECK (due_date IS NULL OR date(due_date) = due_date),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX projects_client_status ON projects(client_id, status);

CREATE TABLE asset_categories (
	id         INTEGER PRIMARY KEY,
	client_id  INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	UNIQUE (client_id, name)
);

CREATE TABLE assets (
	id              INTEGER PRIMARY KEY,
	uuid            TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))),
	remote_id       TEXT UNIQUE,
	client_id       INTEGER NOT NULL REFERENCES clients(id),
	location_id     INTEGER REFERENCES client_locations(id),
	category_id     INTEGER REFERENCES asset_categories(id),
	name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	type            TEXT,
	make            TEXT,
	model           TEXT,
	serial          TEXT,
	ip              TEXT,
	mac             TEXT,
	status          TEXT NOT NULL DEFAULT 'deployed'
	                CHECK (status IN ('ready', 'deployed', 'maintenance', 'repair', 'retired', 'lost')),
	purchase_date   TEXT CHECK (purchase_date IS NULL OR date(purchase_date) = purchase_date),
	warranty_expire TEXT CHECK (warranty_expire IS NULL OR date(warranty_expire) = warranty_expire),
	notes           TEXT,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
);
CREATE INDEX assets_client_warranty ON assets(client_id, warranty_expire);
CREATE INDEX assets_warranty ON assets(warranty_expire);
CREATE INDEX assets_name ON assets(name, id);

CREATE TABLE tickets (
	id          INTEGER PRIMARY KEY,
	uuid        TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))),
	remote_id   TEXT UNIQUE,
	number      INTEGER NOT NULL UNIQUE,
	client_id   INTEGER NOT NULL REFERENCES clients(id),
	contact_id  INTEGER REFERENCES client_contacts(id),
	location_id INTEGER REFERENCES client_locations(id),
	asset_id    INTEGER REFERENCES assets(id),
	project_id  INTEGER REFERENCES projects(id),
	subject     TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 10000),
	body        TEXT,
	priority    TEXT NOT NULL DEFAULT 'normal'
	            CHECK (priority IN ('low', 'normal', 'high', 'critical')),
	-- 0..3 mirrors priority so that "most urgent first" is an index order.
	priority_rank INTEGER NOT NULL GENERATED ALWAYS AS
	            (CASE priority WHEN 'critical' THEN 3 WHEN 'high' THEN 2
	             WHEN 'normal' THEN 1 ELSE 0 END) VIRTUAL,
	status      TEXT NOT NULL DEFAULT 'open'
	            CHECK (status IN ('open', 'in_progress', 'waiting', 'scheduled', 'resolved', 'closed')),
	source      TEXT NOT NULL DEFAULT 'technician'
	            CHECK (source IN ('system', 'technician', 'phone', 'email', 'portal', 'psa')),
	category    TEXT,
	assigned_to INTEGER REFERENCES users(id),
	billable    INTEGER NOT NULL DEFAULT 1 CHECK (billable IN (0, 1)),
	due_at      INTEGER,
	resolved_at INTEGER,
	closed_at   INTEGER,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL
);
CREATE INDEX tickets_client_status_updated ON tickets(client_id, status, updated_at DESC);
CREATE INDEX tickets_status_updated ON tickets(status, updated_at DESC, id DESC);
CREATE INDEX tickets_updated ON tickets(updated_at DESC, id DESC);
CREATE INDEX tickets_assigned_status ON tickets(assigned_to, status, updated_at DESC);
CREATE INDEX tickets_status_due ON tickets(status, due_at);
CREATE INDEX tickets_client_created ON tickets(client_id, created_at DESC, id DESC);

CREATE TABLE ticket_notes (
	id         INTEGER PRIMARY KEY,
	uuid       TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))),
	remote_id  TEXT UNIQUE,
	ticket_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
	author_id  INTEGER REFERENCES users(id),
	body       TEXT NOT NULL CHECK (length(body) >= 1),
	visibility TEXT NOT NULL DEFAULT 'internal' CHECK (visibility IN ('internal', 'public')),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX ticket_notes_ticket ON ticket_notes(ticket_id, created_at);

CREATE TABLE invoices (
	id          INTEGER PRIMARY KEY,
	uuid        TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))),
	remote_id   TEXT UNIQUE,
	number      TEXT NOT NULL UNIQUE,
	client_id   INTEGER NOT NULL REFERENCES clients(id),
	project_id  INTEGER REFERENCES projects(id),
	subject     TEXT NOT NULL,
	status      TEXT NOT NULL DEFAULT 'draft'
	            CHECK (status IN ('draft', 'sent', 'partial', 'paid', 'cancelled')),
	issue_date  TEXT NOT NULL CHECK (date(issue_date) = issue_date),
	due_date    TEXT NOT NULL CHECK (date(due_date) = due_date),
	total_cents INTEGER NOT NULL DEFAULT 0 CHECK (total_cents >= 0),
	currency    TEXT NOT NULL DEFAULT 'USD',
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL
);
CREATE INDEX invoices_client_status_total ON invoices(client_id, status, total_cents);
CREATE INDEX invoices_status_due ON invoices(status, due_date);
CREATE INDEX invoices_client_created ON invoices(client_id, created_at DESC, id DESC);

CREATE TABLE invoice_items (
	id          INTEGER PRIMARY KEY,
	invoice_id  INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	description TEXT NOT NULL,
	quantity    INTEGER NOT NULL CHECK (quantity >= 0),   -- hundredths
	price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
	total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
	UNIQUE (invoice_id, position)
);

CREATE TABLE time_entries (
	id         INTEGER PRIMARY KEY,
	uuid       TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))),
	remote_id  TEXT UNIQUE,
	ticket_id  INTEGER REFERENCES tickets(id),
	project_id INTEGER REFERENCES projects(id),
	user_id    INTEGER NOT NULL REFERENCES users(id),
	work_date  TEXT NOT NULL CHECK (date(work_date) = work_date),
	minutes    INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 0 AND 1440),
	started_at INTEGER,                   -- set while a timer runs
	billable   INTEGER NOT NULL DEFAULT 1 CHECK (billable IN (0, 1)),
	invoice_id INTEGER REFERENCES invoices(id),
	note       TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (ticket_id IS NOT NULL OR project_id IS NOT NULL),
	CHECK (minutes IS NOT NULL OR started_at IS NOT NULL)
);
CREATE INDEX time_entries_ticket ON time_entries(ticket_id, invoice_id);
CREATE INDEX time_entries_project ON time_entries(project_id, invoice_id);
CREATE INDEX time_entries_user_date ON time_entries(user_id, work_date);
CREATE INDEX time_entries_invoice ON time_entries(invoice_id);
-- At most one running timer per user.
CREATE UNIQUE INDEX time_entries_one_timer ON time_entries(user_id) WHERE minutes IS NULL;

CREATE TABLE asset_maintenance (
	id               INTEGER PRIMARY KEY,
	asset_id         INTEGER NOT NULL REFERENCES assets(id),
	ticket_id        INTEGER REFERENCES tickets(id),
	maintenance_type TEXT NOT NULL DEFAULT 'preventive'
	                 CHECK (maintenance_type IN ('preventive', 'corrective')),
	description      TEXT,
	scheduled_date   TEXT NOT NULL CHECK (date(scheduled_date) = scheduled_date),
	completed_at     INTEGER,
	created_at       INTEGER NOT NULL
);
CREATE INDEX asset_maintenance_asset ON asset_maintenance(asset_id);
CREATE INDEX asset_maintenance_ticket ON asset_maintenance(ticket_id);

CREATE TABLE project_expenses (
	id           INTEGER PRIMARY KEY,
	project_id   INTEGER NOT NULL REFERENCES projects(id),
	description  TEXT NOT NULL CHECK (length(description) >= 1),
	amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
	billable     INTEGER NOT NULL DEFAULT 1 CHECK (billable IN (0, 1)),
	invoice_id   INTEGER REFERENCES invoices(id),
	created_at   INTEGER NOT NULL
);
CREATE INDEX project_expenses_project ON project_expenses(project_id, invoice_id);

CREATE TABLE payments (
	id           INTEGER PRIMARY KEY,
	uuid         TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))),
	remote_id    TEXT UNIQUE,
	client_id    INTEGER NOT NULL REFERENCES clients(id),
	invoice_id   INTEGER REFERENCES invoices(id),
	amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
	method       TEXT NOT NULL DEFAULT 'transfer'
	             CHECK (method IN ('cash', 'check', 'card', 'transfer')),
	reference    TEXT,
	status       TEXT NOT NULL DEFAULT 'completed'
	             CHECK (status IN ('pending', 'completed', 'failed', 'refunded')),
	received_at  INTEGER NOT NULL,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
);
CREATE INDEX payments_invoice ON payments(invoice_id, status);
CREATE INDEX payments_client ON payments(client_id, status, received_at);

-- Machinery ---------------------------------------------------------------

CREATE TABLE events (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	entity     TEXT NOT NULL,
	entity_id  INTEGER NOT NULL,
	client_id  INTEGER,
	payload    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
	created_at INTEGER NOT NULL
);
CREATE INDEX events_client ON events(client_id, id);

CREATE TABLE activity (
	id         INTEGER PRIMARY KEY,
	event_id   INTEGER REFERENCES events(id) ON DELETE SET NULL,
	client_id  INTEGER,
	user_id    INTEGER,
	entity     TEXT NOT NULL,
	entity_id  INTEGER,
	line       TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX activity_client ON activity(client_id, id DESC);

CREATE TABLE notifications (
	id         INTEGER PRIMARY KEY,
	event_id   INTEGER,
	user_id    INTEGER,
	kind       TEXT NOT NULL,
	message    TEXT NOT NULL,
	read_at    INTEGER,
	created_at INTEGER NOT NULL
);
CREATE INDEX notifications_unread ON notifications(read_at, id);

CREATE TABLE jobs (
	id           INTEGER PRIMARY KEY,
	queue        TEXT NOT NULL DEFAULT 'default',
	name         TEXT NOT NULL,
	payload      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
	attempts     INTEGER NOT NULL DEFAULT 0,
	max_attempts INTEGER NOT NULL DEFAULT 5,
	available_at INTEGER NOT NULL,
	reserved_at  INTEGER,
	failed_at    INTEGER,
	last_error   TEXT,
	created_at   INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs(failed_at, available_at, id);

CREATE TABLE cache (
	key        TEXT PRIMARY KEY,
	tag        TEXT NOT NULL,
	value      TEXT NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX cache_tag ON cache(tag);

CREATE TABLE sagas (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL,
	state      TEXT NOT NULL
	           CHECK (state IN ('running', 'done', 'compensating', 'compensated', 'compensation_failed')),
	step       INTEGER NOT NULL DEFAULT 0,
	data       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
	pid        INTEGER,
	error      TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX sagas_state ON sagas(state);

CREATE TABLE report_monthly (
	month          TEXT PRIMARY KEY,            -- YYYY-MM
	invoiced_cents INTEGER NOT NULL DEFAULT 0,
	paid_cents     INTEGER NOT NULL DEFAULT 0,
	invoice_count  INTEGER NOT NULL DEFAULT 0,
	updated_at     INTEGER NOT NULL
);

CREATE TABLE counters (
	name  TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);

-- Sync: the outbox is written by the QueueForSync listener in the change's
-- own transaction; the rest belongs to the sync worker.
CREATE TABLE outbox (
	id          INTEGER PRIMARY KEY,
	op_uuid     TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))),
	entity      TEXT NOT NULL,
	local_id    INTEGER NOT NULL,
	op          TEXT NOT NULL,
	fields      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(fields)),
	state       TEXT NOT NULL DEFAULT 'pending'
	            CHECK (state IN ('pending', 'in_flight', 'done', 'failed', 'conflict', 'unsupported')),
	attempts    INTEGER NOT NULL DEFAULT 0,
	next_try_at INTEGER NOT NULL DEFAULT 0,
	lease_until INTEGER,
	last_error  TEXT,
	http_status INTEGER,
	remote_id   TEXT,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL
);
CREATE INDEX outbox_state ON outbox(state, id);
CREATE INDEX outbox_entity ON outbox(entity, local_id, state);

-- Search ------------------------------------------------------------------

CREATE VIRTUAL TABLE tickets_fts USING fts5(subject, body, content='tickets', content_rowid='id');
CREATE TRIGGER tickets_fts_ai AFTER INSERT ON tickets BEGIN
	INSERT INTO tickets_fts(rowid, subject, body) VALUES (new.id, new.subject, new.body);
END;
CREATE TRIGGER tickets_fts_ad AFTER DELETE ON tickets BEGIN
	INSERT INTO tickets_fts(tickets_fts, rowid, subject, body) VALUES ('delete', old.id, old.subject, old.body);
END;
CREATE TRIGGER tickets_fts_au AFTER UPDATE OF subject, body ON tickets BEGIN
	INSERT INTO tickets_fts(tickets_fts, rowid, subject, body) VALUES ('delete', old.id, old.subject, old.body);
	INSERT INTO tickets_fts(rowid, subject, body) VALUES (new.id, new.subject, new.body);
END;

CREATE VIRTUAL TABLE clients_fts USING fts5(name, company_name, content='clients', content_rowid='id');
CREATE TRIGGER clients_fts_ai AFTER INSERT ON clients BEGIN
	INSERT INTO clients_fts(rowid, name, company_name) VALUES (new.id, new.name, new.company_name);
END;
CREATE TRIGGER clients_fts_ad AFTER DELETE ON clients BEGIN
	INSERT INTO clients_fts(clients_fts, rowid, name, company_name) VALUES ('delete', old.id, old.name, old.company_name);
END;
CREATE TRIGGER clients_fts_au AFTER UPDATE OF name, company_name ON clients BEGIN
	INSERT INTO clients_fts(clients_fts, rowid, name, company_name) VALUES ('delete', old.id, old.name, old.company_name);
	INSERT INTO clients_fts(rowid, name, company_name) VALUES (new.id, new.name, new.company_name);
END;

CREATE VIRTUAL TABLE assets_fts USING fts5(name, serial, make, model, content='assets', content_rowid='id');
CREATE TRIGGER assets_fts_ai AFTER INSERT ON assets BEGIN
	INSERT INTO assets_fts(rowid, name, serial, make, model) VALUES (new.id, new.name, new.serial, new.make, new.model);
END;
CREATE TRIGGER assets_fts_ad AFTER DELETE ON assets BEGIN
	INSERT INTO assets_fts(assets_fts, rowid, name, serial, make, model) VALUES ('delete', old.id, old.name, old.serial, old.make, old.model);
END;
CREATE TRIGGER assets_fts_au AFTER UPDATE OF name, serial, make, model ON assets BEGIN
	INSERT INTO assets_fts(assets_fts, rowid, name, serial, make, model) VALUES ('delete', old.id, old.name, old.serial, old.make, old.model);
	INSERT INTO assets_fts(rowid, name, serial, make, model) VALUES (new.id, new.name, new.serial, new.make, new.model);
END;
