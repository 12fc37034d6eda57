/* list.c - see list.h. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "ui/list.h"

static void settle_pending(struct list *l);

void
list_init(struct list *l, list_fetch_fn fetch, void *ctx)
{
	memset(l, 0, sizeof *l);
	l->fetch = fetch;
	l->ctx = ctx;
	l->capanchors = 16;
	l->anchors = xcalloc(l->capanchors, sizeof *l->anchors);
	l->nanchors = 1;
}

static void
drop_pages(struct list *l)
{
	for (int i = 0; i < LIST_CACHE; i++) {
		rows_free(&l->cache[i].rows);
		memset(&l->cache[i], 0, sizeof l->cache[i]);
	}
}

void
list_free(struct list *l)
{
	drop_pages(l);
	free(l->anchors);
	free(l->marks);
	memset(l, 0, sizeof *l);
}

void
list_reset(struct list *l)
{
	drop_pages(l);
	l->nanchors = 1;
	l->anchors[0] = 0;
	l->complete = 0;
	l->total = 0;
	l->loaded = 0;
	l->failed = 0;
	l->again = 0;
	l->relocate = 1;
	err_clear(&l->err);
}

static void
push_anchor(struct list *l, int64_t id)
{
	if (l->nanchors == l->capanchors) {
		l->capanchors *= 2;
		l->anchors = xrealloc(l->anchors,
		    l->capanchors * sizeof *l->anchors);
	}
	l->anchors[l->nanchors++] = id;
}

/* Page p in the cache, reading it (and the pages before it, to learn
 * their anchors) when needed.  NULL past the end or on an error. */
static struct list_page *
page(struct list *l, size_t p)
{
	struct list_page *slot = NULL;

	for (int i = 0; i < LIST_CACHE; i++)
		if (l->cache[i].valid && l->cache[i].page == p) {
			l->cache[i].used = ++l->clock;
			return &l->cache[i];
		}
	if (l->failed)
		return NULL;
	/* Walk forward to learn the anchor of page p. */
	while (l->nanchors <= p) {
		if (l->complete)
			return NULL;
		if (page(l, l->nanchors - 1) == NULL)
			return NULL;
	}
	for (int i = 0; i < LIST_CACHE; i++)
		if (slot == NULL || !l->cache[i].valid ||
		    (slot->valid && l->cache[i].used < slot->used))
			slot = &l->cache[i];
	rows_free(&slot->rows);
	memset(slot, 0, sizeof *slot);
	l->again = 0;
	switch (l->fetch(l->ctx, l->anchors[p], LIST_PAGE, &slot->rows,
	    &l->err)) {
	case TP_OK:
		break;
	case LIST_AGAIN:
		l->again = 1;
		err_clear(&l->err);
		rows_free(&slot->rows);
		return NULL;
	default:
		l->failed = 1;
		rows_free(&slot->rows);
		return NULL;
	}
	l->loaded = 1;
	slot->page = p;
	slot->valid = 1;
	slot->used = ++l->clock;
	if (p + 1 == l->nanchors) {
		if (slot->rows.n == LIST_PAGE)
			push_anchor(l, rows_int(&slot->rows, LIST_PAGE - 1,
			    "id"));
		else {
			l->complete = 1;
			l->total = p * LIST_PAGE + slot->rows.n;
		}
	}
	return slot;
}

const struct rows *
list_row(struct list *l, size_t i, size_t *idx)
{
	struct list_page *pg = page(l, i / LIST_PAGE);

	if (pg == NULL || i % LIST_PAGE >= pg->rows.n)
		return NULL;
	*idx = i % LIST_PAGE;
	return &pg->rows;
}

int
list_prefetch(struct list *l, size_t ahead)
{
	size_t p = (l->sel + ahead) / LIST_PAGE;

	if (l->failed)
		return 0;
	/* Only the next unknown page: never a walk of many. */
	if (p >= l->nanchors)
		p = l->nanchors - 1;
	for (int i = 0; i < LIST_CACHE; i++)
		if (l->cache[i].valid && l->cache[i].page == p)
			return 0;
	return page(l, p) != NULL;
}

int
list_has(struct list *l, size_t i)
{
	size_t idx;

	return list_row(l, i, &idx) != NULL;
}

size_t
list_known(struct list *l)
{
	if (!l->loaded)
		(void)page(l, 0);
	if (l->complete)
		return l->total;
	return (l->nanchors - 1) * LIST_PAGE;
}

int64_t
list_id(struct list *l, size_t i)
{
	size_t idx;
	const struct rows *r = list_row(l, i, &idx);

	return r ? rows_int(r, idx, "id") : 0;
}

void
list_fit(struct list *l, int height)
{
	settle_pending(l);
	if (height < 1)
		height = 1;
	if (!list_has(l, l->sel)) {
		size_t n = list_known(l);

		l->sel = n ? n - 1 : 0;
	}
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)height)
		l->top = l->sel - (size_t)height + 1;
	/* No empty rows below the end while rows above are hidden. */
	while (l->top > 0 && !list_has(l, l->top + (size_t)height - 1))
		l->top--;
	l->sel_id = list_id(l, l->sel);
}

void
list_move(struct list *l, long delta, int height)
{
	settle_pending(l);
	if (delta < 0) {
		size_t d = (size_t)-delta;

		l->sel = d > l->sel ? 0 : l->sel - d;
	} else {
		size_t want = l->sel + (size_t)delta;

		/* Step one page at a time so a long jump reads only what
		 * it passes. */
		while (l->sel < want && list_has(l, l->sel + 1)) {
			size_t next = l->sel + LIST_PAGE;

			if (next > want)
				next = want;
			if (list_has(l, next))
				l->sel = next;
			else
				l->sel++;
		}
	}
	list_fit(l, height);
}

void
list_first(struct list *l)
{
	l->relocate = 0;
	l->sel = 0;
	l->top = 0;
	l->sel_id = list_id(l, 0);
}

int
list_last(struct list *l, int height, size_t max_pages)
{
	size_t read = 0;

	l->relocate = 0;
	while (!l->complete && !l->failed && read++ < max_pages)
		if (page(l, l->nanchors - 1) == NULL)
			break;
	if (l->complete)
		l->sel = l->total ? l->total - 1 : 0;
	else
		l->sel = (l->nanchors - 1) * LIST_PAGE - 1;
	list_fit(l, height);
	return l->complete;
}

/* Look for id in page pg; its row index, or -1. */
static long
find_in_page(struct list *l, size_t pg, int64_t id)
{
	for (size_t i = pg * LIST_PAGE; i < (pg + 1) * LIST_PAGE; i++) {
		int64_t got = list_id(l, i);

		if (got == 0)
			break;
		if (got == id)
			return (long)i;
	}
	return -1;
}

/* Put the selection back on sel_id if it is within the first page or
 * the pages around index old; otherwise keep old (clamped).  The window
 * stays at top, so that list_fit scrolls only as far as the selection
 * needs and rows that came in above stay in view. */
static void
settle(struct list *l, size_t old, size_t top)
{
	int64_t want = l->sel_id;
	size_t p = old / LIST_PAGE;
	/* The first page (where a changed record often goes) and the pages
	 * around the selection: a handful of reads however deep it is. */
	size_t cand[4] = { 0, p > 0 ? p - 1 : 0, p, p + 1 };
	long at = -1;

	l->relocate = 0;
	for (int k = 0; k < 4 && at < 0 && want != 0; k++) {
		int seen = 0;

		for (int j = 0; j < k; j++)
			seen |= cand[j] == cand[k];
		if (!seen)
			at = find_in_page(l, cand[k], want);
	}
	/* A change can move the record far in the order (a ticket set to
	 * low in a list by priority): look on through the first pages, a
	 * bounded walk, before giving up on it. */
	for (size_t pg = 0; pg < LIST_RELOAD_PAGES && at < 0 && want != 0;
	    pg++) {
		int seen = 0;

		for (int j = 0; j < 4; j++)
			seen |= cand[j] == pg;
		if (!seen)
			at = find_in_page(l, pg, want);
		if (at < 0 && l->complete && l->nanchors <= pg + 1)
			break;          /* that was the last page */
	}
	if (at >= 0) {
		size_t i = (size_t)at;

		/* Keep the window where it was and let list_fit scroll only
		 * as far as the row needs: keeping the row at its place on
		 * the screen instead scrolled rows that came in above it
		 * (a new record, a new order) out of sight. */
		l->top = top <= i ? top : i;
		l->sel = i;
		return;
	}
	l->sel = old;
	l->top = top;
	if (!list_has(l, l->sel)) {
		size_t n = list_known(l);

		l->sel = n ? n - 1 : 0;
		if (l->top > l->sel)
			l->top = l->sel;
	}
	l->sel_id = list_id(l, l->sel);
}

/* After list_reset, the first look at the list finds the selected
 * record again (the rows above it may have changed). */
static void
settle_pending(struct list *l)
{
	if (l->relocate)
		settle(l, l->sel, l->top);
}

void
list_reload(struct list *l)
{
	size_t p = l->sel / LIST_PAGE;

	drop_pages(l);
	if (l->nanchors > p + 1)
		l->nanchors = p + 1;     /* keep the anchors up to here */
	l->complete = 0;
	l->total = 0;
	l->loaded = 0;
	l->failed = 0;
	err_clear(&l->err);
	settle(l, l->sel, l->top);
}

int
list_marked(const struct list *l, int64_t id)
{
	for (size_t i = 0; i < l->nmarks; i++)
		if (l->marks[i] == id)
			return 1;
	return 0;
}

void
list_toggle_mark(struct list *l, int64_t id)
{
	for (size_t i = 0; i < l->nmarks; i++)
		if (l->marks[i] == id) {
			l->marks[i] = l->marks[--l->nmarks];
			return;
		}
	if (l->nmarks == l->capmarks) {
		l->capmarks = l->capmarks ? l->capmarks * 2 : 16;
		l->marks = xrealloc(l->marks, l->capmarks * sizeof *l->marks);
	}
	l->marks[l->nmarks++] = id;
}

void
list_clear_marks(struct list *l)
{
	l->nmarks = 0;
}

int
list_find(struct list *l, int dir, int height, size_t max_pages,
    int (*match)(const struct rows *r, size_t idx, void *arg), void *arg)
{
	size_t i, limit = max_pages * LIST_PAGE, steps = 0;
	const struct rows *r;
	size_t idx;

	settle_pending(l);
	i = l->sel;
	while (steps++ < limit) {
		if (dir < 0) {
			if (i == 0)
				return 0;
			i--;
		} else {
			i++;
		}
		r = list_row(l, i, &idx);
		if (r == NULL)
			return 0;
		if (match(r, idx, arg)) {
			l->sel = i;
			list_fit(l, height);
			return 1;
		}
	}
	return 0;
}

int
list_seek(struct list *l, int64_t id, int height, size_t max_pages)
{
	size_t end = max_pages * LIST_PAGE;

	if (height < 1)
		height = 1;
	settle_pending(l);
	for (size_t i = 0; i < end && id != 0; i++) {
		int64_t got = list_id(l, i);

		if (got == 0)
			return 0;
		if (got != id)
			continue;
		l->sel = i;
		/* the list from its first row when the record is on its
		 * first screen, else the record at the bottom of the view */
		if (l->sel < l->top || l->sel >= l->top + (size_t)height)
			l->top = i < (size_t)height ? 0 : i - (size_t)height + 1;
		list_fit(l, height);
		return 1;
	}
	return 0;
}
