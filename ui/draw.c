/* draw.c - see draw.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/buf.h"
#include "core/text.h"
#include "ui/draw.h"

static int utf8_mode = 1;
static attr_t attrs[R_COUNT];

struct style {
	short fg, bg;    /* -1: terminal default */
	attr_t a;
};

/* The theme table: one row per theme, one style per role. */
static const struct {
	const char *name;
	struct style s[R_COUNT];
} themes[] = {
	{ "default", {
		[R_NORMAL]     = { -1, -1, A_NORMAL },
		[R_TITLE]      = { COLOR_WHITE, COLOR_BLUE, A_BOLD },
		[R_TAB]        = { COLOR_WHITE, COLOR_BLUE, A_NORMAL },
		[R_TAB_ACTIVE] = { COLOR_BLACK, COLOR_CYAN, A_BOLD },
		[R_HEADER]     = { COLOR_CYAN, -1, A_BOLD },
		[R_SELECTED]   = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
		[R_MARKED]     = { COLOR_YELLOW, -1, A_BOLD },
		[R_CRITICAL]   = { COLOR_RED, -1, A_BOLD },
		[R_HIGH]       = { COLOR_YELLOW, -1, A_NORMAL },
		[R_OVERDUE]    = { COLOR_RED, -1, A_NORMAL },
		[R_DIM]        = { -1, -1, A_DIM },
		[R_STATUS]     = { COLOR_BLACK, COLOR_WHITE, A_NORMAL },
		[R_ERROR]      = { COLOR_WHITE, COLOR_RED, A_BOLD },
		[R_BAR]        = { COLOR_CYAN, -1, A_NORMAL },
		[R_GOOD]         = { COLOR_GREEN, -1, A_NORMAL },
		[R_FIELD]      = { -1, -1, A_UNDERLINE },
		[R_LABEL]      = { -1, -1, A_BOLD },
	} },
	{ "light", {
		[R_NORMAL]     = { -1, -1, A_NORMAL },
		[R_TITLE]      = { COLOR_BLACK, COLOR_CYAN, A_BOLD },
		[R_TAB]        = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
		[R_TAB_ACTIVE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD },
		[R_HEADER]     = { COLOR_BLUE, -1, A_BOLD },
		[R_SELECTED]   = { COLOR_WHITE, COLOR_BLUE, A_NORMAL },
		[R_MARKED]     = { COLOR_MAGENTA, -1, A_BOLD },
		[R_CRITICAL]   = { COLOR_RED, -1, A_BOLD },
		[R_HIGH]       = { COLOR_MAGENTA, -1, A_NORMAL },
		[R_OVERDUE]    = { COLOR_RED, -1, A_NORMAL },
		[R_DIM]        = { -1, -1, A_DIM },
		[R_STATUS]     = { COLOR_WHITE, COLOR_BLACK, A_NORMAL },
		[R_ERROR]      = { COLOR_WHITE, COLOR_RED, A_BOLD },
		[R_BAR]        = { COLOR_BLUE, -1, A_NORMAL },
		[R_GOOD]         = { COLOR_GREEN, -1, A_NORMAL },
		[R_FIELD]      = { -1, -1, A_UNDERLINE },
		[R_LABEL]      = { -1, -1, A_BOLD },
	} },
	{ "mono", {
		[R_NORMAL]     = { -1, -1, A_NORMAL },
		[R_TITLE]      = { -1, -1, A_REVERSE | A_BOLD },
		[R_TAB]        = { -1, -1, A_REVERSE },
		[R_TAB_ACTIVE] = { -1, -1, A_BOLD | A_UNDERLINE },
		[R_HEADER]     = { -1, -1, A_BOLD | A_UNDERLINE },
		[R_SELECTED]   = { -1, -1, A_REVERSE },
		[R_MARKED]     = { -1, -1, A_BOLD },
		[R_CRITICAL]   = { -1, -1, A_BOLD },
		[R_HIGH]       = { -1, -1, A_NORMAL },
		[R_OVERDUE]    = { -1, -1, A_UNDERLINE },
		[R_DIM]        = { -1, -1, A_DIM },
		[R_STATUS]     = { -1, -1, A_REVERSE },
		[R_ERROR]      = { -1, -1, A_REVERSE | A_BOLD },
		[R_BAR]        = { -1, -1, A_NORMAL },
		[R_GOOD]         = { -1, -1, A_NORMAL },
		[R_FIELD]      = { -1, -1, A_UNDERLINE },
		[R_LABEL]      = { -1, -1, A_BOLD },
	} },
};
#define NTHEMES (sizeof themes / sizeof themes[0])

void
draw_set_utf8(int utf8)
{
	utf8_mode = utf8;
}

int
draw_utf8(void)
{
	return utf8_mode;
}

int
draw_init(const char *theme, int no_color, struct err *e)
{
	size_t t = 0, mono = NTHEMES - 1;

	if (theme != NULL && *theme != '\0') {
		while (t < NTHEMES && strcmp(themes[t].name, theme) != 0)
			t++;
		if (t == NTHEMES)
			return err_set(e, TP_BADINPUT, "bad ui.theme '%.40s': "
			    "expected one of default, light, mono", theme);
	}
	if (no_color || !has_colors())
		t = mono;
	if (t != mono) {
		start_color();
		use_default_colors();
	}
	for (int r = 0; r < R_COUNT; r++) {
		const struct style *s = &themes[t].s[r];

		attrs[r] = s->a;
		if (t != mono && (s->fg >= 0 || s->bg >= 0) &&
		    r < COLOR_PAIRS) {
			init_pair((short)(r + 1), s->fg, s->bg);
			attrs[r] |= COLOR_PAIR(r + 1);
		}
	}
	return TP_OK;
}

attr_t
draw_attr(enum role r)
{
	return r < R_COUNT ? attrs[r] : A_NORMAL;
}

const char *
draw_glyph_bar(void)
{
	return utf8_mode ? "\xe2\x96\x88" : "#";
}

const char *
draw_glyph_rule(void)
{
	return utf8_mode ? "\xe2\x94\x80" : "-";
}

static const char *
ellipsis(void)
{
	return utf8_mode ? "\xe2\x80\xa6" : "~";
}

/* One screen cell: a base character and the combining ones that follow. */
struct cell {
	wchar_t wc[CCHARW_MAX + 1];
	int     n, width;
};

/* Next cell of safe text at *i, or 0 at the end. */
static int
next_cell(const char *s, size_t len, size_t *i, struct cell *c)
{
	unsigned cp;
	size_t n;
	int w;

	c->n = 0;
	c->width = 0;
	while (*i < len) {
		n = text_utf8_decode(s + *i, len - *i, &cp);
		if (n == 0) {
			n = 1;
			cp = '?';
		}
		w = cp < 0x80 ? 1 : wcwidth((wchar_t)cp);
		if (w == 0 && c->n == 0) {
			/* A combining mark with nothing before it: give it
			 * a space to sit on so that it cannot join the
			 * previous field's last character. */
			c->wc[c->n++] = L' ';
			c->wc[c->n++] = (wchar_t)cp;
			c->width = 1;
			*i += n;
			continue;
		} else if (w == 0) {
			if (c->n < CCHARW_MAX - 1)
				c->wc[c->n++] = (wchar_t)cp;
			*i += n;
			continue;
		} else if (c->n > 0) {
			break;        /* the next base starts a new cell */
		}
		if (w < 0) {
			cp = '?';
			w = 1;
		}
		c->wc[c->n++] = (wchar_t)cp;
		c->width = w;
		*i += n;
	}
	c->wc[c->n] = L'\0';
	return c->n > 0;
}

static int
safe_width(const char *s, size_t len)
{
	struct cell c;
	size_t i = 0;
	int w = 0;

	while (next_cell(s, len, &i, &c))
		w += c.width;
	return w;
}

static void
sanitize(const char *s, struct buf *out)
{
	text_sanitize(s ? s : "", (size_t)-1, utf8_mode ? 0 : TEXT_ASCII, out);
}

int
draw_width(const char *s)
{
	struct buf b;
	int w;

	buf_init(&b);
	sanitize(s, &b);
	w = safe_width(b.s, b.len);
	buf_free(&b);
	return w;
}

static int
put_cell(WINDOW *w, int y, int x, const struct cell *c, attr_t attr)
{
	cchar_t cc;

	if (setcchar(&cc, c->wc, attr, PAIR_NUMBER(attr), NULL) != OK)
		return mvwaddch(w, y, x, '?' | attr);
	return mvwadd_wch(w, y, x, &cc);
}

int
draw_text(WINDOW *w, int y, int x, int width, const char *s, attr_t attr,
    int pad)
{
	struct buf b;
	struct cell c, ell;
	size_t i = 0, ei = 0;
	int used = 0, total, limit;

	if (width <= 0)
		return 0;
	buf_init(&b);
	sanitize(s, &b);
	total = safe_width(b.s, b.len);
	limit = total > width ? width - 1 : width;
	while (next_cell(b.s, b.len, &i, &c)) {
		if (used + c.width > limit)
			break;
		put_cell(w, y, x + used, &c, attr);
		used += c.width;
	}
	if (total > width) {
		next_cell(ellipsis(), strlen(ellipsis()), &ei, &ell);
		put_cell(w, y, x + used, &ell, attr);
		used++;
	}
	buf_free(&b);
	while (pad && used < width) {
		mvwaddch(w, y, x + used, ' ' | attr);
		used++;
	}
	return used;
}

void
draw_wrap(const char *s, int width, void (*fn)(const char *line, void *arg),
    void *arg)
{
	struct buf b, line;
	size_t i = 0, start, brk_len = 0;
	struct cell c;
	int w = 0;

	if (width < 1)
		width = 1;
	buf_init(&b);
	buf_init(&line);
	text_sanitize(s ? s : "", (size_t)-1,
	    TEXT_MULTILINE | (utf8_mode ? 0 : TEXT_ASCII), &b);
	while (i < b.len) {
		if (b.s[i] == '\n') {
			fn(line.s, arg);
			buf_reset(&line);
			w = 0;
			brk_len = 0;
			i++;
			continue;
		}
		start = i;
		if (!next_cell(b.s, b.len, &i, &c))
			break;
		if (w + c.width > width) {
			if (brk_len > 0) {
				/* break at the last space: the rest
				 * moves to the next line */
				struct buf rest;

				buf_init(&rest);
				buf_add(&rest, line.s + brk_len);
				buf_truncate(&line, brk_len - 1);
				fn(line.s, arg);
				buf_reset(&line);
				buf_add(&line, rest.s);
				w = safe_width(line.s, line.len);
				buf_free(&rest);
			} else {
				fn(line.s, arg);
				buf_reset(&line);
				w = 0;
			}
			brk_len = 0;
		}
		buf_addn(&line, b.s + start, i - start);
		w += c.width;
		if (b.s[start] == ' ')
			brk_len = line.len;
	}
	if (line.len > 0 || b.len == 0)
		fn(line.s, arg);
	buf_free(&line);
	buf_free(&b);
}
