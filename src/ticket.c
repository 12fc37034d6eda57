/* ticket.c - see ticket.h. */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "event.h"
#include "ticket.h"

const char *const ticket_priorities[] = {
	"low", "normal", "high", "critical", NULL
};
const char *const ticket_statuses[] = {
	"open", "in_progress", "waiting", "scheduled", "resolved", "closed", NULL
};
const char *const ticket_sources[] = {
	"system", "technician", "phone", "email", "portal", "psa", NULL
};

int
ticket_check_enum(const char *value, const char *what,
    const char *const choices[], struct err *e)
{
	char list[200] = "";
	size_t used = 0;

	for (int i = 0; choices[i]; i++) {
		if (value != NULL && strcmp(value, choices[i]) == 0)
			return TP_OK;
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
		    i ? ", " : "", choices[i]);
		if (used >= sizeof list)
			break;
	}
	return err_set(e, TP_BADINPUT, "bad %s '%s': expected one of %s", what,
	    value ? value : "", list);
}

/* A reference must exist and, where it has one, belong to the client. */
static int
check_ref(struct db *db, const char *sql, const char *what, int64_t id,
    int64_t client_id, struct err *e)
{
	int64_t owner;

	if (id == 0)
		return TP_OK;
	if (db_int(db, e, &owner, sql, "i", id) != TP_OK)
		return err_set(e, TP_NOTFOUND, "%s %lld not found", what,
		    (long long)id);
	if (client_id != 0 && owner != client_id)
		return err_set(e, TP_REFUSED, "%s %lld belongs to another client",
		    what, (long long)id);
	return TP_OK;
}

static int
validate(struct db *db, const struct ticket_new *t, struct err *e)
{
	if (t->subject == NULL || *t->subject == '\0')
		return err_set(e, TP_BADINPUT, "a ticket needs a subject");
	if (strlen(t->subject) > 10000)
		return err_set(e, TP_BADINPUT, "subject longer than 10000 "
		    "characters");
	if ((t->priority && ticket_check_enum(t->priority, "priority",
	    ticket_priorities, e)) ||
	    (t->status && ticket_check_enum(t->status, "status",
	    ticket_statuses, e)) ||
	    (t->source && ticket_check_enum(t->source, "source",
	    ticket_sources, e)))
		return e->code;
	if (check_ref(db, "SELECT id FROM clients WHERE id = ?1", "client",
	    t->client_id, 0, e) ||
	    check_ref(db, "SELECT client_id FROM client_contacts WHERE id = ?1",
	    "contact", t->contact_id, t->client_id, e) ||
	    check_ref(db, "SELECT client_id FROM client_locations WHERE id = ?1",
	    "location", t->location_id, t->client_id, e) ||
	    check_ref(db, "SELECT client_id FROM assets WHERE id = ?1",
	    "asset", t->asset_id, t->client_id, e) ||
	    check_ref(db, "SELECT client_id FROM projects WHERE id = ?1",
	    "project", t->project_id, t->client_id, e) ||
	    check_ref(db, "SELECT 0 FROM users WHERE id = ?1", "user",
	    t->assigned_to, 0, e))
		return e->code;
	if (t->client_id == 0)
		return err_set(e, TP_BADINPUT, "a ticket needs a client");
	return TP_OK;
}

static int
insert(struct db *db, const struct ticket_new *t, int64_t *id, struct err *e)
{
	int64_t number, now = clock_now();
	char line[160];
	struct event ev = { EV_TICKET_CREATED, "ticket", 0, t->client_id, NULL,
	    line, "create" };

	if (db_next_counter(db, "ticket", &number, e) != TP_OK)
		return e->code;
	if (db_exec(db, e,
	    "INSERT INTO tickets(number, client_id, contact_id, location_id, "
	    "asset_id, project_id, subject, body, priority, status, source, "
	    "category, assigned_to, billable, due_at, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce(?9, 'normal'), "
	    "coalesce(?10, 'open'), coalesce(?11, 'technician'), ?12, ?13, ?14, "
	    "?15, ?16, ?16)",
	    "iiIIIItttttt" "IiIi", number, t->client_id, t->contact_id,
	    t->location_id, t->asset_id, t->project_id, t->subject, t->body,
	    t->priority, t->status, t->source, t->category, t->assigned_to,
	    (int64_t)!t->not_billable, t->due_at, now) != TP_OK)
		return e->code;
	*id = db_last_id(db);
	ev.entity_id = *id;
	snprintf(line, sizeof line, "Ticket #%lld created: %.100s",
	    (long long)number, t->subject);
	return event_emit(db, &ev, e);
}

int
ticket_create(struct db *db, const struct ticket_new *t, int64_t *id,
    struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (validate(db, t, e) != TP_OK || insert(db, t, id, e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}

int
ticket_delete(struct db *db, int64_t id, struct err *e)
{
	int64_t client_id;
	char line[80];
	struct event ev = { EV_TICKET_DELETED, "ticket", id, 0, NULL, line, NULL };

	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (db_int(db, e, &client_id, "SELECT client_id FROM tickets WHERE "
	    "id = ?1", "i", id) != TP_OK) {
		db_rollback(db);
		return err_set(e, TP_NOTFOUND, "ticket %lld not found",
		    (long long)id);
	}
	ev.client_id = client_id;
	snprintf(line, sizeof line, "Ticket %lld deleted", (long long)id);
	if (db_exec(db, e, "DELETE FROM outbox WHERE state = 'pending' AND "
	    "((entity = 'ticket' AND local_id = ?1) OR (entity = 'ticket_note' "
	    "AND local_id IN (SELECT id FROM ticket_notes WHERE ticket_id = ?1)) "
	    "OR (entity = 'time_entry' AND local_id IN (SELECT id FROM "
	    "time_entries WHERE ticket_id = ?1)))", "i", id) != TP_OK ||
	    db_exec(db, e, "DELETE FROM time_entries WHERE ticket_id = ?1 AND "
	    "invoice_id IS NULL", "i", id) != TP_OK ||
	    db_exec(db, e, "UPDATE asset_maintenance SET ticket_id = NULL WHERE "
	    "ticket_id = ?1", "i", id) != TP_OK ||
	    db_exec(db, e, "DELETE FROM tickets WHERE id = ?1", "i", id) != TP_OK ||
	    event_emit(db, &ev, e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}
