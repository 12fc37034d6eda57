/* config.c - placeholder: defaults only, until the libyaml reader lands. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"

void
config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->default_rate_cents = 15000;
}

int
config_load(const char *path, int must_exist, struct config *cfg,
    struct err *e)
{
	(void)path; (void)must_exist; (void)e;
	config_defaults(cfg);
	return TP_OK;
}

void
config_free(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
}

char *
config_default_path(void)
{
	return xstrdup("/nonexistent/config.yaml");
}
