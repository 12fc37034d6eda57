/*
 * text.h - the text boundary: what may come in, and how it goes out.
 *
 * In: text_check is the one rule for text that is stored (arguments, CSV,
 * config, $EDITOR output, all through the service layer's validation):
 * valid UTF-8, no C0/C1/DEL/bidi controls (newline and tab allowed in
 * multi-line fields).  Text from the network is not refused but repaired
 * (text_repair: invalid bytes become U+FFFD).
 *
 * Out: nothing from outside reaches a terminal raw.  text_sanitize makes
 * text harmless for people (C0 and C1 controls, DEL, ESC and so every
 * CSI/OSC sequence, bidi overrides and invalid UTF-8 become visible
 * characters); text_json_escape makes a JSON document carry the same
 * characters as \uXXXX escapes, so machine output keeps the data exactly
 * and is still safe on a terminal.
 */
#ifndef TP_TEXT_H
#define TP_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

#define TEXT_MULTILINE 0x1   /* keep '\n' (detail views, notes) */
#define TEXT_ASCII     0x2   /* replace every non-ASCII character by '?' */

/* Append a safe rendering of s (up to n bytes, or NUL) to out:
 * ESC -> "^[", other C0 -> "^X", DEL -> "^?", tab -> one space,
 * C1 and bidi controls -> U+FFFD, invalid UTF-8 bytes -> U+FFFD. */
void text_sanitize(const char *s, size_t n, int flags, struct buf *out);

/* Whether code point cp is one text_check refuses in a one-line field
 * (C0, DEL, C1, bidi and other format controls, U+2028/2029, U+FEFF). */
int text_is_control(unsigned cp);

/* CRLF (and a lone CR before the end) to LF, in place; returns the new
 * length.  Text pasted from Windows, a CRLF CSV field, a DOS editor's
 * file: applied where text comes in (the CLI's words, the UI's editor,
 * import), so that text_check never meets a CR there and nothing stores
 * one. */
size_t text_unix_newlines(char *s);

/* Check text that is about to be stored: valid UTF-8, at most max_chars
 * characters (0: no limit), no control characters except, with
 * TEXT_MULTILINE, newline and tab.  NULL passes.  TP_BADINPUT with a
 * message naming `field` ("bad client name: not valid UTF-8 at byte 4"). */
int text_check(const char *s, const char *field, size_t max_chars, int flags,
    struct err *e);

/* One field for text_check_all. */
struct text_field {
	const char *name;        /* for the message: "client name" */
	const char *value;       /* NULL: not given */
	size_t      max_chars;   /* 0: no limit */
	int         flags;       /* TEXT_MULTILINE */
};

/* text_check on each of n fields; the first refusal is returned. */
int text_check_all(const struct text_field *f, size_t n, struct err *e);

/* Append s (up to n bytes, or NUL) to out with every invalid UTF-8 byte
 * replaced by U+FFFD; returns how many were replaced.  For text from the
 * network, which is kept (and reported) rather than refused. */
size_t text_repair(const char *s, size_t n, struct buf *out);

/* Append the JSON document json (n bytes, or NUL) to out with every C0,
 * DEL, C1 and format control, U+2028 and U+2029 written as \uXXXX, and
 * every invalid UTF-8 byte as \ufffd.  Outside strings a JSON document
 * is ASCII, so the bytes rewritten are always inside strings: the document
 * means the same, and no raw control reaches a terminal. */
void text_json_escape(const char *json, size_t n, struct buf *out);

/* The one rule for a whole number typed by a person (ids, counts, limits):
 * an optional '-' then digits, nothing else (no '+', no blanks, like
 * money_parse), within min..max.  0, or -1 when s is not such a number. */
int text_parse_int(const char *s, int64_t min, int64_t max, int64_t *out);

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
