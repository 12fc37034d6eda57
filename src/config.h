/*
 * config.h - the YAML configuration file (cli.md "Config file"), read with
 * libyaml.
 *
 * Every key is optional; unknown keys and bad values are errors reported as
 * "file:line:col: message", with the nearest known key for a misspelling.
 * struct config owns all its strings; config_free releases them.  A missing
 * file is fine when it is the default path (must_exist = 0).
 */
#ifndef TP_CONFIG_H
#define TP_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct config_bind {
	char *pane;      /* "global", "hub", "queue", "assets", "invoices" ... */
	char *key;       /* as written: "x", "C-d", "F5", "Enter" */
	char *action;    /* an action name of the UI's action table */
	int   line, col; /* where it was written, for error messages */
};

struct config_auth {
	char  *kind;           /* bearer | api_key | basic | headers | oauth2 */
	char  *token_env;      /* environment variable holding the secret */
	char **token_command;  /* argv, NULL-terminated, or NULL */
	char  *username;       /* basic */
	char  *password_env;   /* basic */
	char  *in;             /* api_key: "body" or "query" */
	char  *param;          /* api_key: parameter name, default api_key */
	char **headers;        /* headers: "Name: value" lines, NULL-terminated */
	char  *token_url;      /* oauth2 */
	char  *client_id;      /* oauth2 */
	char  *client_secret_env; /* oauth2 */
	char  *scope;          /* oauth2 */
};

struct config_sync {
	int     enabled;            /* a sync: section is present */
	char   *profile;            /* termpsa | itflow | path */
	char   *base_url;
	struct config_auth auth;
	int     interval;           /* seconds, default 60 */
	int     timeout;            /* seconds, default 10 */
	int     failure_threshold;  /* default 5 */
	int     open_seconds;       /* default 30 */
	int     line;               /* where sync: starts */
};

struct config {
	char   *path;                /* the file read, or NULL */
	char   *user;
	int64_t default_rate_cents;  /* 15000 unless set */
	char   *currency;            /* "USD" unless set */
	char   *invoice_prefix;      /* "INV-" unless set */
	char   *theme;               /* "default" unless set */
	struct config_bind *binds;
	size_t  nbinds;
	char  **notify_command;      /* argv, NULL-terminated, or NULL */
	struct config_sync sync;
	int     insecure_mode;       /* file is group/world readable */
};

/* Fill cfg with defaults, then read path over them. */
int config_load(const char *path, int must_exist, struct config *cfg,
    struct err *e);

/* Defaults only (no file). */
void config_defaults(struct config *cfg);

void config_free(struct config *cfg);

/* The default path: $XDG_CONFIG_HOME/termpsa/config.yaml.  Caller frees. */
char *config_default_path(void);

#endif
