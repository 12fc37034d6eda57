/*
 * client.h - the client service: clients (the hub of domain.md), their
 * contacts, locations and financial account.
 *
 * Every function that writes is one unit of work: its own transaction (a
 * savepoint when nested, as in the onboarding saga), its events, all or
 * nothing.  Rows returned are owned by the caller (rows_free); strings in
 * the input structs are borrowed.  Text fields given as "" mean "none"
 * (stored as NULL), except names, which are required.
 */
#ifndef TP_CLIENT_H
#define TP_CLIENT_H

#include <stdint.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

/* active, inactive, prospect, archived (NULL-terminated). */
extern const char *const client_statuses[];

struct client_new {
	const char *name;
	const char *company;
	const char *email;
	const char *phone;
	const char *notes;
	const char *status;        /* NULL: active */
	int64_t     rate_cents;    /* < 0: none (the default rate applies) */
	int         net_terms;     /* < 0: 30 */
};

/* Validate c without touching the database: name 1..200 characters,
 * status one of client_statuses, rate >= 0, net terms 0..365. */
int client_check_new(const struct client_new *c, struct err *e);

/* An email address a person typed: name@domain without blanks ("" or
 * NULL: none).  Shared with the user commands. */
int client_check_email(const char *email, struct err *e);

/* Insert a client and emit ClientCreated (whose listener makes the six
 * asset categories).  *id receives its id. */
int client_create(struct db *db, const struct client_new *c, int64_t *id,
    struct err *e);

/* Compensation for client_create: delete the client with its categories,
 * contacts, locations, account and their pending outbox rows; emits
 * ClientDeleted.  TP_REFUSED while tickets, invoices, assets, projects or
 * payments still point at it. */
int client_delete(struct db *db, int64_t id, struct err *e);

/* What client_update changes: NULL / set_rate 0 / net_terms < 0 leave a
 * field alone; "" clears an optional text field. */
struct client_patch {
	const char *name;
	const char *company;
	const char *status;
	const char *email;
	const char *phone;
	const char *notes;
	int         set_rate;      /* apply rate_cents */
	int64_t     rate_cents;    /* < 0 with set_rate: clear the rate */
	int         net_terms;     /* < 0: unchanged */
};

/* Apply p and emit ClientUpdated whose payload holds only the fields that
 * changed ({"status":"inactive"}).  When nothing changes: no event, no
 * write, TP_OK. */
int client_update(struct db *db, int64_t id, const struct client_patch *p,
    struct err *e);

/* One row, every column of clients.  TP_NOTFOUND "client 9 not found". */
/* The clients a read shows, as SQL over the alias c: not one whose
 * onboarding saga is still under way (running, or compensating after a
 * failure the database could not record), so no client is ever shown
 * without its welcome ticket and account (saga.h). */
#define CLIENT_SHOWN "NOT EXISTS (SELECT 1 FROM sagas WHERE state IN " \
	"('running', 'compensating') AND data ->> '$.client_id' = c.id)"

int client_get(struct db *db, int64_t id, struct rows *out, struct err *e);

/* TP_OK when client id exists, else TP_NOTFOUND "client 9 not found". */
int client_check_exists(struct db *db, int64_t id, struct err *e);

/* The orders of the list, each the walk of an index. */
enum client_sort {
	CLIENT_SORT_NAME,      /* name, then id (the default) */
	CLIENT_SORT_BALANCE,   /* balance_cents DESC, then id DESC */
	CLIENT_SORT_NEWEST     /* id DESC */
};
extern const char *const client_sorts[];   /* in enum client_sort order */

struct client_filter {
	const char *status;        /* NULL: any */
	const char *search;        /* NULL or blank: no search; words are
	                              matched as name/company prefixes */
	int64_t     after_id;      /* 0: first page; else continue after it */
	int         limit;         /* 0: 50; at most 1000 */
	enum client_sort sort;
};

/* Clients in f->sort's order: id, name, company_name, status,
 * hourly_rate_cents, balance_cents, unbilled_cents, open_tickets, city
 * (its first location's by name that has one, or NULL: a picker labels
 * clients of one name apart without a query per row). */
int client_list(struct db *db, const struct client_filter *f,
    struct rows *out, struct err *e);

/* The SQL client_list runs for f with a sort other than by name (for the
 * query-plan test): named :status, :q (the FTS5 query), :after, :limit. */
void client_list_sql(const struct client_filter *f, struct buf *sql);

/* The FTS5 query for a person's search text: every word a quoted prefix
 * term, so no character of it is FTS5 syntax.  Caller frees; NULL when
 * the text has no words. */
char *client_fts_query(const char *text);

/* What client add --json prints: id, uuid, welcome_ticket_id. */
int client_onboard_row(struct db *db, int64_t client_id, int64_t ticket_id,
    struct rows *out, struct err *e);

/* Contacts ---------------------------------------------------------------- */

struct contact_new {
	int64_t     client_id;
	const char *name;
	const char *email;
	const char *phone;
	const char *title;
	int         primary;       /* make it the client's only primary */
};

/* Emits ContactCreated.  *id receives its id. */
int contact_add(struct db *db, const struct contact_new *c, int64_t *id,
    struct err *e);
/* id, client_id, client_name, name, email, phone, title, is_primary,
 * created_at, updated_at: one contact, or a client's (primary first). */
int contact_get(struct db *db, int64_t id, struct rows *out, struct err *e);

/* What contact_update changes: NULL leaves a field alone, "" clears an
 * optional one (the name is required); primary < 0 leaves it, 1 makes it
 * the client's only primary, 0 not primary. */
struct contact_patch {
	const char *name;
	const char *email;
	const char *phone;
	const char *title;
	int         primary;
};

/* Apply p and emit ContactUpdated (its payload the contact as it is now);
 * nothing changed: no event, no write.  TP_NOTFOUND for a bad id. */
int contact_update(struct db *db, int64_t id, const struct contact_patch *p,
    struct err *e);
int client_contacts(struct db *db, int64_t client_id, struct rows *out,
    struct err *e);

/* Locations --------------------------------------------------------------- */

struct location_new {
	int64_t     client_id;
	const char *name;
	const char *address;
	const char *city;
	const char *zip;
	const char *country;
};

/* Emits LocationCreated.  *id receives its id. */
int location_add(struct db *db, const struct location_new *l, int64_t *id,
    struct err *e);
/* id, client_id, client_name, name, address, city, zip, country,
 * created_at, updated_at. */
int location_get(struct db *db, int64_t id, struct rows *out, struct err *e);

/* What location_update changes: NULL leaves a field alone, "" clears an
 * optional one (the name is required). */
struct location_patch {
	const char *name;
	const char *address;
	const char *city;
	const char *zip;
	const char *country;
};

/* Apply p and emit LocationUpdated (its payload the location as it is
 * now); nothing changed: no event, no write.  TP_NOTFOUND for a bad id. */
int location_update(struct db *db, int64_t id,
    const struct location_patch *p, struct err *e);
int client_locations(struct db *db, int64_t client_id, struct rows *out,
    struct err *e);

/* Accounts ---------------------------------------------------------------- */

/* The client's financial account (one per client, in its currency); emits
 * AccountCreated.  TP_REFUSED if it has one already. */
int account_create(struct db *db, int64_t client_id, int64_t *id,
    struct err *e);
/* Emits AccountDeleted. */
int account_delete(struct db *db, int64_t id, struct err *e);

#endif
