/* user.c - see user.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/event.h"
#include "core/text.h"
#include "service/user.h"

int
user_check_name(const char *name, struct err *e)
{
	if (name == NULL || *name == '\0' || strlen(name) > 200)
		return err_set(e, TP_BADINPUT, "a user name must be 1 to 200 "
		    "characters");
	return text_check(name, "user name", 200, 0, e);
}

static int
insert(struct db *db, const char *name, const char *email, int64_t rate,
    int64_t *id, struct err *e)
{
	int64_t now = clock_now(), x;
	char line[300];
	struct event ev = { EV_USER_CREATED, "user", 0, 0, NULL, line, NULL };

	if (user_check_name(name, e) != TP_OK ||
	    text_check(email, "email", 200, 0, e) != TP_OK)
		return e->code;
	if (db_int(db, e, &x, "SELECT id FROM users WHERE name = ?1", "t",
	    name) == TP_OK)
		return err_set(e, TP_REFUSED, "user '%s' exists already (id %lld)",
		    name, (long long)x);
	if (db_exec(db, e,
	    "INSERT INTO users(name, email, hourly_rate_cents, created_at, "
	    "updated_at) VALUES (?1, ?2, CASE WHEN ?3 >= 0 THEN ?3 END, ?4, ?4)",
	    "ttii", name, email, rate, now) != TP_OK)
		return e->code;
	*id = db_last_id(db);
	ev.entity_id = *id;
	snprintf(line, sizeof line, "User %s created", name);
	return event_emit(db, &ev, e);
}

int
user_add(struct db *db, const char *name, const char *email,
    int64_t rate_cents, int64_t *id, struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (insert(db, name, email, rate_cents, id, e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}

int
user_ensure(struct db *db, const char *name, int64_t *id, struct err *e)
{
	int rc = db_int(db, e, id, "SELECT id FROM users WHERE name = ?1", "t",
	    name);

	if (rc != TP_NOTFOUND)
		return rc;
	if (db_begin(db, e) != TP_OK)
		return e->code;
	/* Another process may have made it while we waited for the lock. */
	rc = db_int(db, e, id, "SELECT id FROM users WHERE name = ?1", "t", name);
	if (rc == TP_NOTFOUND)
		rc = insert(db, name, NULL, -1, id, e);
	if (rc != TP_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, e);
}

int
user_resolve(struct db *db, const char *who, int64_t *id, struct err *e)
{
	int64_t n;

	if (who == NULL || *who == '\0')
		return err_set(e, TP_BADINPUT, "empty user: give a name, an id, "
		    "'me' or 'none'");
	if (strcmp(who, "none") == 0) {
		*id = 0;
		return TP_OK;
	}
	if (strcmp(who, "me") == 0) {
		if (db->me == 0)
			return err_set(e, TP_NOTFOUND, "no current user: set --user, "
			    "TERMPSA_USER or user: in the config (a new name is "
			    "added by its first change; a read does not add it)");
		*id = db->me;
		return TP_OK;
	}
	if (text_parse_int(who, 1, INT64_MAX, &n) == 0) {
		if (db_int(db, e, id, "SELECT id FROM users WHERE id = ?1", "i",
		    n) == TP_OK)
			return TP_OK;
	}
	if (db_int(db, e, id, "SELECT id FROM users WHERE name = ?1", "t", who)
	    == TP_OK)
		return TP_OK;
	return err_set(e, TP_NOTFOUND, "user '%s' not found (see 'termpsa user "
	    "list')", who);
}

int
user_list(struct db *db, struct rows *out, struct err *e)
{
	return rows_query(db, out, e,
	    "SELECT u.id, u.name, u.email, u.hourly_rate_cents, "
	    /* Open work named status by status (the CHECK allows no
	     * other), so each is a seek on tickets_assigned_status: NOT IN
	     * would read every ticket the user ever had. */
	    "(SELECT count(*) FROM tickets t WHERE t.assigned_to = u.id AND "
	    " t.status IN ('open', 'in_progress', 'waiting', 'scheduled')) "
	    "AS open_tickets, "
	    "u.created_at FROM users u ORDER BY u.name", NULL);
}
