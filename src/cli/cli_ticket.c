/* cli_ticket.c - the 'ticket' commands: add, list, show and triage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "service/filter.h"
#include "service/sla.h"
#include "service/ticket.h"
#include "service/timeentry.h"
#include "service/user.h"

static int
parse_ticket(const char *s, int64_t *id, struct err *e)
{
	return cli_parse_id(s, "ticket id", id, e);
}

/* A due date is the start of that day, local time. */
static int
parse_due(const char *s, int64_t *ts, struct err *e)
{
	if (clock_check_date(s, e) != TP_OK) {
		err_prefix(e, "--due");
		return e->code;
	}
	*ts = clock_date_start(s);
	return TP_OK;
}

/* "open,waiting" -> a bit per ticket_statuses entry. */
static int
parse_statuses(const char *s, unsigned *mask, struct err *e)
{
	char *copy = xstrdup(s), *p = copy;
	int rc = TP_OK;

	*mask = 0;
	while (rc == TP_OK && p != NULL) {
		char *comma = strchr(p, ',');
		int i;

		if (comma)
			*comma = '\0';
		for (i = 0; ticket_statuses[i]; i++)
			if (strcmp(p, ticket_statuses[i]) == 0)
				break;
		if (ticket_statuses[i] == NULL)
			rc = cli_parse_enum(p, "status", ticket_statuses, e);
		else
			*mask |= 1u << i;
		p = comma ? comma + 1 : NULL;
	}
	free(copy);
	return rc;
}

/* An optional reference: an id, or "none" (-1) to clear it. */
static int
parse_ref(const char *s, const char *what, int64_t *out, struct err *e)
{
	if (s == NULL) {
		*out = 0;
		return TP_OK;
	}
	if (strcmp(s, "none") == 0) {
		*out = -1;
		return TP_OK;
	}
	return cli_parse_id(s, what, out, e);
}

/* After a change: the ticket as JSON, or a line for a person. */
static int
print_done(struct app *app, int64_t id, const char *line, struct err *e)
{
	struct rows r = { 0 };
	int rc;

	if (!app->json) {
		cli_puts_safe(app, line);
		return TP_OK;
	}
	rc = ticket_get(app->db, id, &r, e);
	if (rc == TP_OK)
		rc = cli_print_record(app, &r, 0, e);
	rows_free(&r);
	return rc;
}

static int
cmd_add(struct app *app, const struct cli_args *a, struct err *e)
{
	struct ticket_new t = { 0 };
	const char *v;
	int64_t id;

	if (cli_parse_id(a->pos[0], "client id", &t.client_id, e) != TP_OK)
		return e->code;
	t.subject = a->pos[1];
	t.body = cli_opt(a, "body");
	t.priority = cli_opt(a, "priority");
	t.category = cli_opt(a, "category");
	t.source = cli_opt(a, "source");
	if (*t.subject == '\0' || strlen(t.subject) > 10000)
		return err_set(e, TP_BADINPUT, "a ticket needs a subject of 1 to "
		    "10000 characters");
	if ((t.priority && cli_parse_enum(t.priority, "priority",
	    ticket_priorities, e)) ||
	    (t.source && cli_parse_enum(t.source, "source", ticket_sources, e)) ||
	    ((v = cli_opt(a, "asset")) && cli_parse_id(v, "asset id",
	    &t.asset_id, e)) ||
	    ((v = cli_opt(a, "project")) && cli_parse_id(v, "project id",
	    &t.project_id, e)) ||
	    ((v = cli_opt(a, "due")) && parse_due(v, &t.due_at, e)))
		return e->code;
	if (app_db(app, e) != TP_OK)
		return e->code;
	if ((v = cli_opt(a, "assign")) &&
	    user_resolve(app->db, v, &t.assigned_to, e) != TP_OK)
		return e->code;
	if (ticket_create(app->db, &t, &id, e) != TP_OK)
		return e->code;
	if (!app->json)
		return cli_print_id(app, "ticket", id, e);
	return print_done(app, id, NULL, e);
}

/* The options that are terms of the filter language, checked as options
 * (their messages name the option), then written as the terms they mean
 * after the command's own words: one path for both. */
static int
option_terms(const struct cli_args *a, struct buf *words, struct err *e)
{
	static const struct { const char *opt, *field; } as_terms[] = {
		{ "client", "client:" }, { "status", "status:" },
		{ "priority", "pri:" }, { "assignee", "assignee:" },
	};
	char *w[CLI_MAX_POS + 5];
	struct buf terms[4];
	int n = 0, rc = TP_OK;
	const char *v;
	unsigned mask;
	int64_t id;

	for (int i = 0; i < a->npos && n < CLI_MAX_POS; i++)
		w[n++] = a->pos[i];
	if (((v = cli_opt(a, "client")) &&
	    cli_parse_id(v, "client id", &id, e) != TP_OK) ||
	    ((v = cli_opt(a, "status")) && parse_statuses(v, &mask, e)) ||
	    ((v = cli_opt(a, "priority")) && cli_parse_enum(v, "priority",
	    ticket_priorities, e) != TP_OK))
		return e->code;
	if ((v = cli_opt(a, "assignee")) != NULL && *v == '\0')
		return err_set(e, TP_BADINPUT, "bad --assignee '': expected "
		    "a user, me or none");
	for (size_t i = 0; i < 4; i++) {
		buf_init(&terms[i]);
		if ((v = cli_opt(a, as_terms[i].opt)) == NULL)
			continue;
		buf_addf(&terms[i], "%s%s", as_terms[i].field, v);
		w[n++] = terms[i].s;
	}
	if (cli_flag(a, "overdue"))
		w[n++] = "overdue";
	filter_join_words(w, n, words);
	for (size_t i = 0; i < 4; i++)
		buf_free(&terms[i]);
	return rc;
}

static int
parse_filter(const struct cli_args *a, struct ticket_filter *f,
    struct buf *terms, struct err *e)
{
	const char *v;
	int64_t n;

	memset(f, 0, sizeof *f);
	if (option_terms(a, terms, e) != TP_OK)
		return e->code;
	f->terms = terms->s;
	if (cli_parse_search(a, &f->search, e) != TP_OK)
		return e->code;
	if ((v = cli_opt(a, "sort")) != NULL) {
		/* In enum ticket_sort's order. */
		static const char *const sorts[] = {
			"updated", "priority", "due", "newest", "client", "sla",
			NULL
		};

		if (cli_parse_enum(v, "sort", sorts, e) != TP_OK)
			return e->code;
		for (int i = 0; sorts[i]; i++)
			if (strcmp(v, sorts[i]) == 0)
				f->sort = (enum ticket_sort)i;
	}
	f->reverse = cli_flag(a, "reverse");
	if ((v = cli_opt(a, "limit")) != NULL) {
		if (cli_parse_int(v, "--limit", 1, TICKET_LIST_MAX, &n, e) != TP_OK)
			return e->code;
		f->limit = (int)n;
	}
	if ((v = cli_opt(a, "after")) &&
	    cli_parse_id(v, "--after ticket id", &f->after_id, e) != TP_OK)
		return e->code;
	return TP_OK;
}

static int
cmd_list(struct app *app, const struct cli_args *a, struct err *e)
{
	static const char *const cols[] = {
		"id", "number", "priority", "status", "client_name", "assignee",
		"due_at", "subject", NULL
	};
	struct ticket_filter f;
	struct rows r = { 0 };
	struct buf terms;
	int rc;

	buf_init(&terms);
	rc = parse_filter(a, &f, &terms, e);
	if (rc == TP_OK)
		rc = app_db(app, e);
	if (rc == TP_OK)
		rc = ticket_list(app->db, &f, &r, e);
	if (rc == TP_OK && app->json)
		rc = sla_annotate(app->db, &r, e);
	if (rc == TP_OK)
		rc = cli_print_list(app, &r, cols, e);
	rows_free(&r);
	buf_free(&terms);
	return rc;
}

/* ticket show --json: the ticket object with "notes" and "time_entries"
 * arrays, put together by SQLite. */
static int
show_json(struct app *app, const struct rows *t, const struct rows *notes,
    const struct rows *time, struct err *e)
{
	static const char *const names[] = { "notes", "time_entries" };
	const struct rows *const lists[] = { notes, time };

	return cli_print_nested(app, t, 0, 2, names, lists, NULL, e);
}

static int
cmd_show(struct app *app, const struct cli_args *a, struct err *e)
{
	static const char *const note_cols[] = {
		"id", "author", "visibility", "created_at", "body", NULL
	};
	static const char *const time_cols[] = {
		"id", "user_name", "work_date", "minutes", "billing", "note",
		NULL
	};
	struct time_filter tf = { 0 };
	struct rows t = { 0 }, n = { 0 }, tm = { 0 };
	int64_t id;
	int rc;

	if (parse_ticket(a->pos[0], &id, e) != TP_OK || app_db(app, e) != TP_OK)
		return e->code;
	tf.ticket_id = id;
	tf.limit = 1000;
	rc = ticket_get(app->db, id, &t, e);
	if (rc == TP_OK)
		rc = sla_annotate(app->db, &t, e);
	if (rc == TP_OK)
		rc = ticket_notes(app->db, id, &n, e);
	if (rc == TP_OK)
		rc = time_list(app->db, &tf, &tm, e);
	if (rc == TP_OK && app->json) {
		rc = show_json(app, &t, &n, &tm, e);
	} else if (rc == TP_OK) {
		rc = cli_print_record(app, &t, 0, e);
		if (rc == TP_OK && n.n) {
			fprintf(app->out, "\nnotes:\n");
			rc = cli_print_list(app, &n, note_cols, e);
		}
		if (rc == TP_OK && tm.n) {
			int64_t total, unbilled;

			time_sum(&tm, &total, &unbilled);
			fprintf(app->out, "\ntime (%lld min, %lld billable "
			    "unbilled):\n", (long long)total,
			    (long long)unbilled);
			rc = cli_print_list(app, &tm, time_cols, e);
		}
	}
	rows_free(&t);
	rows_free(&n);
	rows_free(&tm);
	return rc;
}

static int
cmd_assign(struct app *app, const struct cli_args *a, struct err *e)
{
	char line[300];
	int64_t id, uid;

	if (parse_ticket(a->pos[0], &id, e) != TP_OK)
		return e->code;
	if (*a->pos[1] == '\0')
		return err_set(e, TP_BADINPUT, "bad user '': expected a name, an "
		    "id, me or none");
	if (app_db(app, e) != TP_OK ||
	    user_resolve(app->db, a->pos[1], &uid, e) != TP_OK ||
	    ticket_assign(app->db, id, uid, e) != TP_OK)
		return e->code;
	if (uid)
		snprintf(line, sizeof line, "ticket %lld assigned to %.200s",
		    (long long)id, a->pos[1]);
	else
		snprintf(line, sizeof line, "ticket %lld unassigned", (long long)id);
	return print_done(app, id, line, e);
}

static int
cmd_status(struct app *app, const struct cli_args *a, struct err *e)
{
	char line[120];
	int64_t id;

	if (parse_ticket(a->pos[0], &id, e) != TP_OK ||
	    cli_parse_enum(a->pos[1], "status", ticket_statuses, e) != TP_OK ||
	    app_db(app, e) != TP_OK ||
	    ticket_set_status(app->db, id, a->pos[1], e) != TP_OK)
		return e->code;
	snprintf(line, sizeof line, "ticket %lld %s", (long long)id, a->pos[1]);
	return print_done(app, id, line, e);
}

static int
cmd_priority(struct app *app, const struct cli_args *a, struct err *e)
{
	static const char *const choices[] = {
		"low", "normal", "high", "critical", "up", "down", NULL
	};
	const char *p = a->pos[1];
	char line[120];
	int64_t id;
	int rc;

	if (parse_ticket(a->pos[0], &id, e) != TP_OK ||
	    cli_parse_enum(p, "priority", choices, e) != TP_OK ||
	    app_db(app, e) != TP_OK)
		return e->code;
	if (strcmp(p, "up") == 0 || strcmp(p, "down") == 0)
		rc = ticket_bump_priority(app->db, id, *p == 'u' ? 1 : -1, e);
	else
		rc = ticket_set_priority(app->db, id, p, e);
	if (rc != TP_OK)
		return rc;
	snprintf(line, sizeof line, "ticket %lld priority changed", (long long)id);
	return print_done(app, id, line, e);
}

static int
cmd_note(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t id, nid;

	if (parse_ticket(a->pos[0], &id, e) != TP_OK)
		return e->code;
	if (*a->pos[1] == '\0')
		return err_set(e, TP_BADINPUT, "a note needs text");
	if (app_db(app, e) != TP_OK ||
	    ticket_add_note(app->db, id, a->pos[1],
	    cli_flag(a, "public") ? "public" : "internal", &nid, e) != TP_OK)
		return e->code;
	/* "note 384" alone reads like a ticket number: name both. */
	if (app->json)
		return cli_print_id(app, "note", nid, e);
	fprintf(app->out, "note %lld on ticket %lld\n", (long long)nid,
	    (long long)id);
	return TP_OK;
}

static int
cmd_resolve(struct app *app, const struct cli_args *a, struct err *e)
{
	const char *note = cli_opt(a, "note");
	char line[80];
	int64_t id;

	if (parse_ticket(a->pos[0], &id, e) != TP_OK)
		return e->code;
	if (note != NULL && *note == '\0')
		return err_set(e, TP_BADINPUT, "bad --note '': a note needs text");
	if (note == NULL && cli_flag(a, "public"))
		return err_set(e, TP_USAGE, "--public is about the note: give "
		    "--note TEXT with it");
	if (app_db(app, e) != TP_OK ||
	    ticket_resolve_note(app->db, id, note,
	    cli_flag(a, "public") ? "public" : NULL, e) != TP_OK)
		return e->code;
	snprintf(line, sizeof line, "ticket %lld resolved", (long long)id);
	return print_done(app, id, line, e);
}

static int
cmd_close(struct app *app, const struct cli_args *a, struct err *e)
{
	char line[80];
	int64_t id;

	if (parse_ticket(a->pos[0], &id, e) != TP_OK || app_db(app, e) != TP_OK ||
	    ticket_close(app->db, id, e) != TP_OK)
		return e->code;
	snprintf(line, sizeof line, "ticket %lld closed", (long long)id);
	return print_done(app, id, line, e);
}

static int
cmd_update(struct app *app, const struct cli_args *a, struct err *e)
{
	struct ticket_edit u = { 0 };
	const char *v;
	char line[80];
	int64_t id;

	if (parse_ticket(a->pos[0], &id, e) != TP_OK)
		return e->code;
	u.subject = cli_opt(a, "subject");
	u.body = cli_opt(a, "body");
	u.category = cli_opt(a, "category");
	if (u.subject && (*u.subject == '\0' || strlen(u.subject) > 10000))
		return err_set(e, TP_BADINPUT, "a ticket needs a subject of 1 to "
		    "10000 characters");
	if ((v = cli_opt(a, "due")) != NULL) {
		if (strcmp(v, "none") == 0)
			u.due_at = -1;
		else if (parse_due(v, &u.due_at, e) != TP_OK)
			return e->code;
	}
	if (parse_ref(cli_opt(a, "contact"), "contact id", &u.contact_id, e) ||
	    parse_ref(cli_opt(a, "location"), "location id", &u.location_id, e) ||
	    parse_ref(cli_opt(a, "asset"), "asset id", &u.asset_id, e) ||
	    parse_ref(cli_opt(a, "project"), "project id", &u.project_id, e))
		return e->code;
	if (app_db(app, e) != TP_OK || ticket_update(app->db, id, &u, e) != TP_OK)
		return e->code;
	snprintf(line, sizeof line, "ticket %lld updated", (long long)id);
	return print_done(app, id, line, e);
}

const struct cli_cmd cli_ticket_cmds[] = {
	{ "ticket add", "CLIENT SUBJECT [--body B] [--priority P] [--category C] "
	  "[--asset ID] [--project ID] [--due YYYY-MM-DD] [--assign USER] "
	  "[--source S]", "open a ticket for a client",
	  "body=,priority=,category=,asset=,project=,due=,assign=,source=",
	  2, 2, cmd_add },
	{ "ticket list", "[TERM|WORD...] [--client ID] [--status S[,S..]] "
	  "[--assignee USER|me|none] [--priority P] [--search Q] [--overdue] "
	  "[--sort updated|priority|due|newest|client|sla] [--reverse] "
	  "[--limit N] [--after ID]",
	  "the queue (default: open work, newest updated first; a search "
	  "looks at every status unless a status is given).  Each TERM must "
	  "hold: status:open,waiting pri:high+ assignee:me|none|NAME "
	  "client:ID|NAME due:<DATE|today|<2d overdue age:>7d updated:<24h "
	  "asset:ID project:ID sla:breached|none sla:<2h|>1d (time to SLA "
	  "breach); -TERM negates; other words are full text; --sort sla: "
	  "soonest breach first (termpsa(1) FILTERS)",
	  "client=,status=,assignee=,priority=,search=,overdue,sort=,reverse,"
	  "limit=,after=", 0, -1, cmd_list },
	{ "ticket show", "ID", "ticket with notes and time", "", 1, 1, cmd_show },
	{ "ticket assign", "ID USER|me|none", "assign a ticket (none: nobody)",
	  "", 2, 2, cmd_assign },
	{ "ticket status", "ID STATUS", "change a ticket's status", "", 2, 2,
	  cmd_status },
	{ "ticket priority", "ID PRIORITY|up|down", "change a ticket's priority",
	  "", 2, 2, cmd_priority },
	{ "ticket note", "ID TEXT [--public]", "add a note (internal unless "
	  "--public)", "public", 2, 2, cmd_note },
	{ "ticket resolve", "ID [--note TEXT [--public]]", "resolve a ticket "
	  "(the note internal unless --public)", "note=,public", 1, 1,
	  cmd_resolve },
	{ "ticket close", "ID", "close a ticket", "", 1, 1, cmd_close },
	{ "ticket update", "ID [--subject S] [--body B] [--category C] "
	  "[--due YYYY-MM-DD|none] [--contact ID|none] [--location ID|none] "
	  "[--asset ID|none] [--project ID|none]", "edit a ticket",
	  "subject=,body=,category=,due=,contact=,location=,asset=,project=",
	  1, 1, cmd_update },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
