/* timeentry.c - see timeentry.h. */
#include <stdio.h>

#include "balance.h"
#include "clock.h"
#include "event.h"
#include "timeentry.h"

/* The client the work is for, through the ticket or the project. */
static int
owner_client(struct db *db, const struct time_new *t, int64_t *client_id,
    struct err *e)
{
	if (t->ticket_id != 0) {
		if (db_int(db, e, client_id, "SELECT client_id FROM tickets WHERE "
		    "id = ?1", "i", t->ticket_id) != TP_OK)
			return err_set(e, TP_NOTFOUND, "ticket %lld not found",
			    (long long)t->ticket_id);
		return TP_OK;
	}
	if (t->project_id != 0) {
		if (db_int(db, e, client_id, "SELECT client_id FROM projects WHERE "
		    "id = ?1", "i", t->project_id) != TP_OK)
			return err_set(e, TP_NOTFOUND, "project %lld not found",
			    (long long)t->project_id);
		return TP_OK;
	}
	return err_set(e, TP_BADINPUT, "time needs a ticket or a project");
}

static int
insert(struct db *db, const struct time_new *t, int64_t client_id,
    int64_t *id, struct err *e)
{
	char today[CLOCK_DATE_LEN], line[120], payload[64];
	const char *date = t->work_date;
	int64_t now = clock_now(), x;
	struct event ev = { EV_TIME_LOGGED, "time_entry", 0, client_id, payload,
	    line, "create" };

	if (date == NULL) {
		clock_today(today);
		date = today;
	} else if (clock_check_date(date, e) != TP_OK) {
		return e->code;
	}
	if (db_int(db, e, &x, "SELECT id FROM users WHERE id = ?1", "i",
	    t->user_id) != TP_OK)
		return err_set(e, TP_NOTFOUND, "user %lld not found",
		    (long long)t->user_id);
	if (db_exec(db, e,
	    "INSERT INTO time_entries(ticket_id, project_id, user_id, work_date, "
	    "minutes, billable, note, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
	    "IIitiiti", t->ticket_id, t->project_id, t->user_id, date,
	    t->minutes, (int64_t)!t->not_billable, t->note, now) != TP_OK)
		return e->code;
	*id = db_last_id(db);
	ev.entity_id = *id;
	if (t->ticket_id)
		snprintf(payload, sizeof payload, "{\"ticket_id\":%lld}",
		    (long long)t->ticket_id);
	else
		snprintf(payload, sizeof payload, "{\"project_id\":%lld}",
		    (long long)t->project_id);
	snprintf(line, sizeof line, "%lld min logged on %s %lld",
	    (long long)t->minutes, t->ticket_id ? "ticket" : "project",
	    (long long)(t->ticket_id ? t->ticket_id : t->project_id));
	if (event_emit(db, &ev, e) != TP_OK)
		return e->code;
	return balance_recompute(db, client_id, e);
}

int
time_log(struct db *db, const struct time_new *t, int64_t *id, struct err *e)
{
	int64_t client_id;

	if (t->minutes < 1 || t->minutes > 1440)
		return err_set(e, TP_BADINPUT, "bad minutes %lld: expected 1 to "
		    "1440", (long long)t->minutes);
	if (t->ticket_id != 0 && t->project_id != 0)
		return err_set(e, TP_BADINPUT, "time goes to a ticket or a "
		    "project, not both");
	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (owner_client(db, t, &client_id, e) != TP_OK ||
	    insert(db, t, client_id, id, e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}
