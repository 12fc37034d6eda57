/*
 * cli_fuzz.c - libFuzzer target for the command line's argument parsing
 * (src/cli/cli.c): the input, split at NUL bytes, is argv.  Any argv must
 * give either a parsed command or a usage error with a message, never a
 * crash, a leak or undefined behaviour, and:
 *   - a parsed command has between its min_pos and max_pos positional
 *     arguments and only options its spec names;
 *   - the value parsers (ids, whole numbers, money, --search) either
 *     succeed within their range or fail with TP_BADINPUT and a message;
 *   - every message, once sanitised as cli_error prints it, passes the
 *     text boundary's rule (valid UTF-8, no control character).
 * Nothing is run: no database is opened.  Built by `make fuzz`;
 * tests/fuzz/replay.c runs the seed corpus through it in `make check`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/money.h"
#include "core/text.h"
#include "ui/ui.h"

/* The harness parses command lines and runs none, so `config check` never
 * asks the UI's keymap here; the UI itself (curses) is not linked in. */
int
ui_check_binds(const struct config *cfg, struct err *e)
{
	(void)cfg;
	return err_set(e, TP_INTERNAL, "the UI is not linked into the fuzzer");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 80

static void
die(const char *what, const char *msg)
{
	fprintf(stderr, "cli_fuzz: %s: %s\n", what, msg ? msg : "");
	abort();
}

/* A message as cli_error prints it is safe for a terminal. */
static void
check_message(const struct err *e)
{
	struct buf safe;
	struct err e2 = ERR_INIT;

	if (e->msg[0] == '\0')
		die("an error without a message", NULL);
	buf_init(&safe);
	text_sanitize(e->msg, (size_t)-1, 0, &safe);
	if (text_check(safe.s, "message", 0, 0, &e2) != TP_OK)
		die("a sanitised message fails the text rule", e2.msg);
	buf_free(&safe);
}

static int
spec_names(const char *spec, const char *name)
{
	size_t n = strlen(name);
	const char *p = spec ? spec : "";

	while (*p) {
		size_t len = strcspn(p, ",");
		size_t base = len && p[len - 1] == '=' ? len - 1 : len;

		if (base == n && strncmp(p, name, n) == 0)
			return 1;
		p += len + (p[len] == ',');
	}
	return 0;
}

/* Each positional through each value parser: a value in range or a
 * message, never both or neither. */
static void
check_values(const struct cli_args *a)
{
	for (int i = 0; i < a->npos; i++) {
		struct err e = ERR_INIT;
		int64_t v = 0;

		if (cli_parse_id(a->pos[i], "id", &v, &e) == TP_OK) {
			if (v < 1)
				die("an id below 1", a->pos[i]);
		} else if (e.code != TP_BADINPUT) {
			die("a bad id is not TP_BADINPUT", e.msg);
		} else {
			check_message(&e);
		}
		err_clear(&e);
		if (cli_parse_int(a->pos[i], "n", -5, 5, &v, &e) == TP_OK &&
		    (v < -5 || v > 5))
			die("a whole number out of its range", a->pos[i]);
		err_clear(&e);
		if (cli_parse_money(a->pos[i], "amount", &v, &e) == TP_OK) {
			if (v < 0 || v > MONEY_MAX_CENTS)
				die("money out of range", a->pos[i]);
		} else {
			check_message(&e);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *argv[MAX_ARGS];
	const struct cli_cmd *c;
	struct app app;
	struct cli_args a;
	struct err e = ERR_INIT;
	const char *q;
	int argc = 0, used;
	size_t start = 0;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (size_t i = 0; i <= size && argc < MAX_ARGS; i++) {
		if (i == size || copy[i] == '\0') {
			argv[argc++] = copy + start;
			start = i + 1;
		}
	}
	memset(&app, 0, sizeof app);
	c = cli_find(argc, argv, &used);
	if (c != NULL) {
		if (used < 1 || used > argc)
			die("a command took more words than given", c->words);
		if (cli_parse_cmd(&app, c, argc - used, argv + used, &a, &e)
		    == TP_OK) {
			if (a.npos < c->min_pos ||
			    (c->max_pos >= 0 && a.npos > c->max_pos))
				die("positional count out of range", c->words);
			for (int i = 0; i < a.nopts; i++)
				if (!spec_names(c->opts, a.opts[i].name))
					die("an option the spec does not name",
					    a.opts[i].name);
			check_values(&a);
			err_clear(&e);
			if (cli_parse_search(&a, &q, &e) != TP_OK)
				check_message(&e);
		} else {
			if (e.code != TP_USAGE)
				die("a bad argument list is not TP_USAGE", e.msg);
			check_message(&e);
		}
	}
	free(copy);
	return 0;
}
