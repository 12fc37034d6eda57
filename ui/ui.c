/*
 * ui.c - the curses front end's main loop: panes, layout, dispatch of
 * actions, the status line, and the terminal's care (signals, resize,
 * ESCDELAY, the cursor on the selected row).
 *
 * Signal handlers only set ui_stop; the loop reads it.  getch waits with
 * a timeout so that, when idle, due jobs run in small batches and the
 * status line (timer, unread, sync) stays current without ever delaying
 * a keystroke.  Drawing writes curses' virtual screen each time and lets
 * curses send only what changed.
 */
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "core/bgread.h"
#include "core/clock.h"
#include "core/job.h"
#include "core/text.h"
#include "service/client.h"
#include "service/notify.h"
#include "service/ticket.h"
#include "service/timeentry.h"
#include "ui/cmdline.h"
#include "ui/searchall.h"
#include "ui/status.h"
#include "ui/termcheck.h"
#include "ui/ui.h"
#include "ui/view.h"
#include "ui/widgets.h"

volatile sig_atomic_t ui_stop;

#define IDLE_MS   1000   /* getch timeout: the timer ticks each second */
#define CMD_TICK_MS 100  /* ... and while a `:` command runs */
#define IDLE_JOBS 5      /* jobs run per idle tick */
#define LAST_MAX_PAGES 200 /* G reads at most this many pages at once */
#define SEEK_PAGES 5     /* a record is looked for in the first pages */

/* The pane table's rows (panes.h), as the loop uses them. */
static const struct pane_row {
	const struct view_ops *ops;
	enum scope     scope;
	view_submit_fn submit;   /* search reads beside the UI, or NULL */
	view_note_fn   note;     /* why it has nothing to do, or NULL */
	enum action    action;   /* the action that switches to it */
	const char    *tab;      /* tab label, or NULL: not a tab */
	const char    *record;   /* what its detail shows: "ticket" */
} panes[P_COUNT] = {
#define X(id, name, ops, submit, note, action, key, tab, record) \
	[P_##id] = { &ops, SCOPE_##id, submit, note, A_##action, tab, record },
	PANES(X)
#undef X
};

static enum scope
view_scope(const struct view *v)
{
	return panes[v->pane].scope;
}

/* The pane an action switches to, or -1. */
static int
pane_of_action(enum action a)
{
	for (int p = 0; p < P_COUNT; p++)
		if (panes[p].action == a)
			return p;
	return -1;
}

/* The next tab from pane p in direction dir (+1, -1), cycling over the
 * panes that have one. */
static int
next_tab(int p, int dir)
{
	for (int i = 0; i < P_COUNT; i++) {
		p = (p + dir + P_COUNT) % P_COUNT;
		if (panes[p].tab != NULL)
			return p;
	}
	return p;
}

static void
on_signal(int sig)
{
	ui_stop = sig;
}

struct view *
ui_view(struct ui *ui)
{
	return &ui->views[ui->cur];
}

void
ui_msg(struct ui *ui, int err, const char *fmt, ...)
{
	va_list ap;
	char msg[sizeof ui->msg];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* Logged when shown anew, not at every paint that repeats it (a
	 * failed list read says so on each draw). */
	if (strcmp(msg, ui->msg) != 0 || err != ui->msg_err)
		status_log(msg, err);
	memcpy(ui->msg, msg, sizeof ui->msg);
	ui->msg_err = err;
}

/* db_set_busy_notice's word while one of the UI's own writes waits for
 * another program's (a sync run, a command, a second UI): on the status
 * line at once, the message of the moment put back for the next paint. */
static void
busy_notice(void *arg, int waited_ms)
{
	struct ui *ui = arg;
	char saved[sizeof ui->msg];
	int saved_err = ui->msg_err;

	memcpy(saved, ui->msg, sizeof saved);
	snprintf(ui->msg, sizeof ui->msg, "database busy: another program "
	    "is writing; waiting %d s of %d", (waited_ms + 500) / 1000,
	    DB_BUSY_MS / 1000);
	ui->msg_err = 0;
	status_draw(ui);
	refresh();
	memcpy(ui->msg, saved, sizeof ui->msg);
	ui->msg_err = saved_err;
}

void
ui_err(struct ui *ui, const struct err *e)
{
	ui_msg(ui, 1, "%s", e->msg);
}

void
ui_age(int64_t ts, char *out, size_t n)
{
	int64_t d = clock_now() - ts;

	if (ts <= 0)
		snprintf(out, n, "-");
	else if (d < 3600)
		snprintf(out, n, "%lldm", (long long)(d > 0 ? d / 60 : 0));
	else if (d < 86400)
		snprintf(out, n, "%lldh", (long long)(d / 3600));
	else
		snprintf(out, n, "%lldd", (long long)(d / 86400));
}

/* Documents ------------------------------------------------------------- */

void
doc_free(struct doc *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->l[i].text);
	free(d->l);
	d->l = NULL;
	d->n = d->cap = 0;
}

static void
doc_push(struct doc *d, enum role r, const char *text)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->l = xrealloc(d->l, d->cap * sizeof *d->l);
	}
	d->l[d->n].text = xstrdup(text);
	d->l[d->n].role = r;
	d->n++;
}

void
doc_line(struct doc *d, enum role r, const char *fmt, ...)
{
	va_list ap;
	char line[1024];

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	doc_push(d, r, line);
}

struct wrap_ctx {
	struct doc *d;
	enum role   r;
	const char *indent;
};

static void
wrap_line(const char *line, void *arg)
{
	struct wrap_ctx *w = arg;
	struct buf b;

	buf_init(&b);
	buf_addf(&b, "%s%s", w->indent, line);
	doc_push(w->d, w->r, b.s);
	buf_free(&b);
}

void
doc_text(struct doc *d, enum role r, const char *text)
{
	struct wrap_ctx w = { d, r, "  " };

	draw_wrap(text ? text : "", (d->width > 10 ? d->width : 78) - 2,
	    wrap_line, &w);
}

void
doc_plain(struct doc *d, enum role r, const char *text)
{
	struct wrap_ctx w = { d, r, "" };

	draw_wrap(text ? text : "", d->width > 10 ? d->width : 78, wrap_line,
	    &w);
}

void
doc_field(struct doc *d, const char *label, const char *value)
{
	struct buf b;
	int width = d->width > 10 ? d->width : 78;

	buf_init(&b);
	buf_addf(&b, "%-14s %s", label, value && *value ? value : "-");
	if (draw_width(b.s) <= width) {
		doc_push(d, R_NORMAL, b.s);
	} else {
		doc_line(d, R_LABEL, "%s", label);
		doc_text(d, R_NORMAL, value);
	}
	buf_free(&b);
}

void
doc_bar(struct doc *d, const char *label, int64_t value, int64_t max,
    const char *figure)
{
	int width = (d->width > 40 ? d->width : 78) - 32, len;
	struct buf b;

	if (width > 40)
		width = 40;
	len = max > 0 ? (int)((value * width + max - 1) / max) : 0;
	if (value > 0 && len == 0)
		len = 1;
	buf_init(&b);
	buf_addf(&b, "  %-11s ", label);
	for (int i = 0; i < len; i++)
		buf_add(&b, draw_glyph_bar());
	for (int i = len; i < width; i++)
		buf_addc(&b, ' ');
	buf_addf(&b, " %s", figure);
	doc_push(d, R_BAR, b.s);
	buf_free(&b);
}

/* Selection and targets ---------------------------------------------------- */

int64_t
ui_selected(struct ui *ui, struct view *v)
{
	(void)ui;
	if (v->in_detail)
		return v->detail_id;
	return list_id(&v->list, v->list.sel);
}

const struct rows *
ui_selected_row(struct ui *ui, struct view *v, size_t *idx)
{
	(void)ui;
	return list_row(&v->list, v->list.sel, idx);
}

size_t
ui_targets(struct ui *ui, struct view *v, int64_t **ids)
{
	int64_t id;

	if (v->list.nmarks > 0 && !v->in_detail) {
		*ids = xcalloc(v->list.nmarks, sizeof **ids);
		memcpy(*ids, v->list.marks, v->list.nmarks * sizeof **ids);
		return v->list.nmarks;
	}
	id = ui_selected(ui, v);
	if (id == 0) {
		*ids = NULL;
		return 0;
	}
	*ids = xcalloc(1, sizeof **ids);
	(*ids)[0] = id;
	return 1;
}

/* Layout ---------------------------------------------------------------- */

/* The panel above the list (built once per change), when there is room
 * for it and still ten rows of list. */
static int
panel_rows(struct ui *ui, struct view *v)
{
	struct err e = ERR_INIT;

	if (v->ops->panel == NULL || LINES < 24 || v->in_detail)
		return 0;
	if (!v->panel_valid || v->panel.width != COLS - 1) {
		doc_free(&v->panel);
		v->panel.width = COLS - 1;
		if (v->ops->panel(ui, v, &v->panel, &e) != TP_OK) {
			doc_free(&v->panel);
			doc_line(&v->panel, R_ERROR, "%s", e.msg);
		}
		v->panel_valid = 1;
	}
	return (int)v->panel.n;
}

static int
list_top(struct ui *ui, struct view *v)
{
	return 2 + panel_rows(ui, v);
}

static int
list_height_of(struct ui *ui, struct view *v)
{
	int h = LINES - 2 - list_top(ui, v);

	return h > 1 ? h : 1;
}

static int
key_waiting(void *arg)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };

	(void)arg;
	return poll(&p, 1, 0) > 0;
}

/* The background reader, started by the first search (start-up stays
 * lean); without it searches read in the loop as before. */
static int
beside(struct ui *ui)
{
	struct err e = ERR_INIT;

	if (!ui->bg_tried) {
		ui->bg_tried = 1;
		if (bgread_start(ui->db->path, ui->db, &ui->bg, &e) != TP_OK)
			ui->bg = NULL;
	}
	return ui->bg != NULL;
}

/* The first page of a search, read by ui->bg: LIST_AGAIN until the read
 * for the current search text is done (the rows on screen stay). */
static int
fetch_beside(struct view *v, view_submit_fn submit, int limit,
    struct rows *out, struct err *e)
{
	struct bgread *bg = v->ui->bg;
	int rc;

	if (v->bg_seq != 0 && strcmp(v->bg_search, v->search) == 0) {
		switch (bgread_poll(bg, v->bg_seq, &rc, out, e)) {
		case BGREAD_BUSY:
			return LIST_AGAIN;
		case BGREAD_DONE:
			v->bg_seq = 0;
			return rc;
		case BGREAD_GONE:
			break;
		}
	}
	v->bg_seq = submit(v->ui, v, 0, limit);
	snprintf(v->bg_search, sizeof v->bg_search, "%s", v->search);
	return LIST_AGAIN;
}

/* While ui->interruptible, a key typed during the read abandons it
 * (LIST_AGAIN): the key makes the read stale (a search character) or
 * does not need it (a prefetch). */
static int
view_fetch(void *ctx, int64_t after, int limit, struct rows *out,
    struct err *e)
{
	struct view *v = ctx;
	struct db *db = v->ui->db;
	view_submit_fn submit = panes[v->pane].submit;
	int rc;

	if (!v->ui->interruptible)
		return v->ops->fetch(v->ui, v, after, limit, out, e);
	if (submit != NULL && v->search[0] && after == 0 && beside(v->ui))
		return fetch_beside(v, submit, limit, out, e);
	db_set_interrupt(db, key_waiting, NULL);
	rc = v->ops->fetch(v->ui, v, after, limit, out, e);
	if (rc != TP_OK && db_interrupted(db)) {
		rows_free(out);
		rc = LIST_AGAIN;
	}
	db_set_interrupt(db, NULL, NULL);
	return rc;
}

static void
open_detail(struct ui *ui, struct view *v, int64_t id)
{
	struct err e = ERR_INIT;

	if (v->ops->detail == NULL || id == 0)
		return;
	doc_free(&v->doc);
	v->doc.width = COLS - 1;
	if (v->ops->detail(ui, v, id, &v->doc, &e) != TP_OK) {
		doc_free(&v->doc);
		ui_err(ui, &e);
		return;
	}
	if (!v->in_detail)
		v->doc_top = 0;
	if ((size_t)v->doc_top >= v->doc.n)
		v->doc_top = 0;
	v->in_detail = 1;
	v->detail_id = id;
}

static void
close_detail(struct view *v)
{
	v->in_detail = 0;
	doc_free(&v->doc);
}

void
ui_changed(struct ui *ui)
{
	struct view *v = ui_view(ui);

	for (int p = 0; p < P_COUNT; p++) {
		ui->views[p].panel_valid = 0;
		ui->views[p].side_id = -1;
		if (p != ui->cur)
			list_reset(&ui->views[p].list);
	}
	list_reload(&v->list);
	list_fit(&v->list, list_height_of(ui, v));
	if (v->in_detail)
		open_detail(ui, v, v->detail_id);
	status_refresh(ui);
}

int
ui_show_record(struct ui *ui, struct view *v, int64_t id)
{
	ui_changed(ui);
	return list_seek(&v->list, id, list_height_of(ui, v), SEEK_PAGES);
}

void
ui_open_ticket(struct ui *ui, int64_t number)
{
	struct err e = ERR_INIT;
	struct view *v;
	int64_t id;

	struct rows r = { 0 };
	int64_t scope = -1;

	if (ticket_by_number(ui->db, number, &id, &e) != TP_OK ||
	    ticket_get(ui->db, id, &r, &e) != TP_OK) {
		ui_err(ui, &e);
		rows_free(&r);
		return;
	}
	/* Another client's ticket leaves a client's queue: the title must
	 * not name a client the ticket is not for. */
	if (ui->views[P_QUEUE].client_id > 0 &&
	    rows_int(&r, 0, "client_id") != ui->views[P_QUEUE].client_id)
		scope = 0;
	rows_free(&r);
	ui_switch(ui, P_QUEUE, scope);
	v = ui_view(ui);
	close_detail(v);
	(void)list_seek(&v->list, id, list_height_of(ui, v), SEEK_PAGES);
	open_detail(ui, v, id);
}

int
ui_open_record(struct ui *ui, int pane, int64_t id)
{
	struct view *v;

	ui_switch(ui, pane, 0);
	v = ui_view(ui);
	close_detail(v);
	(void)list_seek(&v->list, id, list_height_of(ui, v), SEEK_PAGES);
	open_detail(ui, v, id);
	return v->in_detail;
}

#define SCOPE_NAME_COLS 24   /* a client's name in a title, at most */

/* The title names the client a pane is scoped to (its id when the name
 * cannot be read). */
static void
scope_name_of(struct ui *ui, struct view *v)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	struct buf b;

	v->client_name[0] = '\0';
	if (v->client_id <= 0)
		return;
	buf_init(&b);
	if (client_get(ui->db, v->client_id, &r, &e) == TP_OK && r.n > 0)
		text_sanitize(rows_text(&r, 0, "name"), (size_t)-1,
		    draw_utf8() ? 0 : TEXT_ASCII, &b);
	else
		buf_addf(&b, "client %lld", (long long)v->client_id);
	snprintf(v->client_name, sizeof v->client_name, "%s", b.s);
	buf_free(&b);
	rows_free(&r);
}

void
ui_switch(struct ui *ui, int pane, int64_t client_id)
{
	struct view *v;

	if (pane < 0 || pane >= P_COUNT)
		return;
	if (pane != ui->cur && panes[ui->cur].tab != NULL)
		ui->prev = ui->cur;
	ui->cur = pane;
	v = ui_view(ui);
	if (client_id >= 0 && client_id != v->client_id) {
		v->client_id = client_id;
		v->panel_valid = 0;    /* the panel is the client's too */
		scope_name_of(ui, v);
		close_detail(v);
		list_reset(&v->list);
		list_first(&v->list);
	}
}

#define DETAIL_ROWS (LINES - 3)   /* a detail's text between the bars */

/* In a detail longer than the screen, the lines shown of how many
 * ("1-21/40"), with the arrows a list has for text hidden above and
 * below; empty when all of it shows. */
static void
detail_position(const struct view *v, int compact, struct buf *out)
{
	size_t h = DETAIL_ROWS > 1 ? (size_t)DETAIL_ROWS : 1;
	size_t top = (size_t)v->doc_top, n = v->doc.n;
	size_t last = top + h < n ? top + h : n;
	int utf8 = draw_utf8();
	const char *sp = compact ? "" : " ";

	if (n <= h)
		return;
	buf_addf(out, " %s%s%zu-%zu/%zu%s%s%s",
	    top > 0 ? (utf8 ? "\u2191" : "^") : sp, sp, top + 1, last, n, sp,
	    last < n ? (utf8 ? "\u2193" : "v") : sp, sp);
}

/* Where the selection is, as tig says it: "12/400" (a "+" while the end
 * is not read yet), with an arrow up when rows are hidden above the view
 * and one down when there are more below.  In a detail, the lines shown
 * (detail_position). */
static void
position(struct ui *ui, struct view *v, int compact, struct buf *out)
{
	struct list *l = &v->list;
	size_t h = (size_t)list_height_of(ui, v);
	int utf8 = draw_utf8();
	const char *sp = compact ? "" : " ";

	buf_reset(out);
	if (v->in_detail) {
		detail_position(v, compact, out);
		return;
	}
	if (l->again || l->failed || !list_has(l, 0))
		return;
	buf_addf(out, " %s%s%zu/%zu%s%s%s%s",
	    l->top > 0 ? (utf8 ? "\u2191" : "^") : sp, sp, l->sel + 1,
	    list_known(l), l->complete ? "" : "+", sp,
	    list_has(l, l->top + h) ? (utf8 ? "\u2193" : "v") : sp, sp);
}

#define SCOPE_MIN_COLS 16    /* ... and at least, the rest cut instead */

/* The pane's title before rest (what the list holds): " Assets
 * (Oakridge Travel) [all] by name", the client's name cut so that the
 * rest fits in room columns where it can. */
static void
scoped_title(struct ui *ui, struct view *v, int room, struct buf *rest)
{
	struct buf t, name;
	int left;

	(void)ui;
	buf_init(&t);
	buf_addf(&t, " %s", v->ops->title);
	if (v->client_id > 0) {
		buf_init(&name);
		left = room - draw_width(t.s) - draw_width(rest->s) - 3;
		if (left > SCOPE_NAME_COLS)
			left = SCOPE_NAME_COLS;
		if (left < SCOPE_MIN_COLS)
			left = SCOPE_MIN_COLS;
		text_fit(v->client_name, left, 0, draw_utf8() ? 0 :
		    TEXT_ASCII, &name);
		buf_addf(&t, " (%s)", name.s);
		buf_free(&name);
	}
	buf_add(&t, rest->s);
	buf_reset(rest);
	buf_add(rest, t.s);
	buf_free(&t);
}

static void
draw_title(struct ui *ui, struct view *v)
{
	struct buf t, pos;
	int x = 0, pw;

	move(0, 0);
	clrtoeol();
	buf_init(&t);
	for (int p = 0; p < P_COUNT && x < COLS; p++) {
		char keys[64];

		if (panes[p].tab == NULL)
			continue;
		/* The key shown is the one bound now (first of them). */
		keymap_keys(&ui->km, view_scope(v), 0, panes[p].action, keys,
		    sizeof keys);
		keys[strcspn(keys, ",")] = '\0';
		buf_reset(&t);
		buf_addf(&t, "%s%s%s", keys, keys[0] ? ":" : "", panes[p].tab);
		x += draw_text(stdscr, 0, x, COLS - x, t.s,
		    draw_attr(p == ui->cur ? R_TAB_ACTIVE : R_TAB), 0);
		if (x < COLS)
			x += draw_text(stdscr, 0, x, 1, " ",
			    draw_attr(R_TAB), 0);
	}
	buf_reset(&t);
	if (v->ops == &queue_ops) {
		queue_listing(v, &t);
	} else {
		if (v->terms_name[0] || v->terms[0])
			buf_addf(&t, " [%s]", v->terms_name[0] ? v->terms_name :
			    v->terms);
		else if (v->ops->presets)
			buf_addf(&t, " [%s]", v->ops->presets[v->preset]);
		if (v->ops->sorts)
			buf_addf(&t, " by %s", v->ops->sorts[v->sort]);
	}
	if (v->search[0])
		buf_addf(&t, " /%s", v->search);
	if (panes[ui->cur].note && panes[ui->cur].note(ui, v, 1))
		buf_addf(&t, " (%s)", panes[ui->cur].note(ui, v, 1));
	if (v->list.nmarks)
		buf_addf(&t, " %zu marked", v->list.nmarks);
	scoped_title(ui, v, COLS - x, &t);
	/* The title first; the position beside it where it fits, in
	 * fewer columns when the full one does not. */
	buf_init(&pos);
	position(ui, v, 0, &pos);
	if (x + draw_width(t.s) + draw_width(pos.s) > COLS)
		position(ui, v, 1, &pos);
	pw = draw_width(pos.s);
	if (x + draw_width(t.s) + pw > COLS)
		pw = 0;
	if (x < COLS)
		draw_text(stdscr, 0, x, COLS - x - pw, t.s,
		    draw_attr(R_TITLE), 1);
	if (pw > 0)
		draw_text(stdscr, 0, COLS - pw, pw, pos.s, draw_attr(R_TITLE),
		    0);
	buf_free(&t);
	buf_free(&pos);
}

#define MARK_COLS 2   /* the marker column: "! ", "* ", "^ " */
#define SPLIT_COLS 140 /* from this width the detail sits beside the list */

/* Columns the list takes: all of them, or the left part when wide. */
static int
list_cols(struct view *v)
{
	if (COLS >= SPLIT_COLS && v->ops->detail != NULL)
		return COLS * 11 / 20;
	return COLS;
}

#define BASE_COLS 80  /* the widths in the panes' tables are for this */

/* Columns that hold names (of clients, people, things) grow with the
 * terminal; numbers, codes, states, dates and amounts keep their width. */
static const char *const growing[] = {
	"Client", "Assignee", "Company", "Type", "Serial", "Record", "Kind",
	NULL
};

static int
col_grows(const struct column *c)
{
	for (const char *const *g = growing; *g; g++)
		if (strcmp(*g, c->title) == 0)
			return c->width > 0;
	return 0;
}

/* The widths of the columns for a list width columns wide: the tables'
 * widths up to BASE_COLS (80x24 stays as it was); of the columns beyond
 * that, half go to the growing columns (in proportion to their width, up
 * to twice it) and the rest to the column that takes the rest. */
static void
col_widths(const struct view_ops *o, int width, int *w)
{
	int fixed = MARK_COLS, flex = -1, grow_base = 0, pool;

	for (int c = 0; c < o->ncols; c++) {
		w[c] = o->cols[c].width;
		if (w[c] == 0)
			flex = c;
		else if (col_grows(&o->cols[c]))
			grow_base += w[c];
	}
	pool = (width - BASE_COLS) / 2;
	for (int c = 0; c < o->ncols && pool > 0 && grow_base > 0; c++) {
		int more;

		if (!col_grows(&o->cols[c]))
			continue;
		more = pool * o->cols[c].width / grow_base;
		w[c] += more < o->cols[c].width ? more : o->cols[c].width;
	}
	for (int c = 0; c < o->ncols; c++)
		fixed += w[c] + 1;
	/* Optional columns give way first, the last of them first, one at
	 * a time until the flexible one has its room: at 80 columns the
	 * subject keeps its width.  A width of 0 is not drawn at all, nor
	 * its separator. */
	for (int c = o->ncols - 1; flex >= 0 && width - fixed < COL_FLEX_MIN &&
	    c >= 0; c--) {
		if (o->cols[c].right & COL_OPTIONAL) {
			fixed -= w[c] + 1;
			w[c] = 0;
		}
	}
	if (flex >= 0)
		w[flex] = width - fixed > 4 ? width - fixed : 4;
}

/* COL_FIT columns shrink to what the rows from top (h of them) and the
 * title need; the columns given back go to the flexible one. */
static void
fit_widths(struct ui *ui, struct view *v, size_t top, int h, int *w)
{
	const struct view_ops *o = v->ops;
	int need[MAX_COLS], flex = -1, freed = 0;

	for (int c = 0; c < o->ncols; c++) {
		need[c] = draw_width(o->cols[c].title);
		if (o->cols[c].width == 0)
			flex = c;
	}
	if (flex < 0)
		return;
	for (int r = 0; r < h; r++) {
		struct rowcells rc;
		const struct rows *rows;
		size_t idx;

		rows = list_row(&v->list, top + (size_t)r, &idx);
		if (rows == NULL)
			break;
		memset(&rc, 0, sizeof rc);
		o->cells(ui, v, rows, idx, &rc);
		for (int c = 0; c < o->ncols; c++)
			if (rc.text[c] && draw_width(rc.text[c]) > need[c])
				need[c] = draw_width(rc.text[c]);
	}
	for (int c = 0; c < o->ncols; c++)
		if ((o->cols[c].right & COL_FIT) && need[c] < w[c]) {
			freed += w[c] - need[c];
			w[c] = need[c];
		}
	w[flex] += freed;
}

static void
draw_header(struct view *v, int y, const int *w)
{
	int x = MARK_COLS, W = list_cols(v);

	move(y, 0);
	clrtoeol();
	draw_text(stdscr, y, 0, MARK_COLS, "", draw_attr(R_HEADER), 1);
	for (int c = 0; c < v->ops->ncols && x < W; c++) {
		if (w[c] == 0)
			continue;       /* an optional column given way */
		draw_text(stdscr, y, x, W - x < w[c] ? W - x : w[c],
		    v->ops->cols[c].title, draw_attr(R_HEADER), 1);
		x += w[c];
		if (x < W)
			x += draw_text(stdscr, y, x, 1, " ",
			    draw_attr(R_HEADER), 0);
	}
	if (x < W)
		draw_text(stdscr, y, x, W - x, "", draw_attr(R_HEADER), 1);
}

static void
draw_row(struct ui *ui, struct view *v, int y, size_t i, const int *w)
{
	struct rowcells rc;
	const struct rows *r;
	size_t idx;
	int x = MARK_COLS, sel = i == v->list.sel, marked, W = list_cols(v);
	attr_t a;
	char mk[2] = " ";

	r = list_row(&v->list, i, &idx);
	move(y, 0);
	clrtoeol();
	if (r == NULL)
		return;
	memset(&rc, 0, sizeof rc);
	rc.role = R_NORMAL;
	rc.marker = ' ';
	v->ops->cells(ui, v, r, idx, &rc);
	marked = list_marked(&v->list, rows_int(r, idx, "id"));
	a = sel ? draw_attr(R_SELECTED) : marked ? draw_attr(R_MARKED) :
	    draw_attr(rc.role);
	mk[0] = marked ? '*' : rc.marker;
	draw_text(stdscr, y, 0, MARK_COLS, mk, a, 1);
	for (int c = 0; c < v->ops->ncols && x < W; c++) {
		int cw = W - x < w[c] ? W - x : w[c];
		const char *s = rc.text[c] ? rc.text[c] : "";

		if (w[c] == 0)
			continue;       /* an optional column given way */
		if (v->ops->cols[c].right & 1) {
			int tw = draw_width(s);

			if (tw < cw) {
				draw_text(stdscr, y, x, cw - tw, "", a, 1);
				draw_text(stdscr, y, x + cw - tw, tw, s, a, 1);
			} else {
				draw_text(stdscr, y, x, cw, s, a, 1);
			}
		} else {
			draw_text(stdscr, y, x, cw, s, a, 1);
		}
		x += w[c];
		if (x < W)
			x += draw_text(stdscr, y, x, 1, " ", a, 0);
	}
	if (x < W)
		draw_text(stdscr, y, x, W - x, "", a, 1);
}

/* On a wide screen the selected record's detail sits beside the list;
 * it is rebuilt only when the selection (or the data) changes. */
static void
draw_side(struct ui *ui, struct view *v, int top)
{
	int x = list_cols(v) + 1, w = COLS - x;
	int64_t sel = list_id(&v->list, v->list.sel);
	struct err e = ERR_INIT;

	if (sel != v->side_id || w != v->side_width) {
		doc_free(&v->side);
		v->side.width = w - 1;
		v->side_id = sel;
		v->side_width = w;
		if (sel != 0 &&
		    v->ops->detail(ui, v, sel, &v->side, &e) != TP_OK) {
			doc_free(&v->side);
			doc_line(&v->side, R_ERROR, "%s", e.msg);
		}
	}
	for (int y = top - 1; y < LINES - 2; y++) {
		size_t i = (size_t)(y - top + 1);

		mvaddch(y, x - 1, ACS_VLINE);
		if (i < v->side.n)
			draw_text(stdscr, y, x, w, v->side.l[i].text,
			    draw_attr(v->side.l[i].role), 1);
		else
			draw_text(stdscr, y, x, w, "", A_NORMAL, 1);
	}
}

static void
draw_list(struct ui *ui, struct view *v)
{
	int w[MAX_COLS], h = list_height_of(ui, v), top = list_top(ui, v);

	for (int r = 0; r < top - 2 && (size_t)r < v->panel.n; r++) {
		move(r + 1, 0);
		clrtoeol();
		draw_text(stdscr, r + 1, 0, COLS, v->panel.l[r].text,
		    draw_attr(v->panel.l[r].role), 0);
	}
	col_widths(v->ops, list_cols(v), w);
	list_fit(&v->list, h);
	if (v->list.again)
		return;         /* a key is waiting: keep the rows on screen */
	fit_widths(ui, v, v->list.top, h, w);
	draw_header(v, top - 1, w);
	if (v->list.failed)
		ui_err(ui, &v->list.err);
	for (int r = 0; r < h; r++)
		draw_row(ui, v, r + top, v->list.top + (size_t)r, w);
	if (list_cols(v) < COLS)
		draw_side(ui, v, top);
	if (!list_has(&v->list, 0)) {
		view_note_fn note = panes[v - ui->views].note;
		const char *why = note ? note(ui, v, 0) : NULL;

		draw_text(stdscr, top + 1, 2, COLS - 3, v->search[0] ?
		    "(no rows match the search; Esc clears it)" : why ? why :
		    "(no rows)", draw_attr(R_DIM), 0);
	}
}

static void
draw_detail(struct view *v)
{
	int h = DETAIL_ROWS;

	for (int r = 0; r < h; r++) {
		size_t i = (size_t)v->doc_top + (size_t)r;

		move(r + 1, 0);
		clrtoeol();
		if (i < v->doc.n)
			draw_text(stdscr, r + 1, 0, COLS, v->doc.l[i].text,
			    draw_attr(v->doc.l[i].role), 0);
	}
}

/* Whether a does something in v as it is: a detail has no rows to open
 * or mark (the action table's AF_LIST). */
static int
action_works(const struct view *v, enum action a)
{
	return !(v->in_detail && (action_flags(a) & AF_LIST));
}

static int
in_list(const enum action *list, enum action a)
{
	for (; list && *list != A_NONE; list++)
		if (*list == a)
			return 1;
	return 0;
}

static void
draw_hints(struct ui *ui, struct view *v)
{
	struct buf b;
	char keys[64];
	static const enum action common[] = { A_OPEN, A_SEARCH, A_HELP,
	    A_NONE };
	const enum action *lists[2] = { common, v->ops->hints };

	buf_init(&b);
	if (v->in_detail)
		buf_add(&b, "q back  ");
	for (int k = 0; k < 2; k++)
		for (const enum action *a = lists[k]; a && *a != A_NONE; a++) {
			if (!action_works(v, *a))
				continue;
			if (k == 1 && in_list(common, *a))
				continue;       /* a pane's hint already common */
			keymap_keys(&ui->km, view_scope(v), v->in_detail, *a,
			    keys, sizeof keys);
			if (keys[0] == '\0')
				continue;
			/* first key only, to keep the line short */
			keys[strcspn(keys, ",")] = '\0';
			buf_addf(&b, "%s %s  ", keys, action_name(*a));
		}
	draw_text(stdscr, LINES - 2, 0, COLS, b.s, draw_attr(R_DIM), 1);
	buf_free(&b);
}

/* ui_draw without the refresh, for a caller that paints over it first. */
static void
ui_paint(struct ui *ui)
{
	struct view *v = ui_view(ui);

	if (LINES < 3 || COLS < 10) {
		erase();
		mvaddstr(0, 0, "too small");
		return;
	}
	/* The detail is wrapped to the width it was built for: after a
	 * resize, build it again for the new one. */
	if (v->in_detail && v->doc.width != COLS - 1)
		open_detail(ui, v, v->detail_id);
	/* The list first: the title's position needs it fitted. */
	if (v->in_detail)
		draw_detail(v);
	else
		draw_list(ui, v);
	draw_title(ui, v);
	draw_hints(ui, v);
	status_draw(ui);
	/* The hardware cursor on the selected row, for screen readers. */
	if (v->in_detail)
		move(1, 0);
	else
		move(list_top(ui, v) + (int)(v->list.sel - v->list.top), 0);
	curs_set(1);
}

void
ui_draw(struct ui *ui)
{
	ui_paint(ui);
	refresh();
}

/* Actions that every pane shares --------------------------------------- */

/* n / N find the rows the search would keep, in the unfiltered list:
 * the ids are read through the same service call as the filter (so the
 * same FTS5 matching), at most FIND_MAX of them. */
#define FIND_MAX 1000

struct find_ctx {
	int64_t *ids;
	size_t   n;
};

static int
row_matches(const struct rows *r, size_t idx, void *arg)
{
	struct find_ctx *f = arg;
	int64_t id = rows_int(r, idx, "id");

	for (size_t i = 0; i < f->n; i++)
		if (f->ids[i] == id)
			return 1;
	return 0;
}

static int
match_ids(struct ui *ui, struct view *v, struct find_ctx *f, struct err *e)
{
	char saved[sizeof v->search];
	struct rows r = { 0 };
	int64_t after = 0;
	int rc = TP_OK;

	memcpy(saved, v->search, sizeof saved);
	memcpy(v->search, v->last_search, sizeof v->search);
	f->ids = xcalloc(FIND_MAX, sizeof *f->ids);
	while (f->n < FIND_MAX) {
		rc = v->ops->fetch(ui, v, after, LIST_PAGE, &r, e);
		if (rc != TP_OK)
			break;
		for (size_t i = 0; i < r.n && f->n < FIND_MAX; i++)
			f->ids[f->n++] = rows_int(&r, i, "id");
		if (r.n < LIST_PAGE) {
			rows_free(&r);
			break;
		}
		after = rows_int(&r, r.n - 1, "id");
		rows_free(&r);
	}
	memcpy(v->search, saved, sizeof v->search);
	return rc;
}

static void
find_next(struct ui *ui, struct view *v, int dir)
{
	struct find_ctx f = { NULL, 0 };
	struct err e = ERR_INIT;

	if (v->in_detail)
		close_detail(v);
	if (match_ids(ui, v, &f, &e) != TP_OK)
		ui_err(ui, &e);
	else if (!list_find(&v->list, dir, list_height_of(ui, v), 50,
	    row_matches, &f))
		ui_msg(ui, 0, "no %s match for '%s'", dir > 0 ? "further" :
		    "earlier", v->last_search);
	free(f.ids);
}

/* Block until a key is waiting (1) or, while a search read runs beside,
 * until its rows are ready (0). */
static int
wait_key(struct ui *ui, struct view *v)
{
	struct pollfd p[2] = {
		{ STDIN_FILENO, POLLIN, 0 }, { -1, POLLIN, 0 }
	};

	if (v->bg_seq == 0 || ui->bg == NULL)
		return 1;
	p[1].fd = bgread_fd(ui->bg);
	while (!ui_stop) {
		if (poll(p, 2, -1) < 0)
			continue;       /* EINTR: a signal; look at ui_stop */
		if (p[0].revents)
			return 1;
		if (p[1].revents)
			return 0;
	}
	return 1;
}

/* A ticket number as people type it: "382" or "#382". */
static int
ticket_number(const char *s, int64_t *number)
{
	int64_t n = 0;

	if (*s == '#')
		s++;
	if (*s == '\0' || strlen(s) > 15)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		n = n * 10 + (*s - '0');
	}
	*number = n;
	return n > 0;
}

/* `#`: a ticket by its number, from any pane. */
static void
jump(struct ui *ui)
{
	struct buf b;
	int64_t number;

	buf_init(&b);
	if (w_prompt(ui, "Open ticket #", "", 0, &b) && b.len > 0) {
		if (ticket_number(b.s, &number))
			ui_open_ticket(ui, number);
		else
			ui_msg(ui, 1, "bad ticket number '%.40s': expected its "
			    "digits, as in 382", b.s);
	}
	buf_free(&b);
}

/* What Enter on a search that is a number does (numbered_search): open
 * ticket or client `number`, say there is no such client, or nothing
 * (the digits stay a search: a client's name may hold them). */
enum numbered { NUM_NONE, NUM_TICKET, NUM_CLIENT, NUM_NO_CLIENT };

/* In the queue a number names a ticket.  In the hub, where / matches
 * names, it names the client with that id (the dashboard's "Client 3");
 * when there is none and no name matches either, it says so rather than
 * leave an empty list. */
static enum numbered
numbered_search(struct ui *ui, struct view *v, const char *text,
    int64_t *number)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	int found;

	if (!ticket_number(text, number))
		return NUM_NONE;
	if (v->ops == &queue_ops)
		return NUM_TICKET;
	if (v->ops != &hub_ops)
		return NUM_NONE;
	found = client_get(ui->db, *number, &r, &e) == TP_OK;
	rows_free(&r);
	if (found)
		return NUM_CLIENT;
	return list_has(&v->list, 0) ? NUM_NONE : NUM_NO_CLIENT;
}

static void
set_search(struct view *v, const char *s)
{
	snprintf(v->search, sizeof v->search, "%s", s);
	list_reset(&v->list);
	/* a new search shows its matches from the first */
	v->list.sel = 0;
	v->list.top = 0;
	v->list.sel_id = 0;
}

/* `/`: the list narrows with every character typed; Enter keeps the
 * filter, Esc restores the list as it was (selection included). */
static void
search(struct ui *ui, struct view *v)
{
	struct buf b;
	size_t sel = v->list.sel, top = v->list.top;
	int64_t sel_id = v->list.sel_id;
	char before[sizeof v->search];
	int key;
	int64_t number = 0;
	enum numbered num;

	if (v->ops->no_search) {
		ui_msg(ui, 1, "the %s pane has no search; f filters it",
		    scope_name(view_scope(v)));
		return;
	}
	if (v->in_detail)
		close_detail(v);
	snprintf(before, sizeof before, "%s", v->search);
	buf_init(&b);
	buf_add(&b, v->search);
	for (;;) {
		if (ui_stop)
			break;
		/* The prompt first, so the character shows at once; then the
		 * list, whose read a key typed meanwhile abandons (that key
		 * makes it stale). */
		w_draw_input("/", b.s);
		refresh();
		if (!key_waiting(NULL)) {
			/* One refresh for the list and the prompt over it: the
			 * status line painted between never reaches the
			 * terminal. */
			ui->interruptible = 1;
			ui_paint(ui);
			ui->interruptible = 0;
			w_draw_input("/", b.s);
			if (v->bg_seq != 0 && COLS > 30)
				draw_text(stdscr, LINES - 1, COLS - 13, 12,
				    "searching...", draw_attr(R_DIM), 0);
			refresh();
		}
		if (!wait_key(ui, v))
			continue;       /* the search's rows are ready */
		key = ui_getkey(-1);
		if (key == (KEYS_FN | KEY_RESIZE))
			continue;
		/* A search that is a number names a ticket (in the queue)
		 * or a client (in the hub): the list as it was, and that
		 * record opened. */
		num = key == '\n' ? numbered_search(ui, v, b.s, &number) :
		    NUM_NONE;
		if (num != NUM_NONE)
			key = 27;
		if (key == 27) {
			set_search(v, before[0] ? before : "");
			v->list.sel = sel;
			v->list.top = top;
			v->list.sel_id = sel_id;
			list_reload(&v->list);
			if (num == NUM_TICKET)
				ui_open_ticket(ui, number);
			else if (num == NUM_CLIENT)
				(void)ui_open_record(ui, P_HUB, number);
			else if (num == NUM_NO_CLIENT)
				ui_msg(ui, 1, "no client %lld, and no client's name "
				    "has it (# %lld opens ticket %lld)",
				    (long long)number, (long long)number,
				    (long long)number);
			break;
		}
		if (key == '\n') {
			snprintf(v->last_search, sizeof v->last_search, "%s",
			    b.s);
			break;
		}
		if (w_edit_key(&b, key) && strcmp(b.s, v->search) != 0)
			set_search(v, b.s);
	}
	buf_free(&b);
}

static void
clear_search(struct ui *ui, struct view *v)
{
	int64_t id = ui_selected(ui, v);

	set_search(v, "");
	v->list.sel_id = id;
	list_reload(&v->list);
}

/* A new order shows the list from its first row: the selection stays on
 * its record when that is on the first screen of the new order, else it
 * goes to the first row (a record kept lower down would scroll the first
 * rows, the ones the order was chosen for, out of sight). */
static void
resort(struct ui *ui, struct view *v, const char *name)
{
	int64_t id = ui_selected(ui, v);

	if (v->in_detail)
		close_detail(v);
	list_reset(&v->list);
	v->list.sel = 0;
	v->list.top = 0;
	v->list.sel_id = id;
	list_reload(&v->list);
	if (v->list.sel >= (size_t)list_height_of(ui, v))
		list_first(&v->list);
	v->list.top = 0;
	ui_msg(ui, 0, "sorted by %s", name);
}

static void
choose(struct ui *ui, struct view *v, const char *title,
    const char *const *names, int *slot)
{
	size_t n = 0;
	int i;

	if (names == NULL) {
		ui_msg(ui, 0, "this pane has no %s", title);
		return;
	}
	while (names[n])
		n++;
	i = w_pick(ui, title, names, n, *slot);
	if (i < 0 || i == *slot)
		return;
	*slot = i;
	if (strcmp(title, "sort") == 0) {
		resort(ui, v, names[i]);
		return;
	}
	if (v->in_detail)
		close_detail(v);
	list_reset(&v->list);
	list_first(&v->list);
}

/* A help line: the keys, the action's name and what it does here. */
static void
help_action(struct ui *ui, struct view *v, struct doc *d, enum action a)
{
	char keys[64];

	keymap_keys(&ui->km, view_scope(v), v->in_detail, a, keys,
	    sizeof keys);
	doc_line(d, R_NORMAL, "  %-12s %-15s %s", keys[0] ? keys : "(unbound)",
	    action_name(a), action_help_in(a, v->in_detail));
}

/* `?`: the view's own actions (in a detail first the keys that scroll
 * it), every action run everywhere (from the action table), and what the
 * row markers mean; titled by the view, and only what works in it. */
static void
help(struct ui *ui, struct view *v)
{
	struct doc d = { NULL, 0, 0, COLS - 1 };
	char title[128];

	doc_line(&d, R_HEADER, "%s", v->in_detail ? "This view" : "This pane");
	for (int a = 1; v->in_detail && a < A_COUNT; a++)
		if (action_flags((enum action)a) & AF_SCROLL)
			help_action(ui, v, &d, (enum action)a);
	for (const enum action *a = v->ops->actions; a && *a != A_NONE; a++)
		if (action_works(v, *a))
			help_action(ui, v, &d, *a);
	doc_line(&d, R_NORMAL, "%s", "");
	doc_line(&d, R_HEADER, "%s", "Everywhere");
	for (int a = 1; a < A_COUNT; a++) {
		int f = action_flags((enum action)a);

		if ((f & AF_EVERYWHERE) && action_works(v, (enum action)a) &&
		    !(v->in_detail && (f & AF_SCROLL)))
			help_action(ui, v, &d, (enum action)a);
	}
	doc_line(&d, R_NORMAL, "%s", "");
	if (!v->in_detail) {
		doc_line(&d, R_HEADER, "%s", "Row markers");
		for (const char *const *m = v->ops->legend; m && *m; m++)
			doc_line(&d, R_NORMAL, "  %s", *m);
		doc_line(&d, R_NORMAL, "  %s", "* marked (Space); actions "
		    "apply to every marked row");
		doc_line(&d, R_NORMAL, "%s", "");
	}
	doc_line(&d, R_DIM, "Rebind in config.yaml: ui: bind: - \"%s <key> "
	    "<action>\" (pane or global).", scope_name(view_scope(v)));
	if (v->in_detail)
		snprintf(title, sizeof title, "Help: %s detail",
		    panes[v->pane].record);
	else
		snprintf(title, sizeof title, "Help: %s", v->ops->title);
	w_pager(ui, title, &d);
	doc_free(&d);
}

static void
move_action(struct ui *ui, struct view *v, enum action a)
{
	int h = list_height_of(ui, v);

	if (v->in_detail) {
		int page = DETAIL_ROWS, max = (int)v->doc.n - page;

		if (a == A_MOVE_DOWN)
			v->doc_top++;
		else if (a == A_MOVE_UP)
			v->doc_top--;
		else if (a == A_PAGE_DOWN || a == A_HALF_DOWN)
			v->doc_top += a == A_PAGE_DOWN ? page : page / 2;
		else if (a == A_PAGE_UP || a == A_HALF_UP)
			v->doc_top -= a == A_PAGE_UP ? page : page / 2;
		else if (a == A_MOVE_FIRST)
			v->doc_top = 0;
		else
			v->doc_top = max;
		if (v->doc_top > max)
			v->doc_top = max;
		if (v->doc_top < 0)
			v->doc_top = 0;
		return;
	}
	switch (a) {
	case A_MOVE_DOWN: list_move(&v->list, 1, h); break;
	case A_MOVE_UP: list_move(&v->list, -1, h); break;
	case A_PAGE_DOWN:
		list_move(&v->list, h, h);
		break;
	case A_PAGE_UP: list_move(&v->list, -h, h); break;
	case A_HALF_DOWN: list_move(&v->list, h / 2, h); break;
	case A_HALF_UP: list_move(&v->list, -(h / 2), h); break;
	case A_MOVE_FIRST: list_first(&v->list); break;
	default:
		if (!list_last(&v->list, h, LAST_MAX_PAGES))
			ui_msg(ui, 0, "%zu rows read so far; G again reads on",
			    list_known(&v->list));
		break;
	}
	(void)ui;
}

/* A pane's action: from a client's dashboard, a tab shows that client's
 * records; a pane without a tab (notifications, sync issues) is read
 * afresh on every visit. */
static void
switch_to(struct ui *ui, struct view *v, int p)
{
	if (panes[p].tab == NULL) {
		ui_switch(ui, p, -1);
		list_reset(&ui_view(ui)->list);
	} else if (ui->cur == P_HUB && v->in_detail && p != P_HUB) {
		ui_switch(ui, p, v->detail_id);
	} else {
		ui_switch(ui, p, -1);
	}
}

/* Whether f has changed the pane's filter from its default (the first
 * preset, no typed terms). */
static int
filtered(const struct view *v)
{
	return v->preset != 0 || v->terms[0] || (v->terms_name[0] &&
	    (v->ops->presets == NULL ||
	    strcmp(v->terms_name, v->ops->presets[0]) != 0));
}

/* The pane's own filter again, the selection kept on its record. */
static void
clear_filter(struct ui *ui, struct view *v)
{
	int64_t id = list_id(&v->list, v->list.sel);

	v->preset = 0;
	v->terms[0] = '\0';
	v->terms_name[0] = '\0';
	list_reset(&v->list);
	v->list.sel_id = id;
	list_reload(&v->list);
	if (v->ops->presets)
		ui_msg(ui, 0, "filter cleared: %s", v->ops->presets[0]);
}

/* Esc (clear): undo one thing at a time: the search (its term stays for
 * n / N), the filter f chose, the marks, the detail, then the remembered
 * term. */
static void
clear_one(struct ui *ui, struct view *v)
{
	if (v->search[0])
		clear_search(ui, v);
	else if (filtered(v))
		clear_filter(ui, v);
	else if (v->list.nmarks)
		list_clear_marks(&v->list);
	else if (v->in_detail)
		close_detail(v);
	else
		v->last_search[0] = '\0';
}

static void
run(struct ui *ui, enum action a)
{
	struct view *v = ui_view(ui);
	int rc, p;

	if ((p = pane_of_action(a)) >= 0) {
		switch_to(ui, v, p);
		return;
	}
	switch (a) {
	case A_PANE_NEXT: case A_PANE_PREV:
		p = panes[ui->cur].tab != NULL ? ui->cur : ui->prev;
		ui_switch(ui, next_tab(p, a == A_PANE_NEXT ? 1 : -1), -1);
		return;
	case A_MOVE_DOWN: case A_MOVE_UP: case A_MOVE_FIRST: case A_MOVE_LAST:
	case A_PAGE_DOWN: case A_PAGE_UP: case A_HALF_DOWN: case A_HALF_UP:
		move_action(ui, v, a);
		return;
	case A_OPEN:
		/* A pane may open something else first (a notification:
		 * the record it is about). */
		if (!v->in_detail && v->ops->act != NULL &&
		    v->ops->act(ui, v, A_OPEN) == 0)
			return;
		if (!v->in_detail && v->ops->detail != NULL) {
			open_detail(ui, v, ui_selected(ui, v));
			return;
		}
		break;
	case A_BACK:
		if (v->in_detail)
			close_detail(v);
		else if (panes[ui->cur].tab == NULL)
			ui_switch(ui, ui->prev, -1);
		else if (v->client_id > 0 && ui->cur != P_HUB)
			ui_switch(ui, ui->cur, 0);
		else
			ui->quit = 1;
		return;
	case A_QUIT:
		ui->quit = 1;
		return;
	case A_SEARCH:
		search(ui, v);
		return;
	case A_SEARCH_NEXT: case A_SEARCH_PREV:
		if (v->last_search[0] == '\0') {
			ui_msg(ui, 0, "no search yet: / searches");
			return;
		}
		find_next(ui, v, a == A_SEARCH_NEXT ? 1 : -1);
		return;
	case A_FILTER:
		/* A pane with a filter language (the queue) handles f. */
		if (v->ops->act != NULL && v->ops->act(ui, v, A_FILTER) == 0)
			return;
		choose(ui, v, "filter", v->ops->presets, &v->preset);
		return;
	case A_SORT:
		choose(ui, v, "sort", v->ops->sorts, &v->sort);
		return;
	case A_HELP:
		help(ui, v);
		return;
	case A_COMMAND:
		cmdline_prompt(ui);
		return;
	case A_REDRAW:
		clearok(curscr, TRUE);
		ui_changed(ui);
		return;
	case A_MARK:
		if (!v->in_detail && list_id(&v->list, v->list.sel) != 0) {
			list_toggle_mark(&v->list,
			    list_id(&v->list, v->list.sel));
			list_move(&v->list, 1, list_height_of(ui, v));
			return;
		}
		break;
	case A_SYNC:
		if (!ui->app->cfg.sync.enabled)
			ui_msg(ui, 1, "no sync configured (a sync: section in "
			    "the config file)");
		else
			cmdline_background(ui, "sync");
		return;
	case A_CLEAR:
		clear_one(ui, v);
		return;
	case A_JUMP:
		jump(ui);
		return;
	case A_MESSAGES:
		status_history(ui);
		return;
	case A_SEARCH_ALL:
		searchall_run(ui);
		return;
	default:
		break;
	}
	rc = v->ops->act ? v->ops->act(ui, v, a) : -1;
	if (rc < 0)
		ui_msg(ui, 1, "%s: not available in the %s pane%s",
		    action_name(a), scope_name(view_scope(v)),
		    v->in_detail ? " detail" : "");
}

static void
dispatch(struct ui *ui, int key)
{
	struct view *v = ui_view(ui);
	enum action cand[4];
	size_t n = keymap_lookup(&ui->km, view_scope(v), v->in_detail, key,
	    cand, 4);
	char name[32];

	for (size_t i = 0; i < n; i++) {
		if ((action_flags(cand[i]) & AF_SEARCHING) &&
		    v->last_search[0] == '\0' && i + 1 < n)
			continue;
		run(ui, cand[i]);
		return;
	}
	keys_format(key, name, sizeof name);
	ui_msg(ui, 1, "%s is not bound here (? lists the keys)", name);
}

/* Setup and the loop ------------------------------------------------------ */

static void
idle(struct ui *ui, int *ticks)
{
	struct err e = ERR_INIT;
	int ran = 0, failed = 0;

	/* A small batch: a keystroke never waits for more than a few jobs.
	 * Jobs that ran may have changed what is on the screen (a schedule
	 * made its ticket): the view is read again, the selection kept on
	 * its record, as after a key that changed data. */
	if (job_run_idle(ui->db, IDLE_JOBS, &ran, &failed, &e) == TP_OK &&
	    ran > 0)
		ui_changed(ui);
	else if (ui->status_stale || ++*ticks % 5 == 0)
		status_refresh(ui);
}

static void
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: getch returns so the loop sees the flag */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* C-s and C-q are keys here (C-s submits a form), not XOFF/XON. */
static void
no_flow_control(void)
{
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &t) == 0) {
		t.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
	}
	def_prog_mode();
}

static int
start_screen(struct ui *ui, struct err *e)
{
	const char *cs;

	cs = nl_langinfo(CODESET);
	draw_set_utf8(cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0));
	if (initscr() == NULL)
		return err_set(e, TP_IO, "cannot start the terminal UI");
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	cbreak();
	noecho();
	no_flow_control();
	nonl();
	keypad(stdscr, TRUE);
	idlok(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	if (draw_init(ui->app->cfg.theme, ui->app->no_color, e) != TP_OK) {
		endwin();
		return e->code;
	}
	return TP_OK;
}

static void
init_views(struct ui *ui)
{
	for (int p = 0; p < P_COUNT; p++) {
		struct view *v = &ui->views[p];

		memset(v, 0, sizeof *v);
		v->ops = panes[p].ops;
		v->pane = (enum pane)p;
		v->ui = ui;
		list_init(&v->list, view_fetch, v);
	}
	ui->cur = P_QUEUE;
	ui->prev = P_QUEUE;
}

static void
free_views(struct ui *ui)
{
	for (int p = 0; p < P_COUNT; p++) {
		list_free(&ui->views[p].list);
		doc_free(&ui->views[p].doc);
		doc_free(&ui->views[p].panel);
		doc_free(&ui->views[p].side);
	}
}

/* Who "me" is, named as app_db chose it (--user, TERMPSA_USER, config,
 * $USER): no query, so the first frame does not wait on user_list. */
static void
find_user(struct ui *ui)
{
	const char *u = ui->app->user_name;

	if (u == NULL || *u == '\0')
		u = ui->app->cfg.user;
	if (u == NULL || *u == '\0')
		u = getenv("USER");
	if (u == NULL || *u == '\0')
		u = "technician";
	snprintf(ui->user, sizeof ui->user, "%s", u);
}

/* Between keys, read the page that paging on would need next; a key
 * typed meanwhile wins. */
static void
prefetch(struct ui *ui)
{
	struct view *v = ui_view(ui);

	if (v->in_detail || key_waiting(NULL))
		return;
	ui->interruptible = 1;
	(void)list_prefetch(&v->list, 2 * (size_t)list_height_of(ui, v));
	ui->interruptible = 0;
}

static void
loop(struct ui *ui)
{
	int key, ticks = 0;

	while (!ui->quit && !ui_stop) {
		ui_draw(ui);
		if (!ui->bg_tried && !key_waiting(NULL))
			(void)beside(ui);   /* after the first frame */
		prefetch(ui);
		/* A `:` command running: look at it (and tick its time)
		 * often; keys are read all the same. */
		key = ui_getkey(cmdline_running() ? CMD_TICK_MS : IDLE_MS);
		if (ui_stop == SIGINT && cmdline_running()) {
			ui_stop = 0;   /* C-c cancels the command, not the UI */
			cmdline_cancel(ui);
			continue;
		}
		if (ui_stop)
			break;
		if (key < 0)
			idle(ui, &ticks);
		else if (key != (KEYS_FN | KEY_RESIZE)) {
			ui->msg[0] = '\0';
			dispatch(ui, key);
		}
		cmdline_poll(ui, 0);
	}
	cmdline_cancel(NULL);
}

int
ui_check_binds(const struct config *cfg, struct err *e)
{
	struct keymap km;
	int rc = keymap_load(&km, cfg, e);

	keymap_free(&km);
	return rc;
}

/* After the screen has closed: a timer left running is said once, as
 * mutt says there is new mail, so that quitting stays one key and the
 * time is not forgotten. */
static void
timer_farewell(struct ui *ui)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;

	if (ui_stop == SIGHUP)
		return;                 /* no terminal to say it on */
	if (time_status(ui->db, ui->db->me, &r, &e) == TP_OK && r.n > 0) {
		int64_t s = rows_int(&r, 0, "elapsed_seconds");

		fprintf(stderr, "termpsa: timer still running on #%lld "
		    "(%lld:%02lld:%02lld); 'termpsa time stop' logs it\n",
		    (long long)rows_int(&r, 0, "number"), (long long)(s / 3600),
		    (long long)(s / 60 % 60), (long long)(s % 60));
	}
	rows_free(&r);
}

int
ui_main(struct app *app)
{
	struct ui *ui = xcalloc(1, sizeof *ui);
	struct err e = ERR_INIT;
	int rc = 0;

	ui->app = app;
	if (app_db(app, &e) != TP_OK ||
	    keymap_load(&ui->km, &app->cfg, &e) != TP_OK) {
		fprintf(stderr, "termpsa: %s\n", e.msg);
		keymap_free(&ui->km);
		free(ui);
		return err_exit_status(e.code);
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "termpsa: the terminal UI needs a terminal; "
		    "see 'termpsa --help' for commands\n");
		keymap_free(&ui->km);
		free(ui);
		return 64;
	}
	if (termcheck_usable(&e) != TP_OK) {
		fprintf(stderr, "termpsa: %s\n", e.msg);
		keymap_free(&ui->km);
		free(ui);
		return err_exit_status(e.code);
	}
	ui->db = app->db;
	find_user(ui);
	install_signals();
	if (start_screen(ui, &e) != TP_OK) {
		fprintf(stderr, "termpsa: %s\n", e.msg);
		keymap_free(&ui->km);
		free(ui);
		return err_exit_status(e.code);
	}
	init_views(ui);
	status_refresh(ui);
	db_set_busy_notice(ui->db, busy_notice, ui);
	loop(ui);
	db_set_busy_notice(ui->db, NULL, NULL);
	endwin();
	timer_farewell(ui);
	bgread_stop(ui->bg);
	free_views(ui);
	keymap_free(&ui->km);
	free(ui);
	return rc;
}
