/*
 * main.c - termpsa's entry: global options (app_take_globals, shared with
 * termpsa-sync), then the CLI or the UI.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli/cli.h"
#include "core/text.h"
#include "ui/ui.h"

/* A config file others can read may one day hold what it should not (a
 * header, a user name): say so once, after the command's own output. */
static void
warn_insecure_config(const struct app *app)
{
	if (app->cfg_loaded && app->cfg.insecure_mode && app->cfg.path)
		cli_error("warning: %s is readable by group or others; run: "
		    "chmod 600 %s", app->cfg.path, app->cfg.path);
}

int
main(int argc, char **argv)
{
	struct app app;
	struct err e = ERR_INIT;
	int rc;

	setlocale(LC_ALL, "");
	memset(&app, 0, sizeof app);
	app.out = stdout;
	app.argv0 = argv[0];
	app_from_env(&app);
	argc--;
	argv++;
	for (int i = 0; i < argc; i++)
		text_unix_newlines(argv[i]);
	if (app_take_globals(&app, &argc, argv, &e) != TP_OK) {
		cli_error("%s", e.msg);
		return err_exit_status(e.code);
	}
	if (argc >= 1 && (strcmp(argv[0], "-V") == 0 ||
	    strcmp(argv[0], "--version") == 0)) {
		printf("termpsa %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (argc >= 1 && (strcmp(argv[0], "-h") == 0 ||
	    strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0)) {
		cli_help(stdout);
		return 0;
	}
	if (argc == 0) {
		ui_set_commands(cli_command_words);
		rc = ui_main(&app);
	} else
		rc = cli_run(&app, argc, argv);
	warn_insecure_config(&app);
	app_close(&app);
	return rc;
}
