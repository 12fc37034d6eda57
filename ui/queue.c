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
#include "core/text.h"
#include "service/ticket.h"
#include "service/timeentry.h"
#include "service/user.h"
#include "ui/billing.h"
#include "ui/filterbox.h"
#include "ui/pick.h"
#include "ui/slacol.h"
#include "ui/view.h"
#include "ui/widgets.h"

static const struct column cols[] = {
	{ "#", 5, 1 }, { "Pri", 4, 0 }, { "Status", 11, 0 },
	{ "Client", 14, 0 }, { "Subject", 0, 0 }, { "Assignee", 8, 0 },
	{ "Age", 5, 1 }, { "SLA", 5, 1 | COL_OPTIONAL },
	{ "Due", 6, COL_OPTIONAL },
};

static const char *const presets[] = {
	"open", "mine", "unassigned", "overdue", "all", NULL
};
/* The presets are filters in the lists' language, as a view: would be. */
static const struct filterbox_entry preset_terms[] = {
	{ "open", "" }, { "mine", "assignee:me" },
	{ "unassigned", "assignee:none" }, { "overdue", "overdue" },
	{ "all", "status:open,in_progress,waiting,scheduled,resolved,closed" },
};
/* Each order, then each backwards (sort_of: index % QUEUE_SORTS). */
static const char *const sorts[] = {
	"updated", "priority", "due", "client", "sla", "updated reversed",
	"priority reversed", "due reversed", "client reversed", "sla reversed",
	NULL
};
#define QUEUE_SORTS 5

/* The service's default status set ("open work") walks the updated_at
 * index and stops at the limit, so the open, mine and unassigned presets
 * use it; a search looks at every status, as `ticket list` does, and
 * sorts by newest so that FTS5 stops at the limit too (search as you
 * type). */
static enum ticket_sort
sort_of(const struct view *v)
{
	int s = v->sort % QUEUE_SORTS;

	if (s == 1)
		return TICKET_SORT_PRIORITY;
	if (s == 2)
		return TICKET_SORT_DUE;
	if (s == 3)
		return TICKET_SORT_CLIENT;
	if (s == 4)
		return TICKET_SORT_SLA;
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
	f.reverse = v->sort >= QUEUE_SORTS;
	f.after_id = after;
	f.limit = limit;
	f.sla = 1;         /* the SLA column, fetched with the rows */
	(void)ui;
	/* Before any f the preset's own terms (v->terms is empty). */
	f.terms = v->terms[0] || v->terms_name[0] ? v->terms :
	    preset_terms[v->preset].terms;
	*f_out = f;
}

void
queue_listing(const struct view *v, struct buf *out)
{
	struct ticket_filter f;
	const char *name = v->terms_name[0] ? v->terms_name : v->terms[0] ?
	    v->terms : presets[v->preset];
	int any;

	/* A search looks at every status unless a term names the statuses
	 * or asks for open work (overdue), as the service does (filter_of). */
	filter_of(NULL, v, 0, 0, &f);
	any = v->search[0] && strstr(f.terms, "status:") == NULL &&
	    strstr(f.terms, "overdue") == NULL;
	if (!any)
		buf_addf(out, " [%s]", name);
	else if (!f.terms[0])
		buf_add(out, " [any status]");
	else
		buf_addf(out, " [%s, any status]", name);
	buf_addf(out, " by %s", sort_of(v) == TICKET_SORT_NEWEST ? "newest" :
	    sorts[v->sort]);
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
	char terms[sizeof ((struct view *)0)->terms];
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
	snprintf(q->terms, sizeof q->terms, "%s", q->f.terms);
	q->f.terms = q->terms;
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

/* A due date in six columns: "Jan 15" this year, "Jan'27" another. */
static void
short_due(int64_t ts, char *out, size_t n)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char date[CLOCK_DATE_LEN], today[CLOCK_DATE_LEN];
	int m;

	clock_date(ts, date);
	clock_today(today);
	m = (date[5] - '0') * 10 + (date[6] - '0');
	if (m < 1 || m > 12)
		snprintf(out, n, "%s", date);
	else if (strncmp(date, today, 4) == 0)
		snprintf(out, n, "%s %.2s", months[m - 1], date + 8);
	else
		snprintf(out, n, "%s'%.2s", months[m - 1], date + 2);
}

static void
cells(struct ui *ui, struct view *v, const struct rows *r, size_t i,
    struct rowcells *c)
{
	const char *pri = rows_text(r, i, "priority");
	int overdue = rows_int(r, i, "overdue") != 0, breached;

	(void)ui;
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
	/* Always the age: an overdue ticket is marked by its row ('!' and
	 * its colour) and its Due cell, not by hiding how old it is. */
	ui_age(rows_int(r, i, "created_at"), c->tmp[6], sizeof c->tmp[6]);
	c->text[6] = c->tmp[6];
	breached = slacol_cell(r, i, c->tmp[7], sizeof c->tmp[7]);
	c->text[7] = c->tmp[7];
	if (!rows_isnull(r, i, "due_at"))
		short_due(rows_int(r, i, "due_at"), c->tmp[8],
		    sizeof c->tmp[8]);
	c->text[8] = c->tmp[8];
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
	int64_t total, unbilled;

	memset(&f, 0, sizeof f);
	f.ticket_id = id;
	f.limit = 50;
	if (time_list(ui->db, &f, &r, &e) != TP_OK) {
		doc_line(d, R_ERROR, "time: %s", e.msg);
		return;
	}
	time_sum(&r, &total, &unbilled);
	doc_line(d, R_NORMAL, "%s", "");
	doc_line(d, R_HEADER, "Time (%lld min, %lld billable unbilled)",
	    (long long)total, (long long)unbilled);
	for (size_t i = 0; i < r.n; i++) {
		struct buf l;

		/* billing says which the next bill takes: billable, or why
		 * not (non-billable, running, the invoice it is on) */
		buf_init(&l);
		buf_addf(&l, "  %s  %-10.40s %4lld min  %-12s  %s",
		    rows_text(&r, i, "work_date"),
		    rows_text(&r, i, "user_name"),
		    (long long)rows_int(&r, i, "minutes"),
		    rows_text(&r, i, "billing"), rows_text(&r, i, "note"));
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
	if (first.code != TP_OK && n == 1)
		ui_msg(ui, 1, "%s", first.msg);   /* nothing done: say why */
	else if (first.code != TP_OK)
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

/* A resolution's note and who sees it (visibility NULL: internal). */
struct resolution {
	const char *note;
	const char *visibility;
};

static int
do_resolve(struct ui *ui, int64_t id, const void *arg, struct err *e)
{
	const struct resolution *r = arg;

	return ticket_resolve_note(ui->db, id, r->note, r->visibility, e);
}

static int
do_note(struct ui *ui, int64_t id, const void *arg, struct err *e)
{
	return ticket_add_note(ui->db, id, arg, NULL, NULL, e);
}

/* Column col of the ticket an action applies to, as it is now (the
 * record, not the row: in a detail view the list's row may be another
 * ticket or none).  Every picker here starts on it. */
static void
current_of(struct ui *ui, struct view *v, const char *col, char *out,
    size_t n)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	int64_t id = ui_selected(ui, v);

	out[0] = '\0';
	if (id != 0 && ticket_get(ui->db, id, &r, &e) == TP_OK &&
	    !rows_isnull(&r, 0, col))
		snprintf(out, n, "%s", rows_text(&r, 0, col));
	rows_free(&r);
}

static void
assign(struct ui *ui, struct view *v)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	const char **names;
	char now[200];
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
	current_of(ui, v, "assignee", now, sizeof now);
	i = w_pick_current(ui, "Assign to", names, r.n + 1, now);
	if (i >= 0) {
		char what[300];

		who = i == 0 ? 0 : rows_int(&r, (size_t)i - 1, "id");
		snprintf(what, sizeof what, "assigned to %s", names[i]);
		apply(ui, v, do_assign, &who, what);
	}
	free(names);
	rows_free(&r);
}

static void
choose_enum(struct ui *ui, struct view *v, const char *title,
    const char *const *choices, const char *col, ticket_fn fn)
{
	size_t n = 0;
	int i;
	char what[100], now[64];

	while (choices[n])
		n++;
	current_of(ui, v, col, now, sizeof now);
	i = w_pick_current(ui, title, choices, n, now);
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

/* r: a note is optional; one typed is internal unless the technician
 * picks public (the resolution told to the client). */
static void
resolve(struct ui *ui, struct view *v)
{
	static const char *const seen_by[] = {
		"internal (technicians only)", "public (the client sees it)"
	};
	struct resolution r = { NULL, NULL };
	struct buf text;
	int i = 0;

	buf_init(&text);
	if (!w_prompt(ui, "Resolve; note (optional, C-e editor): ", "", 1,
	    &text)) {
		buf_free(&text);
		return;
	}
	if (text.len > 0) {
		i = w_pick(ui, "Resolution note seen by", seen_by, 2, 0);
		if (i < 0) {
			ui_msg(ui, 0, "not resolved");
			buf_free(&text);
			return;
		}
		r.note = text.s;
		r.visibility = i == 1 ? "public" : NULL;
	}
	apply(ui, v, do_resolve, &r, r.visibility ? "resolved (public note)" :
	    r.note ? "resolved (internal note)" : "resolved");
	buf_free(&text);
}

/* A timer stopped within its first minute was likely started by
 * mistake: ask before billing seconds as a minute (or an increment). */
static void
stop_short(struct ui *ui, int64_t number, int64_t ran)
{
	int inc = ui->db->timer_rounding > 1 ? ui->db->timer_rounding : 1;
	char title[80], log[80];
	const char *choices[3];
	struct err e = ERR_INIT;
	int64_t entry, minutes, ticket, seconds;
	int i;

	snprintf(title, sizeof title, "Timer on #%lld ran %lld s",
	    (long long)number, (long long)ran);
	snprintf(log, sizeof log, "log %d min (rounded up)", inc);
	choices[0] = "discard it: log nothing";
	choices[1] = log;
	choices[2] = "keep it running";
	i = w_pick(ui, title, choices, 3, 0);
	if (i == 0 && time_discard(ui->db, ui->db->me, &ticket, &seconds, &e)
	    == TP_OK)
		ui_msg(ui, 0, "timer on #%lld discarded: nothing logged",
		    (long long)number);
	else if (i == 1 && time_stop(ui->db, ui->db->me, &entry, &minutes,
	    &e) == TP_OK)
		ui_msg(ui, 0, "timer stopped: %lld min logged on #%lld",
		    (long long)minutes, (long long)number);
	else if (i < 0 || i == 2)
		ui_msg(ui, 0, "timer still running on #%lld",
		    (long long)number);
	else
		ui_err(ui, &e);
	ui_changed(ui);
}

/* Stop the running timer (number ran seconds): 1 when it no longer runs. */
static int
timer_stop(struct ui *ui, int64_t number, int64_t ran)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	int64_t entry, minutes;
	int stopped;

	if (ran < 60) {
		stop_short(ui, number, ran);
		stopped = time_status(ui->db, ui->db->me, &r, &e) == TP_OK &&
		    r.n == 0;
		rows_free(&r);
		return stopped;
	}
	if (time_stop(ui->db, ui->db->me, &entry, &minutes, &e) != TP_OK) {
		ui_err(ui, &e);
		return 0;
	}
	ui_msg(ui, 0, "timer stopped: %lld min logged on #%lld%s",
	    (long long)minutes, (long long)number,
	    ui->db->timer_rounding > 1 ? " (rounded up)" : "");
	ui_changed(ui);
	return 1;
}

/* t: start the timer on the selected ticket, or stop the running one.  A
 * timer running on another ticket is stopped only when the technician
 * says so (the command line refuses): time must not land on the wrong
 * ticket by one key. */
static void
timer(struct ui *ui, struct view *v)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	int64_t id = ui_selected(ui, v), entry;
	char q[160];

	if (time_status(ui->db, ui->db->me, &r, &e) != TP_OK) {
		ui_err(ui, &e);
		return;
	}
	if (r.n > 0) {
		int64_t number = rows_int(&r, 0, "number");
		int64_t ran = rows_int(&r, 0, "elapsed_seconds");
		int64_t on = rows_int(&r, 0, "ticket_id");

		rows_free(&r);
		if (id == 0 || id == on) {
			(void)timer_stop(ui, number, ran);
			return;
		}
		/* seconds under a minute: "0 min" reads as no time at all */
		snprintf(q, sizeof q, "The timer runs on #%lld (%lld %s). Stop "
		    "it and start one here?", (long long)number,
		    (long long)(ran < 60 ? ran : ran / 60),
		    ran < 60 ? "s" : "min");
		if (!w_confirm(ui, q)) {
			ui_msg(ui, 0, "timer still running on #%lld",
			    (long long)number);
			return;
		}
		if (!timer_stop(ui, number, ran))
			return;
	} else {
		rows_free(&r);
	}
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

	(void)n;
	if (text_parse_int(f[0].value.s, 1, 1440, &minutes) != 0) {
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
		*bad = strcmp(e->field, "work_date") == 0 ? 1 : -1;
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

/* A due date, local time: a day (its midnight) or a day and a time. */
static int
parse_due(const char *s, int64_t *due, struct err *e)
{
	*due = 0;
	if (s == NULL || *s == '\0')
		return TP_OK;
	return clock_parse_local(s, due, e);
}

/* The service input (struct ticket_new's member) behind each field of
 * the new-ticket form: an error naming one focuses its field. */
static const char *const create_fields[] = {
	"client_id", "subject", "priority", "body", "due_at"
};

/* The new ticket selected in the list, or the status line says why the
 * list does not show it. */
static void
created(struct ui *ui, struct view *v, int64_t id)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	long long number = 0;

	if (ticket_get(ui->db, id, &r, &e) == TP_OK)
		number = (long long)rows_int(&r, 0, "number");
	rows_free(&r);
	if (ui_show_record(ui, v, id))
		ui_msg(ui, 0, "ticket #%lld created", number);
	else
		ui_msg(ui, 0, "ticket #%lld created; this list does not show it "
		    "(f filters, # %lld opens it)", number, number);
}

/* The new-ticket form: its pickers (the client's) and the ticket made. */
struct create_ctx {
	struct field_pick picks[5];
	int64_t           id;
};

static int
submit_create(struct ui *ui, struct field *f, size_t n, void *arg, int *bad,
    struct err *e)
{
	struct create_ctx *c = arg;
	const struct field_pick *picks = c->picks;
	struct ticket_new t;
	int64_t id;

	(void)n;
	memset(&t, 0, sizeof t);
	if (picks[0].id <= 0) {
		*bad = 0;
		return err_set(e, TP_BADINPUT, "pick a client: type its name");
	}
	t.client_id = picks[0].id;
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
	c->id = id;
	return TP_OK;
}

/* The client is picked by name (w_pick_typed over pick_clients), never
 * typed as an id the hub does not show. */
static void
create(struct ui *ui, struct view *v)
{
	struct field f[] = {
		{ "Client", F_PICK, NULL, 1, { 0 } },
		{ "Subject", F_TEXT, NULL, 1, { 0 } },
		{ "Priority", F_CHOICE, ticket_priorities, 1, { 0 } },
		{ "Description", F_LONG, NULL, 0, { 0 } },
		{ "Due (YYYY-MM-DD [HH:MM])", F_TEXT, NULL, 0, { 0 } },
	};
	struct create_ctx c;
	size_t idx;
	const struct rows *r = ui_selected_row(ui, v, &idx);
	char label[200];

	memset(&c, 0, sizeof c);
	c.picks[0].fill = pick_clients;
	for (size_t i = 0; i < 5; i++)
		buf_init(&f[i].value);
	if (v->client_id > 0)
		c.picks[0].id = v->client_id;
	else if (r != NULL)
		c.picks[0].id = rows_int(r, idx, "client_id");
	pick_client_label(ui, c.picks[0].id, label, sizeof label);
	if (!*label)
		c.picks[0].id = 0;
	w_field_set(&f[0], label);
	w_field_set(&f[2], "normal");
	if (w_form_picks(ui, "New ticket", f, 5, c.picks, submit_create, &c))
		created(ui, v, c.id);
	w_form_free(f, 5);
}

/* The edit form's fields, in order. */
enum { E_SUBJECT, E_CATEGORY, E_DUE, E_CONTACT, E_ASSET, E_ASSIGNEE,
	E_BODY, E_COUNT };

/* The service input (struct ticket_edit's member) behind each field: an
 * error naming one focuses its field (the assignee is ticket_assign's). */
static const char *const edit_fields[E_COUNT] = {
	"subject", "category", "due_at", "contact_id", "asset_id", NULL, "body"
};

struct edit_ctx {
	int64_t           id;          /* the ticket */
	int64_t           client_id;   /* whose contacts and assets */
	int64_t           assignee;    /* as it was (0: nobody) */
	/* The due time as the form showed it: the field shows minutes, the
	 * ticket may hold seconds, so an untouched field is left alone
	 * rather than parsed back. */
	char              due_shown[CLOCK_MINUTE_LEN];
	struct field_pick picks[E_COUNT];
};

static int
submit_edit(struct ui *ui, struct field *f, size_t n, void *arg, int *bad,
    struct err *e)
{
	struct edit_ctx *c = arg;
	struct ticket_edit u;
	int64_t who = c->picks[E_ASSIGNEE].id;

	(void)n;
	memset(&u, 0, sizeof u);
	u.subject = f[E_SUBJECT].value.s;
	u.category = f[E_CATEGORY].value.s;
	u.body = f[E_BODY].value.s;
	if (strcmp(f[E_DUE].value.s, c->due_shown) == 0)
		u.due_at = 0;
	else if (f[E_DUE].value.len == 0)
		u.due_at = -1;
	else if (parse_due(f[E_DUE].value.s, &u.due_at, e) != TP_OK) {
		*bad = E_DUE;
		return e->code;
	}
	/* 0 in the picker is none: -1 clears, an id sets (the service
	 * writes only what differs). */
	u.contact_id = c->picks[E_CONTACT].id ? c->picks[E_CONTACT].id : -1;
	u.asset_id = c->picks[E_ASSET].id ? c->picks[E_ASSET].id : -1;
	if (ticket_update(ui->db, c->id, &u, e) != TP_OK) {
		*bad = w_form_blame(e, edit_fields, E_COUNT);
		return e->code;
	}
	if (who != c->assignee &&
	    ticket_assign(ui->db, c->id, who, e) != TP_OK) {
		*bad = E_ASSIGNEE;
		return e->code;
	}
	c->assignee = who;
	ui_msg(ui, 0, "ticket updated");
	return TP_OK;
}

/* A picker field's starting value: the ticket's record, or none. */
static void
edit_pick(struct field *f, struct field_pick *p, w_fill_fn fill,
    void *arg, const struct rows *r, const char *id_col,
    const char *name_col)
{
	p->fill = fill;
	p->arg = arg;
	p->id = rows_isnull(r, 0, id_col) ? 0 : rows_int(r, 0, id_col);
	w_field_set(f, p->id ? rows_text(r, 0, name_col) : "");
}

static void
edit(struct ui *ui, struct view *v)
{
	struct field f[E_COUNT] = {
		{ "Subject", F_TEXT, NULL, 1, { 0 } },
		{ "Category", F_TEXT, NULL, 0, { 0 } },
		{ "Due (YYYY-MM-DD [HH:MM])", F_TEXT, NULL, 0, { 0 } },
		{ "Contact", F_PICK, NULL, 0, { 0 } },
		{ "Asset", F_PICK, NULL, 0, { 0 } },
		{ "Assignee", F_PICK, NULL, 0, { 0 } },
		{ "Description", F_LONG, NULL, 0, { 0 } },
	};
	struct edit_ctx c;
	struct rows r = { 0 };
	struct err e = ERR_INIT;

	memset(&c, 0, sizeof c);
	c.id = ui_selected(ui, v);
	if (c.id == 0 || ticket_get(ui->db, c.id, &r, &e) != TP_OK) {
		ui_msg(ui, 1, "%s", c.id ? e.msg : "no ticket selected");
		return;
	}
	for (size_t i = 0; i < E_COUNT; i++)
		buf_init(&f[i].value);
	c.client_id = rows_int(&r, 0, "client_id");
	w_field_set(&f[E_SUBJECT], rows_text(&r, 0, "subject"));
	w_field_set(&f[E_CATEGORY], rows_text(&r, 0, "category"));
	if (!rows_isnull(&r, 0, "due_at"))
		clock_format_minute(rows_int(&r, 0, "due_at"), c.due_shown);
	w_field_set(&f[E_DUE], c.due_shown);
	edit_pick(&f[E_CONTACT], &c.picks[E_CONTACT], pick_contacts,
	    &c.client_id, &r, "contact_id", "contact_name");
	edit_pick(&f[E_ASSET], &c.picks[E_ASSET], pick_assets, &c.client_id,
	    &r, "asset_id", "asset_name");
	edit_pick(&f[E_ASSIGNEE], &c.picks[E_ASSIGNEE], pick_users, NULL, &r,
	    "assigned_to", "assignee");
	c.assignee = c.picks[E_ASSIGNEE].id;
	w_field_set(&f[E_BODY], rows_text(&r, 0, "body"));
	rows_free(&r);
	if (w_form_picks(ui, "Edit ticket", f, E_COUNT, c.picks, submit_edit,
	    &c))
		ui_changed(ui);
	w_form_free(f, E_COUNT);
}

/* b: the marked tickets when there are marks (their client's, which
 * the first one names; the service refuses another client's), else every
 * unbilled ticket of the selected ticket's client. */
static void
bill(struct ui *ui, struct view *v)
{
	size_t idx;
	const struct rows *r = ui_selected_row(ui, v, &idx);
	struct rows t = { 0 };
	struct err e = ERR_INIT;

	if (v->list.nmarks > 0 && !v->in_detail) {
		if (ticket_get(ui->db, v->list.marks[0], &t, &e) != TP_OK) {
			ui_err(ui, &e);
			return;
		}
		billing_bill_tickets(ui, rows_int(&t, 0, "client_id"),
		    v->list.marks, v->list.nmarks);
		rows_free(&t);
		return;
	}
	if (v->in_detail) {
		if (ticket_get(ui->db, v->detail_id, &t, &e) != TP_OK) {
			ui_err(ui, &e);
			return;
		}
		billing_bill_client(ui, rows_int(&t, 0, "client_id"));
		rows_free(&t);
		return;
	}
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
	case A_RESOLVE: resolve(ui, v); return 0;
	case A_NOTE:
		text_action(ui, v, "Note (C-e for $EDITOR): ", 1, do_note,
		    "note added");
		return 0;
	case A_TIMER: timer(ui, v); return 0;
	case A_LOG_TIME: log_time(ui, v); return 0;
	case A_BILL: bill(ui, v); return 0;
	case A_FILTER:
		if (filterbox_choose(ui, v, &ticket_filter_table, preset_terms,
		    sizeof preset_terms / sizeof preset_terms[0])) {
			v->in_detail = 0;
			doc_free(&v->doc);
			list_reset(&v->list);
			list_first(&v->list);
		}
		return 0;
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
	"Ticket queue", legend, cols, 9, presets, sorts,
	fetch, cells, detail, act, own, hints, NULL, 0
};
