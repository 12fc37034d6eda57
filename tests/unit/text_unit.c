/* text_unit.c - the text boundary (core/text): the one rule for text that
 * comes in, the repair of network text, the JSON escape of text going out
 * and the one integer rule. */
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "tap.h"

static int
check(const char *s, int flags)
{
	struct err e = ERR_INIT;

	return text_check(s, "field", 0, flags, &e);
}

static void
check_refuses_what_must_not_be_stored(void)
{
	struct err e = ERR_INIT;

	is_int(check("Acme GmbH", 0), TP_OK, "plain text passes");
	is_int(check("caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80", 0), TP_OK,
	    "accents, CJK and emoji pass");
	is_int(check(NULL, 0), TP_OK, "not given passes");
	is_int(check("Bad\xffName", 0), TP_BADINPUT, "an invalid byte is refused");
	is_int(check("\xc3", 0), TP_BADINPUT, "a truncated sequence is refused");
	is_int(check("\xc0\xaf", 0), TP_BADINPUT, "an overlong form is refused");
	is_int(check("\xed\xa0\x80", 0), TP_BADINPUT, "a surrogate is refused");
	is_int(check("a\x1b[2J", 0), TP_BADINPUT, "ESC is refused");
	is_int(check("a\x7f", 0), TP_BADINPUT, "DEL is refused");
	is_int(check("x\xc2\x9b" "31m", 0), TP_BADINPUT, "C1 CSI is refused");
	is_int(check("x\xc2\x85y", TEXT_MULTILINE), TP_BADINPUT,
	    "C1 NEL is refused even in a body");
	is_int(check("a\xe2\x80\xae" "b", 0), TP_BADINPUT, "RLO is refused");
	is_int(check("a\xe2\x81\xa6" "b", TEXT_MULTILINE), TP_BADINPUT,
	    "LRI is refused in a body");
	is_int(check("a\xe2\x80\xa8" "b", TEXT_MULTILINE), TP_BADINPUT,
	    "U+2028 is refused");
	is_int(check("a\nb", 0), TP_BADINPUT, "a newline is refused in one line");
	is_int(check("a\tb", 0), TP_BADINPUT, "a tab is refused in one line");
	is_int(check("a\nb\tc", TEXT_MULTILINE), TP_OK,
	    "newline and tab pass in a body");
	is_int(check("a\rb", TEXT_MULTILINE), TP_BADINPUT,
	    "a carriage return is refused in a body");
	text_check("ab\xff", "client name", 0, 0, &e);
	is_str(e.msg, "client name is not valid UTF-8 (byte 3)",
	    "the message names the field and the byte");
	text_check("a\xc2\x9b", "subject", 0, 0, &e);
	is_str(e.msg, "subject holds a control character (U+009B at "
	    "character 2)", "the message names the field and the character");
	is_int(text_check("\xc3\xa9\xc3\xa9\xc3\xa9", "name", 3, 0, &e), TP_OK,
	    "the length is counted in characters");
	is_int(text_check("abcd", "name", 3, 0, &e), TP_BADINPUT,
	    "a text longer than its limit is refused");
}

static void
check_all_reports_the_first_bad_field(void)
{
	struct err e = ERR_INIT;
	const struct text_field f[] = {
		{ "subject", "fine", 100, 0 },
		{ "body", "two\nlines", 0, TEXT_MULTILINE },
		{ "category", "x\xe2\x80\x8f", 100, 0 },
	};

	is_int(text_check_all(f, 2, &e), TP_OK, "good fields pass");
	is_int(text_check_all(f, 3, &e), TP_BADINPUT, "a bad field fails all");
	ok(strncmp(e.msg, "category ", 9) == 0, "... naming it");
}

static char *
repaired(const char *s, size_t *bad)
{
	struct buf b;

	buf_init(&b);
	*bad = text_repair(s, (size_t)-1, &b);
	return buf_detach(&b);
}

static void
repair_replaces_invalid_bytes(void)
{
	size_t bad;
	char *s;

	s = repaired("ok \xc3\xa9", &bad);
	is_str(s, "ok \xc3\xa9", "valid text is kept");
	is_int(bad, 0, "... and nothing is counted");
	free(s);
	s = repaired("a\xff" "b\xc3", &bad);
	is_str(s, "a\xef\xbf\xbd" "b\xef\xbf\xbd", "invalid bytes become U+FFFD");
	is_int(bad, 2, "... each counted");
	is_int(check(s, 0), TP_OK, "the repaired text passes the rule");
	free(s);
}

static char *
escaped(const char *json)
{
	struct buf b;

	buf_init(&b);
	text_json_escape(json, (size_t)-1, &b);
	return buf_detach(&b);
}

static void
json_escape_writes_controls_as_escapes(void)
{
	char *s;

	s = escaped("{\"a\":\"x\xc2\x9b" "31m\"}");
	is_str(s, "{\"a\":\"x\\u009b31m\"}", "C1 becomes \\u009b");
	free(s);
	s = escaped("[\"\xe2\x80\xae\xe2\x81\xa6\xe2\x80\xa8\xe2\x80\xa9\"]");
	is_str(s, "[\"\\u202e\\u2066\\u2028\\u2029\"]",
	    "bidi and line separators become escapes");
	free(s);
	s = escaped("[\"a\x1b" "b\x7f\"]");
	is_str(s, "[\"a\\u001bb\\u007f\"]", "raw ESC and DEL become escapes");
	free(s);
	s = escaped("[\"\xff\"]");
	is_str(s, "[\"\\ufffd\"]", "an invalid byte becomes \\ufffd");
	free(s);
	s = escaped("{\"n\": [1,\n\t2],\"s\":\"caf\xc3\xa9 \\u001b\"}");
	is_str(s, "{\"n\": [1,\n\t2],\"s\":\"caf\xc3\xa9 \\u001b\"}",
	    "whitespace, text and existing escapes are kept");
	free(s);
}

static void
sanitized_output_holds_no_control(void)
{
	static const char *const hostile[] = {
		"\x1b]52;c;aGVsbG8=\x07", "\x1b[2J", "\xc2\x9b" "31m",
		"\xe2\x80\xae" "evil", "\xe2\x81\xa6" "x", "\xff\xfe", "a\rb",
	};
	size_t bad;

	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		struct buf b;
		char *fixed;

		buf_init(&b);
		text_sanitize(hostile[i], (size_t)-1, 0, &b);
		fixed = repaired(b.s, &bad);
		ok(bad == 0 && check(b.s, 0) == TP_OK,
		    "sanitised text passes the input rule");
		free(fixed);
		buf_free(&b);
	}
}

static void
parse_int_is_one_rule(void)
{
	int64_t v = 0;

	is_int(text_parse_int("12", 1, 100, &v), 0, "12 is a number");
	is_int(v, 12, "... twelve");
	is_int(text_parse_int("-5", -10, 10, &v), 0, "-5 is a number");
	is_int(v, -5, "... minus five");
	is_int(text_parse_int("+12", 1, 100, &v), -1, "+12 is refused, as "
	    "money refuses +5");
	is_int(text_parse_int(" 12", 1, 100, &v), -1, "a leading blank is refused");
	is_int(text_parse_int("12 ", 1, 100, &v), -1, "a trailing blank is "
	    "refused");
	is_int(text_parse_int("", 1, 100, &v), -1, "nothing is refused");
	is_int(text_parse_int("-", -1, 100, &v), -1, "a lone sign is refused");
	is_int(text_parse_int("0x10", 0, 100, &v), -1, "hex is refused");
	is_int(text_parse_int("101", 1, 100, &v), -1, "above max is refused");
	is_int(text_parse_int("9223372036854775807", 0, INT64_MAX, &v), 0,
	    "INT64_MAX parses");
	is_int(text_parse_int("9223372036854775808", 0, INT64_MAX, &v), -1,
	    "one more overflows");
	is_int(text_parse_int("-9223372036854775808", INT64_MIN, 0, &v), 0,
	    "INT64_MIN parses");
	is_int(text_parse_int("99999999999999999999", 0, INT64_MAX, &v), -1,
	    "twenty nines overflow");
}

int
main(void)
{
	check_refuses_what_must_not_be_stored();
	check_all_reports_the_first_bad_field();
	repair_replaces_invalid_bytes();
	json_escape_writes_controls_as_escapes();
	sanitized_output_holds_no_control();
	parse_int_is_one_rule();
	return tap_done();
}
