/* notify.c - see notify.h. */
#include <stdlib.h>

#include "core/clock.h"
#include "core/proc.h"
#include "service/activity.h"
#include "service/notify.h"

/* A person's line for the event the job carries, made by SQL from the
 * payload and the invoice it names. */
static const char message_sql[] =
    "SELECT CASE json_extract(?1, '$.event')"
    " WHEN 'InvoiceCreated' THEN 'Invoice ' || i.number || ' created for '"
    "   || c.name || ': ' || printf('%d.%02d', i.total_cents / 100, i.total_cents % 100)"
    " WHEN 'InvoicePaid' THEN 'Invoice ' || i.number || ' paid by ' || c.name"
    " WHEN 'TicketSlaBreached' THEN 'Ticket #' || json_extract(?1, '$.data.number')"
    "   || ' missed its SLA ' || json_extract(?1, '$.data.target') || ' target'"
    " ELSE json_extract(?1, '$.event') END"
    " FROM (SELECT 1) LEFT JOIN invoices i ON i.id = json_extract(?1, '$.entity_id')"
    " LEFT JOIN clients c ON c.id = i.client_id";

int
notify_job(struct db *db, const char *payload, struct err *e)
{
	char *msg = NULL;
	int64_t evid = 0;
	struct err ce = ERR_INIT;
	int rc;

	if (db_text(db, e, &msg, message_sql, "t", payload) != TP_OK)
		return e->code ? e->code : err_set(e, TP_INTERNAL, "notify");
	db_int(db, e, &evid, "SELECT json_extract(?1, '$.event_id')", "t",
	    payload);
	/* One notification per event, however often the job runs. */
	rc = db_exec(db, e,
	    "INSERT INTO notifications(event_id, kind, message, created_at) "
	    "SELECT ?1, json_extract(?2, '$.event'), ?3, ?4 WHERE NOT EXISTS "
	    "(SELECT 1 FROM notifications WHERE event_id = ?1)",
	    "itti", evid, payload, msg ? msg : "notification", clock_now());
	free(msg);
	if (rc != TP_OK)
		return rc;
	if (db->notify_argv != NULL &&
	    proc_run(db->notify_argv, payload, NOTIFY_TIMEOUT, NULL, &ce) != TP_OK)
		return activity_add(db, 0, "notify", evid,
		    ce.msg, e);
	return TP_OK;
}

int
notify_list(struct db *db, int unread_only, int limit, struct rows *out,
    struct err *e)
{
	return notify_list_after(db, unread_only, 0, limit, out, e);
}

/* The record a notification is about: its event's entity and id (NULL
 * for one without an event). */
#define NOTIFY_RECORD "ev.entity AS entity, ev.entity_id AS entity_id"

int
notify_list_after(struct db *db, int unread_only, int64_t after_id,
    int limit, struct rows *out, struct err *e)
{
	/* Newest first is id order; "after" is a bound on the sort key, so
	 * the first window starts below every id.  Two statements rather
	 * than an OR, so each keeps its index range. */
	int64_t below = after_id > 0 ? after_id : INT64_MAX;
	int64_t n = limit > 0 ? limit : 100;

	if (unread_only)
		return rows_query(db, out, e,
		    "SELECT n.id, n.kind, n.message, n.read_at, n.created_at, "
		    NOTIFY_RECORD " FROM notifications n "
		    "LEFT JOIN events ev ON ev.id = n.event_id "
		    "WHERE n.read_at IS NULL AND n.id < ?1 "
		    "ORDER BY n.id DESC LIMIT ?2", "ii", below, n);
	return rows_query(db, out, e,
	    "SELECT n.id, n.kind, n.message, n.read_at, n.created_at, "
	    NOTIFY_RECORD " FROM notifications n "
	    "LEFT JOIN events ev ON ev.id = n.event_id "
	    "WHERE n.id < ?1 ORDER BY n.id DESC LIMIT ?2", "ii", below, n);
}

int
notify_mark_read(struct db *db, int64_t id, struct err *e)
{
	int rc;

	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = db_exec(db, e,
	    "UPDATE notifications SET read_at = ?2 WHERE read_at IS NULL "
	    "AND (?1 = 0 OR id = ?1)", "ii", id, clock_now());
	if (rc == TP_OK && id > 0 && db_changes(db) == 0) {
		int64_t x;

		if (db_int(db, e, &x, "SELECT 1 FROM notifications WHERE id = ?1",
		    "i", id) == TP_NOTFOUND)
			rc = err_set(e, TP_NOTFOUND, "notification %lld not found",
			    (long long)id);
	}
	if (rc != TP_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, e);
}

int
notify_unread_count(struct db *db, int64_t *n, struct err *e)
{
	return db_int(db, e, n,
	    "SELECT count(*) FROM notifications WHERE read_at IS NULL", NULL);
}
