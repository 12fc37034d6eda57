/*
 * export_fuzz.c - libFuzzer target for export (service/exchange.c) in CSV,
 * JSON and YAML.  The input, split at its first NUL byte, is a client's
 * name and notes, stored as given (as text from before the text boundary,
 * or from a PSA, may be).  Every export must succeed, never crash, leak or
 * misbehave, and:
 *   - JSON: is valid JSON, holds no raw control character, and its name
 *     reads back as the stored name with each invalid byte as U+FFFD;
 *   - YAML: libyaml reads it back, it holds no raw C1 or bidi control,
 *     and its name reads back the same way;
 *   - CSV: ends in CRLF.
 * One database (fuzz_db.h) is opened on the first input; each input runs
 * inside a transaction that is rolled back.  Built by `make fuzz`;
 * tests/fuzz/replay.c runs the seed corpus through it in `make check`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/db.h"
#include "core/text.h"
#include "fuzz/fuzz_db.h"
#include "service/exchange.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct db *db;

static void
die(const char *what, const char *msg)
{
	fprintf(stderr, "export_fuzz: %s: %s\n", what, msg ? msg : "");
	abort();
}

static int
collect(const char *s, size_t n, void *arg)
{
	buf_addn(arg, s, n);
	return 0;
}

static void
export(const char *format, struct buf *out)
{
	struct err e = ERR_INIT;

	buf_reset(out);
	if (exchange_export(db, "clients", format, collect, out, &e) != TP_OK)
		die("export failed", e.msg);
}

/* No raw character that must not reach a terminal: with `all`, any
 * control but newline; else C1 and bidi controls (YAML escapes C0). */
static void
check_no_raw(const struct buf *b, int all, const char *what)
{
	size_t i = 0, len;
	unsigned cp;

	while (i < b->len) {
		len = text_utf8_decode(b->s + i, b->len - i, &cp);
		if (len == 0)
			die(what, "not UTF-8");
		if (text_is_control(cp) && cp != '\n' && (all || cp >= 0x80))
			die(what, "a raw control character");
		i += len;
	}
}

static void
check_json(const struct buf *b, const char *want)
{
	struct err e = ERR_INIT;
	char *name = NULL;
	int64_t valid = 0;

	check_no_raw(b, 1, "json");
	if (db_int(db, &e, &valid, "SELECT json_valid(?1)", "t", b->s) != TP_OK
	    || valid != 1)
		die("json: not valid JSON", b->s);
	if (db_text(db, &e, &name, "SELECT json_extract(?1, '$[0].name')",
	    "t", b->s) != TP_OK || name == NULL || strcmp(name, want) != 0)
		die("json: the name does not read back", name);
	free(name);
}

/* The value of the first "name" key in the YAML document, or NULL. */
static char *
yaml_name(const struct buf *b)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int next = 0, done = 0, keys = 1, depth = 0;
	char *name = NULL;

	if (!yaml_parser_initialize(&p))
		die("yaml", "out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)b->s, b->len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev))
			die("yaml: does not read back", p.problem);
		if (ev.type == YAML_MAPPING_START_EVENT) {
			depth++;
			keys = 1;
		} else if (ev.type == YAML_SCALAR_EVENT && depth == 1) {
			const char *v = (const char *)ev.data.scalar.value;

			if (next && name == NULL)
				name = xstrdup(v);
			next = keys && strcmp(v, "name") == 0;
			keys = !keys;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return name;
}

static void
check_yaml(const struct buf *b, const char *want)
{
	char *name;

	check_no_raw(b, 0, "yaml");
	name = yaml_name(b);
	if (name == NULL || strcmp(name, want) != 0)
		die("yaml: the name does not read back", name);
	free(name);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = ERR_INIT;
	struct buf out, want;
	char *text;
	const char *notes;
	size_t cut;

	db = fuzz_db("export");
	if ((text = malloc(size + 2)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = text[size + 1] = '\0';
	cut = strlen(text);
	notes = text + cut + (cut < size);
	buf_init(&out);
	buf_init(&want);
	text_repair(text, (size_t)-1, &want);
	if (db_begin(db, &e) != TP_OK)
		die("db_begin", e.msg);
	/* The schema's own CHECKs (a name of 1 to 200 characters) hold
	 * for old data too: what they refuse cannot be stored. */
	if (db_exec(db, &e, "UPDATE clients SET name = ?1, notes = ?2 "
	    "WHERE id = 1", "tt", text, notes) != TP_OK)
		goto done;
	export("json", &out);
	check_json(&out, want.s);
	export("yaml", &out);
	check_yaml(&out, want.s);
	export("csv", &out);
	if (out.len < 2 || strcmp(out.s + out.len - 2, "\r\n") != 0)
		die("csv: does not end in CRLF", NULL);
done:
	db_rollback(db);
	buf_free(&out);
	buf_free(&want);
	free(text);
	return 0;
}
