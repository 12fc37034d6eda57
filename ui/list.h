/*
 * list.h - a list over a service's keyset-paged rows, never a whole table.
 *
 * The list reads pages of LIST_PAGE rows through a fetch callback that
 * calls a service with (after_id, limit): page k starts after the last
 * row of page k-1, whose id is remembered as anchor k.  Only a few pages
 * are kept in memory (LIST_CACHE, least recently used dropped), so
 * scrolling a million rows keeps a small, flat footprint; going back
 * re-reads a page from its anchor.  The selection is a row index plus the
 * id of the row, so that a refresh or a resize keeps it on the same
 * record where it can.  Marks are a set of ids.
 *
 * The list owns its pages and marks; list_free releases them.
 */
#ifndef TP_UI_LIST_H
#define TP_UI_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/rows.h"

#define LIST_PAGE  100
#define LIST_CACHE 4

/* A fetch returns TP_OK, an error code, or LIST_AGAIN when the read was
 * abandoned for a keystroke: nothing is cached or remembered as failed,
 * and the next access reads again. */
#define LIST_AGAIN (-1)

typedef int (*list_fetch_fn)(void *ctx, int64_t after_id, int limit,
    struct rows *out, struct err *e);

struct list_page {
	size_t      page;      /* page number */
	struct rows rows;
	unsigned    used;      /* LRU clock */
	int         valid;
};

struct list {
	list_fetch_fn fetch;
	void         *ctx;
	int64_t      *anchors;     /* anchors[k]: id before page k; [0] = 0 */
	size_t        nanchors, capanchors;
	int           complete;    /* the last page has been seen */
	size_t        total;       /* rows, when complete */
	struct list_page cache[LIST_CACHE];
	unsigned      clock;
	size_t        sel, top;
	int64_t       sel_id;
	int64_t      *marks;
	size_t        nmarks, capmarks;
	int           loaded;      /* first page read since the last reset */
	struct err    err;         /* the last fetch error, if any */
	int           failed;
	int           again;       /* the last read was abandoned (LIST_AGAIN) */
	int           relocate;    /* sel_id to be found again (list_reset) */
};

void list_init(struct list *l, list_fetch_fn fetch, void *ctx);
void list_free(struct list *l);

/* Forget every page (the data or the filter changed); keeps sel/sel_id
 * and the marks.  The next access reads again, and the first fit, move,
 * find or seek puts the selection back on sel_id first (as list_reload
 * does), so a list changed while out of sight keeps its record selected;
 * list_first and list_last choose a row instead. */
void list_reset(struct list *l);

/* Re-read and put the selection back on sel_id if it is still in the
 * pages near where it was or in the first LIST_RELOAD_PAGES; otherwise
 * keep the index (clamped).  The window (top) stays where it was, so that
 * list_fit scrolls only as far as the selection needs and rows that came
 * in above stay in view. */
#define LIST_RELOAD_PAGES 10
void list_reload(struct list *l);

/* Row i: its page's rows and the index in it, or NULL past the end. */
const struct rows *list_row(struct list *l, size_t i, size_t *idx);

/* Read the page holding row sel + ahead now, if it is not in memory yet
 * (the loop calls it when no key is waiting, so that paging down rarely
 * waits on a read).  Whether a page was read. */
int list_prefetch(struct list *l, size_t ahead);

/* Whether row i exists (reads pages as needed). */
int list_has(struct list *l, size_t i);

/* Rows known to exist: the total when complete, else a lower bound. */
size_t list_known(struct list *l);

int64_t list_id(struct list *l, size_t i);

/* Move the selection by delta rows (clamped), to the first or last row;
 * keep top so that sel stays within height rows. */
void list_move(struct list *l, long delta, int height);
void list_first(struct list *l);
/* The last row, reading at most max_pages pages on the way (a huge list
 * must not freeze the screen): 1 when the end was reached, else 0 with
 * the selection on the last row read. */
int list_last(struct list *l, int height, size_t max_pages);
void list_fit(struct list *l, int height);

/* Select the row of record id, looking at most max_pages pages from the
 * top, and scroll it into view (from the first row when it is on the
 * first screen): 1, or 0 when it is not there (the selection stays). */
int list_seek(struct list *l, int64_t id, int height, size_t max_pages);

/* Marks. */
int  list_marked(const struct list *l, int64_t id);
void list_toggle_mark(struct list *l, int64_t id);
void list_clear_marks(struct list *l);

/* Search from the row after (dir 1) or before (dir -1) the selection for
 * a row where match() is true, reading at most max_pages pages; moves the
 * selection there and returns 1, or 0. */
int list_find(struct list *l, int dir, int height, size_t max_pages,
    int (*match)(const struct rows *r, size_t idx, void *arg), void *arg);

#endif
