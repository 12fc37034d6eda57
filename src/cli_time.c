/* cli_time.c - the 'time' commands (placeholder until implemented). */
#include "cli.h"

const struct cli_cmd cli_time_cmds[] = {
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
