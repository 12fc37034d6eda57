/* cli_misc.c - init, user, activity, notifications, report, jobs, config,
 * demo, import and export. */
#include <stdio.h>

#include "cli.h"
#include "user.h"

static int
cmd_init(struct app *app, const struct cli_args *a, struct err *e)
{
	(void)a;
	if (app_db(app, e) != TP_OK)
		return e->code;
	if (!app->json)
		fprintf(app->out, "database %s ready\n", app->db_path);
	else
		fprintf(app->out, "{\"ok\":true}\n");
	return TP_OK;
}

const struct cli_cmd cli_misc_cmds[] = {
	{ "init", "", "create or migrate the database", "", 0, 0, cmd_init },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
