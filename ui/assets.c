/*
 * assets.c - the assets pane: every client's hardware or one client's;
 * expired and expiring warranties stand out.  M schedules maintenance
 * (domain.md scenario 4) through asset_schedule_maintenance, like
 * `termpsa asset maintain`; R adds and removes recurring schedules
 * (ui/schedules.c).  o orders by name, warranty end or newest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"
#include "service/asset.h"
#include "service/ticket.h"
#include "ui/pick.h"
#include "ui/schedules.h"
#include "ui/view.h"
#include "ui/widgets.h"

static const struct column cols[] = {
	{ "Asset", 0, 0 }, { "Client", 14, 0 }, { "Type", 10, 0 },
	{ "Serial", 12, 0 }, { "Status", 11, 0 }, { "Warranty", 10, 0 },
};

static const char *const presets[] = {
	"all", "expiring", "deployed", "maintenance", "repair", NULL
};

static int
fetch(struct ui *ui, struct view *v, int64_t after, int limit,
    struct rows *out, struct err *e)
{
	struct asset_filter f;

	memset(&f, 0, sizeof f);
	f.client_id = v->client_id;
	f.expiring_days = v->preset == 1 ? ASSET_WARRANTY_SOON : -1;
	f.status = v->preset >= 2 ? presets[v->preset] : NULL;
	f.search = v->search[0] ? v->search : NULL;
	/* The order the title names (asset_sorts[i] is order i + 1), also
	 * under "expiring", where o picks the warranty order. */
	f.sort = (enum asset_sort)(v->sort + 1);
	f.after_id = after;
	f.limit = limit;
	return asset_list(ui->db, &f, out, e);
}

static void
cells(struct ui *ui, struct view *v, const struct rows *r, size_t i,
    struct rowcells *c)
{
	const char *w = rows_text(r, i, "warranty_state");

	(void)ui; (void)v;
	c->text[0] = rows_text(r, i, "name");
	c->text[1] = rows_text(r, i, "client_name");
	c->text[2] = rows_text(r, i, "type");
	c->text[3] = rows_text(r, i, "serial");
	c->text[4] = rows_text(r, i, "status");
	c->text[5] = rows_isnull(r, i, "warranty_expire") ? "-" :
	    rows_text(r, i, "warranty_expire");
	if (strcmp(w, "expired") == 0) {
		c->marker = '!';
		c->role = R_OVERDUE;
	} else if (strcmp(w, "expiring") == 0) {
		c->marker = '~';
		c->role = R_HIGH;
	}
}

static int
detail(struct ui *ui, struct view *v, int64_t id, struct doc *d,
    struct err *e)
{
	struct rows r = { 0 }, m = { 0 };
	static const char *const fields[][2] = {
		{ "Client", "client_name" }, { "Type", "type" },
		{ "Category", "category" }, { "Make", "make" },
		{ "Model", "model" }, { "Serial", "serial" }, { "IP", "ip" },
		{ "MAC", "mac" }, { "Status", "status" },
		{ "Location", "location" }, { "Purchased", "purchase_date" },
		{ "Warranty", "warranty_expire" },
		{ "Warranty is", "warranty_state" },
	};

	(void)v;
	if (asset_get(ui->db, id, &r, e) != TP_OK)
		return e->code;
	doc_line(d, R_HEADER, "Asset %lld: %s", (long long)id,
	    rows_text(&r, 0, "name"));
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		doc_field(d, fields[i][0], rows_text(&r, 0, fields[i][1]));
	if (!rows_isnull(&r, 0, "notes")) {
		doc_line(d, R_LABEL, "Notes");
		doc_text(d, R_NORMAL, rows_text(&r, 0, "notes"));
	}
	rows_free(&r);
	if (asset_maintenance_list(ui->db, id, &m, e) != TP_OK)
		return e->code;
	doc_line(d, R_NORMAL, "%s", "");
	doc_line(d, R_HEADER, "Maintenance (%zu)", m.n);
	for (size_t i = 0; i < m.n; i++) {
		struct buf l;

		buf_init(&l);
		buf_addf(&l, "  %s  %-10s ticket #%lld (%s)%s  %s",
		    rows_text(&m, i, "scheduled_date"),
		    rows_text(&m, i, "maintenance_type"),
		    (long long)rows_int(&m, i, "number"),
		    rows_text(&m, i, "ticket_status"),
		    rows_isnull(&m, i, "completed_at") ? "" : " done",
		    rows_text(&m, i, "description"));
		doc_line(d, R_NORMAL, "%s", l.s);
		buf_free(&l);
	}
	rows_free(&m);
	if (schedules_detail(ui, id, d, e) != TP_OK)
		return e->code;
	doc_line(d, R_DIM, "M schedules maintenance; R recurring maintenance; "
	    "e edits");
	return TP_OK;
}

static int
submit_maint(struct ui *ui, struct field *f, size_t n, void *arg, int *bad,
    struct err *e)
{
	struct maint_req r;
	int64_t ticket, maint;

	(void)n;
	memset(&r, 0, sizeof r);
	if (f[0].value.len && clock_check_date(f[0].value.s, e) != TP_OK) {
		*bad = 0;
		return e->code;
	}
	r.date = f[0].value.len ? f[0].value.s : NULL;
	r.type = f[1].value.s;
	r.description = f[2].value.len ? f[2].value.s : NULL;
	r.priority = f[3].value.s;
	if (asset_schedule_maintenance(ui->db, *(int64_t *)arg, &r, &ticket,
	    &maint, e) != TP_OK) {
		*bad = -1;
		return e->code;
	}
	ui_msg(ui, 0, "maintenance scheduled: ticket %lld", (long long)ticket);
	return TP_OK;
}

static void
maintain(struct ui *ui, struct view *v)
{
	struct field f[] = {
		{ "Date (YYYY-MM-DD)", F_TEXT, NULL, 0, { 0 } },
		{ "Type", F_CHOICE, asset_maintenance_types, 1, { 0 } },
		{ "Description", F_LONG, NULL, 0, { 0 } },
		{ "Priority", F_CHOICE, ticket_priorities, 1, { 0 } },
	};
	int64_t id = ui_selected(ui, v);
	char date[CLOCK_DATE_LEN], today[CLOCK_DATE_LEN];
	struct err e = ERR_INIT;

	if (id == 0) {
		ui_msg(ui, 1, "no asset selected");
		return;
	}
	for (size_t i = 0; i < 4; i++)
		buf_init(&f[i].value);
	clock_today(today);
	if (clock_add_days(today, 7, date, &e) == TP_OK)
		w_field_set(&f[0], date);
	w_field_set(&f[1], asset_maintenance_types[0]);
	w_field_set(&f[3], "normal");
	if (w_form(ui, "Schedule maintenance", f, 4, submit_maint, &id))
		ui_changed(ui);
	w_form_free(f, 4);
}

enum { AF_CLIENT, AF_NAME, AF_TYPE, AF_MAKE, AF_MODEL, AF_SERIAL, AF_IP,
    AF_MAC, AF_STATUS, AF_WARRANTY, AF_N };

static void
fill(struct field *f, struct asset_new *a)
{
	a->name = f[AF_NAME].value.s;
	a->type = f[AF_TYPE].value.s;
	a->make = f[AF_MAKE].value.s;
	a->model = f[AF_MODEL].value.s;
	a->serial = f[AF_SERIAL].value.s;
	a->ip = f[AF_IP].value.s;
	a->mac = f[AF_MAC].value.s;
	a->status = f[AF_STATUS].value.s;
	a->warranty_expire = f[AF_WARRANTY].value.s;
}

/* The field an error is about, as the service names it (struct
 * asset_new's members, in the form's order). */
static int
blame(const struct err *e)
{
	static const char *const fields[AF_N] = { "client_id", "name",
	    "type", "make", "model", "serial", "ip", "mac", "status",
	    "warranty_expire" };

	return w_form_blame(e, fields, AF_N);
}

static const char *
nz(const char *s)
{
	return s && *s ? s : NULL;
}

/* The asset form: the asset (0 until created) and its client's picker. */
struct asset_ctx {
	int64_t           id;
	struct field_pick picks[AF_N];
};

static int
submit_asset(struct ui *ui, struct field *f, size_t n, void *arg, int *bad,
    struct err *e)
{
	struct asset_ctx *c = arg;
	struct asset_new a;
	int64_t id = c->id;
	int changed;

	(void)n;
	memset(&a, 0, sizeof a);
	fill(f, &a);
	if (id == 0) {
		if (c->picks[AF_CLIENT].id <= 0) {
			*bad = AF_CLIENT;
			return err_set_field(e, TP_BADINPUT, "client_id",
			    "pick a client: type its name");
		}
		a.client_id = c->picks[AF_CLIENT].id;
		/* "" means none on create */
		a.type = nz(a.type);
		a.make = nz(a.make);
		a.model = nz(a.model);
		a.serial = nz(a.serial);
		a.ip = nz(a.ip);
		a.mac = nz(a.mac);
		a.warranty_expire = nz(a.warranty_expire);
		if (asset_create(ui->db, &a, &id, e) != TP_OK) {
			*bad = blame(e);
			return e->code;
		}
		ui_msg(ui, 0, "asset %lld created", (long long)id);
		c->id = id;
		return TP_OK;
	}
	if (asset_update(ui->db, id, &a, &changed, e) != TP_OK) {
		*bad = blame(e);
		return e->code;
	}
	ui_msg(ui, 0, "asset updated (%d change%s)", changed,
	    changed == 1 ? "" : "s");
	return TP_OK;
}

static void
asset_form(struct ui *ui, struct view *v, int64_t id)
{
	struct field f[AF_N] = {
		{ "Client", F_PICK, NULL, 1, { 0 } },
		{ "Name", F_TEXT, NULL, 1, { 0 } },
		{ "Type", F_TEXT, NULL, 0, { 0 } },
		{ "Make", F_TEXT, NULL, 0, { 0 } },
		{ "Model", F_TEXT, NULL, 0, { 0 } },
		{ "Serial", F_TEXT, NULL, 0, { 0 } },
		{ "IP", F_TEXT, NULL, 0, { 0 } },
		{ "MAC", F_TEXT, NULL, 0, { 0 } },
		{ "Status", F_CHOICE, asset_statuses, 1, { 0 } },
		{ "Warranty until", F_TEXT, NULL, 0, { 0 } },
	};
	static const char *const cols_of[AF_N] = { "client_id", "name", "type",
	    "make", "model", "serial", "ip", "mac", "status",
	    "warranty_expire" };
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	struct asset_ctx c;
	char label[200];
	int64_t client = v->client_id;

	memset(&c, 0, sizeof c);
	c.id = id;
	c.picks[AF_CLIENT].fill = pick_clients;
	for (size_t i = 0; i < AF_N; i++)
		buf_init(&f[i].value);
	if (id != 0) {
		if (asset_get(ui->db, id, &r, &e) != TP_OK) {
			ui_err(ui, &e);
			w_form_free(f, AF_N);
			return;
		}
		for (size_t i = 0; i < AF_N; i++)
			if (i != AF_CLIENT)
				w_field_set(&f[i], rows_text(&r, 0,
				    cols_of[i]));
		client = rows_int(&r, 0, "client_id");
		rows_free(&r);
	} else {
		size_t idx;
		const struct rows *sel = ui_selected_row(ui, v, &idx);

		/* The pane's client, else the selected asset's: the likely
		 * one, named as the hub names it (never a bare id). */
		if (client <= 0 && sel != NULL)
			client = rows_int(sel, idx, "client_id");
		w_field_set(&f[AF_STATUS], "deployed");
	}
	pick_client_label(ui, client, label, sizeof label);
	c.picks[AF_CLIENT].id = *label ? client : 0;
	w_field_set(&f[AF_CLIENT], label);
	/* The client of an existing asset is not changed by an edit: its
	 * field is shown, as text nothing reads. */
	if (id != 0) {
		f[AF_CLIENT].label = "Client (kept)";
		f[AF_CLIENT].kind = F_TEXT;
	}
	if (w_form_picks(ui, id ? "Edit asset" : "New asset", f, AF_N,
	    c.picks, submit_asset, &c) && !ui_show_record(ui, v, c.id))
		ui_msg(ui, 0, "asset %lld saved; this list does not show it "
		    "(f filters)", (long long)c.id);
	w_form_free(f, AF_N);
}

static int
act(struct ui *ui, struct view *v, enum action a)
{
	switch (a) {
	case A_MAINTAIN: maintain(ui, v); return 0;
	case A_SCHEDULE: schedules_edit(ui, v); return 0;
	case A_CREATE: asset_form(ui, v, 0); return 0;
	case A_EDIT:
		if (ui_selected(ui, v) == 0)
			ui_msg(ui, 1, "no asset selected");
		else
			asset_form(ui, v, ui_selected(ui, v));
		return 0;
	default: return -1;
	}
}

static const enum action own[] = {
	A_OPEN, A_CREATE, A_EDIT, A_MAINTAIN, A_SCHEDULE, A_NONE
};
static const enum action hints[] = {
	A_MAINTAIN, A_CREATE, A_EDIT, A_FILTER, A_NONE
};

/* The markers cells() sets. */
static const char *const legend[] = {
	"! warranty expired", "~ warranty expiring soon", NULL
};

const struct view_ops assets_ops = {
	"Assets", legend, cols, 6, presets, asset_sorts,
	fetch, cells, detail, act, own, hints, NULL, 0
};
