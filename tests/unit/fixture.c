/*
 * fixture.c - a test helper that drives services and the event bus
 * directly, for what has no CLI command (yet):
 *
 *   fixture DB emit EVENT ENTITY ENTITY_ID CLIENT_ID SYNC_OP|- PAYLOAD|- [SQL]
 *       run SQL (optional) and emit EVENT in one transaction
 *   fixture DB ticket CLIENT SUBJECT [STATUS [PRIORITY [DUE_AT]]]
 *       ticket_create; prints the id
 *   fixture DB time TICKET MINUTES USER
 *       time_log; prints the id
 *   fixture DB jobs-notify CMD [ARG...]
 *       run every due job with notify.command = CMD ARG...
 *   fixture DB view CLIENT
 *       dashboard_get: the UI's struct, one "name value" line per field
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/event.h"
#include "core/job.h"
#include "service/dashboard.h"
#include "service/listeners.h"
#include "service/ticket.h"
#include "service/timeentry.h"

static int64_t
num(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (*s == '\0' || *end != '\0') {
		fprintf(stderr, "fixture: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static const char *
opt(const char *s)
{
	return strcmp(s, "-") == 0 ? NULL : s;
}

static int
emit(struct db *db, int argc, char **argv, struct err *e)
{
	struct event ev = { 0 };
	int k;

	if (argc < 6)
		return err_set(e, TP_USAGE, "emit needs 6 arguments");
	for (k = 0; k < EV__COUNT; k++)
		if (strcmp(event_name(k), argv[0]) == 0)
			break;
	if (k == EV__COUNT)
		return err_set(e, TP_USAGE, "unknown event %s", argv[0]);
	ev.kind = k;
	ev.entity = argv[1];
	ev.entity_id = num(argv[2]);
	ev.client_id = num(argv[3]);
	ev.sync_op = opt(argv[4]);
	ev.payload = opt(argv[5]);
	if (db_begin(db, e) != TP_OK)
		return e->code;
	if ((argc > 6 && sqlite3_exec(db->h, argv[6], NULL, NULL, NULL)
	    != SQLITE_OK && db_error(db, e, "sql")) ||
	    event_emit(db, &ev, e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}

static int
ticket(struct db *db, int argc, char **argv, struct err *e)
{
	struct ticket_new t = { 0 };
	int64_t id;

	if (argc < 2)
		return err_set(e, TP_USAGE, "ticket CLIENT SUBJECT");
	t.client_id = num(argv[0]);
	t.subject = argv[1];
	t.status = argc > 2 ? argv[2] : NULL;
	t.priority = argc > 3 ? argv[3] : NULL;
	t.due_at = argc > 4 ? num(argv[4]) : 0;
	if (ticket_create(db, &t, &id, e) != TP_OK)
		return e->code;
	printf("%lld\n", (long long)id);
	return TP_OK;
}

static int
timelog(struct db *db, int argc, char **argv, struct err *e)
{
	struct time_new t = { 0 };
	int64_t id;

	if (argc < 3)
		return err_set(e, TP_USAGE, "time TICKET MINUTES USER");
	t.ticket_id = num(argv[0]);
	t.minutes = num(argv[1]);
	t.user_id = num(argv[2]);
	if (time_log(db, &t, &id, e) != TP_OK)
		return e->code;
	printf("%lld\n", (long long)id);
	return TP_OK;
}

static int
jobs_notify(struct db *db, int argc, char **argv, struct err *e)
{
	int ran, failed;

	db->notify_argv = calloc((size_t)argc + 1, sizeof *db->notify_argv);
	for (int i = 0; i < argc; i++)
		db->notify_argv[i] = strdup(argv[i]);
	if (job_run(db, 0, &ran, &failed, e) != TP_OK)
		return e->code;
	printf("%d %d\n", ran, failed);
	return TP_OK;
}

static void
print_rows(const char *name, const struct rows *r, const char *col)
{
	printf("%s %zu", name, r->n);
	for (size_t i = 0; i < r->n; i++)
		printf(" %s", rows_text(r, i, col));
	printf("\n");
}

static int
view(struct db *db, int argc, char **argv, struct err *e)
{
	struct dashboard d;

	if (argc < 1)
		return err_set(e, TP_USAGE, "view CLIENT");
	if (dashboard_get(db, num(argv[0]), &d, e) != TP_OK)
		return e->code;
	printf("name %s\ncompany %s\nstatus %s\nrate %lld %lld\n"
	    "primary %s\n", d.name, d.company_name ? d.company_name : "-",
	    d.status, (long long)d.hourly_rate_cents, (long long)d.rate_cents,
	    d.primary_contact ? d.primary_contact : "-");
	printf("tickets %lld %lld %lld %lld\n", (long long)d.tickets_open,
	    (long long)d.tickets_overdue, (long long)d.tickets_open_urgent,
	    (long long)d.oldest_open_age_days);
	printf("assets %lld %lld %lld\n", (long long)d.assets_total,
	    (long long)d.warranty_expired, (long long)d.warranty_expiring_30d);
	printf("money %lld %lld %lld %lld %lld %lld %lld\n",
	    (long long)d.balance_cents, (long long)d.unbilled_cents,
	    (long long)d.unpaid_count, (long long)d.unpaid_cents,
	    (long long)d.overdue_count, (long long)d.overdue_cents,
	    (long long)d.paid_365d_cents);
	print_rows("contacts", &d.contacts, "name");
	print_rows("locations", &d.locations, "city");
	print_rows("by_status", &d.by_status, "count");
	print_rows("recent", &d.recent, "label");
	print_rows("projects", &d.projects, "unbilled_cents");
	dashboard_free(&d);
	return TP_OK;
}

int
main(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct db *db;
	int rc;

	if (argc < 3) {
		fprintf(stderr, "usage: fixture DB COMMAND ...\n");
		return 64;
	}
	if (listeners_install(&e) != TP_OK || db_open(argv[1], 0, &db, &e)
	    != TP_OK) {
		fprintf(stderr, "fixture: %s\n", e.msg);
		return 74;
	}
	if (strcmp(argv[2], "emit") == 0)
		rc = emit(db, argc - 3, argv + 3, &e);
	else if (strcmp(argv[2], "ticket") == 0)
		rc = ticket(db, argc - 3, argv + 3, &e);
	else if (strcmp(argv[2], "time") == 0)
		rc = timelog(db, argc - 3, argv + 3, &e);
	else if (strcmp(argv[2], "view") == 0)
		rc = view(db, argc - 3, argv + 3, &e);
	else if (strcmp(argv[2], "jobs-notify") == 0)
		rc = jobs_notify(db, argc - 3, argv + 3, &e);
	else
		rc = err_set(&e, TP_USAGE, "unknown command %s", argv[2]);
	if (rc != TP_OK)
		fprintf(stderr, "fixture: %s\n", e.msg);
	db_close(db);
	return rc == TP_OK ? 0 : err_exit_status(rc);
}
