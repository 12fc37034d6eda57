/*
 * queue.c - the ticket queue: triage with one or two keys.
 *
 * Rows come from ticket_list (a keyset window per page); the detail is
 * ticket_get with its notes and time.  Every action calls the same ticket
 * and time services as `termpsa ticket ...` and `termpsa time ...`, on
 * the marked tickets when there are marks, else on the selected one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgread.h"
#include "core/clock.h"
#include "core/money.h"
#include "service/ticket.h"
#include "service/timeentry.h"
#include "service/user.h"
#include "ui/billing.h"
#include "ui/slacol.h"
#include "ui/view.h"
#include "ui/widgets.h"

static const struct column cols[] = {
	{ "#", 5, 1 }, { "Pri", 4, 0 }, { "Status", 11, 0 },
	{ "Client", 14, 0 }, { "Subject", 0, 0 }, { "Assignee", 8, 0 },
	{ "Age", 5, 1 }, { "SLA", 5, 1 | COL_OPTIONAL },
};

static const char *const presets[] = {
	"open", "mine", "unassigned", "overdue", "all", NULL
};
static const char *const sorts[] = { "updated", "priority", "due", NULL };

/* The service's default status set ("open work") walks the updated_at
 * index and stops at the limit, so the open, mine and unassigned presets
 * use it; a search looks at every status, as `ticket list` does, and
 * sorts by newest so that FTS5 stops at the limit too (search as you
 * type). */
static enum ticket_sort
sort_of(const struct view *v)
{
	if (v->sort == 1)
		return TICKET_SORT_PRIORITY;
	if (v->sort == 2)
		return TICKET_SORT_DUE;
	return v->search[0] ? TICKET_SORT_NEWEST : TICKET_SORT_UPDATED;
}

static void
filter_of(struct ui *ui, const struct view *v, int64_t after, int limit,
    struct ticket_filter *f_out)
{
	struct ticket_filter f;

	memset(&f, 0, sizeof f);
	f.client_id = v->client_id;
	f.search = v->search[0] ? v->search : NULL;
	f.sort = sort_of(v);
	f.after_id = after;
	f.limit = limit;
	switch (v->preset) {
	case 1: f.assignee = ui->db->me; break;
	case 2: f.assignee = TICKET_UNASSIGNED; break;
	case 3: f.overdue = 1; break;
	case 4: f.statuses = 0x3f; break;
	default: break;
	}
	*f_out = f;
}

static int
fetch(struct ui *ui, struct view *v, int64_t after, int limit,
    struct rows *out, struct err *e)
{
	struct ticket_filter f;

	filter_of(ui, v, after, limit, &f);
	return ticket_list(ui->db, &f, out, e);
}

/* A read for the background reader: the filter as it is now, with its own
 * copy of the search text (the view changes as the user types). */
struct bg_list {
	struct ticket_filter f;
	char search[sizeof ((struct view *)0)->search];
};

static int
bg_run(struct db *db, const void *arg, struct rows *out, struct err *e)
{
	const struct bg_list *q = arg;

	return ticket_list(db, &q->f, out, e);
}

uint64_t
queue_submit(struct ui *ui, struct view *v, int64_t after, int limit)
{
	struct bg_list *q = xcalloc(1, sizeof *q);

	filter_of(ui, v, after, limit, &q->f);
	snprintf(q->search, sizeof q->search, "%s", v->search);
	q->f.search = q->search[0] ? q->search : NULL;
	return bgread_submit(ui->bg, bg_run, q, free);
}

static const char *
short_priority(const char *p)
{
	if (strcmp(p, "critical") == 0)
		return "crit";
	if (strcmp(p, "normal") == 0)
		return "norm";
	return p;
}

static void
cells(struct ui *ui, struct view *v, const struct rows *r, size_t i,
    struct rowcells *c)
{
	const char *pri = rows_text(r, i, "priority");
	int overdue = rows_int(r, i, "overdue") != 0, breached;

	(void)v;
	snprintf(c->tmp[0], sizeof c->tmp[0], "%lld",
	    (long long)rows_int(r, i, "number"));
	c->text[0] = c->tmp[0];
	c->text[1] = short_priority(pri);
	c->text[2] = rows_text(r, i, "status");
	c->text[3] = rows_text(r, i, "client_name");
	c->text[4] = rows_text(r, i, "subject");
	c->text[5] = rows_isnull(r, i, "assigned_to") ? "-" :
	    rows_text(r, i, "assignee");
	if (overdue)
		snprintf(c->tmp[6], sizeof c->tmp[6], "late");
	else
		ui_age(rows_int(r, i, "created_at"), c->tmp[6],
		    sizeof c->tmp[6]);
	c->text[6] = c->tmp[6];
	breached = slacol_cell(ui->db, rows_int(r, i, "id"), c->tmp[7],
	    sizeof c->tmp[7]);
	c->text[7] = c->tmp[7];
	if (strcmp(pri, "critical") == 0) {
		c->role = R_CRITICAL;
		c->marker = '!';
	} else if (overdue || breached) {
		c->role = R_OVERDUE;
		c->marker = '!';
	} else if (strcmp(pri, "high") == 0) {
		c->role = R_HIGH;
		c->marker = '^';
	}
}

static void
fmt_time(int64_t ts, char *out, size_t n)
{
	char iso[CLOCK_ISO_LEN];

	if (ts <= 0) {
		snprintf(out, n, "-");
		return;
	}
	clock_format_iso(ts, iso);
	snprintf(out, n, "%.10s %.5s", iso, iso + 11);
}

static void
detail_notes(struct ui *ui, int64_t id, struct doc *d)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	char when[32];

	if (ticket_notes(ui->db, id, &r, &e) != TP_OK) {
		doc_line(d, R_ERROR, "notes: %s", e.msg);
		return;
	}
	doc_line(d, R_NORMAL, "%s", "");
	doc_line(d, R_HEADER, "Notes (%zu)", r.n);
	for (size_t i = 0; i < r.n; i++) {
		struct buf h;

		buf_init(&h);
		fmt_time(rows_int(&r, i, "created_at"), when, sizeof when);
		buf_addf(&h, "%s %s (%s)", when, rows_isnull(&r, i, "author") ?
		    "-" : rows_text(&r, i, "author"),
		    rows_text(&r, i, "visibility"));
		doc_line(d, R_LABEL, "%s", h.s);
		doc_text(d, R_NORMAL, rows_text(&r, i, "body"));
		buf_free(&h);
	}
	rows_free(&r);
}

static void
detail_time(struct ui *ui, int64_t id, struct doc *d)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	struct time_filter f;
	int64_t total = 0;

	memset(&f, 0, sizeof f);
	f.ticket_id = id;
	f.limit = 50;
	if (time_list(ui->db, &f, &r, &e) != TP_OK) {
		doc_line(d, R_ERROR, "time: %s", e.msg);
		return;
	}
	for (size_t i = 0; i < r.n; i++)
		total += rows_int(&r, i, "minutes");
	doc_line(d, R_NORMAL, "%s", "");
	doc_line(d, R_HEADER, "Time (%lld min)", (long long)total);
	for (size_t i = 0; i < r.n; i++) {
		struct buf l;

		buf_init(&l);
		buf_addf(&l, "  %s  %-10.40s %4lld min%s  %s",
		    rows_text(&r, i, "work_date"),
		    rows_text(&r, i, "user_name"),
		    (long long)rows_int(&r, i, "minutes"),
		    rows_isnull(&r, i, "minutes") ? " (running)" : "",
		    rows_text(&r, i, "note"));
		doc_line(d, R_NORMAL, "%s", l.s);
		buf_free(&l);
	}
	rows_free(&r);
}

static int
detail(struct ui *ui, struct view *v, int64_t id, struct doc *d,
    struct err *e)
{
	struct rows r = { 0 };
	char when[32];
	struct buf h;

	(void)v;
	if (ticket_get(ui->db, id, &r, e) != TP_OK)
		return e->code;
	buf_init(&h);
	buf_addf(&h, "Ticket #%lld  [%s] %s", (long long)rows_int(&r, 0,
	    "number"), rows_text(&r, 0, "priority"),
	    rows_text(&r, 0, "status"));
	if (rows_int(&r, 0, "overdue"))
		buf_add(&h, "  ! OVERDUE");
	doc_line(d, rows_int(&r, 0, "overdue") ||
	    strcmp(rows_text(&r, 0, "priority"), "critical") == 0 ?
	    R_CRITICAL : R_HEADER, "%s", h.s);
	buf_free(&h);
	doc_field(d, "Subject", rows_text(&r, 0, "subject"));
	doc_field(d, "Client", rows_text(&r, 0, "client_name"));
	doc_field(d, "Assignee", rows_isnull(&r, 0, "assigned_to") ? "-" :
	    rows_text(&r, 0, "assignee"));
	doc_field(d, "Contact", rows_text(&r, 0, "contact_name"));
	doc_field(d, "Location", rows_text(&r, 0, "location_name"));
	doc_field(d, "Asset", rows_text(&r, 0, "asset_name"));
	doc_field(d, "Project", rows_text(&r, 0, "project_name"));
	doc_field(d, "Category", rows_text(&r, 0, "category"));
	doc_field(d, "Source", rows_text(&r, 0, "source"));
	fmt_time(rows_int(&r, 0, "due_at"), when, sizeof when);
	doc_field(d, "Due", when);
	fmt_time(rows_int(&r, 0, "created_at"), when, sizeof when);
	doc_field(d, "Created", when);
	fmt_time(rows_int(&r, 0, "updated_at"), when, sizeof when);
	doc_field(d, "Updated", when);
	if (!rows_isnull(&r, 0, "resolved_at")) {
		fmt_time(rows_int(&r, 0, "resolved_at"), when, sizeof when);
		doc_field(d, "Resolved", when);
	}
	doc_line(d, R_NORMAL, "%s", "");
	doc_text(d, R_NORMAL, rows_isnull(&r, 0, "body") ? "(no description)" :
	    rows_text(&r, 0, "body"));
	rows_free(&r);
	detail_notes(ui, id, d);
	detail_time(ui, id, d);
	return TP_OK;
}

/* Apply fn to every target; report how many and the first failure. */
typedef int (*ticket_fn)(struct ui *ui, int64_t id, const void *arg,
    struct err *e);

static int
apply(struct ui *ui, struct view *v, ticket_fn fn, const void *arg,
    const char *what)
{
	int64_t *ids;
	size_t n = ui_targets(ui, v, &ids), done = 0;
	struct err e = ERR_INIT, first = ERR_INIT;

	if (n == 0) {
		ui_msg(ui, 1, "no ticket selected");
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (fn(ui, ids[i], arg, &e) == TP_OK)
			done++;
		else if (first.code == TP_OK)
			first = e;
	}
	free(ids);
	if (first.code != TP_OK)
		ui_msg(ui, 1, "%s: %zu of %zu done; %s", what, done, n,
		    first.msg);
	else if (n == 1)
		ui_msg(ui, 0, "%s", what);
	else
		ui_msg(ui, 0, "%s: %zu tickets", what, n);
	if (done == n)
		list_clear_marks(&v->list);
	ui_changed(ui);
	return 0;
}

static int
do_assign(struct ui *ui, int64_t id, const void *arg, struct err *e)
{
	return ticket_assign(ui->db, id, *(const int64_t *)arg, e);
}

static int
do_priority(struct ui *ui, int64_t id, const void *arg, struct err *e)
{
	return ticket_set_priority(ui->db, id, arg, e);
}

static int
do_bump(struct ui *ui, int64_t id, const void *arg, struct err *e)
{
	return ticket_bump_priority(ui->db, id, *(const int *)arg, e);
}

static int
do_status(struct ui *ui, int64_t id, const void *arg, struct err *e)
{
	const char *s = arg;

	if (strcmp(s, "resolved") == 0)
		return ticket_resolve(ui->db, id, NULL, e);
	if (strcmp(s, "closed") == 0)
		return ticket_close(ui->db, id, e);
	return ticket_set_status(ui->db, id, s, e);
}

static int
do_resolve(struct ui *ui, int64_t id, const void *arg, struct err *e)
{
	const char *note = arg;

	return ticket_resolve(ui->db, id, note && *note ? note : NULL, e);
}

static int
do_note(struct ui *ui, int64_t id, const void *arg, struct err *e)
{
	return ticket_add_note(ui->db, id, arg, NULL, NULL, e);
}

static void
assign(struct ui *ui, struct view *v)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	const char **names;
	int i;
	int64_t who;

	if (user_list(ui->db, &r, &e) != TP_OK) {
		ui_err(ui, &e);
		return;
	}
	names = xcalloc(r.n + 2, sizeof *names);
	names[0] = "(nobody)";
	for (size_t k = 0; k < r.n; k++)
		names[k + 1] = rows_text(&r, k, "name");
	i = w_pick(ui, "Assign to", names, r.n + 1, 0);
	if (i >= 0) {
		char what[300];

		who = i == 0 ? 0 : rows_int(&r, (size_t)i - 1, "id");
		snprintf(what, sizeof what, "assigned to %s", names[i]);
		apply(ui, v, do_assign, &who, what);
	}
	free(names);
	rows_free(&r);
}

static int
pick_index(const char *const *choices, const char *current)
{
	for (int i = 0; choices[i]; i++)
		if (strcmp(choices[i], current) == 0)
			return i;
	return 0;
}

static const char *
selected_text(struct ui *ui, struct view *v, const char *col)
{
	size_t idx;
	const struct rows *r = ui_selected_row(ui, v, &idx);

	return r && !v->in_detail ? rows_text(r, idx, col) : "";
}

static void
choose_enum(struct ui *ui, struct view *v, const char *title,
    const char *const *choices, const char *col, ticket_fn fn)
{
	size_t n = 0;
	int i;
	char what[100];

	while (choices[n])
		n++;
	i = w_pick(ui, title, (const char *const *)choices, n,
	    pick_index(choices, selected_text(ui, v, col)));
	if (i < 0)
		return;
	snprintf(what, sizeof what, "%s set to %s", col, choices[i]);
	apply(ui, v, fn, choices[i], what);
}

static void
text_action(struct ui *ui, struct view *v, const char *label,
    int required, ticket_fn fn, const char *what)
{
	struct buf text;

	buf_init(&text);
	if (w_prompt(ui, label, "", 1, &text) &&
	    (text.len > 0 || !required))
		apply(ui, v, fn, text.s, what);
	else if (required)
		ui_msg(ui, 0, "nothing added");
	buf_free(&text);
}

static void
timer(struct ui *ui, struct view *v)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	int64_t id, entry, minutes;

	if (time_status(ui->db, ui->db->me, &r, &e) != TP_OK) {
		ui_err(ui, &e);
		return;
	}
	if (r.n > 0) {
		int64_t number = rows_int(&r, 0, "number");

		rows_free(&r);
		if (time_stop(ui->db, ui->db->me, &entry, &minutes, &e)
		    != TP_OK)
			ui_err(ui, &e);
		else
			ui_msg(ui, 0, "timer stopped: %lld min logged on #%lld",
			    (long long)minutes, (long long)number);
		ui_changed(ui);
		return;
	}
	rows_free(&r);
	id = ui_selected(ui, v);
	if (id == 0) {
		ui_msg(ui, 1, "no ticket selected");
		return;
	}
	if (time_start(ui->db, id, ui->db->me, &entry, &e) != TP_OK)
		ui_err(ui, &e);
	else
		ui_msg(ui, 0, "timer started");
	ui_changed(ui);
}

static const char *const yesno[] = { "yes", "no", NULL };

static int
submit_log(struct ui *ui, struct field *f, size_t n, void *arg, int *bad,
    struct err *e)
{
	struct time_new t;
	int64_t minutes, id;
	char *end;

	(void)n;
	minutes = strtoll(f[0].value.s, &end, 10);
	if (*end != '\0' || minutes < 1 || minutes > 1440) {
		*bad = 0;
		return err_set(e, TP_BADINPUT, "bad minutes '%.40s': "
		    "expected a whole number from 1 to 1440", f[0].value.s);
	}
	if (f[1].value.len && clock_check_date(f[1].value.s, e) != TP_OK) {
		*bad = 1;
		return e->code;
	}
	memset(&t, 0, sizeof t);
	t.ticket_id = *(int64_t *)arg;
	t.user_id = ui->db->me;
	t.minutes = minutes;
	t.work_date = f[1].value.len ? f[1].value.s : NULL;
	t.note = f[2].value.len ? f[2].value.s : NULL;
	t.not_billable = strcmp(f[3].value.s, "no") == 0;
	if (time_log(ui->db, &t, &id, e) != TP_OK) {
		*bad = -1;
		return e->code;
	}
	ui_msg(ui, 0, "logged %lld min", (long long)minutes);
	return TP_OK;
}

static void
log_time(struct ui *ui, struct view *v)
{
	struct field f[] = {
		{ "Minutes", F_TEXT, NULL, 1, { 0 } },
		{ "Date", F_TEXT, NULL, 0, { 0 } },
		{ "Note", F_TEXT, NULL, 0, { 0 } },
		{ "Billable", F_CHOICE, yesno, 1, { 0 } },
	};
	int64_t id = ui_selected(ui, v);
	char today[CLOCK_DATE_LEN];

	if (id == 0) {
		ui_msg(ui, 1, "no ticket selected");
		return;
	}
	for (size_t i = 0; i < 4; i++)
		buf_init(&f[i].value);
	clock_today(today);
	w_field_set(&f[1], today);
	w_field_set(&f[3], "yes");
	if (w_form(ui, "Log time", f, 4, submit_log, &id))
		ui_changed(ui);
	w_form_free(f, 4);
}

static int
parse_due(const char *s, int64_t *due, struct err *e)
{
	*due = 0;
	if (s == NULL || *s == '\0')
		return TP_OK;
	if (clock_check_date(s, e) != TP_OK)
		return e->code;
	*due = clock_date_start(s);
	return TP_OK;
}

/* The service input (struct ticket_new's member) behind each field of
 * the new-ticket form: an error naming one focuses its field. */
static const char *const create_fields[] = {
	"client_id", "subject", "priority", "body", "due_at"
};

static int
submit_create(struct ui *ui, struct field *f, size_t n, void *arg, int *bad,
    struct err *e)
{
	struct ticket_new t;
	int64_t id, client;
	char *end;

	(void)n; (void)arg;
	memset(&t, 0, sizeof t);
	client = strtoll(f[0].value.s, &end, 10);
	if (*end != '\0' || client <= 0) {
		*bad = 0;
		return err_set(e, TP_BADINPUT, "bad client '%.40s': expected a "
		    "client id", f[0].value.s);
	}
	t.client_id = client;
	t.subject = f[1].value.s;
	t.priority = f[2].value.s;
	t.body = f[3].value.len ? f[3].value.s : NULL;
	if (parse_due(f[4].value.s, &t.due_at, e) != TP_OK) {
		*bad = 4;
		return e->code;
	}
	if (ticket_create(ui->db, &t, &id, e) != TP_OK) {
		*bad = w_form_blame(e, create_fields, 5);
		return e->code;
	}
	ui_msg(ui, 0, "ticket created");
	return TP_OK;
}

static void
create(struct ui *ui, struct view *v)
{
	struct field f[] = {
		{ "Client id", F_TEXT, NULL, 1, { 0 } },
		{ "Subject", F_TEXT, NULL, 1, { 0 } },
		{ "Priority", F_CHOICE, ticket_priorities, 1, { 0 } },
		{ "Description", F_LONG, NULL, 0, { 0 } },
		{ "Due (YYYY-MM-DD)", F_TEXT, NULL, 0, { 0 } },
	};
	size_t idx;
	const struct rows *r = ui_selected_row(ui, v, &idx);
	char cid[32] = "";

	for (size_t i = 0; i < 5; i++)
		buf_init(&f[i].value);
	if (v->client_id > 0)
		snprintf(cid, sizeof cid, "%lld", (long long)v->client_id);
	else if (r != NULL)
		snprintf(cid, sizeof cid, "%lld",
		    (long long)rows_int(r, idx, "client_id"));
	w_field_set(&f[0], cid);
	w_field_set(&f[2], "normal");
	if (w_form(ui, "New ticket", f, 5, submit_create, NULL))
		ui_changed(ui);
	w_form_free(f, 5);
}

/* The same for the ticket edit form (struct ticket_edit). */
static const char *const edit_fields[] = {
	"subject", "category", "due_at", "body"
};

static int
submit_edit(struct ui *ui, struct field *f, size_t n, void *arg, int *bad,
    struct err *e)
{
	struct ticket_edit u;

	(void)n;
	memset(&u, 0, sizeof u);
	u.subject = f[0].value.s;
	u.category = f[1].value.s;
	u.body = f[3].value.s;
	if (parse_due(f[2].value.s, &u.due_at, e) != TP_OK) {
		*bad = 2;
		return e->code;
	}
	if (f[2].value.len == 0)
		u.due_at = -1;
	if (ticket_update(ui->db, *(int64_t *)arg, &u, e) != TP_OK) {
		*bad = w_form_blame(e, edit_fields, 4);
		return e->code;
	}
	ui_msg(ui, 0, "ticket updated");
	return TP_OK;
}

static void
edit(struct ui *ui, struct view *v)
{
	struct field f[] = {
		{ "Subject", F_TEXT, NULL, 1, { 0 } },
		{ "Category", F_TEXT, NULL, 0, { 0 } },
		{ "Due (YYYY-MM-DD)", F_TEXT, NULL, 0, { 0 } },
		{ "Description", F_LONG, NULL, 0, { 0 } },
	};
	int64_t id = ui_selected(ui, v);
	struct rows r = { 0 };
	struct err e = ERR_INIT;

	if (id == 0 || ticket_get(ui->db, id, &r, &e) != TP_OK) {
		ui_msg(ui, 1, "%s", id ? e.msg : "no ticket selected");
		return;
	}
	for (size_t i = 0; i < 4; i++)
		buf_init(&f[i].value);
	w_field_set(&f[0], rows_text(&r, 0, "subject"));
	w_field_set(&f[1], rows_text(&r, 0, "category"));
	if (!rows_isnull(&r, 0, "due_at")) {
		char date[CLOCK_DATE_LEN];

		clock_date(rows_int(&r, 0, "due_at"), date);
		w_field_set(&f[2], date);
	}
	w_field_set(&f[3], rows_text(&r, 0, "body"));
	rows_free(&r);
	if (w_form(ui, "Edit ticket", f, 4, submit_edit, &id))
		ui_changed(ui);
	w_form_free(f, 4);
}

static void
bill(struct ui *ui, struct view *v)
{
	size_t idx;
	const struct rows *r = ui_selected_row(ui, v, &idx);

	if (r == NULL) {
		ui_msg(ui, 1, "no ticket selected");
		return;
	}
	billing_bill_client(ui, rows_int(r, idx, "client_id"));
}

static int
act(struct ui *ui, struct view *v, enum action a)
{
	static const int up = 1, down = -1;
	int64_t me = ui->db->me;

	switch (a) {
	case A_CREATE: create(ui, v); return 0;
	case A_EDIT: edit(ui, v); return 0;
	case A_ASSIGN: assign(ui, v); return 0;
	case A_ASSIGN_ME:
		return apply(ui, v, do_assign, &me, "assigned to me");
	case A_PRIORITY:
		choose_enum(ui, v, "Priority", ticket_priorities, "priority",
		    do_priority);
		return 0;
	case A_PRIORITY_UP:
		return apply(ui, v, do_bump, &up, "priority raised");
	case A_PRIORITY_DOWN:
		return apply(ui, v, do_bump, &down, "priority lowered");
	case A_STATUS:
		choose_enum(ui, v, "Status", ticket_statuses, "status",
		    do_status);
		return 0;
	case A_RESOLVE:
		text_action(ui, v, "Resolve; note (optional, C-e editor): ", 0,
		    do_resolve, "resolved");
		return 0;
	case A_NOTE:
		text_action(ui, v, "Note (C-e for $EDITOR): ", 1, do_note,
		    "note added");
		return 0;
	case A_TIMER: timer(ui, v); return 0;
	case A_LOG_TIME: log_time(ui, v); return 0;
	case A_BILL: bill(ui, v); return 0;
	default: return -1;
	}
}

static const enum action own[] = {
	A_OPEN, A_CREATE, A_EDIT, A_ASSIGN, A_ASSIGN_ME, A_PRIORITY,
	A_PRIORITY_UP, A_PRIORITY_DOWN, A_STATUS, A_RESOLVE, A_NOTE, A_TIMER,
	A_LOG_TIME, A_BILL, A_NONE
};
static const enum action hints[] = {
	A_ASSIGN_ME, A_STATUS, A_RESOLVE, A_NOTE, A_TIMER, A_FILTER, A_NONE
};

/* The markers cells() sets. */
static const char *const legend[] = {
	"! critical, overdue, or past an SLA target (SLA: time to breach)",
	"^ high priority", NULL
};

const struct view_ops queue_ops = {
	"Ticket queue", legend, cols, 8, presets, sorts,
	fetch, cells, detail, act, own, hints, NULL, 0
};
