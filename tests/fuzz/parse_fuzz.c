/*
 * parse_fuzz.c - libFuzzer target for the value parsers: money
 * (money_parse), dates and timestamps (clock_check_date, clock_parse_iso)
 * and whole numbers (text_parse_int).  The first byte picks the parser's
 * option (money: negative allowed), the rest is the text.  Any text must
 * give a value or an error with a message, never a crash or undefined
 * behaviour, and every value written back reads back the same:
 *   - money: money_format then money_parse gives the same cents, within
 *     MONEY_MAX_CENTS;
 *   - a date: its day's start, written as a date, is the same text;
 *   - a timestamp: clock_format_iso then clock_parse_iso, the same time;
 *   - a whole number: printed then parsed, the same number.
 * Built by `make fuzz`; tests/fuzz/replay.c runs the seed corpus through
 * it in `make check`.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/money.h"
#include "core/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
die(const char *what, const char *s)
{
	fprintf(stderr, "parse_fuzz: %s: '%s'\n", what, s);
	abort();
}

static void
check_money(const char *s, int neg)
{
	struct err e = ERR_INIT;
	char out[MONEY_LEN];
	int64_t cents, again;

	if (money_parse(s, neg, &cents, &e) != TP_OK) {
		if (e.msg[0] == '\0')
			die("money refused without a message", s);
		return;
	}
	if (cents > MONEY_MAX_CENTS || cents < -MONEY_MAX_CENTS ||
	    (!neg && cents < 0))
		die("money out of range", s);
	money_format(cents, out);
	if (money_parse(out, 1, &again, &e) != TP_OK || again != cents)
		die("money does not read back", s);
}

static void
check_date(const char *s)
{
	struct err e = ERR_INIT;
	char out[CLOCK_DATE_LEN];

	if (clock_check_date(s, &e) != TP_OK)
		return;
	clock_date(clock_date_start(s), out);
	if (strcmp(out, s) != 0)
		die("a date does not read back", s);
}

static void
check_iso(const char *s)
{
	struct err e = ERR_INIT;
	char out[CLOCK_ISO_LEN];
	int64_t t, again;

	if (clock_parse_iso(s, &t, &e) != TP_OK) {
		if (e.msg[0] == '\0')
			die("a timestamp refused without a message", s);
		return;
	}
	clock_format_iso(t, out);
	if (clock_parse_iso(out, &again, &e) != TP_OK || again != t)
		die("a timestamp does not read back", s);
}

static void
check_int(const char *s)
{
	char out[32];
	int64_t v, again;

	if (text_parse_int(s, INT64_MIN, INT64_MAX, &v) != 0)
		return;
	snprintf(out, sizeof out, "%" PRId64, v);
	if (text_parse_int(out, INT64_MIN, INT64_MAX, &again) != 0 ||
	    again != v)
		die("a whole number does not read back", s);
	if (text_parse_int(s, 1, 10, &again) == 0 && (again < 1 || again > 10))
		die("a whole number out of its range", s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	static int once;

	if (!once) {
		/* Dates are local: one zone, so that every run is the same. */
		setenv("TZ", "UTC", 1);
		tzset();
		once = 1;
	}
	if (size == 0)
		return 0;
	if ((s = malloc(size)) == NULL)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	check_money(s, data[0] & 1);
	check_date(s);
	check_iso(s);
	check_int(s);
	free(s);
	return 0;
}
