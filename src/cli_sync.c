/* cli_sync.c - the 'sync' commands (placeholder until implemented). */
#include "cli.h"

const struct cli_cmd cli_sync_cmds[] = {
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
