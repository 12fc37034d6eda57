/*
 * config.h - the YAML configuration file (cli.md "Config file"), read with
 * libyaml.
 *
 * Every key is optional; unknown keys and bad values are errors reported as
 * "file:line:col: message", with the nearest known key for a misspelling.
 * struct config owns all its strings; config_free releases them.  A missing
 * file is fine when it is the default path (must_exist = 0).  Strings that
 * have a default (currency, invoice_prefix, theme, sync.profile) are never
 * NULL after a successful load; on an error cfg is left empty (nothing to
 * free).  Secrets are never read from the file: only the names of the
 * environment variables or the commands that hold them.
 */
#ifndef TP_CONFIG_H
#define TP_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct config_bind {
	char *pane;      /* a scope of the UI's keymap: "global", "queue" ... */
	char *key;       /* as written: "x", "C-d", "F5", "Enter" */
	char *action;    /* an action name of the UI's action table */
	int   line, col; /* where it was written, for error messages */
};

/* A saved filter (views: name: "terms"), listed in the UI's f picker. */
struct config_view {
	char *name;      /* "mine-urgent" */
	char *filter;    /* the filter language, termpsa(1) FILTERS */
	int   line;      /* where it was written */
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
	int     max_pages;          /* pages one pull run asks for, default 1000 */
	int     failure_threshold;  /* default 5 */
	int     open_seconds;       /* default 30 */
	char   *remote_user;        /* the technician's user id on the PSA
	                               (ITFlow: users.user_id), or NULL */
	int     line;               /* where sync: starts */
};

/* sla: the business calendar and targets (issue 14).  Strings are as
 * written and already checked (core/bizcal.c parses them); NULL means the
 * default, which service/sla.c applies. */
enum { CONFIG_SLA_RESPONSE, CONFIG_SLA_RESOLVE };
struct config_sla {
	char  *hours;          /* "Mon-Fri 08:00-18:00" unless set */
	char  *timezone;       /* NULL: the local zone */
	char **holidays;       /* "YYYY-MM-DD", NULL-terminated, or NULL */
	char  *target[4][2];   /* [priority rank: low..critical][response,
	                          resolve]: "4h", "1d" ... */
};

struct config {
	char   *path;                /* the file read, or NULL */
	char   *user;
	int64_t default_rate_cents;  /* 15000 unless set */
	char   *currency;            /* "USD" unless set */
	char   *invoice_prefix;      /* "INV-" unless set */
	int     timer_rounding;      /* minutes a stopped timer rounds up
	                                to (billing.timer_rounding), 1 */
	char   *theme;               /* "default" unless set */
	struct config_bind *binds;
	size_t  nbinds;
	struct config_view *views;   /* views:, in the file's order */
	size_t  nviews;
	char  **notify_command;      /* argv, NULL-terminated, or NULL */
	struct config_sync sync;
	struct config_sla sla;
	int     insecure_mode;       /* file is group/world readable */
};

/* Fill cfg with defaults, then read path over them. */
int config_load(const char *path, int must_exist, struct config *cfg,
    struct err *e);

/* The same from a buffer (name is used in messages), for tests and the
 * fuzzer.  insecure_mode is left 0. */
int config_load_string(const char *name, const char *data, size_t len,
    struct config *cfg, struct err *e);

/* The effective config as one JSON object (built by SQLite's json_object
 * in a private :memory: database), appended to out.  Holds no secret: the
 * file cannot contain any. */
int config_json(const struct config *cfg, struct buf *out, struct err *e);

/* Defaults only (no file); release with config_free. */
void config_defaults(struct config *cfg);

void config_free(struct config *cfg);

/* The default path: $XDG_CONFIG_HOME/termpsa/config.yaml.  Caller frees. */
char *config_default_path(void);

#endif
