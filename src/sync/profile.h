/*
 * profile.h - sync profiles (sync.md "Targets"): how records become HTTP
 * requests for one PSA, as data.  A profile is a YAML file read with
 * libyaml and turned into one JSON document (built by SQLite's JSON1), so
 * every lookup afterwards is a json_extract on it; the format is described
 * in termpsa-psa(7).  The profile owns its JSON text (profile_free).
 */
#ifndef TP_SYNC_PROFILE_H
#define TP_SYNC_PROFILE_H

#include "core/err.h"
#include "sync/js.h"

struct profile {
	char *path;       /* the file read */
	char *json;       /* the whole profile as a JSON object */
	char *name;
	int   idempotency;  /* the PSA honours Idempotency-Key */
};

/* Find a profile by name (termpsa, itflow: looked up in
 * $TERMPSA_PROFILE_DIR, then the installed profiles folder) or by path
 * (contains a '/'), read and check it.  j does the JSON work.
 * Errors are "file:line:col: message" where libyaml gives a place. */
int profile_load(struct js *j, const char *name_or_path, struct profile *p,
    struct err *e);

/* Read a YAML file into JSON text (caller frees). */
int profile_yaml_to_json(struct js *j, const char *path, char **json,
    struct err *e);

void profile_free(struct profile *p);

#endif
