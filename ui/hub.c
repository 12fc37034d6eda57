/*
 * hub.c - the client hub: clients, and the selected client's dashboard
 * (domain.md scenario 7) with its contacts, locations, a bar chart of
 * open tickets by status and the recent activity.
 *
 * Rows come from client_list; the dashboard from dashboard_get (cached by
 * the dashboard service).  Creating a client runs the onboarding saga,
 * like `termpsa client add`.  With a dashboard open, 2, 3 and 4 show that
 * client's tickets, assets and invoices; c creates a contact, location or
 * project for it and e edits the client or one of its contacts, locations
 * or projects.  o orders the clients by name, balance (largest first) or
 * newest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/money.h"
#include "core/text.h"
#include "service/client.h"
#include "service/dashboard.h"
#include "service/project.h"
#include "service/saga.h"
#include "ui/billing.h"
#include "ui/view.h"
#include "ui/widgets.h"

static const struct column cols[] = {
	{ "Client", 0, 0 }, { "Company", 16, 0 }, { "Status", 8, 0 },
	{ "Open", 4, 1 }, { "Balance", 10, 1 }, { "Unbilled", 10, 1 },
};

static const char *const presets[] = {
	"all", "active", "prospect", "inactive", "archived", NULL
};

static int
fetch(struct ui *ui, struct view *v, int64_t after, int limit,
    struct rows *out, struct err *e)
{
	struct client_filter f;

	memset(&f, 0, sizeof f);
	f.status = v->preset > 0 ? presets[v->preset] : NULL;
	f.search = v->search[0] ? v->search : NULL;
	f.sort = (enum client_sort)v->sort;   /* sorts[] is client_sorts */
	f.after_id = after;
	f.limit = limit;
	return client_list(ui->db, &f, out, e);
}

static void
cells(struct ui *ui, struct view *v, const struct rows *r, size_t i,
    struct rowcells *c)
{
	(void)ui; (void)v;
	c->text[0] = rows_text(r, i, "name");
	c->text[1] = rows_text(r, i, "company_name");
	c->text[2] = rows_text(r, i, "status");
	snprintf(c->tmp[3], sizeof c->tmp[3], "%lld",
	    (long long)rows_int(r, i, "open_tickets"));
	c->text[3] = c->tmp[3];
	money_format(rows_int(r, i, "balance_cents"), c->tmp[4]);
	c->text[4] = c->tmp[4];
	money_format(rows_int(r, i, "unbilled_cents"), c->tmp[5]);
	c->text[5] = c->tmp[5];
	if (rows_int(r, i, "balance_cents") > 0)
		c->marker = '$';
}

static void
money_field(struct doc *d, const char *label, int64_t cents)
{
	char m[MONEY_LEN];

	money_format(cents, m);
	doc_field(d, label, m);
}

static void
dash_tickets(struct doc *d, const struct dashboard *db)
{
	int64_t max = 0;
	char fig[32];

	doc_line(d, R_NORMAL, "%s", "");
	doc_line(d, R_HEADER, "Tickets: %lld open, %lld overdue, %lld urgent%s",
	    (long long)db->tickets_open, (long long)db->tickets_overdue,
	    (long long)db->tickets_open_urgent,
	    db->tickets_overdue > 0 ? "  !" : "");
	for (size_t i = 0; i < db->by_status.n; i++)
		if (rows_int(&db->by_status, i, "count") > max)
			max = rows_int(&db->by_status, i, "count");
	for (size_t i = 0; i < db->by_status.n; i++) {
		const char *s = rows_text(&db->by_status, i, "status");

		/* the chart is of open work */
		if (strcmp(s, "resolved") == 0 || strcmp(s, "closed") == 0)
			continue;
		snprintf(fig, sizeof fig, "%lld",
		    (long long)rows_int(&db->by_status, i, "count"));
		doc_bar(d, s, rows_int(&db->by_status, i, "count"), max, fig);
	}
	if (db->oldest_open_age_days >= 0)
		doc_line(d, R_DIM, "  oldest open: %lld days",
		    (long long)db->oldest_open_age_days);
}

static void
dash_people(struct doc *d, const struct dashboard *db)
{
	doc_line(d, R_NORMAL, "%s", "");
	doc_line(d, R_HEADER, "Contacts (%zu)", db->contacts.n);
	for (size_t i = 0; i < db->contacts.n; i++) {
		struct buf l;

		buf_init(&l);
		/* "* " marks the primary; the others keep its room so that
		 * the names line up. */
		buf_addf(&l, "  %s%s  %s  %s  %s",
		    rows_int(&db->contacts, i, "is_primary") ? "* " : "  ",
		    rows_text(&db->contacts, i, "name"),
		    rows_text(&db->contacts, i, "title"),
		    rows_text(&db->contacts, i, "email"),
		    rows_text(&db->contacts, i, "phone"));
		doc_line(d, R_NORMAL, "%s", l.s);
		buf_free(&l);
	}
	doc_line(d, R_HEADER, "Locations (%zu)", db->locations.n);
	for (size_t i = 0; i < db->locations.n; i++) {
		struct buf l;

		buf_init(&l);
		buf_addf(&l, "  %s  %s %s %s %s",
		    rows_text(&db->locations, i, "name"),
		    rows_text(&db->locations, i, "address"),
		    rows_text(&db->locations, i, "zip"),
		    rows_text(&db->locations, i, "city"),
		    rows_text(&db->locations, i, "country"));
		doc_line(d, R_NORMAL, "%s", l.s);
		buf_free(&l);
	}
}

static void
dash_money(struct doc *d, const struct dashboard *db)
{
	char a[MONEY_LEN], b[MONEY_LEN];

	doc_line(d, R_NORMAL, "%s", "");
	doc_line(d, R_HEADER, "Financial (%s)", db->currency ? db->currency :
	    "");
	money_field(d, "Balance", db->balance_cents);
	money_field(d, "Unbilled", db->unbilled_cents);
	money_format(db->unpaid_cents, a);
	money_format(db->overdue_cents, b);
	doc_line(d, db->overdue_count ? R_OVERDUE : R_NORMAL,
	    "%-14s %lld (%s), overdue %lld (%s)%s", "Unpaid",
	    (long long)db->unpaid_count, a, (long long)db->overdue_count, b,
	    db->overdue_count ? "  !" : "");
	money_field(d, "Paid 365 days", db->paid_365d_cents);
	doc_line(d, R_NORMAL, "%-14s %lld, warranty expired %lld, expiring "
	    "in 30 days %lld", "Assets", (long long)db->assets_total,
	    (long long)db->warranty_expired,
	    (long long)db->warranty_expiring_30d);
	if (db->projects.n > 0)
		doc_line(d, R_HEADER, "Projects (%zu)", db->projects.n);
	for (size_t i = 0; i < db->projects.n; i++) {
		struct buf l;

		buf_init(&l);
		money_format(rows_int(&db->projects, i, "unbilled_cents"), a);
		buf_addf(&l, "  %s  %s  due %s  unbilled %s",
		    rows_text(&db->projects, i, "name"),
		    rows_text(&db->projects, i, "status"),
		    rows_isnull(&db->projects, i, "due_date") ? "-" :
		    rows_text(&db->projects, i, "due_date"), a);
		doc_line(d, R_NORMAL, "%s", l.s);
		buf_free(&l);
	}
}

static void
dash_recent(struct doc *d, const struct dashboard *db)
{
	doc_line(d, R_NORMAL, "%s", "");
	doc_line(d, R_HEADER, "Recent activity");
	for (size_t i = 0; i < db->recent.n; i++) {
		struct buf l;
		char when[17];

		/* "2026-12-02 03:44", as every other time on screen (the
		 * activity keeps ISO 8601's T). */
		snprintf(when, sizeof when, "%s", rows_text(&db->recent, i,
		    "date"));
		if (strlen(when) > 10 && when[10] == 'T')
			when[10] = ' ';
		buf_init(&l);
		buf_addf(&l, "  %-16s  %-7s %-8s %s", when,
		    rows_text(&db->recent, i, "type"),
		    rows_text(&db->recent, i, "action"),
		    rows_text(&db->recent, i, "label"));
		doc_line(d, R_NORMAL, "%s", l.s);
		buf_free(&l);
	}
	if (db->recent.n == 0)
		doc_line(d, R_DIM, "  (none)");
}

static int
detail(struct ui *ui, struct view *v, int64_t id, struct doc *d,
    struct err *e)
{
	struct dashboard db;
	char rate[MONEY_LEN], field[MONEY_LEN + 40];

	(void)v;
	if (dashboard_get(ui->db, id, &db, e) != TP_OK)
		return e->code;
	doc_line(d, R_HEADER, "Client %lld: %s [%s]", (long long)id, db.name,
	    db.status);
	doc_field(d, "Company", db.company_name);
	doc_field(d, "Email", db.email);
	doc_field(d, "Phone", db.phone);
	doc_field(d, "Primary", db.primary_contact);
	money_format(db.rate_cents, rate);
	snprintf(field, sizeof field, "%s/h%s", rate, db.hourly_rate_cents < 0 ?
	    " (the default rate)" : "");
	doc_field(d, "Rate", field);
	snprintf(field, sizeof field, "net %lld days",
	    (long long)db.net_terms_days);
	doc_field(d, "Terms", field);
	dash_tickets(d, &db);
	dash_money(d, &db);
	dash_people(d, &db);
	dash_recent(d, &db);
	doc_line(d, R_DIM, "2/3/4: this client's tickets, assets, invoices; "
	    "b bill; c new contact, location or project; e edit");
	dashboard_free(&db);
	return TP_OK;
}

/* The rate field's label names the rate a client without one is billed
 * at (billing.default_rate, as the database has it), not an example. */
static void
rate_label(struct ui *ui, char *out, size_t n)
{
	char m[MONEY_LEN];

	money_format(ui->db->default_rate_cents, m);
	snprintf(out, n, "Rate (default %s)", m);
}

static int
parse_rate(const char *s, int64_t *cents, struct err *e)
{
	*cents = -1;
	if (s == NULL || *s == '\0')
		return TP_OK;
	return money_parse(s, 0, cents, e);
}

static int
parse_terms(const char *s, int *terms, struct err *e)
{
	int64_t n;

	*terms = -1;
	if (s == NULL || *s == '\0')
		return TP_OK;
	if (text_parse_int(s, 0, 365, &n) != 0)
		return err_set(e, TP_BADINPUT, "bad net terms '%.20s': "
		    "expected days from 0 to 365", s);
	*terms = (int)n;
	return TP_OK;
}

/* The checks the client forms run on every field before they submit, so
 * that one C-s reports every wrong field (w_form_checked). */
static int
check_rate(const char *s, struct err *e)
{
	int64_t cents;

	return parse_rate(s, &cents, e);
}

static int
check_terms(const char *s, struct err *e)
{
	int terms;

	return parse_terms(s, &terms, e);
}

static int
check_email(const char *s, struct err *e)
{
	return client_check_email(s, e);
}

static const w_check_fn onboard_checks[] = {
	NULL, NULL, check_email, NULL, check_rate, check_terms
};
static const w_check_fn edit_checks[] = {
	NULL, NULL, NULL, check_email, NULL, check_rate, check_terms
};

/* The service input (struct client_new's member) behind each field of
 * the onboarding form: an error naming one focuses its field. */
static const char *const onboard_fields[] = {
	"name", "company", "email", "phone", "rate_cents", "net_terms"
};

static int
submit_onboard(struct ui *ui, struct field *f, size_t n, void *arg, int *bad,
    struct err *e)
{
	struct client_new c;
	struct onboard_result r;

	(void)n;
	memset(&c, 0, sizeof c);
	c.name = f[0].value.s;
	c.company = f[1].value.s;
	c.email = f[2].value.s;
	c.phone = f[3].value.s;
	if (parse_rate(f[4].value.s, &c.rate_cents, e) != TP_OK) {
		*bad = 4;
		return e->code;
	}
	if (parse_terms(f[5].value.s, &c.net_terms, e) != TP_OK) {
		*bad = 5;
		return e->code;
	}
	if (client_check_new(&c, e) != TP_OK ||
	    client_check_email(c.email, e) != TP_OK ||
	    saga_onboard_client(ui->db, &c, &r, e) != TP_OK) {
		*bad = w_form_blame(e, onboard_fields, 6);
		return e->code;
	}
	ui_msg(ui, 0, "client %lld onboarded; welcome ticket %lld opened",
	    (long long)r.client_id, (long long)r.welcome_ticket_id);
	*(int64_t *)arg = r.client_id;
	return TP_OK;
}

static void
onboard(struct ui *ui)
{
	struct field f[] = {
		{ "Name", F_TEXT, NULL, 1, { 0 } },
		{ "Company", F_TEXT, NULL, 0, { 0 } },
		{ "Email", F_TEXT, NULL, 0, { 0 } },
		{ "Phone", F_TEXT, NULL, 0, { 0 } },
		{ "Rate", F_TEXT, NULL, 0, { 0 } },
		{ "Net terms (days)", F_TEXT, NULL, 0, { 0 } },
	};
	int64_t id = 0;
	char rate[64];

	rate_label(ui, rate, sizeof rate);
	f[4].label = rate;
	for (size_t i = 0; i < 6; i++)
		buf_init(&f[i].value);
	w_field_set(&f[5], "30");
	if (w_form_checked(ui, "New client (onboarding)", f, 6, onboard_checks,
	    submit_onboard, &id) &&
	    !ui_show_record(ui, &ui->views[P_HUB], id))
		ui_msg(ui, 0, "client %lld onboarded; this list does not show "
		    "it (f filters)", (long long)id);
	w_form_free(f, 6);
}

/* The same for the client edit form (struct client_patch). */
static const char *const edit_fields[] = {
	"name", "company", "status", "email", "phone", "rate_cents",
	"net_terms"
};

static int
submit_edit(struct ui *ui, struct field *f, size_t n, void *arg, int *bad,
    struct err *e)
{
	struct client_patch p;

	(void)n;
	memset(&p, 0, sizeof p);
	p.name = f[0].value.s;
	p.company = f[1].value.s;
	p.status = f[2].value.s;
	p.email = f[3].value.s;
	p.phone = f[4].value.s;
	p.set_rate = 1;
	if (parse_rate(f[5].value.s, &p.rate_cents, e) != TP_OK) {
		*bad = 5;
		return e->code;
	}
	if (parse_terms(f[6].value.s, &p.net_terms, e) != TP_OK) {
		*bad = 6;
		return e->code;
	}
	if (client_check_email(p.email, e) != TP_OK ||
	    client_update(ui->db, *(int64_t *)arg, &p, e) != TP_OK) {
		*bad = w_form_blame(e, edit_fields, 7);
		return e->code;
	}
	ui_msg(ui, 0, "client updated");
	return TP_OK;
}

static void
edit(struct ui *ui, struct view *v)
{
	struct field f[] = {
		{ "Name", F_TEXT, NULL, 1, { 0 } },
		{ "Company", F_TEXT, NULL, 0, { 0 } },
		{ "Status", F_CHOICE, client_statuses, 1, { 0 } },
		{ "Email", F_TEXT, NULL, 0, { 0 } },
		{ "Phone", F_TEXT, NULL, 0, { 0 } },
		{ "Rate", F_TEXT, NULL, 0, { 0 } },
		{ "Net terms (days)", F_TEXT, NULL, 0, { 0 } },
	};
	int64_t id = ui_selected(ui, v);
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	char tmp[MONEY_LEN], rate[64];

	if (id == 0 || client_get(ui->db, id, &r, &e) != TP_OK) {
		ui_msg(ui, 1, "%s", id ? e.msg : "no client selected");
		return;
	}
	rate_label(ui, rate, sizeof rate);
	f[5].label = rate;
	for (size_t i = 0; i < 7; i++)
		buf_init(&f[i].value);
	w_field_set(&f[0], rows_text(&r, 0, "name"));
	w_field_set(&f[1], rows_text(&r, 0, "company_name"));
	w_field_set(&f[2], rows_text(&r, 0, "status"));
	w_field_set(&f[3], rows_text(&r, 0, "email"));
	w_field_set(&f[4], rows_text(&r, 0, "phone"));
	if (!rows_isnull(&r, 0, "hourly_rate_cents")) {
		money_format(rows_int(&r, 0, "hourly_rate_cents"), tmp);
		w_field_set(&f[5], tmp);
	}
	w_field_set(&f[6], rows_text(&r, 0, "net_terms_days"));
	rows_free(&r);
	if (w_form_checked(ui, "Edit client", f, 7, edit_checks, submit_edit,
	    &id))
		ui_changed(ui);
	w_form_free(f, 7);
}

/* The project forms' fields as project_create and project_update name
 * them. */
static const char *const project_fields[] = { "name", "due_date" };
static const char *const project_edit_fields[] = {
	"name", "status", "due_date"
};

static int
submit_project(struct ui *ui, struct field *f, size_t n, void *arg, int *bad,
    struct err *e)
{
	int64_t id;

	(void)n;
	if (f[1].value.len && clock_check_date(f[1].value.s, e) != TP_OK) {
		*bad = 1;
		return e->code;
	}
	if (project_create(ui->db, *(int64_t *)arg, f[0].value.s,
	    f[1].value.len ? f[1].value.s : NULL, &id, e) != TP_OK) {
		*bad = w_form_blame(e, project_fields, 2);
		return e->code;
	}
	ui_msg(ui, 0, "project %lld created", (long long)id);
	return TP_OK;
}

static void
new_project(struct ui *ui, int64_t client_id)
{
	struct field f[] = {
		{ "Project name", F_TEXT, NULL, 1, { 0 } },
		{ "Due (YYYY-MM-DD)", F_TEXT, NULL, 0, { 0 } },
	};

	buf_init(&f[0].value);
	buf_init(&f[1].value);
	if (w_form(ui, "New project", f, 2, submit_project, &client_id))
		ui_changed(ui);
	w_form_free(f, 2);
}

static int
submit_project_edit(struct ui *ui, struct field *f, size_t n, void *arg,
    int *bad, struct err *e)
{
	struct project_patch p;
	int changed = 0;

	(void)n;
	memset(&p, 0, sizeof p);
	p.name = f[0].value.s;
	p.status = f[1].value.s;
	p.due_date = f[2].value.s;     /* "" clears it */
	if (f[2].value.len && clock_check_date(f[2].value.s, e) != TP_OK) {
		*bad = 2;
		return e->code;
	}
	if (project_update(ui->db, *(int64_t *)arg, &p, &changed, e) != TP_OK) {
		*bad = w_form_blame(e, project_edit_fields, 3);
		return e->code;
	}
	ui_msg(ui, 0, changed ? "project %lld updated" :
	    "project %lld unchanged", (long long)*(int64_t *)arg);
	return TP_OK;
}

static void
edit_project(struct ui *ui, int64_t id)
{
	struct field f[] = {
		{ "Project name", F_TEXT, NULL, 1, { 0 } },
		{ "Status", F_CHOICE, project_statuses, 1, { 0 } },
		{ "Due (YYYY-MM-DD)", F_TEXT, NULL, 0, { 0 } },
	};
	struct rows r = { 0 };
	struct err e = ERR_INIT;

	if (project_get(ui->db, id, &r, &e) != TP_OK) {
		ui_err(ui, &e);
		return;
	}
	for (size_t i = 0; i < 3; i++)
		buf_init(&f[i].value);
	w_field_set(&f[0], rows_text(&r, 0, "name"));
	w_field_set(&f[1], rows_text(&r, 0, "status"));
	if (!rows_isnull(&r, 0, "due_date"))
		w_field_set(&f[2], rows_text(&r, 0, "due_date"));
	rows_free(&r);
	if (w_form(ui, "Edit project", f, 3, submit_project_edit, &id))
		ui_changed(ui);
	w_form_free(f, 3);
}

/* Contacts and locations: one form driver (person_form) for new and edit,
 * driven by a table of each one's fields (struct person_form). */
struct person_form {
	const char         *noun;     /* "contact": titles and messages */
	const struct field *fields;   /* the form, values empty */
	const char *const  *inputs;   /* the service input behind each
	                                 field: an error naming one focuses
	                                 it (NULL: none) */
	const char *const  *columns;  /* the record's column each field is
	                                 filled from on edit */
	size_t              n;
	int (*get)(struct db *db, int64_t id, struct rows *out,
	    struct err *e);
	/* Add a record to client client_id, or update record id, from
	 * the form's values. */
	int (*add)(struct db *db, int64_t client_id, const struct field *f,
	    int64_t *id, struct err *e);
	int (*update)(struct db *db, int64_t id, const struct field *f,
	    struct err *e);
};

/* arg of the form: the client (new) or the record (edit). */
struct person_ctx {
	const struct person_form *form;
	int64_t client_id;   /* new: the dashboard's client */
	int64_t id;          /* edit: the contact or location */
};

#define PERSON_FIELDS_MAX 5

static const char *const yes_no[] = { "no", "yes", NULL };

static int
submit_person(struct ui *ui, struct field *f, size_t n, void *arg,
    int *bad, struct err *e)
{
	const struct person_ctx *c = arg;
	int64_t id;
	int rc = c->id ? c->form->update(ui->db, c->id, f, e) :
	    c->form->add(ui->db, c->client_id, f, &id, e);

	if (rc != TP_OK) {
		*bad = w_form_blame(e, c->form->inputs, n);
		return rc;
	}
	if (c->id)
		ui_msg(ui, 0, "%s updated", c->form->noun);
	else
		ui_msg(ui, 0, "%s %s added", c->form->noun, f[0].value.s);
	return TP_OK;
}

/* The form of p for a new record of client_id (id 0) or to edit id; a
 * yes/no field is "no" on a new record. */
static void
person_form(struct ui *ui, const struct person_form *p, int64_t client_id,
    int64_t id)
{
	struct field f[PERSON_FIELDS_MAX];
	struct person_ctx c = { p, client_id, id };
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	char title[32];

	if (id && p->get(ui->db, id, &r, &e) != TP_OK) {
		ui_err(ui, &e);
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		f[i] = p->fields[i];
		buf_init(&f[i].value);
		if (f[i].choices == yes_no)
			w_field_set(&f[i], id && rows_int(&r, 0, p->columns[i])
			    ? "yes" : "no");
		else if (id)
			w_field_set(&f[i], rows_text(&r, 0, p->columns[i]));
	}
	rows_free(&r);
	snprintf(title, sizeof title, "%s %s", id ? "Edit" : "New", p->noun);
	if (w_form(ui, title, f, p->n, submit_person, &c))
		ui_changed(ui);
	w_form_free(f, p->n);
}

static int
add_contact(struct db *db, int64_t client_id, const struct field *f,
    int64_t *id, struct err *e)
{
	struct contact_new k = { client_id, f[0].value.s, f[1].value.s,
	    f[2].value.s, f[3].value.s, strcmp(f[4].value.s, "yes") == 0 };

	return contact_add(db, &k, id, e);
}

static int
update_contact(struct db *db, int64_t id, const struct field *f,
    struct err *e)
{
	struct contact_patch p = { f[0].value.s, f[1].value.s, f[2].value.s,
	    f[3].value.s, strcmp(f[4].value.s, "yes") == 0 };

	return contact_update(db, id, &p, e);
}

static const struct field contact_fields[] = {
	{ "Name", F_TEXT, NULL, 1, { 0 } },
	{ "Email", F_TEXT, NULL, 0, { 0 } },
	{ "Phone", F_TEXT, NULL, 0, { 0 } },
	{ "Title", F_TEXT, NULL, 0, { 0 } },
	{ "Primary", F_CHOICE, yes_no, 1, { 0 } },
};
static const char *const contact_inputs[] = {
	"name", "email", "phone", "title", NULL
};
static const char *const contact_columns[] = {
	"name", "email", "phone", "title", "is_primary"
};
static const struct person_form contact_form = {
	"contact", contact_fields, contact_inputs, contact_columns, 5,
	contact_get, add_contact, update_contact
};

static int
add_location(struct db *db, int64_t client_id, const struct field *f,
    int64_t *id, struct err *e)
{
	struct location_new l = { client_id, f[0].value.s, f[1].value.s,
	    f[2].value.s, f[3].value.s, f[4].value.s };

	return location_add(db, &l, id, e);
}

static int
update_location(struct db *db, int64_t id, const struct field *f,
    struct err *e)
{
	struct location_patch p = { f[0].value.s, f[1].value.s, f[2].value.s,
	    f[3].value.s, f[4].value.s };

	return location_update(db, id, &p, e);
}

static const struct field location_fields[] = {
	{ "Name", F_TEXT, NULL, 1, { 0 } },
	{ "Address", F_TEXT, NULL, 0, { 0 } },
	{ "City", F_TEXT, NULL, 0, { 0 } },
	{ "Zip", F_TEXT, NULL, 0, { 0 } },
	{ "Country", F_TEXT, NULL, 0, { 0 } },
};
/* The service inputs are the record's columns. */
static const char *const location_inputs[] = {
	"name", "address", "city", "zip", "country"
};
static const struct person_form location_form = {
	"location", location_fields, location_inputs, location_inputs, 5,
	location_get, add_location, update_location
};

/* c on a dashboard: what to add to this client. */
static void
create_from_dashboard(struct ui *ui, struct view *v)
{
	static const char *const what[] = { "contact", "location",
	    "project" };
	int i = w_pick(ui, "New for this client", what, 3, 0);

	if (i == 0)
		person_form(ui, &contact_form, v->detail_id, 0);
	else if (i == 1)
		person_form(ui, &location_form, v->detail_id, 0);
	else if (i == 2)
		new_project(ui, v->detail_id);
}

/* The records e on a dashboard can edit, in the picker's order: the
 * client, its contacts, locations and projects. */
enum edit_kind { EK_CLIENT, EK_CONTACT, EK_LOCATION, EK_PROJECT };

struct edit_choices {
	struct buf      labels;   /* NUL-separated, for names[] */
	const char    **names;
	enum edit_kind *kinds;
	int64_t        *ids;
	size_t          n, cap;
};

static void
choice_add(struct edit_choices *c, enum edit_kind k, int64_t id,
    const char *what, const char *name, const char *extra)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->kinds = xrealloc(c->kinds, c->cap * sizeof *c->kinds);
		c->ids = xrealloc(c->ids, c->cap * sizeof *c->ids);
	}
	c->kinds[c->n] = k;
	c->ids[c->n] = id;
	buf_addf(&c->labels, "%s%s%s%s", what, name, extra && *extra ? ", " :
	    "", extra ? extra : "");
	buf_addc(&c->labels, '\0');
	c->n++;
}

/* Two locations are often both "Head Office": extra (a column, or
 * NULL) tells them apart. */
static void
choices_of(const struct rows *r, enum edit_kind k, const char *what,
    const char *extra, struct edit_choices *c)
{
	for (size_t i = 0; i < r->n; i++)
		choice_add(c, k, rows_int(r, i, "id"), what,
		    rows_text(r, i, "name"), extra ? rows_text(r, i, extra) :
		    NULL);
}

/* e on a dashboard: the client itself edits at once when it has nothing
 * else; otherwise a picker of the client and its contacts, locations and
 * projects by name, starting on the client (what the dashboard is about:
 * e Enter edits the client, whatever else it has). */
static void
edit_from_dashboard(struct ui *ui, struct view *v)
{
	struct project_filter pf;
	struct rows r[3] = { { 0 }, { 0 }, { 0 } };
	struct err e = ERR_INIT;
	struct edit_choices c;
	const char *p;
	int i;

	memset(&c, 0, sizeof c);
	buf_init(&c.labels);
	memset(&pf, 0, sizeof pf);
	pf.client_id = v->detail_id;
	pf.limit = 100;
	if (client_contacts(ui->db, v->detail_id, &r[0], &e) != TP_OK ||
	    client_locations(ui->db, v->detail_id, &r[1], &e) != TP_OK ||
	    project_list(ui->db, &pf, &r[2], &e) != TP_OK) {
		ui_err(ui, &e);
		goto done;
	}
	choice_add(&c, EK_CLIENT, v->detail_id, "", "the client itself",
	    NULL);
	choices_of(&r[0], EK_CONTACT, "contact: ", "title", &c);
	choices_of(&r[1], EK_LOCATION, "location: ", "city", &c);
	choices_of(&r[2], EK_PROJECT, "project: ", NULL, &c);
	if (c.n == 1) {
		edit(ui, v);
		goto done;
	}
	c.names = xcalloc(c.n, sizeof *c.names);
	p = c.labels.s;
	for (size_t k = 0; k < c.n; k++, p += strlen(p) + 1)
		c.names[k] = p;
	i = w_pick(ui, "Edit which?", c.names, c.n, 0);
	if (i == 0)
		edit(ui, v);
	else if (i > 0 && c.kinds[i] == EK_CONTACT)
		person_form(ui, &contact_form, v->detail_id, c.ids[i]);
	else if (i > 0 && c.kinds[i] == EK_LOCATION)
		person_form(ui, &location_form, v->detail_id, c.ids[i]);
	else if (i > 0)
		edit_project(ui, c.ids[i]);
done:
	for (int k = 0; k < 3; k++)
		rows_free(&r[k]);
	free(c.names);
	free(c.kinds);
	free(c.ids);
	buf_free(&c.labels);
}

static int
act(struct ui *ui, struct view *v, enum action a)
{
	int64_t id = ui_selected(ui, v);

	switch (a) {
	case A_CREATE:
		if (v->in_detail)
			create_from_dashboard(ui, v);
		else
			onboard(ui);
		return 0;
	case A_EDIT:
		if (v->in_detail)
			edit_from_dashboard(ui, v);
		else
			edit(ui, v);
		return 0;
	case A_BILL:
		if (id == 0)
			ui_msg(ui, 1, "no client selected");
		else
			billing_bill_client(ui, id);
		return 0;
	default:
		return -1;
	}
}

static const enum action own[] = {
	A_OPEN, A_CREATE, A_EDIT, A_BILL, A_NONE
};
static const enum action hints[] = {
	A_CREATE, A_EDIT, A_BILL, A_FILTER, A_NONE
};

/* The markers cells() sets. */
static const char *const legend[] = { "$ owes a balance", NULL };

const struct view_ops hub_ops = {
	"Client hub", legend, cols, 6, presets, client_sorts,
	fetch, cells, detail, act, own, hints, NULL, 0
};
