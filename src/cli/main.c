/*
 * main.c - termpsa's entry: global options, then the CLI or the UI.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli/cli.h"
#include "ui/ui.h"

/* Global options may stand anywhere; they are taken out of argv here so
 * that commands see only their own words.  Returns -1 on a usage error. */
static int
take_globals(struct app *app, int *argc, char **argv)
{
	static const char *const with_value[] = { "db", "config", "user" };
	int out = 0, words = 0;

	for (int i = 0; i < *argc; i++) {
		const char *s = argv[i], *val = NULL;
		int matched = 0;

		/* After the command words, --user may be the command's own
		 * option (time log --user U); cli_run decides. */
		if (words && strncmp(s, "--user", 6) == 0 &&
		    (s[6] == '\0' || s[6] == '=')) {
			argv[out++] = argv[i];
			if (s[6] == '\0' && i + 1 < *argc)
				argv[out++] = argv[++i];
			continue;
		}
		if (s[0] != '-')
			words++;

		if (strcmp(s, "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		for (size_t k = 0; k < 3 && !matched; k++) {
			size_t n = strlen(with_value[k]);

			if (strncmp(s, "--", 2) != 0 ||
			    strncmp(s + 2, with_value[k], n) != 0)
				continue;
			if (s[2 + n] == '=') {
				val = s + 3 + n;
			} else if (s[2 + n] == '\0') {
				if (i + 1 >= *argc) {
					fprintf(stderr, "termpsa: %s needs a value\n", s);
					return -1;
				}
				val = argv[++i];
			} else {
				continue;
			}
			matched = 1;
			if (k == 0)
				app->db_path = val;
			else if (k == 1)
				app->config_path = val;
			else
				app->user_name = val;
		}
		if (matched)
			continue;
		if (strcmp(s, "--json") == 0)
			app->json = 1;
		else if (strcmp(s, "--demo") == 0)
			app->demo = 1;
		else if (strcmp(s, "--no-color") == 0)
			app->no_color = 1;
		else
			argv[out++] = argv[i];
	}
	*argc = out;
	return 0;
}

static void
from_env(struct app *app)
{
	const char *v;

	if ((v = getenv("TERMPSA_DB")) != NULL && *v)
		app->db_path = v;
	if ((v = getenv("TERMPSA_CONFIG")) != NULL && *v)
		app->config_path = v;
	if ((v = getenv("TERMPSA_USER")) != NULL && *v)
		app->user_name = v;
	if ((v = getenv("NO_COLOR")) != NULL && *v)
		app->no_color = 1;
}

/* A config file others can read may one day hold what it should not (a
 * header, a user name): say so once, after the command's own output. */
static void
warn_insecure_config(const struct app *app)
{
	if (app->cfg_loaded && app->cfg.insecure_mode && app->cfg.path)
		fprintf(stderr, "termpsa: warning: %s is readable by group or "
		    "others; run: chmod 600 %s\n", app->cfg.path, app->cfg.path);
}

int
main(int argc, char **argv)
{
	struct app app;
	int rc;

	setlocale(LC_ALL, "");
	memset(&app, 0, sizeof app);
	app.out = stdout;
	app.argv0 = argv[0];
	from_env(&app);
	argc--;
	argv++;
	if (take_globals(&app, &argc, argv) != 0)
		return 64;
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
