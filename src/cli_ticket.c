/* cli_ticket.c - the 'ticket' commands (placeholder until implemented). */
#include "cli.h"

const struct cli_cmd cli_ticket_cmds[] = {
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
