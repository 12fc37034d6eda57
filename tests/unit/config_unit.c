/*
 * config_unit.c - the config module from C: settings reach the database
 * handle through app_db, a failed load leaves nothing to free, defaults,
 * and the default path.  (tests/config.sh covers the file format and the
 * messages through the CLI.)
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "core/config.h"
#include "tap.h"

static char dir[] = "/tmp/termpsa-config-unit.XXXXXX";

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
	chmod(path, 0600);
}

static void
billing_settings_reach_the_database_handle(void)
{
	char cfgpath[128], dbpath[128];
	struct app app;
	struct err e = ERR_INIT;

	snprintf(cfgpath, sizeof cfgpath, "%s/c.yaml", dir);
	snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
	write_file(cfgpath, "billing:\n  default_rate: 99.95\n"
	    "  currency: EUR\n  invoice_prefix: ACME-\n"
	    "notify:\n  command: [true, x]\nuser: jane\n");
	memset(&app, 0, sizeof app);
	app.config_path = cfgpath;
	app.db_path = dbpath;
	app.out = stdout;
	app.may_create = APP_MAKE_DB | APP_MAKE_ME;   /* a new database */
	ok(app_db(&app, &e) == TP_OK, "app_db with a config file");
	if (app.db == NULL) {
		printf("#   %s\n", e.msg);
		return;
	}
	is_int(app.db->default_rate_cents, 9995,
	    "billing.default_rate flows into db->default_rate_cents");
	is_str(app.db->currency, "EUR", "billing.currency flows into the db");
	is_str(app.db->invoice_prefix, "ACME-",
	    "billing.invoice_prefix flows into the db");
	ok(app.db->notify_argv && strcmp(app.db->notify_argv[0], "true") == 0 &&
	    strcmp(app.db->notify_argv[1], "x") == 0 &&
	    app.db->notify_argv[2] == NULL, "notify.command flows into the db");
	ok(app.db->me > 0, "config user: is created as me");
	app_close(&app);
}

static void
failed_load_leaves_nothing(void)
{
	struct config cfg;
	struct err e = ERR_INIT;
	static const char text[] = "billing:\n  currency: EUR\nui:\n"
	    "  bind: [\"queue x resolve\", \"nope x\"]\n";

	ok(config_load_string("f", text, strlen(text), &cfg, &e) == TP_BADINPUT,
	    "a bad second binding fails the load");
	ok(cfg.binds == NULL && cfg.currency == NULL && cfg.path == NULL,
	    "a failed load leaves the config empty (nothing to free)");
	/* (The pane, key and action words are the UI's to check:
	 * ui_check_binds, tests/unit/ui_unit.c.) */
	is_str(e.msg, "f:4:29: ui.bind: bad binding 'nope x': expected three "
	    "words \"PANE KEY ACTION\", such as \"queue x resolve\"",
	    "the message points at it");
	config_free(&cfg);
}

static void
defaults_and_free(void)
{
	struct config cfg;

	config_defaults(&cfg);
	is_int(cfg.default_rate_cents, 15000, "default rate 150.00");
	is_str(cfg.currency, "USD", "default currency");
	is_str(cfg.invoice_prefix, "INV-", "default prefix");
	is_str(cfg.theme, "default", "default theme");
	is_int(cfg.sync.enabled, 0, "no sync by default");
	is_int(cfg.sync.interval, 60, "default interval");
	config_free(&cfg);
	config_free(&cfg);
	ok(cfg.currency == NULL, "config_free twice is harmless");
}

static void
binds_keep_their_place(void)
{
	static const char text[] = "ui:\n  bind:\n    - queue x resolve\n"
	    "    -   \"help  q   close\"\n";
	struct config cfg;
	struct err e = ERR_INIT;

	ok(config_load_string("f", text, strlen(text), &cfg, &e) == TP_OK,
	    "two bindings load");
	is_int(cfg.nbinds, 2, "two bindings");
	if (cfg.nbinds == 2) {
		is_str(cfg.binds[1].pane, "help", "pane");
		is_str(cfg.binds[1].key, "q", "key (blanks collapsed)");
		is_str(cfg.binds[1].action, "close", "action");
		is_int(cfg.binds[1].line, 4, "line of the binding");
		is_int(cfg.binds[1].col, 9, "column of the binding");
	}
	config_free(&cfg);
}

static void
missing_files(void)
{
	char path[128];
	struct config cfg;
	struct err e = ERR_INIT;

	snprintf(path, sizeof path, "%s/none.yaml", dir);
	ok(config_load(path, 0, &cfg, &e) == TP_OK && cfg.path == NULL &&
	    strcmp(cfg.theme, "default") == 0,
	    "a missing default file gives the defaults");
	config_free(&cfg);
	ok(config_load(path, 1, &cfg, &e) == TP_IO,
	    "a missing explicit file is TP_IO");
	ok(cfg.currency == NULL, "and leaves nothing to free");
}

static void
default_path(void)
{
	char *p;

	setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
	setenv("HOME", "/home/t", 1);
	p = config_default_path();
	is_str(p, "/x/cfg/termpsa/config.yaml", "XDG_CONFIG_HOME");
	free(p);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	p = config_default_path();
	is_str(p, "/home/t/.config/termpsa/config.yaml",
	    "a relative XDG_CONFIG_HOME is ignored (XDG spec)");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	p = config_default_path();
	is_str(p, "/home/t/.config/termpsa/config.yaml", "~/.config otherwise");
	free(p);
}

static void
json_of_defaults(void)
{
	struct config cfg;
	struct buf b;
	struct err e = ERR_INIT;

	config_defaults(&cfg);
	buf_init(&b);
	ok(config_json(&cfg, &b, &e) == TP_OK, "json of the defaults");
	is_str(b.s, "{\"path\":null,\"insecure_mode\":false,\"user\":null,"
	    "\"billing\":{\"default_rate\":\"150.00\",\"default_rate_cents\":"
	    "15000,\"currency\":\"USD\",\"invoice_prefix\":\"INV-\","
	    "\"timer_rounding\":1},"
	    "\"ui\":{\"theme\":\"default\",\"bind\":[]},\"notify\":"
	    "{\"command\":null},\"sync\":null,\"views\":{},\"sla\":{\"hours\":"
	    "\"Mon-Fri 08:00-18:00\",\"timezone\":null,\"holidays\":[],"
	    "\"critical\":{\"response\":\"1h\",\"resolve\":\"4h\"},"
	    "\"high\":{\"response\":\"4h\",\"resolve\":\"1d\"},"
	    "\"normal\":{\"response\":\"1d\",\"resolve\":\"3d\"},"
	    "\"low\":{\"response\":\"3d\",\"resolve\":\"10d\"}}}",
	    "the whole document");
	buf_free(&b);
	config_free(&cfg);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	setenv("TERMPSA_NOW", "2026-01-15T10:00:00Z", 1);
	billing_settings_reach_the_database_handle();
	failed_load_leaves_nothing();
	defaults_and_free();
	binds_keep_their_place();
	missing_files();
	default_path();
	json_of_defaults();
	{
		char cmd[160];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", dir);
	}
	return tap_done();
}
