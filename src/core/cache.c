/* cache.c - see cache.h. */
#include <stdio.h>
#include <stdlib.h>

#include "core/cache.h"
#include "core/clock.h"

int
cache_get(struct db *db, const char *key, char **value, struct err *e)
{
	int rc = db_text(db, e, value,
	    "SELECT value FROM cache WHERE key = ?1 AND expires_at > ?2",
	    "ti", key, clock_now());

	if (rc == TP_NOTFOUND) {
		*value = NULL;
		return TP_OK;
	}
	return rc;
}

int
cache_put(struct db *db, const char *key, const char *tag, const char *value,
    int ttl, struct err *e)
{
	return db_exec(db, e,
	    "INSERT INTO cache(key, tag, value, expires_at) VALUES (?1, ?2, ?3, ?4) "
	    "ON CONFLICT(key) DO UPDATE SET tag = ?2, value = ?3, expires_at = ?4",
	    "ttti", key, tag, value, clock_now() + ttl);
}

int
cache_invalidate_tag(struct db *db, const char *tag, struct err *e)
{
	return db_exec(db, e, "DELETE FROM cache WHERE tag = ?1", "t", tag);
}

int
cache_invalidate_client(struct db *db, int64_t client_id, struct err *e)
{
	char tag[40];

	snprintf(tag, sizeof tag, "client.%lld", (long long)client_id);
	return cache_invalidate_tag(db, tag, e);
}
