/* cli.c - see cli.h: dispatch, argument parsing and output. */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/text.h"

static const struct cli_cmd *const groups[] = {
	cli_misc_cmds, cli_client_cmds, cli_ticket_cmds, cli_time_cmds,
	cli_asset_cmds, cli_project_cmds, cli_invoice_cmds, cli_dashboard_cmds,
	cli_sync_cmds, cli_config_cmds, cli_schedule_cmds, cli_search_cmds,
};
#define NGROUPS (sizeof groups / sizeof groups[0])

/* How many leading argv words the command's words match (all or 0). */
static int
words_match(const char *words, int argc, char **argv)
{
	const char *p = words;
	int n = 0;

	while (*p) {
		size_t len = strcspn(p, " ");

		if (n >= argc || strlen(argv[n]) != len ||
		    strncmp(argv[n], p, len) != 0)
			return 0;
		n++;
		p += len;
		while (*p == ' ')
			p++;
	}
	return n;
}

const char *
cli_command_words(size_t i)
{
	for (size_t g = 0; g < NGROUPS; g++)
		for (const struct cli_cmd *c = groups[g]; c->words; c++)
			if (i-- == 0)
				return c->words;
	return NULL;
}

const struct cli_cmd *
cli_find(int argc, char **argv, int *used)
{
	const struct cli_cmd *best = NULL;
	int bestn = 0;

	for (size_t g = 0; g < NGROUPS; g++) {
		for (const struct cli_cmd *c = groups[g]; c->words; c++) {
			int n = words_match(c->words, argc, argv);

			if (n > bestn) {
				best = c;
				bestn = n;
			}
		}
	}
	*used = bestn;
	return best;
}

/* Whether `name` is in spec, and whether it takes a value. */
static int
spec_has(const char *spec, const char *name, size_t nlen, int *takes)
{
	const char *p = spec ? spec : "";

	while (*p) {
		size_t len = strcspn(p, ",");
		size_t base = len && p[len - 1] == '=' ? len - 1 : len;

		if (base == nlen && strncmp(p, name, nlen) == 0) {
			*takes = base != len;
			return 1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static void
print_cmd_help(FILE *f, const struct cli_cmd *c)
{
	fprintf(f, "usage: termpsa %s%s%s\n\n  %s\n", c->words,
	    c->usage && *c->usage ? " " : "", c->usage ? c->usage : "",
	    c->summary);
	fprintf(f, "\nGlobal options: --db PATH, --config PATH, --user NAME, "
	    "--json, --demo, --no-color.\nSee termpsa(1).\n");
}

static int
parse_args(const struct cli_cmd *c, int argc, char **argv,
    struct cli_args *a, struct err *e)
{
	int only_pos = 0;

	memset(a, 0, sizeof *a);
	for (int i = 0; i < argc; i++) {
		char *s = argv[i];

		if (!only_pos && strcmp(s, "--") == 0) {
			only_pos = 1;
		} else if (!only_pos && s[0] == '-' && s[1] == '-' && s[2]) {
			const char *name = s + 2, *eq = strchr(name, '=');
			size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
			int takes;

			if (!spec_has(c->opts, name, nlen, &takes))
				return err_set(e, TP_USAGE, "%s: unknown option "
				    "--%.*s (see 'termpsa %s --help')", c->words,
				    (int)nlen, name, c->words);
			if (a->nopts == CLI_MAX_OPTS)
				return err_set(e, TP_USAGE, "%s: too many options",
				    c->words);
			a->opts[a->nopts].name = name;
			if (takes && eq) {
				a->opts[a->nopts].value = eq + 1;
			} else if (takes) {
				if (i + 1 >= argc)
					return err_set(e, TP_USAGE, "%s: --%s needs a "
					    "value", c->words, name);
				a->opts[a->nopts].value = argv[++i];
			} else if (eq) {
				return err_set(e, TP_USAGE, "%s: --%.*s takes no "
				    "value", c->words, (int)nlen, name);
			}
			/* Keep only the name part of --name=value. */
			if (eq)
				*(char *)eq = '\0';
			a->nopts++;
		} else {
			if (a->npos == CLI_MAX_POS)
				return err_set(e, TP_USAGE, "%s: too many arguments",
				    c->words);
			a->pos[a->npos++] = s;
		}
	}
	if (a->npos < c->min_pos)
		return err_set(e, TP_USAGE, "%s: missing arguments; usage: "
		    "termpsa %s %s", c->words, c->words, c->usage);
	if (c->max_pos >= 0 && a->npos > c->max_pos)
		return err_set(e, TP_USAGE, "%s: unexpected argument '%s'; usage: "
		    "termpsa %s %s", c->words, a->pos[c->max_pos], c->words,
		    c->usage);
	return TP_OK;
}

static void
group_help(FILE *f, const char *word)
{
	struct buf safe;

	buf_init(&safe);
	text_sanitize(word, (size_t)-1, 0, &safe);
	fprintf(f, "usage: termpsa %s <command> [options]\n\n", safe.s);
	for (size_t g = 0; g < NGROUPS; g++)
		for (const struct cli_cmd *c = groups[g]; c->words; c++)
			if (words_match(word, 1, (char **)&c->words) ||
			    strncmp(c->words, word, strlen(word)) == 0)
				fprintf(f, "  %-24s %s\n", c->words, c->summary);
	fprintf(f, "\n'termpsa %s <command> --help' for one command.\n", safe.s);
	buf_free(&safe);
}

static int
is_help(const char *s)
{
	return strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0 ||
	    strcmp(s, "help") == 0;
}

static int
group_exists(const char *word)
{
	size_t n = strlen(word);

	for (size_t g = 0; g < NGROUPS; g++)
		for (const struct cli_cmd *c = groups[g]; c->words; c++)
			if (strncmp(c->words, word, n) == 0 &&
			    (c->words[n] == ' ' || c->words[n] == '\0'))
				return 1;
	return 0;
}

/* The commands "word sub" starts ("asset schedule": "add, list,
 * remove") into out; how many. */
static int
subgroup_words(const char *word, const char *sub, char *out, size_t size)
{
	char prefix[128];
	int n = snprintf(prefix, sizeof prefix, "%s %s ", word, sub), found = 0;
	size_t used = 0;

	out[0] = '\0';
	if (n < 0 || (size_t)n >= sizeof prefix)
		return 0;
	for (size_t g = 0; g < NGROUPS; g++)
		for (const struct cli_cmd *c = groups[g]; c->words; c++) {
			int w;

			if (strncmp(c->words, prefix, (size_t)n) != 0)
				continue;
			w = snprintf(out + used, size - used, "%s%s",
			    found++ ? ", " : "", c->words + n);
			if (w > 0 && used + (size_t)w < size)
				used += (size_t)w;
		}
	return found;
}

/* --user after the command words is the global option unless the command
 * has a --user of its own; returns the arguments left. */
static int
take_user(struct app *app, const struct cli_cmd *c, int argc, char **argv)
{
	int out = 0, takes;

	if (spec_has(c->opts, "user", 4, &takes))
		return argc;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--user") == 0 && i + 1 < argc)
			app->user_name = argv[++i];
		else if (strncmp(argv[i], "--user=", 7) == 0)
			app->user_name = argv[i] + 7;
		else
			argv[out++] = argv[i];
	}
	return out;
}

/* The commands that only read: they write nothing (no "me" user is made
 * for them) and work on a database that cannot be written (app_db). */
static const char *const read_cmds[] = {
	"jobs list", "activity", "notifications", "export", "client list",
	"client show", "user list", "ticket list", "ticket show",
	"time status", "time list", "asset list", "asset show",
	"project list", "project show", "invoice list", "invoice show",
	"payment list", "report aging", "report revenue", "report time",
	"sync status", "search", NULL
};

static int
is_read(const char *words)
{
	for (size_t i = 0; read_cmds[i]; i++)
		if (strcmp(words, read_cmds[i]) == 0)
			return 1;
	return 0;
}

int
cli_parse_cmd(struct app *app, const struct cli_cmd *c, int argc,
    char **argv, struct cli_args *a, struct err *e)
{
	argc = take_user(app, c, argc, argv);
	return parse_args(c, argc, argv, a, e);
}

/* The commands that set up, and so may make the database they are told
 * to use and the "me" they are told to be: every other one refuses a
 * database or user that is not there (a typo must not make them). */
static int
creates(const struct cli_cmd *c)
{
	static const struct {
		const char *words;
		int         make;
	} setup[] = {
		{ "init", APP_MAKE_DB | APP_MAKE_ME },
		{ "demo", APP_MAKE_DB | APP_MAKE_ME },
		{ "user add", APP_MAKE_DB },
	};

	for (size_t i = 0; i < sizeof setup / sizeof setup[0]; i++)
		if (strcmp(c->words, setup[i].words) == 0)
			return setup[i].make;
	return 0;
}

int
cli_run(struct app *app, int argc, char **argv)
{
	struct err e = ERR_INIT;
	const struct cli_cmd *c;
	struct cli_args a;
	char subs[200];
	int used, rc;

	c = cli_find(argc, argv, &used);
	for (int i = used; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			if (c != NULL)
				print_cmd_help(stdout, c);
			else
				group_help(stdout, argv[0]);
			return 0;
		}
	}
	if (c == NULL) {
		if (argc >= 1 && group_exists(argv[0])) {
			if (argc >= 2 && !is_help(argv[1]) &&
			    subgroup_words(argv[0], argv[1], subs, sizeof subs))
				cli_error("%s %s: which command? (%s)", argv[0],
				    argv[1], subs);
			else if (argc >= 2 && !is_help(argv[1]))
				cli_error("%s: unknown command '%s'", argv[0],
				    argv[1]);
			group_help(argc >= 2 && is_help(argv[1]) ? stdout : stderr,
			    argv[0]);
			return argc >= 2 && is_help(argv[1]) ? 0 : 64;
		}
		cli_error("unknown command '%s' (see 'termpsa --help')",
		    argc ? argv[0] : "");
		return 64;
	}
	if (cli_parse_cmd(app, c, argc - used, argv + used, &a, &e) != TP_OK) {
		cli_error("%s", e.msg);
		return err_exit_status(e.code);
	}
	app->reads = is_read(c->words);
	app->may_create = creates(c);
	rc = c->fn(app, &a, &e);
	if (rc != TP_OK) {
		fflush(app->out);
		cli_error("%s", e.msg);
		return err_exit_status(rc);
	}
	return 0;
}

/* The one way a message reaches stderr: messages quote what the user typed
 * and what the database holds, so the whole line is sanitised. */
void
cli_error(const char *fmt, ...)
{
	struct buf safe;
	va_list ap;
	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	buf_init(&safe);
	text_sanitize(msg, (size_t)-1, 0, &safe);
	fprintf(stderr, "termpsa: %s\n", safe.s);
	buf_free(&safe);
}

void
cli_help(FILE *f)
{
	fprintf(f,
	    "usage: termpsa [global options] [command] [arguments]\n\n"
	    "With no command, termpsa opens the terminal UI on the ticket queue.\n\n"
	    "Global options (before or after the command):\n"
	    "  --db PATH       database (env TERMPSA_DB)\n"
	    "  --config PATH   config file (env TERMPSA_CONFIG)\n"
	    "  --user NAME     who \"me\" is (env TERMPSA_USER)\n"
	    "  --json          machine output: one JSON document on stdout\n"
	    "  --demo          use the demo database (made on first use)\n"
	    "  --no-color      monochrome UI (also NO_COLOR)\n"
	    "  -h, --help      help; works at every level\n"
	    "  -V, --version   print the version\n\nCommands:\n");
	for (size_t g = 0; g < NGROUPS; g++)
		for (const struct cli_cmd *c = groups[g]; c->words; c++)
			fprintf(f, "  %-24s %s\n", c->words, c->summary);
	fprintf(f, "\nExit status: 0 done, 1 refused or not found, 64 usage, "
	    "65 bad value,\n69 PSA unavailable, 70 internal, 74 I/O.  "
	    "See termpsa(1).\n");
}

const char *
cli_opt(const struct cli_args *a, const char *name)
{
	const char *v = NULL;

	for (int i = 0; i < a->nopts; i++)
		if (strcmp(a->opts[i].name, name) == 0)
			v = a->opts[i].value;
	return v;
}

int
cli_flag(const struct cli_args *a, const char *name)
{
	for (int i = 0; i < a->nopts; i++)
		if (strcmp(a->opts[i].name, name) == 0)
			return 1;
	return 0;
}

int
cli_parse_int(const char *s, const char *what, int64_t min, int64_t max,
    int64_t *out, struct err *e)
{
	if (s == NULL || *s == '\0')
		return err_set(e, TP_BADINPUT, "bad %s '%s': expected a whole "
		    "number", what, s ? s : "");
	if (text_parse_int(s, min, max, out) != 0)
		return err_set(e, TP_BADINPUT, "bad %s '%s': expected a whole "
		    "number from %lld to %lld", what, s, (long long)min,
		    (long long)max);
	return TP_OK;
}

int
cli_parse_id(const char *s, const char *what, int64_t *out, struct err *e)
{
	if (s != NULL && s[0] == '#')
		s++;
	return cli_parse_int(s, what, 1, INT64_MAX / 2, out, e);
}

int
cli_parse_paging(const struct cli_args *a, int64_t max, int *limit,
    int64_t *after_id, struct err *e)
{
	const struct cli_opt_value t[] = {
		{ "limit", CLI_INT, "--limit", NULL, 1, max, limit },
		{ "after", CLI_ID, "--after", NULL, 0, 0, after_id },
	};

	return cli_parse_opts(a, t, after_id != NULL ? 2 : 1, e);
}

int
cli_parse_money(const char *s, const char *what, int64_t *cents,
    struct err *e)
{
	if (money_parse(s, 0, cents, e) != TP_OK) {
		err_prefix(e, what);
		return e->code;
	}
	return TP_OK;
}

static int
check_search(const char *v, struct err *e)
{
	if (v != NULL && v[strspn(v, TEXT_SPACE)] == '\0')
		return err_set(e, TP_BADINPUT, "bad --search '%s': expected a "
		    "word", v);
	return TP_OK;
}

int
cli_parse_search(const struct cli_args *a, const char **q, struct err *e)
{
	*q = cli_opt(a, "search");
	return check_search(*q, e);
}

int
cli_parse_enum(const char *s, const char *what, const char *const choices[],
    struct err *e)
{
	char list[256] = "";

	for (int i = 0; choices[i]; i++) {
		if (s != NULL && strcmp(s, choices[i]) == 0)
			return TP_OK;
		if (i)
			strncat(list, ", ", sizeof list - strlen(list) - 1);
		strncat(list, choices[i], sizeof list - strlen(list) - 1);
	}
	return err_set(e, TP_BADINPUT, "bad %s '%s': expected one of %s", what,
	    s ? s : "", list);
}

int
cli_parse_date(const char *s, const char *what, struct err *e)
{
	if (s == NULL || clock_check_date(s, NULL) == TP_OK)
		return TP_OK;
	return err_set(e, TP_BADINPUT, "bad %s '%s': expected a date "
	    "YYYY-MM-DD", what, s);
}

static int
parse_opt(const char *v, const struct cli_opt_value *o, struct err *e)
{
	int64_t n;

	switch (o->kind) {
	case CLI_ID:
		return cli_parse_id(v, o->what, o->out, e);
	case CLI_INT:
		if (cli_parse_int(v, o->what, o->min, o->max, &n, e) != TP_OK)
			return e->code;
		*(int *)o->out = (int)n;
		return TP_OK;
	case CLI_CHOICE:
		*(const char **)o->out = v;
		return cli_parse_enum(v, o->what, o->choices, e);
	case CLI_INDEX:
		if (cli_parse_enum(v, o->what, o->choices, e) != TP_OK)
			return e->code;
		for (int i = 0; o->choices[i]; i++)
			if (strcmp(v, o->choices[i]) == 0)
				*(int *)o->out = i;
		return TP_OK;
	case CLI_SEARCH:
		*(const char **)o->out = v;
		return check_search(v, e);
	}
	abort();
}

int
cli_parse_opts(const struct cli_args *a, const struct cli_opt_value *t,
    size_t n, struct err *e)
{
	const char *v;

	for (size_t i = 0; i < n; i++)
		if ((v = cli_opt(a, t[i].name)) != NULL &&
		    parse_opt(v, &t[i], e) != TP_OK)
			return e->code;
	return TP_OK;
}

/* Text output --------------------------------------------------------------- */

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A cell as a person reads it: money as 187.50, times in local time. */
static void
cell_text(const char *col, const struct cell *c, struct buf *out)
{
	char tmp[64];

	if (c == NULL || c->type == CELL_NULL) {
		buf_add(out, "-");
	} else if (c->type == CELL_INT && ends_with(col, "_cents")) {
		money_format(c->i, tmp);
		buf_add(out, tmp);
	} else if (c->type == CELL_INT && ends_with(col, "_at")) {
		char when[CLOCK_MINUTE_LEN];

		clock_format_minute(c->i, when);
		buf_add(out, when);
	} else {
		buf_add(out, c->s);
	}
}

static void
col_title(const char *col, struct buf *out)
{
	size_t n = strlen(col);

	if (ends_with(col, "_cents"))
		n -= 6;
	for (size_t i = 0; i < n; i++)
		buf_addc(out, (char)toupper((unsigned char)col[i]));
}

/* A cell wider than this is cut (with an ellipsis) on a terminal, so a
 * long subject leaves the columns readable.  Anything else (a pipe, a
 * file) is not read by eye in columns but by a program or a search:
 * there every cell is whole, and this is the one place that decides. */
#define CELL_MAX_WIDTH 48

static int
cell_max_width(const struct app *app)
{
	return isatty(fileno(app->out)) ? CELL_MAX_WIDTH : INT_MAX;
}

int
cli_print_list(struct app *app, const struct rows *r, const char *const cols[],
    struct err *e)
{
	int idx[64], n = 0, width[64], most = cell_max_width(app);
	struct buf line, cell;

	if (app->json) {
		struct buf out;

		buf_init(&out);
		if (rows_json_array(app->db, r, &out, e) != TP_OK) {
			buf_free(&out);
			return e->code;
		}
		cli_print_json(app, out.s);
		buf_free(&out);
		return TP_OK;
	}
	for (int c = 0; c < r->ncol && n < 64; c++)
		if (cols == NULL)
			idx[n++] = c;
	for (int k = 0; cols && cols[k] && n < 64; k++)
		if (rows_col(r, cols[k]) >= 0)
			idx[n++] = rows_col(r, cols[k]);
	buf_init(&line);
	buf_init(&cell);
	for (int k = 0; k < n; k++) {
		buf_reset(&cell);
		col_title(r->cols[idx[k]], &cell);
		width[k] = text_width(cell.s);
		for (size_t i = 0; i < r->n; i++) {
			struct buf safe;
			int w;

			buf_reset(&cell);
			cell_text(r->cols[idx[k]], rows_cell(r, i, idx[k]), &cell);
			buf_init(&safe);
			text_sanitize(cell.s, cell.len, 0, &safe);
			w = text_width(safe.s);
			buf_free(&safe);
			if (w > width[k])
				width[k] = w > most ? most : w;
		}
	}
	for (int k = 0; k < n; k++) {
		buf_reset(&cell);
		col_title(r->cols[idx[k]], &cell);
		text_fit(cell.s, width[k], k + 1 < n, 0, &line);
		if (k + 1 < n)
			buf_add(&line, "  ");
	}
	fprintf(app->out, "%s\n", line.s);
	for (size_t i = 0; i < r->n; i++) {
		buf_reset(&line);
		for (int k = 0; k < n; k++) {
			buf_reset(&cell);
			cell_text(r->cols[idx[k]], rows_cell(r, i, idx[k]), &cell);
			text_fit(cell.s, width[k], k + 1 < n, 0, &line);
			if (k + 1 < n)
				buf_add(&line, "  ");
		}
		/* no trailing blanks */
		while (line.len && line.s[line.len - 1] == ' ')
			buf_truncate(&line, line.len - 1);
		fprintf(app->out, "%s\n", line.s);
	}
	buf_free(&line);
	buf_free(&cell);
	return TP_OK;
}

/* A record's label for people: a money column is named by what it holds
 * ("total 62.50"; --json keeps total_cents and the integer). */
static size_t
label_len(const char *col)
{
	size_t n = strlen(col);

	return ends_with(col, "_cents") ? n - 6 : n;
}

/* value (sanitised) with every line after the first indented by indent
 * columns, so that a multi-line text stays under its label. */
static void
add_indented(struct buf *out, const char *value, size_t len, int indent)
{
	struct buf safe;

	buf_init(&safe);
	text_sanitize(value, len, TEXT_MULTILINE, &safe);
	for (const char *p = safe.s; *p; p++) {
		buf_addc(out, *p);
		if (*p == '\n' && p[1] != '\0' && p[1] != '\n')
			buf_addf(out, "%*s", indent, "");
	}
	buf_free(&safe);
}

int
cli_print_record(struct app *app, const struct rows *r, size_t row,
    struct err *e)
{
	struct buf out, cell;
	int wmax = 0;

	buf_init(&out);
	if (app->json) {
		if (rows_json_object(app->db, r, row, &out, e) != TP_OK) {
			buf_free(&out);
			return e->code;
		}
		cli_print_json(app, out.s);
		buf_free(&out);
		return TP_OK;
	}
	buf_init(&cell);
	for (int c = 0; c < r->ncol; c++)
		if ((int)label_len(r->cols[c]) > wmax)
			wmax = (int)label_len(r->cols[c]);
	for (int c = 0; c < r->ncol; c++) {
		int n = (int)label_len(r->cols[c]);

		buf_reset(&cell);
		cell_text(r->cols[c], rows_cell(r, row, c), &cell);
		buf_addf(&out, "%.*s%*s  ", n, r->cols[c], wmax - n, "");
		add_indented(&out, cell.s, cell.len, wmax + 2);
		buf_addc(&out, '\n');
	}
	fputs(out.s, app->out);
	buf_free(&out);
	buf_free(&cell);
	return TP_OK;
}

static int
nested_json(struct app *app, const struct rows *r, size_t row, int n,
    const char *const names[], const struct rows *const lists[],
    struct err *e)
{
	struct buf doc, arr, path;
	char *joined = NULL;
	int rc;

	buf_init(&doc);
	buf_init(&arr);
	buf_init(&path);
	rc = rows_json_object(app->db, r, row, &doc, e);
	for (int i = 0; i < n && rc == TP_OK; i++) {
		buf_reset(&arr);
		buf_reset(&path);
		buf_addf(&path, "$.%s", names[i]);
		rc = rows_json_array(app->db, lists[i], &arr, e);
		if (rc == TP_OK)
			rc = db_text(app->db, e, &joined,
			    "SELECT json_set(?1, ?2, json(?3))", "ttt", doc.s,
			    path.s, arr.s);
		if (rc == TP_OK) {
			buf_reset(&doc);
			buf_add(&doc, joined);
		}
		free(joined);
		joined = NULL;
	}
	if (rc == TP_OK)
		cli_print_json(app, doc.s);
	buf_free(&doc);
	buf_free(&arr);
	buf_free(&path);
	return rc;
}

int
cli_print_nested(struct app *app, const struct rows *r, size_t row, int n,
    const char *const names[], const struct rows *const lists[],
    const char *const *const cols[], struct err *e)
{
	if (app->json)
		return nested_json(app, r, row, n, names, lists, e);
	if (cli_print_record(app, r, row, e) != TP_OK)
		return e->code;
	for (int i = 0; i < n; i++) {
		if (lists[i]->n == 0)
			continue;
		fprintf(app->out, "\n%s:\n", names[i]);
		if (cli_print_list(app, lists[i], cols ? cols[i] : NULL, e)
		    != TP_OK)
			return e->code;
	}
	return TP_OK;
}

/* Every JSON document the CLI prints passes here: SQLite's JSON escapes
 * C0 controls only, so C1 and bidi controls, U+2028/2029 and any byte
 * that is not UTF-8 are escaped here, once, for every command. */
void
cli_print_json(struct app *app, const char *json)
{
	struct buf safe;

	buf_init(&safe);
	text_json_escape(json, (size_t)-1, &safe);
	fprintf(app->out, "%s\n", safe.s);
	buf_free(&safe);
}

int
cli_print_id(struct app *app, const char *what, int64_t id, struct err *e)
{
	(void)e;
	if (app->json)
		fprintf(app->out, "{\"id\":%lld}\n", (long long)id);
	else
		fprintf(app->out, "%s %lld\n", what, (long long)id);
	return TP_OK;
}

void
cli_puts_safe(struct app *app, const char *s)
{
	struct buf b;

	buf_init(&b);
	text_sanitize(s, (size_t)-1, TEXT_MULTILINE, &b);
	fprintf(app->out, "%s\n", b.s);
	buf_free(&b);
}
