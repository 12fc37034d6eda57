/* cli_client.c - the 'client' commands (placeholder until implemented). */
#include "cli.h"

const struct cli_cmd cli_client_cmds[] = {
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
