/* cli_invoice.c - the 'invoice' commands (placeholder until implemented). */
#include "cli.h"

const struct cli_cmd cli_invoice_cmds[] = {
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
