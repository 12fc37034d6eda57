/*
 * activity.h - the activity log: human lines written by the LogActivity
 * listener (and by anything a person should see later, such as a failed
 * compensation or a breaker transition).
 */
#ifndef TP_ACTIVITY_H
#define TP_ACTIVITY_H

#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

/* Append a line (client_id 0 = none).  Usable inside or outside a
 * transaction (outside, it is its own). */
int activity_add(struct db *db, int64_t client_id, const char *entity,
    int64_t entity_id, const char *line, struct err *e);

/* id, client_id, client_name, entity, entity_id, line, created_at; newest
 * first; client_id 0 = all. */
int activity_list(struct db *db, int64_t client_id, int limit,
    struct rows *out, struct err *e);

#endif
