/* entity.c - see entity.h. */
#include <stddef.h>
#include <string.h>

#include "sync/entity.h"
#include "sync/js.h"

/* A text column: the remote's empty text is no value (ITFlow answers ''
 * for a column it was never given). */
#define TEXT_FIELD(tbl, col) \
	{ #col, "SELECT " #col " FROM " tbl " WHERE id = ?1", \
	  "UPDATE " tbl " SET " #col " = nullif(?2, ''), updated_at = ?3 " \
	  "WHERE id = ?1", 0, 0 }
/* A name: never emptied (ITFlow strips tags: a name in angle brackets
 * comes back empty). */
#define NAME_FIELD(tbl, col) \
	{ #col, "SELECT " #col " FROM " tbl " WHERE id = ?1", \
	  "UPDATE " tbl " SET " #col " = substr(?2, 1, 10000), updated_at = " \
	  "?3 WHERE id = ?1 AND coalesce(?2, '') <> ''", 0, 0 }

static const struct sync_field client_fields[] = {
	NAME_FIELD("clients", name),
	TEXT_FIELD("clients", company_name),
	TEXT_FIELD("clients", email),
	TEXT_FIELD("clients", phone),
	{ "status", "SELECT status FROM clients WHERE id = ?1",
	  "UPDATE clients SET status = ?2, updated_at = ?3 WHERE id = ?1 AND "
	  "?2 IN ('active', 'inactive', 'prospect', 'archived')", 0, 0 },
	{ NULL, NULL, NULL, 0, 0 }
};

static const struct sync_field contact_fields[] = {
	NAME_FIELD("client_contacts", name),
	TEXT_FIELD("client_contacts", email),
	TEXT_FIELD("client_contacts", phone),
	TEXT_FIELD("client_contacts", title),
	{ NULL, NULL, NULL, 0, 0 }
};

static const struct sync_field location_fields[] = {
	NAME_FIELD("client_locations", name),
	TEXT_FIELD("client_locations", address),
	TEXT_FIELD("client_locations", city),
	TEXT_FIELD("client_locations", zip),
	TEXT_FIELD("client_locations", country),
	{ NULL, NULL, NULL, 0, 0 }
};

static const struct sync_field asset_fields[] = {
	NAME_FIELD("assets", name),
	TEXT_FIELD("assets", type),
	TEXT_FIELD("assets", make),
	TEXT_FIELD("assets", model),
	TEXT_FIELD("assets", serial),
	{ "warranty_expire", "SELECT warranty_expire FROM assets WHERE id = ?1",
	  "UPDATE assets SET warranty_expire = nullif(?2, ''), updated_at = ?3 "
	  "WHERE id = ?1 AND (coalesce(?2, '') = '' OR date(?2) = ?2)", 0, 0 },
	{ NULL, NULL, NULL, 0, 0 }
};

static const struct sync_field ticket_fields[] = {
	NAME_FIELD("tickets", subject),
	TEXT_FIELD("tickets", body),
	TEXT_FIELD("tickets", category),
	{ "status", "SELECT status FROM tickets WHERE id = ?1",
	  "UPDATE tickets SET status = ?2, resolved_at = CASE WHEN ?2 IN "
	  "('resolved', 'closed') THEN coalesce(resolved_at, ?3) END, "
	  "closed_at = CASE WHEN ?2 = 'closed' THEN coalesce(closed_at, ?3) "
	  "END, updated_at = ?3 WHERE id = ?1 AND ?2 IN ('open', "
	  "'in_progress', 'waiting', 'scheduled', 'resolved', 'closed')", 1, 0 },
	{ "priority", "SELECT priority FROM tickets WHERE id = ?1",
	  "UPDATE tickets SET priority = ?2, updated_at = ?3 WHERE id = ?1 AND "
	  "?2 IN ('low', 'normal', 'high', 'critical')", 1, 0 },
	{ "assigned_to", "SELECT u.name FROM tickets t LEFT JOIN users u ON "
	  "u.id = t.assigned_to WHERE t.id = ?1",
	  "UPDATE tickets SET assigned_to = nullif(?2, 0), updated_at = ?3 "
	  "WHERE id = ?1", 1, 1 },
	{ NULL, NULL, NULL, 0, 0 }
};

static const struct sync_field no_fields[] = { { NULL, NULL, NULL, 0, 0 } };

/* blocked: the pending rows of ?1 (this entity) whose parent's create
 * failed or is not supported, with that row (push.c, mark_blocked). */
#define PARENT(ent, tbl, col) \
	{ ent, tbl, #col, "SELECT " #col " FROM " tbl " WHERE id = ?1", \
	  "SELECT o.id, b.id AS pid, b.state AS pstate, coalesce(b.last_error, " \
	  "'') AS why FROM outbox o JOIN " tbl " x ON x.id = o.local_id JOIN " \
	  "outbox b ON b.entity = '" ent "' AND b.local_id = x." #col " AND " \
	  "b.op = 'create' AND b.state IN ('failed', 'unsupported') WHERE " \
	  "o.state = 'pending' AND o.entity = ?1 GROUP BY o.id" }
#define NO_PARENT { NULL, NULL, NULL, NULL, NULL }

#define LINKS(tbl) \
	"SELECT id FROM " tbl " WHERE remote_id = ?1", \
	"UPDATE " tbl " SET remote_id = ?2 WHERE uuid = ?1 AND remote_id IS " \
	"NULL RETURNING id", \
	"UPDATE " tbl " SET remote_id = ?2 WHERE id = ?1 AND remote_id IS NULL"

static const struct sync_entity entities[] = {
	{ "client", "client",
	  "SELECT json_object('uuid', uuid, 'remote_id', remote_id, "
	  "'name', name, 'company_name', company_name, 'email', email, "
	  "'phone', phone, 'status', status, 'hourly_rate_cents', "
	  "hourly_rate_cents, 'net_terms_days', net_terms_days, "
	  "'notes', notes) FROM clients WHERE id = ?1",
	  LINKS("clients"),
	  "INSERT INTO clients(remote_id, name, company_name, email, phone, "
	  "status, hourly_rate_cents, created_at, updated_at) VALUES (?1 ->> "
	  "'$.remote_id', coalesce(nullif(?1 ->> '$.name', ''), 'unnamed'), "
	  "nullif(?1 ->> '$.company_name', ''), nullif(?1 ->> '$.email', ''), "
	  "nullif(?1 ->> '$.phone', ''), CASE WHEN ?1 ->> '$.status' IN "
	  "('active', 'inactive', 'prospect', 'archived') THEN ?1 ->> "
	  "'$.status' ELSE 'active' END, ?1 ->> '$.hourly_rate_cents', ?3, ?3)",
	  PULL_RECORD, 0, client_fields, { NO_PARENT, NO_PARENT },
	  "SELECT id FROM clients WHERE id = ?1", NULL, NULL },
	{ "client_contact", "contact",
	  "SELECT json_object('uuid', x.uuid, 'remote_id', "
	  "x.remote_id, 'client_remote_id', c.remote_id, 'name', x.name, "
	  "'email', x.email, 'phone', x.phone, 'title', x.title, "
	  "'is_primary', json(CASE x.is_primary WHEN 1 THEN 'true' ELSE "
	  "'false' END)) FROM client_contacts x JOIN clients c ON "
	  "c.id = x.client_id WHERE x.id = ?1",
	  LINKS("client_contacts"),
	  "INSERT INTO client_contacts(remote_id, client_id, name, email, "
	  "phone, title, created_at, updated_at) VALUES (?1 ->> '$.remote_id', "
	  "?2, coalesce(nullif(?1 ->> '$.name', ''), 'unnamed'), nullif(?1 ->> "
	  "'$.email', ''), nullif(?1 ->> '$.phone', ''), nullif(?1 ->> "
	  "'$.title', ''), ?3, ?3)",
	  PULL_RECORD, 1, contact_fields,
	  { PARENT("client", "client_contacts", client_id),
	    NO_PARENT },
	  "SELECT client_id FROM client_contacts WHERE id = ?1", NULL, NULL },
	{ "client_location", "location",
	  "SELECT json_object('uuid', x.uuid, 'remote_id', "
	  "x.remote_id, 'client_remote_id', c.remote_id, 'name', x.name, "
	  "'address', x.address, 'city', x.city, 'zip', x.zip, "
	  "'country', x.country) FROM client_locations x JOIN clients c "
	  "ON c.id = x.client_id WHERE x.id = ?1",
	  LINKS("client_locations"),
	  "INSERT INTO client_locations(remote_id, client_id, name, address, "
	  "city, zip, country, created_at, updated_at) VALUES (?1 ->> "
	  "'$.remote_id', ?2, coalesce(nullif(?1 ->> '$.name', ''), "
	  "'unnamed'), nullif(?1 ->> '$.address', ''), nullif(?1 ->> '$.city', "
	  "''), nullif(?1 ->> '$.zip', ''), nullif(?1 ->> '$.country', ''), ?3, "
	  "?3)",
	  PULL_RECORD, 1, location_fields,
	  { PARENT("client", "client_locations", client_id),
	    NO_PARENT },
	  "SELECT client_id FROM client_locations WHERE id = ?1", NULL, NULL },
	{ "ticket", "ticket",
	  "SELECT json_object('uuid', t.uuid, 'remote_id', "
	  "t.remote_id, 'number', t.number, 'client_remote_id', "
	  "c.remote_id, 'client_name', c.name, 'subject', t.subject, "
	  "'body', t.body, 'priority', t.priority, 'status', t.status, "
	  "'category', t.category, 'source', t.source, 'billable', "
	  "json(CASE t.billable WHEN 1 THEN 'true' ELSE 'false' END), "
	  "'due_at', strftime('%Y-%m-%dT%H:%M:%SZ', t.due_at, "
	  "'unixepoch'), 'assigned_to', u.name, 'assigned_remote_id', "
	  "u.remote_id, 'contact_remote_id', ct.remote_id, "
	  "'asset_remote_id', a.remote_id) FROM tickets t "
	  "JOIN clients c ON c.id = t.client_id LEFT JOIN users u ON "
	  "u.id = t.assigned_to LEFT JOIN client_contacts ct ON ct.id = "
	  "t.contact_id LEFT JOIN assets a ON a.id = t.asset_id "
	  "WHERE t.id = ?1",
	  LINKS("tickets"),
	  NULL,   /* pull.c: a number and the assignee first */
	  PULL_TICKET, 1, ticket_fields,
	  { PARENT("client", "tickets", client_id),
	    NO_PARENT },
	  "SELECT client_id FROM tickets WHERE id = ?1", NULL, NULL },
	{ "ticket_note", "note",
	  "SELECT json_object('uuid', n.uuid, 'remote_id', "
	  "n.remote_id, 'ticket_remote_id', t.remote_id, "
	  "'client_remote_id', c.remote_id, 'body', n.body, "
	  "'visibility', n.visibility, 'author', u.name) FROM "
	  "ticket_notes n JOIN tickets t ON t.id = n.ticket_id JOIN "
	  "clients c ON c.id = t.client_id LEFT JOIN users u ON u.id = "
	  "n.author_id WHERE n.id = ?1",
	  NULL, NULL, NULL, NULL, PULL_NONE, 0, no_fields,
	  { PARENT("ticket", "ticket_notes", ticket_id),
	    NO_PARENT }, NULL, NULL, NULL },
	{ "time_entry", "time entry",
	  "SELECT json_object('uuid', x.uuid, 'remote_id', "
	  "x.remote_id, 'ticket_id', x.ticket_id, 'ticket_remote_id', "
	  "t.remote_id, 'client_remote_id', c.remote_id, 'minutes', "
	  "x.minutes, 'billable', json(CASE x.billable WHEN 1 THEN "
	  "'true' ELSE 'false' END), 'work_date', x.work_date, 'user', "
	  "u.name, 'note', x.note) FROM time_entries x LEFT JOIN tickets "
	  "t ON t.id = x.ticket_id LEFT JOIN clients c ON c.id = "
	  "t.client_id LEFT JOIN users u ON u.id = x.user_id "
	  "WHERE x.id = ?1",
	  NULL, NULL, NULL, NULL, PULL_NONE, 0, no_fields,
	  { PARENT("ticket", "time_entries", ticket_id),
	    NO_PARENT },
	  NULL, "SELECT ticket_id IS NULL FROM time_entries WHERE id = ?1",
	  "time without a ticket has nowhere to go" },
	{ "asset", "asset",
	  "SELECT json_object('uuid', a.uuid, 'remote_id', "
	  "a.remote_id, 'client_remote_id', c.remote_id, 'name', a.name, "
	  "'type', a.type, 'make', a.make, 'model', a.model, 'serial', "
	  "a.serial, 'ip', a.ip, 'mac', a.mac, 'status', a.status, "
	  "'purchase_date', a.purchase_date, 'warranty_expire', "
	  "a.warranty_expire, 'notes', a.notes) FROM assets a JOIN "
	  "clients c ON c.id = a.client_id WHERE a.id = ?1",
	  LINKS("assets"),
	  "INSERT INTO assets(remote_id, client_id, name, type, make, model, "
	  "serial, warranty_expire, created_at, updated_at) VALUES (?1 ->> "
	  "'$.remote_id', ?2, coalesce(nullif(?1 ->> '$.name', ''), "
	  "'unnamed'), nullif(?1 ->> '$.type', ''), nullif(?1 ->> '$.make', "
	  "''), nullif(?1 ->> '$.model', ''), nullif(?1 ->> '$.serial', ''), "
	  "CASE WHEN date(?1 ->> '$.warranty_expire') = ?1 ->> "
	  "'$.warranty_expire' THEN ?1 ->> '$.warranty_expire' END, ?3, ?3)",
	  PULL_RECORD, 1, asset_fields,
	  { PARENT("client", "assets", client_id),
	    NO_PARENT },
	  "SELECT client_id FROM assets WHERE id = ?1", NULL, NULL },
	{ "invoice", "invoice",
	  "SELECT json_object('uuid', i.uuid, 'remote_id', "
	  "i.remote_id, 'client_remote_id', c.remote_id, 'number', "
	  "i.number, 'subject', i.subject, 'status', i.status, "
	  "'issue_date', i.issue_date, 'due_date', i.due_date, "
	  "'total_cents', i.total_cents, 'currency', i.currency, "
	  "'items', (SELECT json_group_array(json_object('description', "
	  "description, 'quantity', quantity, 'price_cents', price_cents, "
	  "'total_cents', total_cents)) FROM (SELECT * FROM "
	  "invoice_items WHERE invoice_id = i.id ORDER BY position))) "
	  "FROM invoices i JOIN clients c ON c.id = i.client_id "
	  "WHERE i.id = ?1",
	  LINKS("invoices"),
	  "INSERT INTO invoices(remote_id, number, client_id, subject, status, "
	  "issue_date, due_date, total_cents, created_at, updated_at) VALUES "
	  "(?1 ->> '$.remote_id', ?1 ->> '$.number', ?2, coalesce(?1 ->> "
	  "'$.subject', 'Invoice ' || (?1 ->> '$.number')), CASE WHEN ?1 ->> "
	  "'$.status' IN ('draft', 'sent', 'partial', 'paid', 'cancelled') "
	  "THEN ?1 ->> '$.status' ELSE 'sent' END, ?1 ->> '$.issue_date', "
	  "?1 ->> '$.due_date', max(0, coalesce(?1 ->> '$.total_cents', 0)), "
	  "?3, ?3)",
	  PULL_INVOICE, 1, no_fields,
	  { PARENT("client", "invoices", client_id),
	    NO_PARENT },
	  "SELECT client_id FROM invoices WHERE id = ?1", NULL, NULL },
	{ "payment", "payment",
	  "SELECT json_object('uuid', p.uuid, 'remote_id', "
	  "p.remote_id, 'client_remote_id', c.remote_id, "
	  "'invoice_remote_id', i.remote_id, 'amount_cents', "
	  "p.amount_cents, 'method', p.method, 'reference', p.reference, "
	  "'status', p.status) FROM payments p JOIN clients c ON c.id = "
	  "p.client_id LEFT JOIN invoices i ON i.id = p.invoice_id "
	  "WHERE p.id = ?1",
	  NULL, NULL, NULL, NULL, PULL_NONE, 0, no_fields,
	  { PARENT("client", "payments", client_id),
	    PARENT("invoice", "payments", invoice_id) },
	  "SELECT client_id FROM payments WHERE id = ?1", NULL, NULL },
};

const struct sync_entity *
sync_entity_find(const char *name)
{
	for (size_t i = 0; name && i < sizeof entities / sizeof entities[0]; i++)
		if (strcmp(entities[i].name, name) == 0)
			return &entities[i];
	return NULL;
}

const struct sync_entity *
sync_entity_at(size_t i)
{
	return i < sizeof entities / sizeof entities[0] ? &entities[i] : NULL;
}

int
sync_rule_matches(struct js *j, const char *rule, const char *obj)
{
	if (rule == NULL)
		return 1;
	return js_i(j, "SELECT NOT EXISTS (SELECT 1 FROM json_each(?1) m "
	    "WHERE CAST(json_extract(?2, '$.\"' || m.key || '\"') AS TEXT) "
	    "IS NULL OR CAST(json_extract(?2, '$.\"' || m.key || '\"') AS "
	    "TEXT) NOT IN (SELECT CAST(value AS TEXT) FROM json_each("
	    "CASE WHEN m.type = 'array' THEN m.value ELSE json_array("
	    "m.value) END)))", "tt", rule, obj) != 0;
}
