/* cli_asset.c - the 'asset' commands (placeholder until implemented). */
#include "cli.h"

const struct cli_cmd cli_asset_cmds[] = {
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
