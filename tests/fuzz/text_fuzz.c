/*
 * text_fuzz.c - libFuzzer target for the text boundary (core/text.c):
 * the sanitiser, the input rule, the repair of network text and the JSON
 * escape.  The first byte picks the flags, the rest is the text.  Any
 * bytes must never crash, leak or misbehave, and:
 *   - text_sanitize's output is valid UTF-8 with no control character
 *     (newline only with TEXT_MULTILINE): it passes text_check;
 *   - text_fit's output is at most its width in columns, and exactly it
 *     when padded;
 *   - text_repair's output passes the UTF-8 part of the rule and is the
 *     input itself when the input was valid UTF-8;
 *   - a JSON string of the text, through text_json_escape, is valid JSON
 *     with no raw control that reads back as the repaired text.
 * Built by `make fuzz`; tests/fuzz/replay.c runs the seed corpus through
 * it in `make check`.
 */
#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *mem;

static void
die(const char *what)
{
	fprintf(stderr, "text_fuzz: %s\n", what);
	abort();
}

static void
cleanup(void)
{
	sqlite3_close(mem);
}

static int
utf8_valid(const char *s, size_t n)
{
	size_t i = 0, len;
	unsigned cp;

	while (i < n) {
		if ((len = text_utf8_decode(s + i, n - i, &cp)) == 0)
			return 0;
		i += len;
	}
	return 1;
}

static void
check_sanitize(const char *s, int flags)
{
	struct err e = ERR_INIT;
	struct buf b;

	buf_init(&b);
	text_sanitize(s, (size_t)-1, flags, &b);
	if (text_check(b.s, "out", 0, flags & TEXT_MULTILINE, &e) != TP_OK)
		die("sanitised text fails the text rule");
	if ((flags & TEXT_ASCII) && strspn(b.s, "\n !\"#$%&'()*+,-./0123456789"
	    ":;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz"
	    "{|}~") != b.len)
		die("ASCII sanitised text is not ASCII");
	buf_free(&b);
}

static void
check_fit(const char *s, int width, int flags)
{
	struct buf b;

	buf_init(&b);
	text_fit(s, width, 0, flags, &b);
	if (text_width(b.s) > width && width > 0)
		die("fitted text is wider than its width");
	buf_reset(&b);
	text_fit(s, width, 1, flags, &b);
	if (width > 0 && text_width(b.s) != width)
		die("padded text is not its width");
	buf_free(&b);
}

static void
check_json(const char *s, size_t n, const char *want)
{
	sqlite3_stmt *st;
	struct buf b;
	const char *got;

	/* A JSON string made the way rows_json makes them: json_quote. */
	if (sqlite3_prepare_v2(mem, "SELECT json_quote(?1)", -1, &st, NULL))
		die("prepare");
	sqlite3_bind_text(st, 1, s, (int)n, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		die("json_quote");
	buf_init(&b);
	text_json_escape((const char *)sqlite3_column_text(st, 0), (size_t)-1,
	    &b);
	sqlite3_finalize(st);
	for (size_t i = 0, len; i < b.len; i += len) {
		unsigned cp;

		if ((len = text_utf8_decode(b.s + i, b.len - i, &cp)) == 0)
			die("escaped JSON is not UTF-8");
		if (text_is_control(cp))
			die("escaped JSON holds a raw control");
	}
	if (sqlite3_prepare_v2(mem, "SELECT json_valid(?1), ?1 ->> '$'", -1,
	    &st, NULL))
		die("prepare");
	sqlite3_bind_text(st, 1, b.s, (int)b.len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 1)
		die("escaped JSON is not valid");
	got = (const char *)sqlite3_column_text(st, 1);
	if (got == NULL || strcmp(got, want) != 0)
		die("escaped JSON does not read back as the repaired text");
	sqlite3_finalize(st);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf fixed;
	char *s;
	size_t n, bad;
	int flags;

	if (mem == NULL) {
		setlocale(LC_ALL, "C.UTF-8");
		if (sqlite3_open(":memory:", &mem) != SQLITE_OK)
			die("sqlite3_open");
		atexit(cleanup);
	}
	if (size == 0)
		return 0;
	flags = data[0] & (TEXT_MULTILINE | TEXT_ASCII);
	if ((s = malloc(size)) == NULL)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	n = strlen(s);
	check_sanitize(s, flags);
	check_fit(s, data[0] >> 2, flags);
	buf_init(&fixed);
	bad = text_repair(s, n, &fixed);
	if (!utf8_valid(fixed.s, fixed.len))
		die("repaired text is not UTF-8");
	if ((bad == 0) != utf8_valid(s, n) || (bad == 0 && strcmp(s, fixed.s)))
		die("repair changed valid text or missed invalid text");
	check_json(s, n, fixed.s);
	buf_free(&fixed);
	free(s);
	return 0;
}
