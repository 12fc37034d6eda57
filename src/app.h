/*
 * app.h - one run of termpsa: the options from the command line and the
 * environment, the loaded config, and the database (opened on first use).
 *
 * main.c owns the struct; app_close releases the database and config.
 * Both the CLI and the UI work through it.
 */
#ifndef TP_APP_H
#define TP_APP_H

#include <stdio.h>

#include "core/config.h"
#include "core/db.h"
#include "core/err.h"

/* What a command may make that it was told to use (see app_db). */
#define APP_MAKE_DB 0x1   /* the database --db or TERMPSA_DB names */
#define APP_MAKE_ME 0x2   /* the "me" --user, TERMPSA_USER or config names */

struct app {
	const char   *db_path;      /* --db, TERMPSA_DB, or the default */
	const char   *config_path;  /* --config, TERMPSA_CONFIG, or NULL */
	const char   *user_name;    /* --user, TERMPSA_USER, config, $USER */
	int           json;         /* --json */
	int           demo;         /* --demo */
	int           no_color;     /* --no-color or NO_COLOR */
	int           readonly;     /* open the database read-only */
	int           reads;        /* the command only reads (cli.c) */
	int           may_create;   /* APP_MAKE_* for this command */
	char         *owned_db_path;
	struct config cfg;
	int           cfg_loaded;
	struct db    *db;
	FILE         *out;          /* stdout unless a test says otherwise */
	const char   *argv0;        /* for finding termpsa-sync */
};

/* The environment's defaults: TERMPSA_DB, TERMPSA_CONFIG, TERMPSA_USER
 * and NO_COLOR (an empty variable is as good as unset).  Call it before
 * app_take_globals, so that an option wins over the environment. */
void app_from_env(struct app *app);

/* The global options, the one parser both termpsa and termpsa-sync use:
 * --db PATH, --config PATH, --user NAME (also written --db=PATH), --json,
 * --demo, --no-color.  They may stand anywhere before "--"; each one found
 * is taken out of argv (values are borrowed from it) and *argc is what is
 * left, in order, for the caller.  After the first word that is not an
 * option, --user is left in place: a command may have a --user of its
 * own.  A value option without a value (last word, empty, or "--db=") or
 * a flag given a value is TP_USAGE with a message (exit 64). */
int app_take_globals(struct app *app, int *argc, char **argv, struct err *e);

/* Load the config (once).  A missing default file is not an error. */
int app_config(struct app *app, struct err *e);

/* Open the database (once): create/migrate, apply config settings, make
 * sure the "me" user exists, and compensate sagas left by a crash.
 * Creating is for first use and for the commands that set up (may_create:
 * init and demo make both, user add the database): a database named by
 * --db or TERMPSA_DB must exist, and so must a "me" named by --user,
 * TERMPSA_USER or the config, else TP_NOTFOUND says what is missing and
 * how to make it (a typo must not make a database or a technician).  The
 * default database, --demo's, and $USER as "me" are made on first use, as
 * is "me" in a database made by this run.  Under APP_MAKE_DB alone a
 * missing "me" is left 0 (user add needs none).  For a command that only
 * reads (app->reads), "me" is looked up, never made, and a database that
 * cannot be written is opened read-only. */
int app_db(struct app *app, struct err *e);

void app_close(struct app *app);

/* The default database path ($XDG_DATA_HOME/termpsa/termpsa.db) or the
 * demo's; caller frees. */
char *app_default_db_path(int demo);

#endif
