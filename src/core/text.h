/*
 * text.h - making text from the database or the network safe to show.
 *
 * Nothing from outside reaches a terminal raw: C0 and C1 controls, DEL,
 * ESC (and so every CSI/OSC sequence), bidi overrides and invalid UTF-8
 * become harmless visible characters.  Used by the CLI's table output and
 * by every string the UI draws.
 */
#ifndef TP_TEXT_H
#define TP_TEXT_H

#include <stddef.h>

#include "core/buf.h"

#define TEXT_MULTILINE 0x1   /* keep '\n' (detail views, notes) */
#define TEXT_ASCII     0x2   /* replace every non-ASCII character by '?' */

/* Append a safe rendering of s (up to n bytes, or NUL) to out:
 * ESC -> "^[", other C0 -> "^X", DEL -> "^?", tab -> one space,
 * C1 and bidi controls -> U+FFFD, invalid UTF-8 bytes -> U+FFFD. */
void text_sanitize(const char *s, size_t n, int flags, struct buf *out);

/* Decode one UTF-8 code point at s (at most n bytes): its length, or 0 for
 * an invalid or truncated sequence.  *cp receives the code point. */
size_t text_utf8_decode(const char *s, size_t n, unsigned *cp);

/* Columns s takes on a terminal (wide characters 2, combining 0); s is
 * taken as already sanitised. */
int text_width(const char *s);

/* Sanitise s and cut it to at most `width` columns, ending in "~" (or
 * U+2026 in UTF-8 mode) when cut; pads with spaces to width if pad. */
void text_fit(const char *s, int width, int pad, int flags, struct buf *out);

/* What separates the words of a search. */
#define TEXT_SPACE " \t\r\n\f\v"

/* The next word of *p (separated by TEXT_SPACE): 1 with *word and *n set
 * and *p past it, 0 when none is left. */
int text_next_word(const char **p, const char **word, size_t *n);

/* Append s[0..n) as one quoted FTS5 string, a quote inside written twice,
 * so that it is never FTS syntax. */
void text_fts_phrase(const char *s, size_t n, struct buf *out);

/* Append a safe FTS5 query for user text: each whitespace-separated word
 * as a quoted prefix term ("word"*, a quote inside written twice), so no
 * input is ever FTS syntax.  Returns the number of terms (0 for blank). */
int text_fts_query(const char *text, struct buf *out);

#endif
