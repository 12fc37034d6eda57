/* payment.c - see payment.h. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/event.h"
#include "core/money.h"
#include "core/text.h"
#include "service/payment.h"

const char *const payment_methods[] = {
	"cash", "check", "card", "transfer", NULL
};

static int
check_method(const char *method, struct err *e)
{
	char list[64] = "";
	size_t used = 0;

	for (int i = 0; payment_methods[i]; i++) {
		if (strcmp(method, payment_methods[i]) == 0)
			return TP_OK;
		used += (size_t)snprintf(list + used, sizeof list - used,
		    "%s%s", i ? ", " : "", payment_methods[i]);
	}
	return err_set(e, TP_BADINPUT, "bad method '%s': expected one of %s",
	    method, list);
}

int
payment_record(struct db *db, int64_t client_id, int64_t invoice_id,
    int64_t amount_cents, const char *method, const char *reference,
    int64_t *id, struct err *e)
{
	char payload[64], line[160], amount[MONEY_LEN];
	int64_t now = clock_now();
	struct event ev = { EV_PAYMENT_RECEIVED, "payment", 0, client_id,
	    payload, line, "create" };

	if (method == NULL)
		method = "transfer";
	if (check_method(method, e) != TP_OK ||
	    text_check(reference, "reference", 200, 0, e) != TP_OK)
		return e->code;
	if (amount_cents <= 0 || amount_cents > MONEY_MAX_CENTS)
		return err_set(e, TP_BADINPUT, "bad amount: a payment must be "
		    "more than 0");
	if (db_exec(db, e,
	    "INSERT INTO payments(client_id, invoice_id, amount_cents, method, "
	    "reference, status, received_at, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, 'completed', ?6, ?6, ?6)",
	    "iIitti", client_id, invoice_id, amount_cents, method, reference,
	    now) != TP_OK)
		return e->code;
	*id = db_last_id(db);
	ev.entity_id = *id;
	money_format(amount_cents, amount);
	if (invoice_id != 0) {
		snprintf(payload, sizeof payload, "{\"invoice_id\":%lld}",
		    (long long)invoice_id);
		snprintf(line, sizeof line, "Payment of %s received on "
		    "invoice %lld", amount, (long long)invoice_id);
	} else {
		snprintf(payload, sizeof payload, "{\"invoice_id\":null}");
		snprintf(line, sizeof line, "Payment of %s received on account",
		    amount);
	}
	return event_emit(db, &ev, e);
}

int
payment_on_account(struct db *db, int64_t client_id, int64_t amount_cents,
    const char *method, const char *reference, int64_t *id, struct err *e)
{
	int64_t x;

	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (db_int(db, e, &x, "SELECT id FROM clients WHERE id = ?1", "i",
	    client_id) != TP_OK) {
		if (e->code == TP_OK)
			err_set(e, TP_NOTFOUND, "client %lld not found",
			    (long long)client_id);
		db_rollback(db);
		return e->code;
	}
	/* The balance is left to the UpdateClientBalance job (scenario 6). */
	if (payment_record(db, client_id, 0, amount_cents, method, reference,
	    id, e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}

#define PAYMENT_COLS \
    "SELECT p.id, p.client_id, c.name AS client_name, p.invoice_id, " \
    "i.number AS invoice_number, p.amount_cents, p.method, p.reference, " \
    "p.status, p.received_at, p.created_at FROM payments p " \
    "JOIN clients c ON c.id = p.client_id " \
    "LEFT JOIN invoices i ON i.id = p.invoice_id "

int
payment_list(struct db *db, int64_t client_id, int64_t after_id, int limit,
    struct rows *out, struct err *e)
{
	/* Newest received first, ties by id: the keyset is the pair, so a
	 * window continues right after the payment named by after_id. */
#define PAYMENT_AFTER \
    "(?1 = 0 OR (p.received_at, p.id) < " \
    "(SELECT received_at, id FROM payments WHERE id = ?1)) "
#define PAYMENT_ORDER "ORDER BY p.received_at DESC, p.id DESC LIMIT ?2"
	static const char all_sql[] = PAYMENT_COLS
	    "WHERE " PAYMENT_AFTER PAYMENT_ORDER;
	static const char client_sql[] = PAYMENT_COLS
	    "WHERE p.client_id = ?3 AND " PAYMENT_AFTER PAYMENT_ORDER;
#undef PAYMENT_AFTER
#undef PAYMENT_ORDER
	int64_t lim = limit > 0 ? limit : 100, x;

	if (client_id == 0)
		return rows_query(db, out, e, all_sql, "ii", after_id, lim);
	if (db_int(db, e, &x, "SELECT id FROM clients WHERE id = ?1", "i",
	    client_id) != TP_OK)
		return e->code ? e->code : err_set(e, TP_NOTFOUND,
		    "client %lld not found", (long long)client_id);
	return rows_query(db, out, e, client_sql, "iii", after_id, lim,
	    client_id);
}

int
payment_list_invoice(struct db *db, int64_t invoice_id, struct rows *out,
    struct err *e)
{
	return rows_query(db, out, e, "SELECT id, received_at, method, "
	    "reference, amount_cents, status FROM payments WHERE invoice_id = "
	    "?1 ORDER BY received_at, id", "i", invoice_id);
}

int
payment_get(struct db *db, int64_t id, struct rows *out, struct err *e)
{
	static const char sql[] = PAYMENT_COLS "WHERE p.id = ?1";

	if (rows_query(db, out, e, sql, "i", id) != TP_OK)
		return e->code;
	if (out->n == 0)
		return err_set(e, TP_NOTFOUND, "payment %lld not found",
		    (long long)id);
	return TP_OK;
}
