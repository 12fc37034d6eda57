/*
 * client_unit.c - unit tests of the client service where the CLI cannot
 * reach: the FTS5 query builder, client_delete (compensation) with its
 * refusals, accounts, and client_update's no-change rule.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "service/client.h"
#include "service/ticket.h"
#include "tap.h"
#include "testdb.h"

static struct db *
fresh_db(void)
{
	struct db *db = testdb_open("client");

	if (db == NULL)
		exit(1);
	return db;
}

static int64_t
count(struct db *db, const char *sql, int64_t id)
{
	struct err e = ERR_INIT;
	int64_t n = -1;

	if (db_int(db, &e, &n, sql, "i", id) != TP_OK)
		printf("# %s: %s\n", sql, e.msg);
	return n;
}

static void
fts_query_quotes_every_word(void)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "acme", "\"acme\"*" },
		{ "  acme   corp ", "\"acme\"* \"corp\"*" },
		{ "a\"b", "\"a\"\"b\"*" },
		{ "NEAR(x AND", "\"NEAR(x\"* \"AND\"*" },
		{ "name:acme -x *", "\"name:acme\"* \"-x\"* \"*\"*" },
		{ "tab\there", "\"tab\"* \"here\"*" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *q = client_fts_query(cases[i].in);

		is_str(q, cases[i].want, cases[i].in);
		free(q);
	}
	ok(client_fts_query("   ") == NULL, "fts: blank text is no search");
	ok(client_fts_query(NULL) == NULL, "fts: NULL is no search");
}

static int64_t
make_client(struct db *db, const char *name)
{
	struct client_new c = { .name = name, .rate_cents = -1,
	    .net_terms = -1 };
	struct err e = ERR_INIT;
	int64_t id = 0;

	if (client_create(db, &c, &id, &e) != TP_OK)
		printf("# client_create: %s\n", e.msg);
	return id;
}

static void
client_delete_removes_everything_of_a_new_client(struct db *db)
{
	struct contact_new k = { .name = "Ann", .primary = 1 };
	struct location_new l = { .name = "HQ" };
	struct err e = ERR_INIT;
	int64_t id = make_client(db, "Doomed"), kid, lid, aid;

	k.client_id = l.client_id = id;
	ok(contact_add(db, &k, &kid, &e) == TP_OK, "delete: contact added");
	ok(location_add(db, &l, &lid, &e) == TP_OK, "delete: location added");
	ok(account_create(db, id, &aid, &e) == TP_OK, "delete: account added");
	is_int(count(db, "SELECT count(*) FROM outbox WHERE state = 'pending' "
	    "AND local_id > 0 AND entity IN ('client', 'client_contact', "
	    "'client_location') AND ?1 > 0", id), 3,
	    "delete: client, contact, location queued for sync");
	ok(client_delete(db, id, &e) == TP_OK, "delete: client_delete "
	    "succeeds");
	is_int(count(db, "SELECT count(*) FROM clients WHERE id = ?1", id), 0,
	    "delete: client gone");
	is_int(count(db, "SELECT count(*) FROM client_contacts WHERE "
	    "client_id = ?1", id), 0, "delete: contacts gone");
	is_int(count(db, "SELECT count(*) FROM client_locations WHERE "
	    "client_id = ?1", id), 0, "delete: locations gone");
	is_int(count(db, "SELECT count(*) FROM accounts WHERE client_id = ?1",
	    id), 0, "delete: account gone");
	is_int(count(db, "SELECT count(*) FROM asset_categories WHERE "
	    "client_id = ?1", id), 0, "delete: categories gone");
	is_int(count(db, "SELECT count(*) FROM outbox WHERE state = 'pending' "
	    "AND ?1 > 0", id), 0, "delete: its pending outbox rows gone");
	is_int(count(db, "SELECT count(*) FROM events WHERE name = "
	    "'ClientDeleted' AND entity_id = ?1 AND client_id = ?1", id), 1,
	    "delete: ClientDeleted emitted about the client");
	ok(client_delete(db, id, &e) == TP_NOTFOUND, "delete: a second "
	    "delete is not found");
	is_str(e.msg, "client 1 not found", "delete: the message names it");
}

static void
client_delete_refuses_a_client_in_use(struct db *db)
{
	struct err e = ERR_INIT;
	int64_t id = make_client(db, "Busy"), tid;
	struct ticket_new t = { .client_id = id, .subject = "Printer" };

	ok(ticket_create(db, &t, &tid, &e) == TP_OK, "refuse: ticket made");
	ok(client_delete(db, id, &e) == TP_REFUSED, "refuse: client with a "
	    "ticket is refused");
	ok(strstr(e.msg, "still has 1 tickets") != NULL, "refuse: says why");
	is_int(count(db, "SELECT count(*) FROM clients WHERE id = ?1", id), 1,
	    "refuse: client kept");
	is_int(count(db, "SELECT count(*) FROM asset_categories WHERE "
	    "client_id = ?1", id), 6, "refuse: nothing deleted (rolled back)");
	ok(db->depth == 0, "refuse: no transaction left open");
}

static void
accounts_one_per_client(struct db *db)
{
	struct err e = ERR_INIT;
	int64_t id = make_client(db, "Acct"), a1, a2;

	ok(account_create(db, id, &a1, &e) == TP_OK, "account: created");
	ok(account_create(db, id, &a2, &e) == TP_REFUSED, "account: a second "
	    "one is refused");
	ok(account_create(db, 9999, &a2, &e) == TP_NOTFOUND, "account: unknown "
	    "client");
	ok(account_delete(db, a1, &e) == TP_OK, "account: deleted");
	is_int(count(db, "SELECT count(*) FROM events WHERE name = "
	    "'AccountDeleted' AND entity_id = ?1", a1), 1,
	    "account: AccountDeleted emitted");
	ok(account_delete(db, a1, &e) == TP_NOTFOUND, "account: gone");
}

static void
update_without_change_writes_nothing(struct db *db)
{
	struct err e = ERR_INIT;
	int64_t id = make_client(db, "Same");
	int64_t before = count(db, "SELECT count(*) FROM events WHERE ?1", 1);
	struct client_patch p = { .name = "Same", .status = "active",
	    .company = "", .set_rate = 1, .rate_cents = -1, .net_terms = 30 };

	ok(client_update(db, id, &p, &e) == TP_OK, "update: same values ok");
	is_int(count(db, "SELECT count(*) FROM events WHERE ?1", 1), before,
	    "update: same values emit nothing");
	p.net_terms = 45;
	ok(client_update(db, id, &p, &e) == TP_OK, "update: one change");
	is_int(count(db, "SELECT count(*) FROM events WHERE name = "
	    "'ClientUpdated' AND payload = '{\"net_terms_days\":45}' AND "
	    "entity_id = ?1", id), 1, "update: payload holds only net terms");
	ok(client_update(db, 9999, &p, &e) == TP_NOTFOUND &&
	    strcmp(e.msg, "client 9999 not found") == 0, "update: unknown id");
	p.status = "gone";
	ok(client_update(db, id, &p, &e) == TP_BADINPUT, "update: bad status");
}

static void
validation_names_the_problem(void)
{
	struct client_new c = { .name = "A", .rate_cents = -1,
	    .net_terms = 366 };
	struct err e = ERR_INIT;

	ok(client_check_new(&c, &e) == TP_BADINPUT &&
	    strstr(e.msg, "net terms 366") != NULL, "check: net terms 366");
	c.net_terms = 365;
	c.status = "closed";
	ok(client_check_new(&c, &e) == TP_BADINPUT &&
	    strcmp(e.msg, "bad status 'closed': expected one of active, "
	    "inactive, prospect, archived") == 0, "check: status choices");
	c.status = "archived";
	ok(client_check_new(&c, &e) == TP_OK, "check: 365 days, archived ok");
	c.name = "\xc3\xa9\xc3\xa9";
	ok(client_check_new(&c, &e) == TP_OK, "check: UTF-8 name ok");
}

/* Each validation error names its input (struct err's field) for the
 * forms, whatever the message says. */
static void
validation_names_the_field(void)
{
	struct client_new c = { .name = "A", .rate_cents = -1,
	    .net_terms = 366 };
	struct err e = ERR_INIT;

	client_check_new(&c, &e);
	is_str(e.field, "net_terms", "field: net terms");
	c.net_terms = 30;
	c.status = "closed";
	client_check_new(&c, &e);
	is_str(e.field, "status", "field: status");
	c.status = NULL;
	c.email = "phone";
	client_check_new(&c, &e);
	is_str(e.field, "email", "field: email (the value reads 'phone')");
	c.email = NULL;
	c.company = "a\x01b";
	client_check_new(&c, &e);
	is_str(e.field, "company", "field: company");
	c.company = NULL;
	c.name = "";
	client_check_new(&c, &e);
	is_str(e.field, "name", "field: name");
	err_set(&e, TP_REFUSED, "no field");
	is_str(e.field, "", "err_set clears the field");
	is_int(err_field(&e, TP_REFUSED, "x"), TP_REFUSED, "err_field: code");
	is_str(e.field, "x", "err_field names it");
	err_clear(&e);
	is_str(e.field, "", "err_clear clears it");
}

int
main(void)
{
	struct db *db;

	setenv("TERMPSA_NOW", "2026-01-15T10:00:00Z", 1);
	fts_query_quotes_every_word();
	validation_names_the_problem();
	validation_names_the_field();
	db = fresh_db();
	client_delete_removes_everything_of_a_new_client(db);
	client_delete_refuses_a_client_in_use(db);
	accounts_one_per_client(db);
	update_without_change_writes_nothing(db);
	testdb_drop(db);
	return tap_done();
}
