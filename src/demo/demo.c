/* demo.c - see demo.h.
 *
 * Rows go straight in through prepared statements, in one transaction (see
 * "The load" below), not through the services: a generated history is not a
 * series of events (no events, activity, outbox or jobs per row).  Every
 * value, uuids included, comes from one splitmix64 stream seeded by the
 * seed, and every time from clock_now(), so TERMPSA_NOW and the seed fix
 * the result byte for byte.  Ids are predictable (entity j belongs to
 * client j % clients + 1), so later rows refer to earlier ones without
 * looking them up.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/rows.h"
#include "demo/demo.h"
#include "service/balance.h"
#include "service/report.h"

#define BATCH 5000              /* rows between progress reports */
#define DAY 86400
#define SPAN_DAYS 1095          /* three years of history */
#define NUSERS 20
#define NCAT 6
#define FUTURE_DAYS 1100      /* warranties run up to three years ahead */
#define FTS_HASHSIZE (256 << 20)

#define N(a) ((int)(sizeof a / sizeof a[0]))

/* What the two threads share (see "The side thread"). */
struct shared {
	_Atomic int64_t rows;     /* rows the side thread has made */
	_Atomic int     stop;     /* set: the side thread gives up */
};

/* The generator's state: the random stream, sizes, statements, and the
 * SQL of the objects the load drops (owned: freed at the end). */
struct gen {
	struct db *db;            /* NULL in the side thread */
	sqlite3   *h;             /* the connection the INSERTs run on */
	struct shared *sh;        /* between the two threads */
	int64_t    side_cache;    /* the side connection's cache_size */
	uint64_t   rng;
	int64_t    now;
	int64_t    tickets, clients, assets, invoices, projects;
	int64_t    user_ids[NUSERS];
	int64_t    rows_done, rows_total, in_batch;
	uint64_t   uuids;
	struct { const char *sql; sqlite3_stmt *st; } stmts[24];
	int        nstmts;
	char      *saved[64];     /* the dropped indexes' and triggers' SQL */
	int        nsaved;
	int64_t    fts_done[5];   /* highest id indexed: tickets, clients,
	                             assets, invoices, contacts */
	/* Drawn before the side thread starts, read by both threads: per
	 * ticket (index t - 1) its creation time, status and assignee
	 * (index into user_ids plus one, 0 for nobody); per project (p - 1)
	 * its age in days. */
	int64_t   *t_created;
	uint8_t   *t_status;
	uint8_t   *t_user;
	int64_t   *p_age;
	void     (*progress)(int64_t, int64_t, void *);
	void      *arg;
	char       dates[FUTURE_DAYS + SPAN_DAYS + 400][CLOCK_DATE_LEN];
};

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t
next(struct gen *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static int64_t
rnd(struct gen *g, int64_t n)
{
	return n <= 1 ? 0 : (int64_t)(next(g) % (uint64_t)n);
}

static int
chance(struct gen *g, int percent)
{
	return rnd(g, 100) < percent;
}

#define PICK(g, a) ((a)[rnd((g), N(a))])

/* Pick by weights (percentages summing to 100). */
static int
weighted(struct gen *g, const int *w, int n)
{
	int64_t r = rnd(g, 100);

	for (int i = 0; i < n; i++) {
		if (r < w[i])
			return i;
		r -= w[i];
	}
	return n - 1;
}

/* Lower-case hex digits of v, most significant first, into out[0..n). */
static void
hex(char *out, uint64_t v, int n)
{
	static const char digits[] = "0123456789abcdef";

	while (n-- > 0) {
		out[n] = digits[v & 0xf];
		v >>= 4;
	}
}

/* A version-4-shaped uuid whose first 8 hex digits count up, so that the
 * tables' unique uuid indexes are appended to, not written all over.
 * Written digit by digit: snprintf here was a tenth of the generator. */
static void
uuid(struct gen *g, char out[37])
{
	uint64_t a = next(g), b = next(g);

	g->uuids++;
	hex(out, g->uuids & 0xffffffffULL, 8);
	out[8] = '-';
	hex(out + 9, (a >> 16) & 0xffff, 4);
	out[13] = '-';
	out[14] = '4';
	hex(out + 15, a & 0xfff, 3);
	out[18] = '-';
	hex(out + 19, 8 + (b >> 62), 1);
	hex(out + 20, (b >> 48) & 0xfff, 3);
	out[23] = '-';
	hex(out + 24, b & 0xffffffffffffULL, 12);
	out[36] = '\0';
}

/* Arguments are evaluated in no fixed order, so every draw below is its
 * own statement: the stream must not depend on the compiler. */
static void
random_phone(struct gen *g, char *out, size_t n)
{
	int64_t a = rnd(g, 1000);
	int64_t b = rnd(g, 10000);

	snprintf(out, n, "+1 555 %03lld %04lld", (long long)a, (long long)b);
}

/* The local date `days` before now (negative: after), from a table made
 * once (localtime per row would cost more than the insert). */
static const char *
date_ago(struct gen *g, int64_t days)
{
	if (days < -FUTURE_DAYS)
		days = -FUTURE_DAYS;
	if (days > SPAN_DAYS + 399)
		days = SPAN_DAYS + 399;
	return g->dates[days + FUTURE_DAYS];
}

static void
fill_dates(struct gen *g)
{
	for (int i = 0; i < N(g->dates); i++)
		clock_date(g->now - (int64_t)(i - FUTURE_DAYS) * DAY,
		    g->dates[i]);
}

/* Building with -DDEMO_TIMING prints each step's wall and CPU seconds
 * (this thread's) to stderr: for working on the generator's speed. */
#ifdef DEMO_TIMING
static void
lap(const char *what)
{
	static _Thread_local struct timespec t0, c0;
	struct timespec t, c;

	clock_gettime(CLOCK_MONOTONIC, &t);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c);
	if (t0.tv_sec)
		fprintf(stderr, "%-24.24s wall %6.2f cpu %6.2f\n", what,
		    (double)(t.tv_sec - t0.tv_sec) +
		    (t.tv_nsec - t0.tv_nsec) / 1e9,
		    (double)(c.tv_sec - c0.tv_sec) +
		    (c.tv_nsec - c0.tv_nsec) / 1e9);
	t0 = t;
	c0 = c;
}
#else
#define lap(what) ((void)0)
#endif

/* The load ------------------------------------------------------------- */

/*
 * The whole demo is one transaction.  Inside it, the secondary indexes and
 * the search triggers of the tables being filled are dropped, every row is
 * appended in primary-key order (so each remaining b-tree, the rowid
 * tables and the unique uuid/number indexes, only grows at its right
 * edge), and at the end the search tables are filled with one INSERT ...
 * SELECT each and the indexes are built again by sorting (CREATE INDEX),
 * which costs a fraction of keeping a dozen indexes in order row by row.
 * The dropped objects' SQL is read from sqlite_master first, so the
 * schema stays the one source.
 *
 * DDL is transactional: a demo that fails rolls everything back, and one
 * that dies (kill -9, power) leaves uncommitted pages that SQLite discards
 * on the next open.  Either way the database is as it was before: no
 * index, trigger or row missing, nothing half generated, and `demo` can
 * simply be run again.
 */
struct deferred {
	const char *name, *drop;
	int         side;   /* kept when the side thread fills the table
	                       (see "The side thread") */
};
#define DEFER_INDEX(n) { n, "DROP INDEX IF EXISTS " n, 0 }
#define DEFER_SIDE_INDEX(n) { n, "DROP INDEX IF EXISTS " n, 1 }
#define DEFER_TRIGGER(n) { n, "DROP TRIGGER IF EXISTS " n, 0 }
static const struct deferred deferred[] = {
	DEFER_TRIGGER("tickets_fts_ai"),
	DEFER_TRIGGER("tickets_terms_ai"),
	DEFER_TRIGGER("invoices_terms_ai"),
	DEFER_TRIGGER("clients_fts_ai"),
	DEFER_TRIGGER("assets_fts_ai"),
	DEFER_TRIGGER("invoices_fts_ai"),
	DEFER_TRIGGER("contacts_fts_ai"),
	/* schema/0006: each drops a cached dashboard; load_close drops them
	 * all at once instead of probing the cache per generated row. */
	DEFER_TRIGGER("clients_cache_ai"),
	DEFER_TRIGGER("client_contacts_cache_ai"),
	DEFER_TRIGGER("client_locations_cache_ai"),
	DEFER_TRIGGER("tickets_cache_ai"),
	DEFER_TRIGGER("assets_cache_ai"),
	DEFER_TRIGGER("invoices_cache_ai"),
	DEFER_TRIGGER("payments_cache_ai"),
	DEFER_TRIGGER("projects_cache_ai"),
	DEFER_TRIGGER("time_entries_cache_ai"),
	DEFER_TRIGGER("project_expenses_cache_ai"),
	DEFER_INDEX("clients_balance"),
	DEFER_INDEX("assets_warranty_end"),
	DEFER_INDEX("invoices_due"),
	DEFER_INDEX("invoices_total"),
	DEFER_INDEX("clients_status_name"),
	DEFER_INDEX("clients_name"),
	DEFER_INDEX("client_contacts_client"),
	DEFER_INDEX("client_locations_client"),
	DEFER_INDEX("projects_client_status"),
	DEFER_INDEX("assets_client_warranty"),
	DEFER_INDEX("assets_warranty"),
	DEFER_INDEX("assets_name"),
	DEFER_INDEX("tickets_client_status_updated"),
	DEFER_INDEX("tickets_status_updated"),
	DEFER_INDEX("tickets_updated"),
	DEFER_INDEX("tickets_assigned_status"),
	DEFER_INDEX("tickets_status_due"),
	DEFER_INDEX("tickets_client_created"),
	DEFER_INDEX("tickets_open_priority"),
	DEFER_INDEX("tickets_open_due"),
	DEFER_SIDE_INDEX("ticket_notes_ticket"),
	DEFER_INDEX("invoices_client_status_total"),
	DEFER_INDEX("invoices_status_due"),
	DEFER_INDEX("invoices_client_created"),
	DEFER_SIDE_INDEX("time_entries_ticket"),
	DEFER_SIDE_INDEX("time_entries_project"),
	DEFER_SIDE_INDEX("time_entries_user_date"),
	DEFER_SIDE_INDEX("time_entries_invoice"),
	DEFER_SIDE_INDEX("time_entries_one_timer"),
	DEFER_INDEX("project_expenses_project"),
	DEFER_INDEX("payments_invoice"),
	DEFER_INDEX("payments_client"),
};

_Static_assert(sizeof deferred / sizeof deferred[0] <=
    sizeof ((struct gen *)0)->saved / sizeof (char *),
    "gen.saved holds every deferred object");

/* ?1: the highest id indexed before the load. */
static const char *const fts_fill[] = {
	"INSERT INTO tickets_fts(rowid, subject, body) "
	"SELECT id, subject, body FROM tickets WHERE id > ?1",
	"INSERT INTO clients_fts(rowid, name, company_name) "
	"SELECT id, name, company_name FROM clients WHERE id > ?1",
	"INSERT INTO assets_fts(rowid, name, serial, make, model, ip, mac) "
	"SELECT id, name, serial, make, model, ip, mac FROM assets "
	"WHERE id > ?1",
	"INSERT INTO invoices_fts(rowid, subject) "
	"SELECT id, subject FROM invoices WHERE id > ?1",
	"INSERT INTO contacts_fts(rowid, name, email, phone, title) "
	"SELECT id, name, email, phone, title FROM client_contacts "
	"WHERE id > ?1",
};
/* search_terms (schema/0005_terms.sql) from each index's vocabulary in
 * one walk, as the dropped triggers would have had it row by row. */
static const char *const terms_fill[] = {
	"CREATE VIRTUAL TABLE temp.demo_terms USING "
	"fts5vocab(main, tickets_fts, row)",
	"INSERT OR IGNORE INTO search_terms(source, term) "
	"SELECT 'tickets_fts', term FROM temp.demo_terms",
	"DROP TABLE temp.demo_terms",
	"CREATE VIRTUAL TABLE temp.demo_terms USING "
	"fts5vocab(main, invoices_fts, row)",
	"INSERT OR IGNORE INTO search_terms(source, term) "
	"SELECT 'invoices_fts', term FROM temp.demo_terms",
	"DROP TABLE temp.demo_terms",
};
static const char *const fts_max_id[] = {
	/* in fts_fill's order, one per gen.fts_done */
	"SELECT coalesce(max(id), 0) FROM tickets",
	"SELECT coalesce(max(id), 0) FROM clients",
	"SELECT coalesce(max(id), 0) FROM assets",
	"SELECT coalesce(max(id), 0) FROM invoices",
	"SELECT coalesce(max(id), 0) FROM client_contacts",
};

/* Inside the load's transaction: remember and drop the deferred objects. */
static int
load_open(struct gen *g, int threaded, struct err *e)
{
	static const char sql[] =
	    "SELECT sql FROM sqlite_master WHERE name = ?1 AND sql IS NOT NULL";

	for (int i = 0; i < N(fts_max_id); i++)
		if (db_int(g->db, e, &g->fts_done[i], fts_max_id[i], NULL)
		    != TP_OK)
			return e->code;
	for (int i = 0; i < N(deferred); i++) {
		char *text = NULL;
		int rc;

		if (threaded && deferred[i].side)
			continue;
		rc = db_text(g->db, e, &text, sql, "t", deferred[i].name);
		if (rc == TP_NOTFOUND)
			continue;
		if (rc != TP_OK)
			return rc;
		g->saved[g->nsaved++] = text;
		if (db_exec(g->db, e, deferred[i].drop, NULL) != TP_OK)
			return e->code;
	}
	return TP_OK;
}

/* Index the new rows for search, then build the dropped objects again. */
static int
load_close(struct gen *g, struct err *e)
{
	/* FTS5 gathers terms in a hash and writes a segment each time it
	 * holds `hashsize` bytes (1 MiB by default): a million tickets make
	 * hundreds of segments, merged again and again as they come.  A
	 * hash of 256 MiB (at most; it grows with the text) writes a few
	 * large segments instead, in less than half the time.  The setting
	 * is removed again before the commit, as a new database has none. */
	if (db_exec(g->db, e, "INSERT INTO tickets_fts(tickets_fts, rank) "
	    "VALUES ('hashsize', ?1)", "i", (int64_t)FTS_HASHSIZE) != TP_OK)
		return e->code;
	for (int i = 0; i < N(fts_fill); i++)
		if (db_exec(g->db, e, fts_fill[i], "i", g->fts_done[i])
		    != TP_OK)
			return e->code;
	if (db_exec(g->db, e, "DELETE FROM tickets_fts_config "
	    "WHERE k = 'hashsize'", NULL) != TP_OK)
		return e->code;
	lap("fts");
	for (int i = 0; i < N(terms_fill); i++)
		if (db_exec(g->db, e, terms_fill[i], NULL) != TP_OK)
			return e->code;
	lap("terms");
	/* What GenerateReports would have kept, had the rows come with
	 * their events. */
	if (report_rebuild(g->db, e) != TP_OK)
		return e->code;
	/* What the deferred cache triggers would have done row by row. */
	if (db_exec(g->db, e, "DELETE FROM cache WHERE tag LIKE 'client.%'",
	    NULL) != TP_OK)
		return e->code;
	for (int i = 0; i < g->nsaved; i++) {
		if (sqlite3_exec(g->db->h, g->saved[i], NULL, NULL, NULL)
		    != SQLITE_OK)
			return db_error(g->db, e, "building the indexes");
		lap(g->saved[i]);
		g->rows_done += g->tickets / 4;
		if (g->progress)
			g->progress(g->rows_done, g->rows_total, g->arg);
	}
	return TP_OK;
}

/* Rows done so far by both threads. */
static int64_t
rows_done(struct gen *g)
{
	return g->rows_done + atomic_load(&g->sh->rows);
}

static int
row_done(struct gen *g, struct err *e)
{
	g->rows_done++;
	if (++g->in_batch < BATCH)
		return TP_OK;
	g->in_batch = 0;
	if (g->db == NULL) {
		atomic_fetch_add(&g->sh->rows, BATCH);
		if (atomic_load(&g->sh->stop))
			return err_set(e, TP_INTERNAL, "stopped");
	} else if (g->progress)
		g->progress(rows_done(g), g->rows_total, g->arg);
	return TP_OK;
}

/* The connection's last error into e: db_error on the database, and as
 * much on the side thread's own connection. */
static int
gen_error(struct gen *g, struct err *e, const char *what)
{
	if (g->db)
		return db_error(g->db, e, what);
	return err_set(e, TP_IO, "%s: %s", what, sqlite3_errmsg(g->h));
}

/* The statement for sql, prepared on first use and kept until the end of
 * the load (a dozen INSERTs, each run up to millions of times). */
static sqlite3_stmt *
stmt_for(struct gen *g, const char *sql, struct err *e)
{
	sqlite3_stmt *st;

	for (int i = 0; i < g->nstmts; i++)
		if (g->stmts[i].sql == sql)
			return g->stmts[i].st;
	if (g->nstmts == N(g->stmts))
		abort();        /* more INSERTs than slots: a programming error */
	if (sqlite3_prepare_v3(g->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &st, NULL) != SQLITE_OK) {
		gen_error(g, e, "preparing the demo's rows");
		return NULL;
	}
	g->stmts[g->nstmts].sql = sql;
	g->stmts[g->nstmts++].st = st;
	return st;
}

/* Insert one row: fmt as db.h's, but text is bound without a copy (every
 * value lives until the step below) and bindings are simply overwritten
 * by the next row's: the statements bind every parameter every time. */
static int
insert(struct gen *g, struct err *e, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st = stmt_for(g, sql, e);
	va_list ap;
	int i = 1, rc = SQLITE_OK;

	if (st == NULL)
		return e->code;
	va_start(ap, fmt);
	for (const char *f = fmt; *f && rc == SQLITE_OK; f++, i++) {
		int64_t v;
		const char *s;

		switch (*f) {
		case 'i':
			rc = sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
			break;
		case 'I':
			v = va_arg(ap, int64_t);
			rc = v ? sqlite3_bind_int64(st, i, v)
			    : sqlite3_bind_null(st, i);
			break;
		case 't':
			s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC)
			    : sqlite3_bind_null(st, i);
			break;
		default:
			abort();
		}
	}
	va_end(ap);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		gen_error(g, e, "generating the demo");
		sqlite3_reset(st);
		return e->code;
	}
	sqlite3_reset(st);
	return row_done(g, e);
}

/* Words ------------------------------------------------------------------ */

static const char *const co_first[] = {
	"Northwind", "Blue Harbor", "Cedar", "Summit", "Riverside", "Granite",
	"Silverline", "Oakridge", "Bright", "Redwood", "Lakeside", "Ironbridge",
	"Maple", "Pioneer", "Harborview", "Evergreen", "Falcon", "Westfield",
	"Copperleaf", "Stonegate", "Clearwater", "Highland", "Sunrise", "Atlas",
	"Beacon", "Keystone", "Meadow", "Horizon", "Larkspur", "Juniper",
};
static const char *const co_second[] = {
	"Dental", "Logistics", "Law", "Accounting", "Realty", "Bakery",
	"Architects", "Veterinary", "Insurance", "Printing", "Clinic",
	"Engineering", "Foods", "Consulting", "Marketing", "Motors", "Farms",
	"Pharmacy", "Studios", "Hotel", "Builders", "Travel", "Optics",
};
static const char *const co_suffix[] = {
	"LLC", "Inc", "Group", "Partners", "Co", "Ltd", "& Sons", "Associates",
};
static const char *const first_names[] = {
	"Olivia", "Liam", "Emma", "Noah", "Ava", "Lucas", "Mia", "Ethan",
	"Sofia", "Mason", "Isabel", "Logan", "Chloe", "James", "Grace", "Mateo",
	"Nora", "Elijah", "Hannah", "Omar", "Priya", "Wei", "Fatima", "Kenji",
};
static const char *const last_names[] = {
	"Smith", "Garcia", "Johnson", "Brown", "Miller", "Davis", "Lopez",
	"Wilson", "Anderson", "Thomas", "Moore", "Martin", "Lee", "Walker",
	"Young", "King", "Wright", "Scott", "Nguyen", "Patel", "Kim", "Novak",
};
static const char *const titles[] = {
	"Office Manager", "Owner", "IT Contact", "Accountant",
	"Practice Manager",
	"Operations Lead", "Receptionist", "CFO",
};
static const char *const cities[] = {
	"Springfield", "Riverton", "Fairview", "Georgetown", "Madison",
	"Clinton", "Franklin", "Salem", "Greenville", "Bristol", "Dover",
};
static const char *const streets[] = {
	"Main St", "Oak Ave", "Pine Rd", "Market St", "Elm St", "Harbor Blvd",
	"Lake Dr", "Hill Rd", "Industrial Pkwy", "Church St",
};
static const char *const loc_names[] = {
	"Head Office", "Warehouse", "Branch Office", "Clinic", "Store",
};
static const char *const user_names[NUSERS] = {
	"jane", "omar", "priya", "lucas", "mei", "diego", "sara", "tom",
	"aisha", "ben", "chen", "dana", "eli", "fiona", "gus", "hana", "ivan",
	"julia", "kofi", "lena",
};

/* Subjects are "<problem> <object>"; bodies repeat searchable words. */
static const char *const problems[] = {
	"Cannot print to", "Slow performance on", "Password reset for",
	"Outlook crashing on", "VPN disconnects from", "Backup failed on",
	"New hire setup for", "Wi-Fi drops near", "Virus alert on",
	"Disk almost full on", "License renewal for", "Update needed on",
	"No network on", "Blue screen on", "Email bouncing from",
	"Phone system down at", "Scanner not found on", "Replace battery in",
};
static const char *const objects[] = {
	"front desk PC", "reception printer", "file server", "laptop",
	"firewall", "shared mailbox", "accounting workstation", "NAS",
	"conference room display", "warehouse scanner", "domain controller",
	"QuickBooks server", "Exchange", "payroll PC", "router", "tablet",
};
static const char *const details[] = {
	"User reports the issue started after this morning's update.",
	"Happens several times a day; rebooting helps for an hour.",
	"Error message mentions a timeout contacting the server.",
	"Affects the whole office since yesterday afternoon.",
	"Customer asked for a callback before noon.",
	"Printer shows offline although it is powered on and cabled.",
	"Antivirus quarantined a file; please check for ransomware.",
	"Backup job log shows VSS errors on the system volume.",
	"Please also check the UPS battery while on site.",
	"Password expired and the self-service portal rejects it.",
};
static const char *const categories[] = {
	"hardware", "software", "network", "email", "security", "printing",
	"backup", "accounts",
};
static const char *const note_texts[] = {
	"Called the user, reproduced the problem remotely.",
	"Rebooted the device and cleared the print queue.",
	"Applied pending Windows updates; monitoring.",
	"Waiting for the customer to confirm the fix.",
	"Ordered a replacement part, ETA three days.",
	"Escalated to the vendor; case number in the portal.",
	"Restored the file from last night's backup.",
	"Reset the password and enabled MFA.",
};
static const char *const work_notes[] = {
	"remote session", "on-site visit", "phone support", "research",
	"configuration", "testing", "documentation",
};
static const char *const asset_types[NCAT] = {
	"Workstation", "Server", "Network", "Printer", "Mobile", "Other",
};
static const char *const makes[][3] = {
	{ "Dell", "OptiPlex 7010", "WS" }, { "HP", "EliteBook 840", "WS" },
	{ "Lenovo", "ThinkPad T14", "WS" }, { "Dell", "PowerEdge R650", "SRV" },
	{ "Ubiquiti", "UniFi Switch 24", "NET" },
	{ "Fortinet", "FortiGate 60F", "NET" },
	{ "Brother", "HL-L6200", "PRN" }, { "HP", "LaserJet M404", "PRN" },
	{ "Apple", "iPhone 14", "MOB" }, { "Synology", "DS920+", "OTH" },
};
static const int make_cat[] = { 0, 0, 0, 1, 2, 2, 3, 3, 4, 5 };
static const char *const project_names[] = {
	"Office 365 Migration", "Network Refresh", "Server Upgrade",
	"New Branch Setup", "Backup Overhaul", "Security Audit",
	"Wi-Fi Rollout", "Phone System Replacement",
};
static const char *const expense_texts[] = {
	"Cat6 cabling", "Network switch", "Travel", "Software licenses",
	"Rack hardware", "Spare drives", "Access points",
};
static const char *const methods[] = { "cash", "check", "card", "transfer" };

/* Scales --------------------------------------------------------------- */

int
demo_parse_scale(const char *s, int64_t *tickets, struct err *e)
{
	char *end;
	long long v;

	if (s == NULL || strcmp(s, "small") == 0)
		*tickets = DEMO_SMALL_TICKETS;
	else if (strcmp(s, "medium") == 0)
		*tickets = DEMO_MEDIUM_TICKETS;
	else if (strcmp(s, "large") == 0)
		*tickets = DEMO_LARGE_TICKETS;
	else {
		v = strtoll(s, &end, 10);
		if (*s < '0' || *s > '9' || *end != '\0' || v < 1 ||
		    v > 100000000)
			return err_set(e, TP_BADINPUT, "bad scale '%s': "
			    "expected small, medium, large or a number of "
			    "tickets (1..100000000)", s);
		*tickets = v;
	}
	return TP_OK;
}

/* The large set's proportions (quality.md), scaled by the ticket count;
 * never fewer than the small demo's 25 clients. */
static void
sizes(struct gen *g, int64_t tickets)
{
	g->tickets = tickets;
	g->clients = tickets * 2000 / DEMO_LARGE_TICKETS;
	if (g->clients < 25)
		g->clients = 25;
	g->assets = tickets * 50000 / DEMO_LARGE_TICKETS;
	if (g->assets < 2 * g->clients)
		g->assets = 2 * g->clients;
	g->invoices = tickets * 200000 / DEMO_LARGE_TICKETS;
	if (g->invoices < 2 * g->clients)
		g->invoices = 2 * g->clients;
	g->projects = g->clients;
	/* clients+contacts+locations+categories, assets, projects+expenses+
	 * project time, invoices+items+payments, tickets+notes+time. */
	g->rows_total = g->clients * (1 + 3 + 2 + NCAT) + g->assets +
	    g->projects * 9 + g->invoices * 4 + g->tickets * 5 +
	    g->tickets / 4 * N(deferred);
}

/* Sections ----------------------------------------------------------------- */

static int
gen_users(struct gen *g, struct err *e)
{
	static const char sql[] =
	    "INSERT INTO users(uuid, name, email, hourly_rate_cents, "
	    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5) "
	    "ON CONFLICT(name) DO NOTHING";
	static const char idsql[] = "SELECT id FROM users WHERE name = ?1";

	for (int i = 0; i < NUSERS; i++) {
		char id[37], email[64];

		uuid(g, id);
		snprintf(email, sizeof email, "%s@msp.example", user_names[i]);
		if (insert(g, e, sql, "tttii", id, user_names[i], email,
		    (int64_t)(9500 + 500 * rnd(g, 19)),
		    g->now - SPAN_DAYS * DAY) != TP_OK ||
		    db_int(g->db, e, &g->user_ids[i], idsql, "t", user_names[i])
		    != TP_OK)
			return e->code;
	}
	return TP_OK;
}

static void
client_name(struct gen *g, int64_t c, struct buf *b)
{
	const char *first = PICK(g, co_first);
	const char *second = PICK(g, co_second);

	buf_reset(b);
	buf_addf(b, "%s %s", first, second);
	if (c > N(co_first) * N(co_second) / 2)
		buf_addf(b, " %lld", (long long)c);
}

static int
gen_client(struct gen *g, int64_t c, struct buf *name, struct err *e)
{
	static const char sql[] =
	    "INSERT INTO clients(id, uuid, name, company_name, email, phone, "
	    "status, hourly_rate_cents, net_terms_days, created_at, "
	    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)";
	static const char *const statuses[] = {
		"active", "inactive", "prospect", "archived"
	};
	static const int sw[] = { 85, 6, 6, 3 };
	static const int64_t terms[] = { 15, 30, 30, 30, 45, 60 };
	char id[37], email[96], phone[32], company[160];
	int64_t rate = chance(g, 30) ? 0 : 10000 + 500 * rnd(g, 21);
	const char *status;
	int64_t terms_days, created;

	uuid(g, id);
	client_name(g, c, name);
	snprintf(company, sizeof company, "%s %s", name->s, PICK(g, co_suffix));
	snprintf(email, sizeof email, "office@client%lld.example",
	    (long long)c);
	random_phone(g, phone, sizeof phone);
	status = statuses[weighted(g, sw, N(sw))];
	terms_days = PICK(g, terms);
	created = g->now - (SPAN_DAYS + 30) * DAY + rnd(g, 30 * DAY);
	return insert(g, e, sql, "ittttttIii", c, id, name->s, company, email,
	    phone, status, rate, terms_days, created);
}

static int
gen_client_parts(struct gen *g, int64_t c, struct err *e)
{
	static const char csql[] =
	    "INSERT INTO client_contacts(id, uuid, client_id, name, email, "
	    "phone, title, is_primary, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)";
	static const char lsql[] =
	    "INSERT INTO client_locations(id, uuid, client_id, name, address, "
	    "city, zip, country, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'US', ?8, ?8)";
	static const char catsql[] =
	    "INSERT INTO asset_categories(id, client_id, name, created_at) "
	    "VALUES (?1, ?2, ?3, ?4)";
	int64_t t0 = g->now - SPAN_DAYS * DAY;
	char id[37], name[96], email[128], phone[32], addr[96], zip[8];

	for (int k = 0; k < 3; k++) {
		const char *f = PICK(g, first_names);
		const char *l = PICK(g, last_names);
		const char *title;

		uuid(g, id);
		snprintf(name, sizeof name, "%s %s", f, l);
		snprintf(email, sizeof email, "%c.%s@client%lld.example", f[0],
		    l, (long long)c);
		random_phone(g, phone, sizeof phone);
		title = PICK(g, titles);
		if (insert(g, e, csql, "ititttti" "i", c + k * g->clients,
		    id, c, name, email, phone, title, (int64_t)(k == 0), t0)
		    != TP_OK)
			return e->code;
	}
	for (int k = 0; k < 2; k++) {
		int64_t number;
		const char *lname, *city;

		uuid(g, id);
		number = 1 + rnd(g, 999);
		snprintf(addr, sizeof addr, "%lld %s", (long long)number,
		    PICK(g, streets));
		snprintf(zip, sizeof zip, "%05lld", (long long)rnd(g, 100000));
		lname = k == 0 ? "Head Office" : PICK(g, loc_names);
		city = PICK(g, cities);
		if (insert(g, e, lsql, "ititttti", c + k * g->clients, id, c,
		    lname, addr, city, zip, t0) != TP_OK)
			return e->code;
	}
	for (int k = 0; k < NCAT; k++)
		if (insert(g, e, catsql, "iiti", (c - 1) * NCAT + k + 1, c,
		    asset_types[k], t0) != TP_OK)
			return e->code;
	return TP_OK;
}

static int
gen_clients(struct gen *g, struct err *e)
{
	struct buf name;
	int rc = TP_OK;

	buf_init(&name);
	for (int64_t c = 1; c <= g->clients && rc == TP_OK; c++)
		rc = gen_client(g, c, &name, e);
	for (int64_t c = 1; c <= g->clients && rc == TP_OK; c++)
		rc = gen_client_parts(g, c, e);
	buf_free(&name);
	return rc;
}

/* Warranties: a third expired, a tenth expiring within 30 days, the rest
 * good for years. */
static int
gen_asset(struct gen *g, int64_t j, struct err *e)
{
	static const char sql[] =
	    "INSERT INTO assets(id, uuid, client_id, location_id, category_id, "
	    "name, type, make, model, serial, ip, mac, status, purchase_date, "
	    "warranty_expire, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)";
	static const char *const st[] = {
		"deployed", "ready", "maintenance", "repair", "retired", "lost"
	};
	static const int sw[] = { 80, 6, 4, 3, 6, 1 };
	int64_t c = (j - 1) % g->clients + 1, m = rnd(g, N(makes));
	int64_t bought = 30 + rnd(g, SPAN_DAYS), wdays;
	char id[37], name[64], serial[24], ip[20], mac[20];
	int r = (int)rnd(g, 100);
	int64_t x, loc;
	const char *status;

	wdays = r < 33 ? 1 + rnd(g, 700) : r < 43 ? -rnd(g, 31)
	    : -(31 + rnd(g, 1000));
	uuid(g, id);
	snprintf(name, sizeof name, "%s-%05lld", makes[m][2], (long long)j);
	snprintf(serial, sizeof serial, "SN%010llX",
	    (unsigned long long)(next(g) & 0xffffffffffULL));
	x = rnd(g, 250);
	snprintf(ip, sizeof ip, "10.%lld.%lld.%lld", (long long)(c % 250),
	    (long long)x, (long long)(2 + rnd(g, 250)));
	x = (int64_t)(next(g) & 0xffffffffULL);
	snprintf(mac, sizeof mac, "00:1a:%02x:%02x:%02x:%02x",
	    (unsigned)(x >> 24) & 0xff, (unsigned)(x >> 16) & 0xff,
	    (unsigned)(x >> 8) & 0xff, (unsigned)x & 0xff);
	loc = c + rnd(g, 2) * g->clients;
	status = st[weighted(g, sw, N(sw))];
	return insert(g, e, sql, "itiiitttttttttti", j, id, c, loc,
	    (c - 1) * NCAT + make_cat[m] + 1, name, asset_types[make_cat[m]],
	    makes[m][0], makes[m][1], serial, ip, mac, status,
	    date_ago(g, bought), date_ago(g, wdays), g->now - bought * DAY);
}

static int
gen_assets(struct gen *g, struct err *e)
{
	for (int64_t j = 1; j <= g->assets; j++)
		if (gen_asset(g, j, e) != TP_OK)
			return e->code;
	return TP_OK;
}

/* Projects with expenses (their time is the side thread's). */
static int
gen_projects(struct gen *g, struct err *e)
{
	static const char psql[] =
	    "INSERT INTO projects(id, uuid, client_id, name, status, due_date, "
	    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)";
	static const char xsql[] =
	    "INSERT INTO project_expenses(project_id, description, "
	    "amount_cents, billable, created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
	static const char *const st[] = { "active", "on_hold", "completed" };
	static const int sw[] = { 50, 15, 35 };

	for (int64_t p = 1; p <= g->projects; p++) {
		int64_t age = g->p_age[p - 1];
		const char *pname, *status, *due;
		char id[37];

		uuid(g, id);
		pname = PICK(g, project_names);
		status = st[weighted(g, sw, N(sw))];
		due = date_ago(g, age - 60 - rnd(g, 60));
		if (insert(g, e, psql, "itittti", p, id,
		    (p - 1) % g->clients + 1, pname, status, due,
		    g->now - age * DAY) != TP_OK)
			return e->code;
		for (int k = 0; k < 3; k++) {
			const char *what = PICK(g, expense_texts);
			int64_t amount = 2000 + 500 * rnd(g, 120);
			int64_t billable = !chance(g, 15);

			if (insert(g, e, xsql, "itiii", p, what, amount,
			    billable, g->now - (age - k) * DAY) != TP_OK)
				return e->code;
		}
	}
	return TP_OK;
}

/* Side thread: project time (no ticket), 5 entries a project. */
static int
gen_project_time(struct gen *g, struct err *e)
{
	static const char tsql[] =
	    "INSERT INTO time_entries(uuid, project_id, user_id, work_date, "
	    "minutes, billable, note, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)";

	for (int64_t p = 1; p <= g->projects; p++) {
		int64_t age = g->p_age[p - 1];

		for (int k = 0; k < 5; k++) {
			int64_t ago = age - 1 - rnd(g, age), user, minutes;
			int64_t billable;
			const char *note;
			char id[37];

			uuid(g, id);
			user = g->user_ids[rnd(g, NUSERS)];
			minutes = 30 * (1 + rnd(g, 12));
			billable = !chance(g, 10);
			note = PICK(g, work_notes);
			if (insert(g, e, tsql, "tiitiiti", id, p, user,
			    date_ago(g, ago), minutes, billable, note,
			    g->now - ago * DAY) != TP_OK)
				return e->code;
		}
	}
	return TP_OK;
}

/* Invoices spread over the history: mostly paid, some sent, partial,
 * overdue, draft or cancelled; 1-3 labour lines each; payments to match. */
static int
gen_invoice(struct gen *g, int64_t j, struct err *e)
{
	static const char isql[] =
	    "INSERT INTO invoices(id, uuid, number, client_id, subject, "
	    "status, issue_date, due_date, total_cents, created_at, "
	    "updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)";
	static const char itsql[] =
	    "INSERT INTO invoice_items(invoice_id, position, description, "
	    "minutes, quantity, price_cents, total_cents) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	static const char *const st[] = {
		"draft", "sent", "partial", "paid", "cancelled"
	};
	static const int sw[] = { 4, 14, 6, 72, 4 };
	int64_t c = (j - 1) % g->clients + 1;
	/* Invoice j is issued at a time growing with j, newest last. */
	int64_t ago = SPAN_DAYS - (j * SPAN_DAYS) / (g->invoices + 1);
	int64_t total = 0, price = 10000 + 500 * rnd(g, 21);
	int s = weighted(g, sw, N(sw)), lines = 1 + (int)rnd(g, 3);
	int64_t q[3], t[3];
	const char *problem[3], *object[3];
	char id[37], number[48];

	if (ago > 60 && (s == 0 || s == 1))
		s = 3;      /* old drafts and unpaid invoices get paid */
	if (j > g->invoices - N(st))
		s = (int)(g->invoices - j);     /* the newest: one of each */
	uuid(g, id);
	snprintf(number, sizeof number, "%s%06lld", g->db->invoice_prefix,
	    (long long)j);
	/* The lines first: the invoice goes in with its total. */
	for (int k = 0; k < lines; k++) {
		q[k] = 25 * (1 + rnd(g, 32));
		t[k] = (q[k] * price + 50) / 100;
		problem[k] = PICK(g, problems);
		object[k] = PICK(g, objects);
		total += t[k];
	}
	if (insert(g, e, isql, "ittitttti" "i", j, id, number, c,
	    "Support Services", st[s], date_ago(g, ago), date_ago(g, ago - 30),
	    total, g->now - ago * DAY) != TP_OK)
		return e->code;
	for (int k = 0; k < lines; k++) {
		char desc[160];

		snprintf(desc, sizeof desc, "Support: %s %s", problem[k],
		    object[k]);
		/* quarter hours: q[k] hundredths are exactly q[k] * 0.6 min */
		if (insert(g, e, itsql, "iitiiii", j, (int64_t)k + 1, desc,
		    q[k] * 3 / 5, q[k], price, t[k]) != TP_OK)
			return e->code;
	}
	if (s == 2 || s == 3) {
		static const char psql[] =
		    "INSERT INTO payments(uuid, client_id, invoice_id, "
		    "amount_cents, method, reference, status, received_at, "
		    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
		    "'completed', ?7, ?7, ?7)";
		int64_t at = g->now - (ago - 5 - rnd(g, 20)) * DAY;
		char ref[24];

		if (at > g->now)
			at = g->now;
		uuid(g, id);
		snprintf(ref, sizeof ref, "PAY-%06lld", (long long)j);
		return insert(g, e, psql, "tiiitti", id, c, j,
		    s == 3 ? total : total / 2, PICK(g, methods), ref, at);
	}
	return TP_OK;
}

static int
gen_invoices(struct gen *g, struct err *e)
{
	static const char asql[] =
	    "INSERT INTO payments(uuid, client_id, amount_cents, method, "
	    "status, received_at, created_at, updated_at) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6, ?6, ?6)";
	static const char *const pst[] = {
		"completed", "pending", "failed", "refunded"
	};
	static const int pw[] = { 85, 5, 5, 5 };

	for (int64_t j = 1; j <= g->invoices; j++)
		if (gen_invoice(g, j, e) != TP_OK)
			return e->code;
	/* One payment on account per client, in some state. */
	for (int64_t c = 1; c <= g->clients; c++) {
		const char *method, *status;
		int64_t amount, at;
		char id[37];

		uuid(g, id);
		amount = 5000 + 100 * rnd(g, 500);
		method = PICK(g, methods);
		status = pst[c <= N(pst) ? c - 1 : weighted(g, pw, N(pw))];
		at = g->now - (1 + rnd(g, 400)) * DAY;
		if (insert(g, e, asql, "tiitti", id, c, amount, method, status,
		    at) != TP_OK)
			return e->code;
	}
	return db_exec(g->db, e,
	    "INSERT INTO counters(name, value) VALUES ('invoice', ?1) "
	    "ON CONFLICT(name) DO UPDATE SET value = ?1", "i", g->invoices);
}

/* A ticket's life: status by age (the newest sixteenth and the last three
 * weeks are still being worked on), a note or two, about 3 time entries. */
static const char *const ticket_statuses[] = {
	"open", "in_progress", "waiting", "scheduled", "resolved", "closed"
};
enum { T_RESOLVED = 4, T_CLOSED = 5 };

/* Drawn for every ticket before anything else (both threads need them):
 * when it was created, its status and who has it. */
static void
draw_tickets(struct gen *g)
{
	static const int rw[] = { 30, 20, 12, 8, 15, 15 };
	static const int ow[] = { 1, 1, 1, 1, 6, 90 };

	for (int64_t t = 1; t <= g->tickets; t++) {
		int64_t created = g->now - SPAN_DAYS * DAY + (t * (SPAN_DAYS *
		    (int64_t)DAY - 3600)) / g->tickets - rnd(g, 3600);
		int64_t age = (g->now - created) / DAY;
		int recent = age < 21 || t > g->tickets - g->tickets / 16;

		g->t_created[t - 1] = created;
		g->t_status[t - 1] = (uint8_t)weighted(g, recent ? rw : ow,
		    N(rw));
		g->t_user[t - 1] = chance(g, 90) ? (uint8_t)(1 + rnd(g, NUSERS))
		    : 0;
	}
	for (int64_t p = 1; p <= g->projects; p++)
		g->p_age[p - 1] = 10 + rnd(g, 300);
}

/* Side thread: the time logged on the tickets, 0-6 entries each; old
 * closed tickets' time is on one of the client's invoices. */
static int
gen_ticket_time(struct gen *g, struct err *e)
{
	static const char sql[] =
	    "INSERT INTO time_entries(uuid, ticket_id, user_id, work_date, "
	    "minutes, billable, invoice_id, note, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)";
	int64_t per = g->invoices / g->clients;

	for (int64_t t = 1; t <= g->tickets; t++) {
		int64_t c = (t - 1) % g->clients + 1;
		int64_t created = g->t_created[t - 1];
		int64_t user = g->t_user[t - 1] ?
		    g->user_ids[g->t_user[t - 1] - 1] : 0;
		int billed = g->t_status[t - 1] == T_CLOSED &&
		    (g->now - created) / DAY > 45;
		int64_t n = rnd(g, 7);

		for (int64_t k = 0; k < n; k++) {
			int64_t at = created + k * 3600 * (1 + rnd(g, 20));
			int64_t inv = 0, who, minutes, billable;
			const char *note, *date;
			char id[37];

			if (at > g->now)
				at = g->now;
			/* The client's invoices are ids c + C*k. */
			if (billed && per > 0)
				inv = c + g->clients * rnd(g, per);
			uuid(g, id);
			date = date_ago(g, (g->now - at) / DAY);
			who = user ? user : g->user_ids[rnd(g, NUSERS)];
			minutes = 15 * (1 + rnd(g, 16));
			billable = !chance(g, 12);
			note = PICK(g, work_notes);
			if (insert(g, e, sql, "tiitiiIti", id, t, who, date,
			    minutes, billable, inv, note, at) != TP_OK)
				return e->code;
		}
	}
	return TP_OK;
}

static int
gen_ticket(struct gen *g, int64_t t, struct buf *subj, struct buf *body,
    struct err *e)
{
	static const char sql[] =
	    "INSERT INTO tickets(id, uuid, number, client_id, contact_id, "
	    "location_id, asset_id, subject, body, priority, status, source, "
	    "category, assigned_to, billable, due_at, resolved_at, closed_at, "
	    "created_at, updated_at) VALUES (?1, ?2, ?1, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";
	static const char *const prio[] = {
		"low", "normal", "high", "critical"
	};
	static const int pw[] = { 20, 50, 22, 8 };
	static const char *const src[] = {
		"system", "technician", "phone", "email", "portal", "psa"
	};
	static const int sw[] = { 5, 25, 30, 30, 8, 2 };
	int64_t c = (t - 1) % g->clients + 1;
	int64_t created = g->t_created[t - 1];
	int64_t user = g->t_user[t - 1] ? g->user_ids[g->t_user[t - 1] - 1]
	    : 0;
	int64_t done = 0, updated;
	int64_t per_assets = g->assets / g->clients;
	int status = g->t_status[t - 1];
	const char *object = PICK(g, objects);
	int closed = status == T_CLOSED;
	int finished = closed || status == T_RESOLVED;
	const char *w1, *w2;
	int64_t contact, location = 0, asset = 0, due = 0;
	const char *prio_s, *src_s, *cat;
	int64_t billable;
	char id[37];
	int rc;

	w1 = PICK(g, problems);
	/* buf_add, not buf_addf: formatting cost more than the insert. */
	buf_reset(subj);
	buf_add(subj, w1);
	buf_addc(subj, ' ');
	buf_add(subj, object);
	/* One sentence of detail: every word is indexed for search. */
	w1 = PICK(g, details);
	w2 = PICK(g, cities);
	buf_reset(body);
	buf_add(body, w1);
	buf_add(body, " The ");
	buf_add(body, object);
	buf_add(body, " at the ");
	buf_add(body, w2);
	buf_add(body, " site needs attention.");
	if (finished)
		done = created + 1800 + rnd(g, 5 * DAY);
	if (done > g->now)
		done = g->now;
	updated = finished ? done : created + rnd(g, (g->now - created) + 1);
	uuid(g, id);
	contact = c + rnd(g, 3) * g->clients;
	if (chance(g, 60))
		location = c + rnd(g, 2) * g->clients;
	if (chance(g, 40) && per_assets)
		asset = c + g->clients * rnd(g, per_assets);
	prio_s = prio[weighted(g, pw, 4)];
	src_s = src[weighted(g, sw, N(sw))];
	cat = PICK(g, categories);
	billable = !chance(g, 8);
	if (chance(g, 50))
		due = created + (1 + rnd(g, 14)) * DAY;
	rc = insert(g, e, sql, "itiIIIttttttIiIIIii", t, id, c, contact,
	    location, asset, subj->s, body->s, prio_s, ticket_statuses[status],
	    src_s, cat, user, billable, due, finished ? done : 0,
	    closed ? (done + DAY < g->now ? done + DAY : g->now) : 0,
	    created, updated);
	return rc;
}

/* Side thread: a note or two on most tickets, by the assignee. */
static int
gen_notes(struct gen *g, struct err *e)
{
	static const char nsql[] =
	    "INSERT INTO ticket_notes(uuid, ticket_id, author_id, body, "
	    "visibility, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?6)";

	for (int64_t t = 1; t <= g->tickets; t++) {
		int64_t created = g->t_created[t - 1];
		int64_t user = g->t_user[t - 1] ?
		    g->user_ids[g->t_user[t - 1] - 1] : 0;

		for (int64_t k = rnd(g, 3); k > 0; k--) {
			const char *text, *vis;
			int64_t at;
			char id[37];

			uuid(g, id);
			text = PICK(g, note_texts);
			vis = chance(g, 20) ? "public" : "internal";
			at = created + 600 * (1 + rnd(g, 100));
			if (insert(g, e, nsql, "tiItti", id, t, user, text,
			    vis, at) != TP_OK)
				return e->code;
		}
	}
	return TP_OK;
}

static int
gen_tickets(struct gen *g, struct err *e)
{
	struct buf subj, body;
	int rc = TP_OK;

	buf_init(&subj);
	buf_init(&body);
	for (int64_t t = 1; t <= g->tickets && rc == TP_OK; t++)
		rc = gen_ticket(g, t, &subj, &body, e);
	buf_free(&subj);
	buf_free(&body);
	if (rc != TP_OK)
		return rc;
	return db_exec(g->db, e,
	    "INSERT INTO counters(name, value) VALUES ('ticket', ?1) "
	    "ON CONFLICT(name) DO UPDATE SET value = ?1", "i", g->tickets);
}

static int
gen_balances(struct gen *g, struct err *e)
{
	for (int64_t c = 1; c <= g->clients; c++)
		if (balance_recompute(g->db, c, e) != TP_OK)
			return e->code;
	return TP_OK;
}

/* The side thread -------------------------------------------------------
 *
 * Time entries and ticket notes are four rows in six and, with their
 * indexes, almost half of the work.  They depend on nothing the other
 * tables get but the users and the few draws made up front (draw_tickets),
 * so on a machine with two cores or more a second thread builds them,
 * indexes included,
 * in a side database file next to the database ("<db>-demo", on its own
 * connection: no journal, no fsync), while this thread makes everything
 * else.  At the end an INSERT ... SELECT * copies each table: the tables
 * and their indexes are identical, so SQLite copies records and index
 * entries in order (its "transfer optimization", as VACUUM does), which
 * costs a third of inserting and indexing them.  On one core the same
 * rows, from the same stream, go straight into the database (the two
 * tables' indexes are then built at the end with the others): the demo
 * is the same row for row either way.
 *
 * The side file is attached before the load's transaction begins (ATTACH
 * cannot run inside one) and that transaction is a deferred one: BEGIN
 * IMMEDIATE would lock the side file too, and the side thread could not
 * write it.  The side file is never the database: a demo that fails or is
 * killed leaves the database as it was, and the next demo removes the
 * stale file before making its own.
 */
struct side {
	struct gen      g;          /* own stream, connection, statements */
	int             threaded;
	char           *path;       /* "<db>-demo" */
	char           *sql[12];    /* CREATE TABLEs, then their indexes' */
	int             nsql, ntables;
	pthread_t       th;
	int             started;
	int             rc;
	struct err      e;
};

/* Two threads unless TERMPSA_DEMO_THREADS=1 (tests compare the two), the
 * machine has one core, or the demo is too small to gain from it. */
static int
side_threaded(int64_t tickets)
{
	const char *env = getenv("TERMPSA_DEMO_THREADS");

	if (env && *env)
		return strcmp(env, "1") != 0;
	return tickets >= 20000 && sysconf(_SC_NPROCESSORS_ONLN) >= 2;
}

static int
side_exec(struct gen *g, struct err *e, const char *sql)
{
	if (sqlite3_exec(g->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return gen_error(g, e, "building the demo's notes and time");
	return TP_OK;
}

static int
gen_side(struct gen *g, struct err *e)
{
	if (gen_notes(g, e) != TP_OK || gen_project_time(g, e) != TP_OK ||
	    gen_ticket_time(g, e) != TP_OK)
		return e->code;
	return TP_OK;
}

static int
side_build(struct side *s, struct err *e)
{
	struct gen *g = &s->g;
	char pragma[64];
	int rc;

	if (sqlite3_open_v2(s->path, &g->h, SQLITE_OPEN_READWRITE, NULL)
	    != SQLITE_OK)
		return gen_error(g, e, "opening the demo's side file");
	/* The main load's settings (a pragma's value cannot be bound; it is
	 * a number of ours). */
	snprintf(pragma, sizeof pragma, "PRAGMA cache_size = %lld",
	    (long long)g->side_cache);
	rc = side_exec(g, e, "PRAGMA journal_mode = OFF");
	if (rc == TP_OK)
		rc = side_exec(g, e, "PRAGMA synchronous = OFF");
	if (rc == TP_OK)
		rc = side_exec(g, e, "PRAGMA ignore_check_constraints = ON");
	if (rc == TP_OK)
		rc = side_exec(g, e, "PRAGMA temp_store = FILE");
	if (rc == TP_OK)
		rc = side_exec(g, e, pragma);
	for (int i = 0; i < s->ntables && rc == TP_OK; i++)
		rc = side_exec(g, e, s->sql[i]);
	if (rc == TP_OK)
		rc = side_exec(g, e, "BEGIN");
	if (rc == TP_OK)
		rc = gen_side(g, e);
	for (int i = s->ntables; i < s->nsql && rc == TP_OK; i++)
		rc = side_exec(g, e, s->sql[i]);
	if (rc == TP_OK)
		rc = side_exec(g, e, "COMMIT");
	for (int i = 0; i < g->nstmts; i++)
		sqlite3_finalize(g->stmts[i].st);
	g->nstmts = 0;
	sqlite3_close(g->h);    /* rolls back what a failure left open */
	g->h = NULL;
	return rc;
}

static void *
side_run(void *arg)
{
	struct side *s = arg;

	lap("side thread starts");
	s->rc = side_build(s, &s->e);
	lap("side thread");
	return NULL;
}

/* Before the transaction, with two threads: the side file made empty
 * (0600) and attached, and the SQL of the two tables and their indexes
 * read from the schema. */
static int
side_prepare(struct gen *g, struct side *s, struct err *e)
{
	static const char sql[] =
	    "SELECT sql, type = 'table' FROM sqlite_master "
	    "WHERE tbl_name IN ('ticket_notes', 'time_entries') "
	    "AND sql IS NOT NULL ORDER BY type <> 'table', rowid";
	sqlite3_stmt *st;
	struct buf path;
	int fd, rc;

	buf_init(&path);
	buf_addf(&path, "%s-demo", g->db->path);
	s->path = buf_detach(&path);
	/* A killed demo's, with one thread or two. */
	if (unlink(s->path) != 0 && errno != ENOENT)
		return err_set(e, TP_IO, "removing %s: %s", s->path,
		    strerror(errno));
	if (!s->threaded)
		return TP_OK;
	fd = open(s->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return err_set(e, TP_IO, "creating %s: %s", s->path,
		    strerror(errno));
	close(fd);
	st = db_prepare(g->db, e, sql, NULL);
	if (st == NULL)
		return e->code;
	while ((rc = db_step(g->db, st, e)) == SQLITE_ROW &&
	    s->nsql < N(s->sql)) {
		s->sql[s->nsql++] =
		    xstrdup((const char *)sqlite3_column_text(st, 0));
		s->ntables += sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (rc < 0)
		return e->code;
	if (s->ntables != 2)
		return err_set(e, TP_INTERNAL, "the schema lacks ticket_notes "
		    "or time_entries");
	return db_exec(g->db, e, "ATTACH ?1 AS demo_side", "t", s->path);
}

/* After the users are in and the tickets drawn: the notes' and time
 * entries' generator is a copy of this one with a stream of its own,
 * started on its thread now or run on this one by side_finish. */
static int
side_start(struct gen *g, struct side *s, struct err *e)
{
	struct gen *sg = &s->g;

	*sg = *g;
	sg->nstmts = 0;
	sg->nsaved = 0;
	sg->rng = g->rng ^ 0x5851f42d4c957f2dULL;
	/* uuids of their own: the first eight digits count from 80000000. */
	sg->uuids = 0x80000000ULL;
	if (!s->threaded)
		return TP_OK;
	sg->db = NULL;
	sg->h = NULL;
	sg->progress = NULL;
	sg->rows_done = sg->in_batch = 0;
	s->e = (struct err)ERR_INIT;
	if (pthread_create(&s->th, NULL, side_run, s) != 0)
		return err_set(e, TP_INTERNAL, "cannot start a thread");
	s->started = 1;
	return TP_OK;
}

/* With one thread: the notes and time entries, now, before the indexes
 * are built.  With two: wait for the side thread and copy its tables in. */
static int
side_finish(struct gen *g, struct side *s, struct err *e)
{
	int64_t n;
	int rc;

	if (!s->threaded) {
		s->g.rows_done = g->rows_done;
		s->g.in_batch = g->in_batch;
		rc = gen_side(&s->g, e);
		g->rows_done = s->g.rows_done;
		g->in_batch = s->g.in_batch;
		return rc;
	}
	pthread_join(s->th, NULL);
	s->started = 0;
	lap("side join");
	g->rows_done += s->g.rows_done - atomic_exchange(&g->sh->rows, 0);
	if (s->rc != TP_OK) {
		err_set(e, s->e.code, "%s", s->e.msg);
		return e->code;
	}
	/* The side schema was read (empty) at ATTACH: reading its
	 * sqlite_master notices the change and reloads it. */
	if (db_int(g->db, e, &n, "SELECT count(*) FROM demo_side.sqlite_master",
	    NULL) != TP_OK)
		return e->code;
	if (db_exec(g->db, e, "INSERT INTO ticket_notes "
	    "SELECT * FROM demo_side.ticket_notes", NULL) != TP_OK)
		return e->code;
	return db_exec(g->db, e, "INSERT INTO time_entries "
	    "SELECT * FROM demo_side.time_entries", NULL);
}

/* After the transaction, or after a failure: no thread, no side file. */
static void
side_cleanup(struct gen *g, struct side *s)
{
	atomic_store(&g->sh->stop, 1);
	if (s->started)
		pthread_join(s->th, NULL);
	s->started = 0;
	if (s->path && s->threaded) {
		sqlite3_exec(g->db->h, "DETACH demo_side", NULL, NULL, NULL);
		unlink(s->path);
	}
	free(s->path);
	for (int i = 0; i < s->nsql; i++)
		free(s->sql[i]);
	if (!s->threaded)
		for (int i = 0; i < s->g.nstmts; i++)
			sqlite3_finalize(s->g.stmts[i].st);
}

/* The load: a deferred transaction (see above), entered as db_begin's
 * outermost level would be, so that the services called inside (balance)
 * nest as savepoints and db_commit/db_rollback end it. */
static int
load(struct gen *g, struct side *s, struct err *e)
{
	if (load_open(g, s->threaded, e) != TP_OK || gen_users(g, e) != TP_OK)
		return e->code;
	draw_tickets(g);
	if (side_start(g, s, e) != TP_OK || gen_clients(g, e) != TP_OK ||
	    gen_assets(g, e) != TP_OK || gen_projects(g, e) != TP_OK ||
	    gen_invoices(g, e) != TP_OK)
		return e->code;
	lap("clients to invoices");
	if (gen_tickets(g, e) != TP_OK)
		return e->code;
	lap("tickets");
	if (!s->threaded && side_finish(g, s, e) != TP_OK)
		return e->code;
	if (load_close(g, e) != TP_OK)
		return e->code;
	if (s->threaded && side_finish(g, s, e) != TP_OK)
		return e->code;
	lap("side copy");
	if (gen_balances(g, e) != TP_OK)
		return e->code;
	lap("balances");
	return TP_OK;
}

/* The load: a deferred transaction (see "The side thread"); the services
 * called inside (balance) nest in it as savepoints. */
static int
generate(struct gen *g, struct side *s, struct err *e)
{
	int rc;

	if (side_prepare(g, s, e) != TP_OK)
		return e->code;
	if (db_begin_deferred(g->db, e) != TP_OK)
		return e->code;
	lap("start");
	if (load(g, s, e) != TP_OK) {
		atomic_store(&g->sh->stop, 1);
		if (s->started)
			pthread_join(s->th, NULL);
		s->started = 0;
		db_rollback(g->db);
		return e->code;
	}
	rc = db_commit(g->db, e);
	lap("commit");
	return rc;
}

int
demo_generate(struct db *db, int64_t tickets, uint64_t seed,
    void (*progress)(int64_t, int64_t, void *), void *arg, struct err *e)
{
	struct err ignored = ERR_INIT;
	struct shared sh;
	struct side *s;
	struct gen *g;
	int64_t cache;
	char pragma[64];
	int rc;

	if (tickets < 1)
		return err_set(e, TP_BADINPUT,
		    "a demo needs at least 1 ticket");
	if (db->depth > 0)
		return err_set(e, TP_INTERNAL,
		    "demo_generate inside a transaction");
	g = xcalloc(1, sizeof *g);
	s = xcalloc(1, sizeof *s);
	atomic_init(&sh.rows, 0);
	atomic_init(&sh.stop, 0);
	g->sh = &sh;
	g->db = db;
	g->h = db->h;
	g->rng = seed;
	g->now = clock_now();
	g->progress = progress;
	g->arg = arg;
	fill_dates(g);
	sizes(g, tickets);
	/* Generated rows can be generated again and commit once: no fsync,
	 * and a page cache that holds the tables being filled (1 KiB per
	 * ticket, 256 MiB to 1 GiB), so that building the indexes at the end
	 * reads no page twice from the file.  Values and references are
	 * valid by construction; the CHECKs (date() parsing on every date
	 * column) and the foreign key lookups (five per ticket) would cost a
	 * third of the time.  tests/demo.sh checks both on what this makes. */
	cache = tickets < 262144 ? 262144 : tickets > 1048576 ? 1048576
	    : tickets;
	g->side_cache = -cache;
	s->threaded = side_threaded(tickets);
	g->t_created = xcalloc((size_t)tickets, sizeof *g->t_created);
	g->t_status = xcalloc((size_t)tickets, sizeof *g->t_status);
	g->t_user = xcalloc((size_t)tickets, sizeof *g->t_user);
	g->p_age = xcalloc((size_t)g->projects, sizeof *g->p_age);
	rc = db_exec(db, e, "PRAGMA synchronous = OFF", NULL);
	/* A pragma's value cannot be bound; this one is a number of ours
	 * (as migrate.c's user_version). */
	snprintf(pragma, sizeof pragma, "PRAGMA cache_size = -%lld",
	    (long long)cache);
	if (rc == TP_OK && sqlite3_exec(db->h, pragma, NULL, NULL, NULL)
	    != SQLITE_OK)
		rc = db_error(db, e, "setting the cache size");
	if (rc == TP_OK)
		rc = db_exec(db, e, "PRAGMA ignore_check_constraints = ON",
		    NULL);
	if (rc == TP_OK)
		rc = db_exec(db, e, "PRAGMA foreign_keys = OFF", NULL);
	/* Sorting in temporary files lets CREATE INDEX gather keys in large
	 * blocks instead of one allocation per key (with temp_store MEMORY,
	 * SQLite's sorter never spills, and allocates every key on its own):
	 * a third less time to build an index. */
	if (rc == TP_OK)
		rc = db_exec(db, e, "PRAGMA temp_store = FILE", NULL);
	/* In rollback-journal mode the new pages go once, straight into the
	 * file (pages past its old end are not even journaled); in WAL they
	 * would be written twice, to the log and again by the checkpoint.
	 * Leaving WAL needs the database to itself: with another connection
	 * open this fails and the load simply runs in WAL. */
	if (rc == TP_OK)
		db_exec(db, &ignored, "PRAGMA journal_mode = DELETE", NULL);
	err_clear(&ignored);
	if (rc == TP_OK)
		rc = generate(g, s, e);
	side_cleanup(g, s);
	if (rc == TP_OK && progress)
		progress(g->rows_total, g->rows_total, arg);
	/* Back to db.c's settings; a failure here loses nothing. */
	db_exec(db, &ignored, "PRAGMA synchronous = FULL", NULL);
	db_exec(db, &ignored, "PRAGMA cache_size = -16000", NULL);
	db_exec(db, &ignored, "PRAGMA ignore_check_constraints = OFF", NULL);
	db_exec(db, &ignored, "PRAGMA foreign_keys = ON", NULL);
	db_exec(db, &ignored, "PRAGMA temp_store = MEMORY", NULL);
	db_exec(db, &ignored, "PRAGMA journal_mode = WAL", NULL);
	for (int i = 0; i < g->nsaved; i++)
		free(g->saved[i]);
	for (int i = 0; i < g->nstmts; i++)
		sqlite3_finalize(g->stmts[i].st);
	free(g->t_created);
	free(g->t_status);
	free(g->t_user);
	free(g->p_age);
	free(s);
	free(g);
	return rc;
}
