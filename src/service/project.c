/* project.c - see project.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cache.h"
#include "core/clock.h"
#include "core/event.h"
#include "core/money.h"
#include "core/text.h"
#include "service/activity.h"
#include "service/balance.h"
#include "service/project.h"
#include "service/ticket.h"
#include "service/timeentry.h"

const char *const project_statuses[] = {
	"active", "on_hold", "completed", NULL
};

#define DESCRIPTION_MAX 1000

/* The project's client, or TP_NOTFOUND naming the project. */
static int
project_client(struct db *db, int64_t id, int64_t *client_id, struct err *e)
{
	if (id <= 0 || db_int(db, e, client_id, "SELECT client_id FROM "
	    "projects WHERE id = ?1", "i", id) != TP_OK)
		return err_set(e, TP_NOTFOUND, "project %lld not found",
		    (long long)id);
	return TP_OK;
}

static int
create_tx(struct db *db, int64_t client_id, const char *name,
    const char *due_date, int64_t *id, struct err *e)
{
	int64_t x, now = clock_now();
	char line[300];
	struct event ev = { EV_PROJECT_CREATED, "project", 0, client_id, NULL,
	    line, NULL };

	if (client_id <= 0 || db_int(db, e, &x, "SELECT id FROM clients WHERE "
	    "id = ?1", "i", client_id) != TP_OK)
		return err_set(e, TP_NOTFOUND, "client %lld not found",
		    (long long)client_id);
	if (db_exec(db, e, "INSERT INTO projects(client_id, name, due_date, "
	    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)", "itti",
	    client_id, name, due_date, now) != TP_OK)
		return e->code;
	*id = db_last_id(db);
	ev.entity_id = *id;
	snprintf(line, sizeof line, "Project %.200s created", name);
	return event_emit(db, &ev, e);
}

int
project_create(struct db *db, int64_t client_id, const char *name,
    const char *due_date, int64_t *id, struct err *e)
{
	if (name == NULL || *name == '\0' || strlen(name) > 200)
		return err_set_field(e, TP_BADINPUT, "name", "a project name "
		    "must be 1 to 200 characters");
	if (text_check(name, "project name", 200, 0, e) != TP_OK)
		return err_field(e, e->code, "name");
	if (due_date != NULL && clock_check_date(due_date, NULL) != TP_OK)
		return err_set_field(e, TP_BADINPUT, "due_date", "bad due date "
		    "'%s': expected a date YYYY-MM-DD", due_date);
	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (create_tx(db, client_id, name, due_date, id, e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}

/* What bill-project would invoice now for project p (?1 the default rate):
 * per user, minutes * rate / 60 rounded half up, plus the expenses; the
 * same rule balance.c uses for the client's unbilled amount. */
#define PROJECT_UNBILLED \
	"(coalesce((SELECT sum((m * r + 30) / 60) FROM (" \
	" SELECT sum(te.minutes) AS m, coalesce(u.hourly_rate_cents, ?1) AS r" \
	" FROM time_entries te JOIN users u ON u.id = te.user_id" \
	" WHERE te.project_id = p.id AND te.ticket_id IS NULL" \
	" AND te.billable = 1 AND te.invoice_id IS NULL" \
	" AND te.minutes IS NOT NULL GROUP BY te.user_id)), 0)" \
	" + coalesce((SELECT sum(x.amount_cents) FROM project_expenses x" \
	" WHERE x.project_id = p.id AND x.billable = 1" \
	" AND x.invoice_id IS NULL), 0))"

int
project_get(struct db *db, int64_t id, struct rows *out, struct err *e)
{
	if (rows_query(db, out, e,
	    "SELECT p.id, p.uuid, p.remote_id, p.client_id, c.name AS "
	    "client_name, p.name, p.status, p.due_date, p.created_at, "
	    "p.updated_at, (SELECT coalesce(sum(minutes), 0) FROM time_entries "
	    "WHERE project_id = p.id AND minutes IS NOT NULL) AS minutes, "
	    "(SELECT coalesce(sum(minutes), 0) FROM time_entries WHERE "
	    "project_id = p.id AND ticket_id IS NULL AND billable = 1 AND "
	    "invoice_id IS NULL AND minutes IS NOT NULL) AS unbilled_minutes, "
	    "(SELECT coalesce(sum(amount_cents), 0) FROM project_expenses WHERE "
	    "project_id = p.id) AS expenses_cents, " PROJECT_UNBILLED
	    " AS unbilled_cents FROM projects p JOIN clients c ON "
	    "c.id = p.client_id WHERE p.id = ?2", "ii", db->default_rate_cents,
	    id) != TP_OK)
		return e->code;
	if (out->n == 0) {
		rows_free(out);
		return err_set(e, TP_NOTFOUND, "project %lld not found",
		    (long long)id);
	}
	return TP_OK;
}

int
project_list(struct db *db, const struct project_filter *f,
    struct rows *out, struct err *e)
{
	int64_t x;

	if (f->limit < 0 || f->limit > 1000)
		return err_set(e, TP_BADINPUT, "bad limit %d: expected 1 to 1000",
		    f->limit);
	if (f->status != NULL && ticket_check_enum(f->status, "status",
	    project_statuses, e) != TP_OK)
		return e->code;
	if (f->client_id != 0 && db_int(db, e, &x, "SELECT id FROM clients "
	    "WHERE id = ?1", "i", f->client_id) != TP_OK)
		return err_set(e, TP_NOTFOUND, "client %lld not found",
		    (long long)f->client_id);
	if (f->after_id != 0 && project_client(db, f->after_id, &x, e) != TP_OK)
		return e->code;
	return rows_query(db, out, e,
	    "SELECT p.id, p.client_id, c.name AS client_name, p.name, p.status, "
	    "p.due_date, " PROJECT_UNBILLED " AS unbilled_cents "
	    "FROM projects p JOIN clients c ON c.id = p.client_id "
	    "WHERE (?2 = 0 OR p.client_id = ?2) AND (?3 IS NULL OR "
	    "p.status = ?3) AND (?4 = 0 OR (p.name, p.id) > (SELECT name, id "
	    "FROM projects WHERE id = ?4)) ORDER BY p.name, p.id LIMIT ?5",
	    "iitii", db->default_rate_cents, f->client_id, f->status,
	    f->after_id, (int64_t)(f->limit ? f->limit : 50));
}

static int
status_tx(struct db *db, int64_t id, const char *status, struct err *e)
{
	int64_t client_id;
	char *old = NULL, line[160];
	int rc;

	if (project_client(db, id, &client_id, e) != TP_OK)
		return e->code;
	if (db_text(db, e, &old, "SELECT status FROM projects WHERE id = ?1",
	    "i", id) != TP_OK)
		return e->code;
	if (strcmp(old, status) == 0) {
		free(old);
		return TP_OK;
	}
	snprintf(line, sizeof line, "Project %lld: %s -> %s", (long long)id,
	    old, status);
	free(old);
	rc = db_exec(db, e, "UPDATE projects SET status = ?2, updated_at = ?3 "
	    "WHERE id = ?1", "iti", id, status, clock_now());
	if (rc == TP_OK)
		rc = activity_add(db, client_id, "project", id, line, e);
	if (rc == TP_OK)
		rc = cache_invalidate_client(db, client_id, e);
	return rc;
}

int
project_set_status(struct db *db, int64_t id, const char *status,
    struct err *e)
{
	if (ticket_check_enum(status, "status", project_statuses, e) != TP_OK)
		return e->code;
	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (status_tx(db, id, status, e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}

/* Add key = value (text, or NULL for JSON null) to the payload object. */
static int
payload_set(struct db *db, char **payload, const char *key, const char *v,
    struct err *e)
{
	char *next = NULL;

	if (db_text(db, e, &next, "SELECT json_set(?1, '$.' || ?2, ?3)", "ttt",
	    *payload, key, v) != TP_OK)
		return e->code;
	free(*payload);
	*payload = next;
	return TP_OK;
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static int
update_tx(struct db *db, int64_t id, const struct project_patch *p,
    char **payload, int *changed, struct err *e)
{
	struct rows cur = { 0 };
	const char *cols[] = { "name", "status", "due_date" };
	const char *now[3], *old;
	char line[600];
	int64_t client_id;
	int rc;

	rc = rows_query(db, &cur, e, "SELECT client_id, name, status, due_date "
	    "FROM projects WHERE id = ?1", "i", id);
	if (rc == TP_OK && cur.n == 0)
		rc = err_set(e, TP_NOTFOUND, "project %lld not found",
		    (long long)id);
	if (rc != TP_OK) {
		rows_free(&cur);
		return rc;
	}
	client_id = rows_int(&cur, 0, "client_id");
	now[0] = p->name;
	now[1] = p->status;
	now[2] = p->clear_due || (p->due_date && *p->due_date == '\0') ? NULL
	    : p->due_date;
	for (int i = 0; i < 3 && rc == TP_OK; i++) {
		old = rows_isnull(&cur, 0, cols[i]) ? NULL :
		    rows_text(&cur, 0, cols[i]);
		if (i < 2 && now[i] == NULL)
			now[i] = old;
		else if (i == 2 && !p->clear_due && p->due_date == NULL)
			now[i] = old;
		if (!same(old, now[i])) {
			(*changed)++;
			rc = payload_set(db, payload, cols[i], now[i], e);
		}
	}
	if (rc == TP_OK && *changed) {
		rc = db_exec(db, e, "UPDATE projects SET name = ?2, status = ?3, "
		    "due_date = ?4, updated_at = ?5 WHERE id = ?1", "ittti", id,
		    now[0], now[1], now[2], clock_now());
		snprintf(line, sizeof line, "Project %.200s updated: %.350s",
		    now[0], *payload);
		if (rc == TP_OK)
			rc = activity_add(db, client_id, "project", id, line, e);
		if (rc == TP_OK)
			rc = cache_invalidate_client(db, client_id, e);
	}
	rows_free(&cur);
	return rc;
}

int
project_update(struct db *db, int64_t id, const struct project_patch *p,
    int *changed, struct err *e)
{
	char *payload;
	int n = 0, rc;

	if (p->name != NULL && (*p->name == '\0' || strlen(p->name) > 200))
		return err_set_field(e, TP_BADINPUT, "name", "a project name "
		    "must be 1 to 200 characters");
	if (text_check(p->name, "project name", 200, 0, e) != TP_OK)
		return err_field(e, e->code, "name");
	if (p->status != NULL && ticket_check_enum(p->status, "status",
	    project_statuses, e) != TP_OK)
		return e->code;
	if (!p->clear_due && p->due_date != NULL && *p->due_date != '\0' &&
	    clock_check_date(p->due_date, NULL) != TP_OK)
		return err_set_field(e, TP_BADINPUT, "due_date", "bad due date "
		    "'%s': expected a date YYYY-MM-DD", p->due_date);
	if (db_begin(db, e) != TP_OK)
		return e->code;
	payload = xstrdup("{}");
	rc = update_tx(db, id, p, &payload, &n, e);
	if (rc != TP_OK)
		db_rollback(db);
	else
		rc = db_commit(db, e);
	free(payload);
	if (rc == TP_OK && changed != NULL)
		*changed = n;
	return rc;
}

int
project_log(struct db *db, int64_t project_id, int64_t user_id,
    int64_t minutes, const char *work_date, int billable, const char *note,
    int64_t *id, struct err *e)
{
	struct time_new t;

	memset(&t, 0, sizeof t);
	t.project_id = project_id;
	t.user_id = user_id;
	t.minutes = minutes;
	t.work_date = work_date;
	t.not_billable = !billable;
	t.note = note;
	if (project_id <= 0)
		return err_set(e, TP_NOTFOUND, "project %lld not found",
		    (long long)project_id);
	return time_log(db, &t, id, e);
}

static int
expense_tx(struct db *db, int64_t project_id, int64_t amount_cents,
    const char *description, int billable, int64_t *id, struct err *e)
{
	int64_t client_id;
	char line[300], money[MONEY_LEN];
	struct event ev = { EV_PROJECT_EXPENSE_ADDED, "project_expense", 0, 0,
	    NULL, line, NULL };

	if (project_client(db, project_id, &client_id, e) != TP_OK)
		return e->code;
	if (db_exec(db, e, "INSERT INTO project_expenses(project_id, "
	    "description, amount_cents, billable, created_at) VALUES (?1, ?2, "
	    "?3, ?4, ?5)", "itiii", project_id, description, amount_cents,
	    (int64_t)(billable != 0), clock_now()) != TP_OK)
		return e->code;
	*id = db_last_id(db);
	ev.entity_id = *id;
	ev.client_id = client_id;
	money_format(amount_cents, money);
	snprintf(line, sizeof line, "Expense %s on project %lld: %.200s", money,
	    (long long)project_id, description);
	if (event_emit(db, &ev, e) != TP_OK)
		return e->code;
	return balance_recompute(db, client_id, e);
}

int
project_add_expense(struct db *db, int64_t project_id, int64_t amount_cents,
    const char *description, int billable, int64_t *id, struct err *e)
{
	char money[MONEY_LEN];

	if (amount_cents <= 0 || amount_cents > MONEY_MAX_CENTS) {
		money_format(amount_cents, money);
		return err_set(e, TP_BADINPUT, "bad amount %s: expected more than "
		    "0.00", money);
	}
	if (description == NULL || *description == '\0' ||
	    strlen(description) > DESCRIPTION_MAX)
		return err_set(e, TP_BADINPUT, "an expense description must be 1 "
		    "to %d characters", DESCRIPTION_MAX);
	if (text_check(description, "expense description", DESCRIPTION_MAX,
	    TEXT_MULTILINE, e) != TP_OK)
		return e->code;
	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (expense_tx(db, project_id, amount_cents, description, billable, id,
	    e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}

int
project_expense_list(struct db *db, int64_t project_id, struct rows *out,
    struct err *e)
{
	int64_t client_id;

	if (project_client(db, project_id, &client_id, e) != TP_OK)
		return e->code;
	return rows_query(db, out, e, "SELECT id, project_id, description, "
	    "amount_cents, billable, invoice_id, created_at FROM "
	    "project_expenses WHERE project_id = ?1 ORDER BY id", "i",
	    project_id);
}
