/* cli_project.c - the 'project' commands (placeholder until implemented). */
#include "cli.h"

const struct cli_cmd cli_project_cmds[] = {
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
