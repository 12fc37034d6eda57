/* cli_dashboard.c - the 'dashboard' commands (placeholder until implemented). */
#include "cli.h"

const struct cli_cmd cli_dashboard_cmds[] = {
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
