/*
 * view.h - what the panes share: the UI's state (struct ui), the view
 * interface every pane implements (one file each: hub.c, queue.c,
 * assets.c, invoices.c, notifications.c), and detail documents.
 *
 * A view is a list (list.h) over one service's rows plus a detail
 * document for the selected record.  ui.c owns the views, the keymap and
 * the main loop; a view's ops turn rows into cells, build details and
 * perform the actions the action table routes to them, always through the
 * same service functions as the CLI.
 */
#ifndef TP_UI_VIEW_H
#define TP_UI_VIEW_H

#include <signal.h>
#include <stdint.h>

#include "app.h"
#include "core/buf.h"
#include "core/rows.h"
#include "ui/actions.h"
#include "ui/draw.h"
#include "ui/list.h"

struct ui;
struct view;

#define MAX_COLS 10

struct column {
	const char *title;
	int         width;    /* 0: takes the rest */
	int         right;    /* right-aligned when nonzero; | COL_OPTIONAL */
};
/* A column with right & COL_OPTIONAL is left out when the flexible column
 * would be narrower than COL_FLEX_MIN (at 80 columns, in the queue); the
 * last of them first.  right & 1 aligns it right. */
#define COL_OPTIONAL 2
#define COL_FLEX_MIN 24
/* A column with right & COL_FIT is as wide as its title and the cells on
 * the screen need, its width at most; the flexible column gets the rest
 * (the notifications' When and Kind, beside their Message). */
#define COL_FIT 4

/* One row as the list draws it: texts (pointing into the rows or into
 * tmp), a role for the whole row and a one-character marker. */
struct rowcells {
	const char *text[MAX_COLS];
	char        tmp[MAX_COLS][64];
	enum role   role;
	char        marker;   /* ' ', or '!' critical/overdue, '^' high ... */
};

/* A detail document: lines of text with a role each, wrapped to a width. */
struct doc_line {
	char     *text;
	enum role role;
};

struct doc {
	struct doc_line *l;
	size_t           n, cap;
	int              width;
};

struct view_ops {
	const char         *title;    /* "Ticket queue" */
	/* What the row markers mean ("! critical or overdue"), for `?`;
	 * NULL-terminated, or NULL.  (The pane's scope is its row of the
	 * pane table, panes.h.) */
	const char *const  *legend;
	const struct column *cols;
	int                 ncols;
	const char *const  *presets;  /* filter preset names, or NULL */
	const char *const  *sorts;    /* sort names, or NULL */
	int  (*fetch)(struct ui *ui, struct view *v, int64_t after, int limit,
	    struct rows *out, struct err *e);
	void (*cells)(struct ui *ui, struct view *v, const struct rows *r,
	    size_t i, struct rowcells *c);
	/* Fill d with the detail of record id. */
	int  (*detail)(struct ui *ui, struct view *v, int64_t id, struct doc *d,
	    struct err *e);
	/* Perform a; -1 when the view has no use for it. */
	int  (*act)(struct ui *ui, struct view *v, enum action a);
	/* The pane's own actions (for `?`), ending in A_NONE. */
	const enum action *actions;
	/* Those worth a hint in the status line, ending in A_NONE. */
	const enum action *hints;
	/* Optional: lines shown above the list (the invoices' aging). */
	int  (*panel)(struct ui *ui, struct view *v, struct doc *d,
	    struct err *e);
	/* The service has no text search (/ says so instead). */
	int                 no_search;
};

/* A pane's fetch handed to ui->bg instead (search as you type on a big
 * table); returns the request's number.  The pane table (panes.h) names
 * them. */
typedef uint64_t (*view_submit_fn)(struct ui *ui, struct view *v,
    int64_t after, int limit);
uint64_t queue_submit(struct ui *ui, struct view *v, int64_t after,
    int limit);
uint64_t invoices_submit(struct ui *ui, struct view *v, int64_t after,
    int limit);

/* What the queue lists, for its title: " [open] by updated", and while a
 * search looks at every status " [any status] by newest". */
void queue_listing(const struct view *v, struct buf *out);

/* Why a pane has nothing to do (the sync issues while sync is off), or
 * NULL: brief for the title, else a sentence the empty list shows in
 * place of "(no rows)".  ui.c's table names them. */
typedef const char *(*view_note_fn)(struct ui *ui, struct view *v,
    int brief);
const char *sync_note(struct ui *ui, struct view *v, int brief);

struct view {
	const struct view_ops *ops;
	enum pane   pane;             /* its row of the pane table */
	struct ui  *ui;
	struct list list;
	char        search[200];      /* the live filter */
	char        last_search[200]; /* for n / N after Esc */
	int         preset, sort;
	/* The queue's filter in the lists' language (ui/filterbox.h) and
	 * the preset or view it came from ("" when typed). */
	char        terms[200];
	char        terms_name[48];
	int         in_detail;
	int64_t     detail_id;
	struct doc  doc;
	int         doc_top;
	int64_t     client_id;        /* assets/invoices: 0 = all clients */
	char        client_name[128]; /* its name for the title, sanitised
	                               * and cut (ui_switch sets it) */
	struct doc  panel;
	int         panel_valid;
	struct doc  side;             /* the detail beside a wide list */
	int64_t     side_id;
	int         side_width;
	uint64_t    bg_seq;           /* search read running beside, or 0 */
	char        bg_search[200];   /* the search it is for */
};

struct ui {
	struct app   *app;
	struct db    *db;
	struct keymap km;
	struct view   views[P_COUNT];
	int           cur, prev;
	int           quit;
	char          msg[300];
	int           msg_err;
	char          user[64];
	/* status-line state, refreshed when idle or after a change */
	int64_t       unread;
	char          sync[64];
	int64_t       timer_number;    /* running timer's ticket number */
	int64_t       timer_elapsed;   /* seconds, when last read */
	int64_t       timer_read_at;   /* monotonic seconds of that read */
	int           timer_running;
	int           status_stale;
	int           list_height;
	int           interruptible;   /* list reads give way to a key */
	struct bgread *bg;             /* search reads, or NULL */
	int           bg_tried;        /* started on the first search */
};

extern volatile sig_atomic_t ui_stop;      /* SIGINT/SIGTERM seen */

extern const struct view_ops hub_ops, queue_ops, assets_ops, invoices_ops,
    notifications_ops, sync_ops;

/* The view shown, and its list height. */
struct view *ui_view(struct ui *ui);

/* A message in the status line (err: shown as an error). */
void ui_msg(struct ui *ui, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ui_err(struct ui *ui, const struct err *e);

/* Redraw everything into curses' screen and refresh (curses sends only
 * what changed). */
void ui_draw(struct ui *ui);

/* After a change: re-read the view's rows (keeping the selection), its
 * detail, and the status line. */
void ui_changed(struct ui *ui);

/* The ids an action applies to: the marked rows, else the selected or
 * opened record.  Caller frees *ids.  Returns how many. */
size_t ui_targets(struct ui *ui, struct view *v, int64_t **ids);

/* The selected record's id (the detail's when one is open), 0 if none. */
int64_t ui_selected(struct ui *ui, struct view *v);

/* The selected row of v's list (and its index), or NULL. */
const struct rows *ui_selected_row(struct ui *ui, struct view *v,
    size_t *idx);

/* After a record was created in v: ui_changed, then the record selected
 * and scrolled into view.  1 when v lists it, else 0 (the filter or the
 * search leaves it out; the caller says so). */
int ui_show_record(struct ui *ui, struct view *v, int64_t id);

/* Open ticket #number in the queue (its row selected when the queue lists
 * it); a status-line error when there is none. */
void ui_open_ticket(struct ui *ui, int64_t number);


/* Switch to a pane (showing client_id's records where that applies). */
void ui_switch(struct ui *ui, int pane, int64_t client_id);

/* Switch to pane and open record id's detail there (a notification's
 * invoice, a search hit), every client's records listed and its row
 * selected when the list has it; q returns to that list.  1 when it
 * opened. */
int ui_open_record(struct ui *ui, int pane, int64_t id);

/* Documents. */
void doc_free(struct doc *d);
void doc_line(struct doc *d, enum role r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "label: value", the value wrapped under the label when long. */
void doc_field(struct doc *d, const char *label, const char *value);
/* Free text, wrapped. */
void doc_text(struct doc *d, enum role r, const char *text);
/* Text as a program printed it: its lines from the first column, not
 * indented, broken only where wider than the document. */
void doc_plain(struct doc *d, enum role r, const char *text);
/* A bar: label, a bar of value/max of the width, the figure. */
void doc_bar(struct doc *d, const char *label, int64_t value, int64_t max,
    const char *figure);

/* Age of a timestamp for a column: "5m", "3h", "12d". */
void ui_age(int64_t ts, char *out, size_t n);

#endif
