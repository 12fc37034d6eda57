/*
 * draw.h - the only way text reaches the screen: themes and sanitised,
 * width-aware drawing.
 *
 * Every string drawn goes through text_sanitize (src/text.h) first, so
 * text from the database or the network can never move the cursor, set a
 * title or send a sequence to the terminal.  Widths follow wcwidth: wide
 * characters take two columns, combining characters join the cell before
 * them, and a character the terminal cannot size is shown as '?'.  When
 * the locale is not UTF-8 everything non-ASCII is drawn as '?' and the
 * chrome (bars, ellipsis, separators) is plain ASCII.
 *
 * Colours come from a theme table (default, light, mono); with NO_COLOR
 * or --no-color the mono theme is used, which relies on bold, reverse and
 * underline only.  Nothing depends on colour alone: rows also carry
 * markers.
 */
#ifndef TP_UI_DRAW_H
#define TP_UI_DRAW_H

#include <curses.h>

#include "core/err.h"

enum role {
	R_NORMAL, R_TITLE, R_TAB, R_TAB_ACTIVE, R_HEADER, R_SELECTED,
	R_MARKED, R_CRITICAL, R_HIGH, R_OVERDUE, R_DIM, R_STATUS, R_ERROR,
	R_BAR, R_GOOD, R_FIELD, R_LABEL, R_COUNT
};

/* Choose the theme ("default", "light", "mono"; NULL: default) after
 * initscr.  mono is forced when no_color or the terminal has no colours.
 * An unknown name is TP_BADINPUT naming the choices. */
int draw_init(const char *theme, int no_color, struct err *e);

/* Whether the locale is UTF-8 (decided once, before initscr). */
void draw_set_utf8(int utf8);
int draw_utf8(void);

attr_t draw_attr(enum role r);

/* Draw s, sanitised, at (y, x) in at most width columns, cut with an
 * ellipsis when too long; pad: fill the rest of width with spaces.
 * Returns the columns used. */
int draw_text(WINDOW *w, int y, int x, int width, const char *s,
    attr_t attr, int pad);

/* Columns s would take once sanitised. */
int draw_width(const char *s);

/* Chrome glyphs: a full bar cell, a horizontal rule cell, an ellipsis. */
const char *draw_glyph_bar(void);
const char *draw_glyph_rule(void);

/* Split sanitised s into lines of at most width columns (breaking at
 * spaces where possible); calls fn for each line (a NUL-terminated copy,
 * valid during the call).  Newlines in s end lines. */
void draw_wrap(const char *s, int width,
    void (*fn)(const char *line, void *arg), void *arg);

#endif
