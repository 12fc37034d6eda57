/* filter_unit.c - the filter language's parser (service/filter.h): what
 * each term becomes (a fragment with placeholders, the values apart),
 * negation, quoting, full text, and the errors that name the word, its
 * column and the valid fields.  TERMPSA_NOW fixes relative times. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/filter.h"
#include "tap.h"

_Static_assert(TP_BADINPUT == 4, "the tests match \"ERR 4\"");

/* The where fragment of text, or "ERR: message". */
static char *
parse(const struct filter_table *t, const char *text, struct filter *out)
{
	struct err e = ERR_INIT;

	filter_free(out);
	filter_init(out);
	if (filter_parse(t, text, out, &e) != TP_OK) {
		struct buf b;

		buf_init(&b);
		buf_addf(&b, "ERR %d: %s", e.code, e.msg);
		return buf_detach(&b);
	}
	return xstrdup(out->where.s);
}

#define WHERE(text, want, name) do { \
	char *got_ = parse(&ticket_filter_table, text, &f); \
	is_str(got_, want, name); \
	free(got_); \
} while (0)

static void
tickets(void)
{
	struct filter f;
	char *s;

	filter_init(&f);
	WHERE("status:open,waiting", " AND (t.status IN ('open', 'waiting'))",
	    "status: the table's names, in the table's order");
	ok(f.status_set && !f.unwalkable, "... sets the statuses, walkable");
	WHERE("pri:high+", " AND (t.priority IN ('high', 'critical'))",
	    "pri:high+ is high and above");
	WHERE("priority:NORMAL-", " AND (t.priority IN ('low', 'normal'))",
	    "priority:normal- (alias, any case) is normal and below");
	ok(f.unwalkable, "... a priority term does not walk");
	WHERE("-assignee:me", " AND ((t.assigned_to = :f1) IS NOT 1)",
	    "a negated term holds where the column is NULL too");
	is_int(f.binds[0].kind, 'm', "... me is resolved later");
	WHERE("assignee:none", " AND (t.assigned_to IS NULL)", "assignee:none");
	WHERE("assignee:jane", " AND (t.assigned_to = :f1)", "assignee:NAME");
	is_str(f.binds[0].t, "jane", "... the name is a value, not SQL");
	WHERE("client:\"Beacon Hotel\"", " AND (t.client_id IN (SELECT id "
	    "FROM clients WHERE name = :f1 COLLATE NOCASE))",
	    "client:\"NAME\" with a blank: every client of that name");
	is_str(f.binds[0].t, "Beacon Hotel", "... unquoted");
	WHERE("client:12", " AND (t.client_id = :f1)", "client:ID");
	is_int(f.binds[0].i, 12, "... the id");
	WHERE("due:<2026-02-01", " AND (t.due_at < :f1)", "due:<DATE");
	is_int(f.binds[0].i, 1769904000, "... the start of that day");
	WHERE("due:today", " AND (t.due_at >= :f1 AND t.due_at < :f2)",
	    "due:today is that day");
	is_int(f.binds[0].i, 1768435200, "... from midnight");
	is_int(f.binds[1].i, 1768521600, "... to the next");
	WHERE("overdue", " AND (t.due_at < :now AND t.status NOT IN "
	    "('resolved', 'closed'))", "overdue");
	WHERE("age:>7d", " AND (t.created_at < :f1)",
	    "age:>7d: created before now - 7 days");
	is_int(f.binds[0].i, 1768471200 - 7 * 86400, "... from TERMPSA_NOW");
	WHERE("updated:<24h", " AND (t.updated_at > :f1)",
	    "updated:<24h: updated after now - 24 hours");
	WHERE("asset:3 project:none", " AND (t.asset_id = :f1) AND "
	    "(t.project_id IS NULL)", "asset:ID, project:none; terms AND");
	WHERE("printer -status:closed jam", " AND ((t.status IN ('closed')) "
	    "IS NOT 1)", "other words are full text");
	is_str(f.search.s, "printer jam", "... joined in order");
	ok(f.status_set, "... and -status: replaces the default too");
	WHERE("'; DROP TABLE tickets; --", "", "SQL is only ever full text");
	WHERE("10:30 http://x", "", "a colon after other than letters: text");
	is_str(f.search.s, "10:30 http://x", "... kept as typed");

	s = parse(&ticket_filter_table, "printer pri:urgent", &f);
	ok(strstr(s, "ERR 4") == s, "a bad value is TP_BADINPUT (exit 65)");
	ok(strstr(s, "term 2 'pri:urgent' (column 9)") != NULL,
	    "... naming the word and its column");
	ok(strstr(s, "low|normal|high|critical") != NULL, "... and the values");
	free(s);
	s = parse(&ticket_filter_table, "stauts:open", &f);
	ok(strstr(s, "no ticket field 'stauts'; fields: status, pri, "
	    "assignee, client, due, overdue, age, updated, asset, project")
	    != NULL, "an unknown field lists the fields");
	free(s);
	s = parse(&ticket_filter_table, "-printer", &f);
	ok(strstr(s, "term 1 '-printer'") != NULL,
	    "only a term can be negated");
	free(s);
	s = parse(&ticket_filter_table, "overdue:yes", &f);
	ok(strstr(s, "takes no value") != NULL, "overdue takes no value");
	free(s);
	s = parse(&ticket_filter_table, "age:7d", &f);
	ok(strstr(s, "ERR 4") == s, "an age needs < or >");
	free(s);
	s = parse(&ticket_filter_table, "status:", &f);
	ok(strstr(s, "ERR 4") == s, "an empty value is bad");
	free(s);
	s = parse(&ticket_filter_table, "pri:open+", &f);
	ok(strstr(s, "ERR 4") == s, "pri: only its own values");
	free(s);
	s = parse(&ticket_filter_table, "status:open+", &f);
	ok(strstr(s, "ERR 4") == s, "status has no order: no +");
	free(s);
	filter_free(&f);
}

static void
others(void)
{
	struct filter f;
	char *s;

	filter_init(&f);
	s = parse(&asset_filter_table, "warranty:<30d status:deployed", &f);
	is_str(s, " AND (a.warranty_expire < :f1) AND (a.status IN "
	    "('deployed'))", "assets: warranty:<30d and status:");
	is_str(f.binds[0].t, "2026-02-14", "... a date 30 days ahead");
	free(s);
	s = parse(&invoice_filter_table, "status:overdue total:>500.00", &f);
	is_str(s, " AND ((i.due_date < ?1 AND i.status NOT IN ('paid', "
	    "'cancelled'))) AND (i.total_cents > :f1)",
	    "invoices: status:overdue and total:>500.00");
	is_int(f.binds[0].i, 50000, "... in cents");
	free(s);
	s = parse(&invoice_filter_table, "status:sent,overdue", &f);
	is_str(s, " AND (i.status IN ('sent') OR (i.due_date < ?1 AND "
	    "i.status NOT IN ('paid', 'cancelled')))",
	    "a set with the extra value ORs them");
	free(s);
	s = parse(&invoice_filter_table, "total:lots", &f);
	ok(strstr(s, "ERR 4") == s, "total: takes money");
	free(s);
	filter_free(&f);
}

static void
words_and_completion(void)
{
	char *words[] = { "client:Beacon Hotel", "say \"hi\"", "pri:high" };
	struct buf b;

	buf_init(&b);
	filter_join_words(words, 3, &b);
	is_str(b.s, "\"client:Beacon Hotel\" \"say \"\"hi\"\"\" pri:high",
	    "command-line words quoted back into one text");
	buf_reset(&b);
	filter_complete(&ticket_filter_table, "a", &b);
	is_str(b.s, "assignee:\nage:\nasset:\n", "completion of a field name");
	buf_reset(&b);
	filter_complete(&ticket_filter_table, "-st", &b);
	is_str(b.s, "-status:\n", "... negated");
	buf_reset(&b);
	filter_complete(&ticket_filter_table, "status:open,w", &b);
	is_str(b.s, "status:open,waiting\n", "completion of a list's last value");
	buf_reset(&b);
	filter_complete(&ticket_filter_table, "ov", &b);
	is_str(b.s, "overdue\n", "a flag completes without a colon");
	buf_reset(&b);
	filter_complete(&invoice_filter_table, "status:o", &b);
	is_str(b.s, "status:overdue\n", "... the extra value too");
	buf_free(&b);
}

int
main(void)
{
	setenv("TERMPSA_NOW", "2026-01-15T10:00:00Z", 1);
	setenv("TZ", "UTC", 1);
	tickets();
	others();
	words_and_completion();
	return tap_done();
}
