/*
 * user.h - technicians.  Each function is one unit of work; rows returned
 * are owned by the caller.
 */
#ifndef TP_USER_H
#define TP_USER_H

#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

/* Create a user; rate_cents < 0 means no personal rate.  Emits
 * UserCreated.  A taken name is TP_REFUSED. */
int user_add(struct db *db, const char *name, const char *email,
    int64_t rate_cents, int64_t *id, struct err *e);

/* The id of `name`, creating it (with UserCreated) when missing. */
/* The rule for a user name (1 to 200 characters, the text boundary's):
 * for a name that is looked up as well as one that is stored. */
int user_check_name(const char *name, struct err *e);

int user_ensure(struct db *db, const char *name, int64_t *id, struct err *e);

/* Resolve "me", "none" (-> 0), a numeric id, or a name to a user id.
 * TP_NOTFOUND names what was not found. */
int user_resolve(struct db *db, const char *who, int64_t *id, struct err *e);

/* id, name, email, hourly_rate_cents, open_tickets, created_at. */
int user_list(struct db *db, struct rows *out, struct err *e);

#endif
