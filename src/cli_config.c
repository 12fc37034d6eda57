/* cli_config.c - the 'config' commands (placeholder until implemented). */
#include "cli.h"

const struct cli_cmd cli_config_cmds[] = {
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
