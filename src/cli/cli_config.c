/* cli_config.c - the 'config' commands: check a config file, and show the
 * effective configuration as JSON. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/config.h"
#include "ui/ui.h"

/* config check [--file PATH]: the file named, else the one termpsa would
 * use (--config, TERMPSA_CONFIG, or the default path).  Loaded into a
 * config of its own, so that main's insecure-file warning is not printed
 * a second time. */
static int
cmd_config_check(struct app *app, const struct cli_args *a, struct err *e)
{
	const char *file = cli_opt(a, "file");
	char *def = NULL;
	const char *path;
	struct config cfg;
	struct buf out;
	int rc;

	if (file != NULL && *file == '\0')
		return err_set(e, TP_USAGE, "config check: --file needs a path");
	path = file ? file : app->config_path;
	if (path == NULL)
		path = def = config_default_path();
	rc = config_load(path, file != NULL || app->config_path != NULL, &cfg,
	    e);
	if (rc != TP_OK) {
		free(def);
		return rc;
	}
	/* The bindings' panes, keys and actions are the UI's to know: the
	 * same check the UI makes when it starts (config.c checks only that
	 * each is three words). */
	if ((rc = ui_check_binds(&cfg, e)) != TP_OK) {
		config_free(&cfg);
		free(def);
		return rc;
	}
	if (cfg.insecure_mode)
		cli_error("warning: %s is readable by group or others; run: "
		    "chmod 600 %s", path, path);
	buf_init(&out);
	if (app->json) {
		rc = config_json(&cfg, &out, e);
		if (rc == TP_OK)
			cli_print_json(app, out.s);
	} else {
		buf_addf(&out, "%s: ok%s", path, cfg.path ? "" :
		    " (no such file: the defaults are in use)");
		cli_puts_safe(app, out.s);
	}
	buf_free(&out);
	config_free(&cfg);
	free(def);
	return rc;
}

const struct cli_cmd cli_config_cmds[] = {
	{ "config check", "[--file PATH]",
	  "check the config file (--json: print the effective config)",
	  "file=", 0, 0, cmd_config_check },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
