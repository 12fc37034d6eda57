/*
 * asset.h - the asset service: a client's hardware (create, update, show,
 * list with warranty state and search) and scheduled maintenance (domain.md
 * scenario 4).
 *
 * Every function that writes is one unit of work: its own transaction (a
 * savepoint when nested), its events, all or nothing.  Strings in the
 * request structs are borrowed; rows returned are owned by the caller
 * (rows_free).
 */
#ifndef TP_ASSET_H
#define TP_ASSET_H

#include <stdint.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

/* Days ahead within which a warranty counts as "expiring" (inclusive). */
#define ASSET_WARRANTY_SOON 30

extern const char *const asset_statuses[];          /* ready ... lost */
extern const char *const asset_maintenance_types[]; /* preventive, corrective */

/* For asset_create every NULL/0 field is "none" (status NULL: deployed).
 * For asset_update NULL/0 means "unchanged", "" (or location_id -1)
 * clears an optional field; client_id is ignored there. */
struct asset_new {
	int64_t     client_id;       /* required on create */
	int64_t     location_id;     /* must belong to the client */
	const char *category;        /* a name among the client's categories */
	const char *name;            /* required on create, 1..200 chars */
	const char *type;
	const char *make;
	const char *model;
	const char *serial;
	const char *ip;              /* IPv4 or IPv6 address */
	const char *mac;             /* six hex pairs, ':' or '-' */
	const char *status;          /* asset_statuses */
	const char *purchase_date;   /* YYYY-MM-DD */
	const char *warranty_expire; /* YYYY-MM-DD */
	const char *notes;
};

/* Create an asset (emits AssetCreated).  *id receives its id. */
int asset_create(struct db *db, const struct asset_new *a, int64_t *id,
    struct err *e);

/* Change the given fields; emits AssetUpdated with the fields that really
 * changed (a JSON object built by SQLite).  *changed (may be NULL) gets
 * how many; nothing changed is not an error and emits nothing. */
int asset_update(struct db *db, int64_t id, const struct asset_new *a,
    int *changed, struct err *e);

/* One row: every column of the asset plus client_name, location,
 * category and warranty_state. */
int asset_get(struct db *db, int64_t id, struct rows *out, struct err *e);

/* The orders of the list, each the walk of an index.  asset_sorts[i]
 * names the order i + 1. */
enum asset_sort {
	ASSET_SORT_DEFAULT,   /* by name; with expiring_days by warranty end */
	ASSET_SORT_NAME,      /* name, then id */
	ASSET_SORT_WARRANTY,  /* warranty end soonest first, none last; id */
	ASSET_SORT_NEWEST     /* id DESC */
};
extern const char *const asset_sorts[];   /* name, warranty, newest */

struct asset_filter {
	int64_t     client_id;      /* 0: any */
	int         expiring_days;  /* < 0: no filter; else warranty ends on
	                               or before today + N (expired included),
	                               sorted by warranty_expire */
	const char *search;         /* words matched as prefixes (FTS5) */
	const char *status;         /* NULL: any */
	int64_t     after_id;       /* keyset: continue after this asset */
	int         limit;          /* 0: 50; at most 1000 */
	enum asset_sort sort;
	/* Filter language (service/filter.h, asset_filter_table): every
	 * term must hold; its full-text words join search. */
	const char *terms;
};

/* id, client_id, client_name, name, type, make, model, serial, status,
 * warranty_expire, warranty_state (expired | expiring | ok | none), in
 * f->sort's order (by default by name, or by warranty_expire with
 * expiring_days), ties by id. */
int asset_list(struct db *db, const struct asset_filter *f, struct rows *out,
    struct err *e);

/* The exact SQL asset_list runs for f (for the query-plan test): ?1
 * today, ?2 the last expiring day; named :client, :status, :q (the FTS5
 * query), :after, :limit, :last (the last day with expiring_days). */
void asset_list_sql(const struct asset_filter *f, struct buf *sql);

struct maint_req {
	const char *date;          /* NULL: today + 7 days */
	const char *type;          /* NULL: preventive */
	const char *description;   /* NULL: the ticket body is the default */
	const char *priority;      /* NULL: normal */
};

/* Domain.md scenario 4, in one transaction: a scheduled maintenance
 * ticket for the asset's client, an asset_maintenance row linked to it,
 * AssetMaintenanceScheduled (whose listener sets the asset to
 * maintenance).  Retired and lost assets are refused. */
int asset_schedule_maintenance(struct db *db, int64_t asset_id,
    const struct maint_req *r, int64_t *ticket_id, int64_t *maintenance_id,
    struct err *e);

/* id, asset_id, ticket_id, number, ticket_status, maintenance_type,
 * description, scheduled_date, completed_at, created_at; newest first. */
int asset_maintenance_list(struct db *db, int64_t asset_id, struct rows *out,
    struct err *e);

/* Make user text a safe FTS5 query: each word quoted (quotes doubled) and
 * matched as a prefix.  TP_BADINPUT when there is no word.  *out is
 * allocated; the caller frees it. */
int asset_fts_query(const char *text, char **out, struct err *e);

#endif
