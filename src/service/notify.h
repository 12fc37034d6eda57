/*
 * notify.h - notifications: the SendNotifications job and the list a
 * technician reads (`termpsa notifications`, the UI's N view).
 *
 * The job writes a notification row and, when notify.command is set
 * (db->notify_argv), runs it with the event JSON on stdin and a 10 s limit;
 * the command's failure is recorded in the activity log, never fatal.
 */
#ifndef TP_NOTIFY_H
#define TP_NOTIFY_H

#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

#define NOTIFY_TIMEOUT 10

/* The job handler; payload is the job's JSON. */
int notify_job(struct db *db, const char *payload, struct err *e);

/* id, kind, message, read_at, created_at, and the record it is about:
 * entity ("invoice", "ticket", ...) and entity_id, NULL when none;
 * newest first. */
int notify_list(struct db *db, int unread_only, int limit, struct rows *out,
    struct err *e);

/* The same, one window of a keyset walk: after_id > 0 continues after
 * that notification (rows with a smaller id, never OFFSET), so the next
 * window starts after the last id of this one; an empty result means the
 * end.  limit 0 = 100.  Read through the rowid (all) or notifications_unread
 * (unread only), a page costs its own rows. */
int notify_list_after(struct db *db, int unread_only, int64_t after_id,
    int limit, struct rows *out, struct err *e);

/* Mark one (id > 0) or all (id == 0) read.  TP_NOTFOUND for a bad id. */
int notify_mark_read(struct db *db, int64_t id, struct err *e);

int notify_unread_count(struct db *db, int64_t *n, struct err *e);

#endif
