/*
 * sync.h - one run of the sync helper (termpsa-sync): the context shared
 * by the push worker (push.c), the pull (pull.c), authentication (auth.c)
 * and the request path (send.c).
 *
 * struct sync owns the profile, the HTTP handle, the private JSON
 * connection and the secrets (wiped on sync_ctx_free).  The database and
 * config belong to the struct app it borrows.
 */
#ifndef TP_SYNC_SYNC_H
#define TP_SYNC_SYNC_H

#include <stdint.h>
#include <stdio.h>

#include "app.h"
#include "core/buf.h"
#include "service/breaker.h"
#include "service/outbox.h"
#include "service/syncstate.h"
#include "sync/http.h"
#include "sync/js.h"
#include "sync/profile.h"

#define SYNC_LEASE 120          /* seconds an outbox claim is held */
#define PUSH_BATCH 32           /* outbox rows claimed at once */
#define SYNC_BACKOFF_BASE 1
#define SYNC_BACKOFF_CAP 300
#define SYNC_POISON_ATTEMPTS 5
#define SYNC_PRUNE_AFTER (7 * 86400)
#define SYNC_UNSUPPORTED "not supported by this PSA"

struct sync {
	struct app     *app;
	struct db      *db;
	const struct config_sync *cfg;
	struct profile  prof;
	struct js      *js;
	struct http    *http;
	struct breaker_cfg bc;
	const char     *kind;        /* auth kind: config, else profile */
	char           *secret;      /* token / api key / password */
	char           *oauth_token; /* oauth2 access token, cached */
	char           *me;          /* the technician's user name */
	int             dry_run;
	int64_t         request_limit;  /* profile: seconds a request may
	                                   still run on the PSA */

	/* what this run did */
	int pushed, failed, retried, unsupported, pulled, conflicts;
	int requests, successes, transport_failures;
	int denied;                  /* the breaker said no */
	int repaired;                /* answer bytes not UTF-8, now U+FFFD */
	int auth_failed;             /* the PSA refused the credentials */
	char auth_msg[300];
	int errors;                  /* answers recorded as the last error */
	int pull_stopped;            /* a pull request failed, retryable */
	int64_t deny_until;
	struct push_cache *push;     /* push.c: the profile's ops, read once */
	int             success_read;   /* send.c: the profile's success */
	char           *success_path;   /* rule, read once: NULL = any 2xx */
	char           *success_equals;
};

/* The outcome of one request after the breaker and the profile had their
 * say. */
enum sync_outcome {
	SYNC_OK,          /* success: *answer holds the JSON answer */
	SYNC_RETRY,       /* retryable: *retry_after (-1: backoff) */
	SYNC_PERMANENT,   /* a refusal: msg says why */
	SYNC_DENIED,      /* the breaker is open: nothing was sent */
	SYNC_AUTH         /* 401/403: the credentials were refused; the run
	                     stops and every row stays as it was */
};

struct sync_result {
	enum sync_outcome outcome;
	long    status;          /* HTTP status, 0 for transport failures */
	int     transport;       /* 1 when no HTTP answer came */
	int     unknown;         /* the request may still be running on the
	                            PSA (sent, then a timeout, a broken
	                            connection or a gateway's 504) */
	int64_t retry_after;     /* seconds, -1 when the server gave none */
	char   *answer;          /* JSON text of the answer (may be NULL) */
	char    msg[256];        /* sanitised, secrets removed */
};

int  sync_ctx_init(struct sync *s, struct app *app, struct err *e);
void sync_ctx_free(struct sync *s);

/* auth.c: fetch the secret (env or token_command); add the auth to a
 * request (headers, body member or query parameter); fetch an oauth2
 * token. */
int auth_init(struct sync *s, struct err *e);
int auth_apply(struct sync *s, struct buf *url, char **body,
    char ***headers, struct err *e);
int auth_oauth_refresh(struct sync *s, struct err *e);
void auth_free(struct sync *s);

/* Replace every secret in text by "***" (in place, shrinking). */
void sync_scrub(struct sync *s, char *text);

/* send.c: one request through the breaker: path relative to base_url
 * (query already added), body JSON or NULL; idem_key adds
 * Idempotency-Key.  Fills *r (free with sync_result_free). */
int sync_send(struct sync *s, const char *method, const char *path,
    const char *body, const char *idem_key, struct sync_result *r,
    struct err *e);
void sync_result_free(struct sync_result *r);

/* "$.a.b" from a profile's "a.b" / "data[0].insert_id"; caller frees. */
char *sync_path(const char *dotted);

/* Substitute {name} in a template from record fields (URL-escaped when
 * escape is set); {me} is the technician.  Caller frees. */
char *sync_template(struct sync *s, const char *tmpl, const char *record,
    int escape);

/* Append "?k=v&..." built from a query spec (an object of templates). */
void sync_add_query(struct sync *s, struct buf *url, const char *spec,
    const char *record);

/* push.c: drain the outbox (everything due now). */
int push_run(struct sync *s, struct err *e);
/* Free what push.c keeps for the run (sync_ctx_free calls it). */
void push_cache_free(struct sync *s);
/* Print what would be sent, send nothing. */
int push_dry_run(struct sync *s, FILE *out, struct err *e);

/* pull.c: pull every entity the profile lists. */
int pull_run(struct sync *s, struct err *e);

/* pull.c, also for the push's check before it overwrites a field: the
 * profile's pull entry for an entity (JSON, caller frees; NULL: none); a
 * remote item in local names (caller frees); the fields of a record with
 * unsent changes (a JSON array, caller frees); text equality where ''
 * and NULL are the same; record an open conflict (*added: it is new). */
char *pull_spec(struct sync *s, const char *entity);
char *pull_normalise(struct sync *s, const char *espec, const char *item);
char *pull_unsent_fields(struct sync *s, const char *entity, int64_t id,
    struct err *e);
int  pull_same(const char *a, const char *b);
int  pull_conflict(struct sync *s, const char *entity, int64_t id,
    const char *field, const char *local, const char *remote, int *added,
    struct err *e);

#endif
