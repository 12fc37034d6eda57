/*
 * cache.h - the tagged cache table (dashboard summaries).
 *
 * Entries have a key, a tag (`client.{id}`) and an expiry.  The
 * InvalidateClientCache listener deletes a client's entries in the same
 * transaction as the change, so a read never sees stale data.  Returned
 * strings are owned by the caller.
 */
#ifndef TP_CACHE_H
#define TP_CACHE_H

#include <stdint.h>

#include "core/db.h"
#include "core/err.h"

#define CACHE_TTL 3600

/* *value is a new string, or NULL on a miss (TP_OK either way). */
int cache_get(struct db *db, const char *key, char **value, struct err *e);
int cache_put(struct db *db, const char *key, const char *tag,
    const char *value, int ttl, struct err *e);
int cache_invalidate_tag(struct db *db, const char *tag, struct err *e);
int cache_invalidate_client(struct db *db, int64_t client_id, struct err *e);

#endif
