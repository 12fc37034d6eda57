/*
 * cli.h - the command line: the command table, argument parsing, output.
 *
 * Each group of commands lives in its own file (cli_client.c, ...) and
 * exports a table of struct cli_cmd ending in a zeroed row; cli.c joins
 * the tables, so one table drives dispatch, usage errors and --help.
 *
 * Option specs are comma lists of names; a trailing '=' takes a value:
 * "company=,rate=,primary".  Global options (--db, --json, ...) are taken
 * out by main before a command sees its arguments.
 */
#ifndef TP_CLI_H
#define TP_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "core/err.h"
#include "core/rows.h"

#define CLI_MAX_POS  64
#define CLI_MAX_OPTS 32

struct cli_args {
	int   npos;
	char *pos[CLI_MAX_POS];
	int   nopts;
	struct { const char *name; const char *value; } opts[CLI_MAX_OPTS];
};

struct cli_cmd {
	const char *words;     /* "client add" */
	const char *usage;     /* "NAME [--company C] [--rate R]" */
	const char *summary;   /* one line for --help */
	const char *opts;      /* option spec, see above */
	int         min_pos;
	int         max_pos;   /* -1: any number */
	int (*fn)(struct app *app, const struct cli_args *a, struct err *e);
};

/* The groups, each a table ending in { NULL }. */
extern const struct cli_cmd cli_misc_cmds[];
extern const struct cli_cmd cli_client_cmds[];
extern const struct cli_cmd cli_ticket_cmds[];
extern const struct cli_cmd cli_time_cmds[];
extern const struct cli_cmd cli_asset_cmds[];
extern const struct cli_cmd cli_schedule_cmds[];
extern const struct cli_cmd cli_project_cmds[];
extern const struct cli_cmd cli_invoice_cmds[];
extern const struct cli_cmd cli_sync_cmds[];
extern const struct cli_cmd cli_dashboard_cmds[];
extern const struct cli_cmd cli_config_cmds[];
extern const struct cli_cmd cli_search_cmds[];

/* Run the command named by argv (global options already removed).
 * Returns the process exit status; prints errors to stderr. */
int cli_run(struct app *app, int argc, char **argv);

/* The command whose words start argv (the longest match), *used set to
 * how many words it took; NULL when none. */
const struct cli_cmd *cli_find(int argc, char **argv, int *used);

/* The arguments after c's words into a (a global --user taken into app
 * unless c has its own): what cli_run does before running c.  TP_USAGE
 * with a message on a bad argument list.  argv's strings may be changed
 * (--name=value is cut at '=') and a points into them. */
int cli_parse_cmd(struct app *app, const struct cli_cmd *c, int argc,
    char **argv, struct cli_args *a, struct err *e);

/* Print the top-level help (all commands) to f. */
void cli_help(FILE *f);

/* The words of the i-th command of the table ("ticket assign"), or NULL
 * past the last: what the UI's `:` completes from. */
const char *cli_command_words(size_t i);

/* Option lookups: the value of --name (last one wins) or NULL; whether a
 * flag was given. */
const char *cli_opt(const struct cli_args *a, const char *name);
int cli_flag(const struct cli_args *a, const char *name);

/* Value parsers that give a clear TP_BADINPUT message naming `what`. */
int cli_parse_id(const char *s, const char *what, int64_t *out,
    struct err *e);
int cli_parse_int(const char *s, const char *what, int64_t min, int64_t max,
    int64_t *out, struct err *e);
int cli_parse_money(const char *s, const char *what, int64_t *cents,
    struct err *e);
/* The paging options of a list: --limit N (1..max; *limit is left alone
 * when absent) and, when after_id is not NULL, --after ID. */
int cli_parse_paging(const struct cli_args *a, int64_t max, int *limit,
    int64_t *after_id, struct err *e);
/* --search Q of every list: *q is NULL when absent; a blank Q is refused
 * (TP_BADINPUT) the same way by every list. */
int cli_parse_search(const struct cli_args *a, const char **q,
    struct err *e);
/* s must be one of the NULL-terminated choices. */
int cli_parse_enum(const char *s, const char *what,
    const char *const choices[], struct err *e);
/* s, when not NULL, must be a date YYYY-MM-DD (what names it). */
int cli_parse_date(const char *s, const char *what, struct err *e);

/* A command's option values by one table (cli_parse_opts): a row names an
 * option, how its value is checked and where it goes.  The rows are
 * checked in order, so the first bad one is the one reported; an option
 * not given leaves its out alone.  what names the value in messages. */
enum cli_opt_kind {
	CLI_ID,       /* an id (12 or #12): int64_t */
	CLI_INT,      /* a whole number from min to max: int */
	CLI_CHOICE,   /* one of choices: the text, const char * */
	CLI_INDEX,    /* one of choices: its index, int */
	CLI_SEARCH    /* as --search (cli_parse_search): const char * */
};

struct cli_opt_value {
	const char        *name;      /* "client" for --client */
	enum cli_opt_kind  kind;
	const char        *what;      /* "client id" */
	const char *const *choices;   /* CLI_CHOICE, CLI_INDEX */
	int64_t            min, max;  /* CLI_INT */
	void              *out;       /* of the kind's type */
};

int cli_parse_opts(const struct cli_args *a, const struct cli_opt_value *t,
    size_t n, struct err *e);

/* Output: a list (aligned columns, or a JSON array with --json); `cols`
 * picks and orders the columns shown as text (NULL: all); JSON always has
 * every column. */
int cli_print_list(struct app *app, const struct rows *r,
    const char *const cols[], struct err *e);
/* One record: "key: value" lines, or a JSON object. */
int cli_print_record(struct app *app, const struct rows *r, size_t row,
    struct err *e);
/* One record with lists nested in it: with --json one object whose key
 * names[i] holds lists[i] as an array (joined by SQLite); for people the
 * record, then each non-empty list as a table under "names[i]:" with the
 * columns cols[i] (NULL: all). */
int cli_print_nested(struct app *app, const struct rows *r, size_t row,
    int n, const char *const names[], const struct rows *const lists[],
    const char *const *const cols[], struct err *e);
/* A JSON document (--json), or text for people otherwise; every control
 * character in it (C0, C1, bidi, U+2028/2029) is written as \uXXXX, so
 * the text is kept exactly and nothing raw reaches a terminal.  Every
 * JSON the CLI prints goes through here. */
void cli_print_json(struct app *app, const char *json);
/* "added <what> <id>" / {"id":N} */
int cli_print_id(struct app *app, const char *what, int64_t id,
    struct err *e);
/* Print text made safe for the terminal, then a newline. */
void cli_puts_safe(struct app *app, const char *s);
/* "termpsa: MSG" on stderr, the whole line sanitised (core/text): the one
 * way an error or a warning is printed. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
