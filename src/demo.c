/* demo.c - see demo.h.
 *
 * Rows go straight in through cached prepared statements, in transactions
 * of BATCH rows, not through the services: a generated history is not a
 * series of events (no events, activity, outbox or jobs per row).  Every
 * value, uuids included, comes from one splitmix64 stream seeded by the
 * seed, and every time from clock_now(), so TERMPSA_NOW and the seed fix
 * the result byte for byte.  Ids are predictable (entity j belongs to
 * client j % clients + 1), so later rows refer to earlier ones without
 * looking them up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "balance.h"
#include "buf.h"
#include "clock.h"
#include "demo.h"
#include "rows.h"

#define BATCH 5000
#define DAY 86400
#define SPAN_DAYS 1095          /* three years of history */
#define NUSERS 20
#define NCAT 6
#define FUTURE_DAYS 1100      /* warranties run up to three years ahead */

#define N(a) ((int)(sizeof a / sizeof a[0]))

/* The generator's state: the random stream, sizes and the batch. */
struct gen {
	struct db *db;
	uint64_t   rng;
	int64_t    now;
	int64_t    tickets, clients, assets, invoices, projects;
	int64_t    user_ids[NUSERS];
	int64_t    rows_done, rows_total, in_batch;
	uint64_t   uuids;
	struct rows fts;           /* the search triggers' SQL */
	int64_t    fts_done[3];   /* highest id indexed: tickets, clients,
	                             assets */
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

/* A version-4-shaped uuid whose first 8 hex digits count up, so that the
 * tables' unique uuid indexes are appended to, not written all over. */
static void
uuid(struct gen *g, char out[37])
{
	uint64_t a = next(g), b = next(g);

	g->uuids++;
	snprintf(out, 37, "%08llx-%04x-4%03x-%x%03x-%012llx",
	    (unsigned long long)(g->uuids & 0xffffffffULL),
	    (unsigned)(a >> 16) & 0xffff,
	    (unsigned)a & 0xfff, (unsigned)(8 + (b >> 62)),
	    (unsigned)(b >> 48) & 0xfff,
	    (unsigned long long)(b & 0xffffffffffffULL));
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

/* Batches and search ------------------------------------------------------ */

/*
 * The FTS insert triggers cost as much as everything else together when
 * rows arrive one by one; indexing a batch's new rows with one INSERT ...
 * SELECT costs a tenth of that.  So each batch transaction drops the
 * AFTER INSERT triggers of the search tables at its start, and at its end
 * indexes the rows it added and creates the triggers again (their SQL is
 * read from sqlite_master, so the schema stays the one source).  DDL is
 * transactional: whether a batch commits, rolls back or dies with the
 * process, the database never lacks a trigger or an indexed row.
 */
static const char fts_saved_sql[] =
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
    "AND name IN ('tickets_fts_ai', 'clients_fts_ai', 'assets_fts_ai') "
    "ORDER BY name";
static const char *const fts_drop[] = {
	"DROP TRIGGER IF EXISTS tickets_fts_ai",
	"DROP TRIGGER IF EXISTS clients_fts_ai",
	"DROP TRIGGER IF EXISTS assets_fts_ai",
};
/* ?1: the highest id indexed before this batch. */
static const char *const fts_catch_up[] = {
	"INSERT INTO tickets_fts(rowid, subject, body) "
	"SELECT id, subject, body FROM tickets WHERE id > ?1",
	"INSERT INTO clients_fts(rowid, name, company_name) "
	"SELECT id, name, company_name FROM clients WHERE id > ?1",
	"INSERT INTO assets_fts(rowid, name, serial, make, model) "
	"SELECT id, name, serial, make, model FROM assets WHERE id > ?1",
};
static const char *const fts_max_id[] = {
	"SELECT coalesce(max(id), 0) FROM tickets",
	"SELECT coalesce(max(id), 0) FROM clients",
	"SELECT coalesce(max(id), 0) FROM assets",
};

static int
batch_open(struct gen *g, struct err *e)
{
	if (db_begin(g->db, e) != TP_OK)
		return e->code;
	for (int i = 0; i < N(fts_drop); i++)
		if (db_exec(g->db, e, fts_drop[i], NULL) != TP_OK)
			return e->code;
	return TP_OK;
}

static int
batch_close(struct gen *g, struct err *e)
{
	for (int i = 0; i < N(fts_catch_up); i++) {
		if (db_exec(g->db, e, fts_catch_up[i], "i", g->fts_done[i])
		    != TP_OK ||
		    db_int(g->db, e, &g->fts_done[i], fts_max_id[i], NULL)
		    != TP_OK)
			return e->code;
	}
	for (size_t i = 0; i < g->fts.n; i++)
		if (sqlite3_exec(g->db->h, rows_text(&g->fts, i, "sql"), NULL,
		    NULL, NULL) != SQLITE_OK)
			return db_error(g->db, e, "restoring search indexing");
	return db_commit(g->db, e);
}

static int
row_done(struct gen *g, struct err *e)
{
	g->rows_done++;
	if (++g->in_batch < BATCH)
		return TP_OK;
	g->in_batch = 0;
	if (batch_close(g, e) != TP_OK)
		return e->code;
	if (g->progress)
		g->progress(g->rows_done, g->rows_total, g->arg);
	return batch_open(g, e);
}

static int
insert(struct gen *g, struct err *e, const char *sql, const char *fmt, ...)
{
	va_list ap;
	sqlite3_stmt *st;

	va_start(ap, fmt);
	st = db_vprepare(g->db, e, sql, fmt, ap);
	va_end(ap);
	if (st == NULL)
		return e->code;
	if (db_step(g->db, st, e) < 0)
		return e->code;
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
	    g->projects * 9 + g->invoices * 4 + g->tickets * 5;
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

/* Projects with expenses and project time (no ticket). */
static int
gen_projects(struct gen *g, struct err *e)
{
	static const char psql[] =
	    "INSERT INTO projects(id, uuid, client_id, name, status, due_date, "
	    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)";
	static const char xsql[] =
	    "INSERT INTO project_expenses(project_id, description, "
	    "amount_cents, billable, created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
	static const char tsql[] =
	    "INSERT INTO time_entries(uuid, project_id, user_id, work_date, "
	    "minutes, billable, note, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)";
	static const char *const st[] = { "active", "on_hold", "completed" };
	static const int sw[] = { 50, 15, 35 };

	for (int64_t p = 1; p <= g->projects; p++) {
		int64_t age = 10 + rnd(g, 300);
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
		for (int k = 0; k < 5; k++) {
			int64_t ago = age - 1 - rnd(g, age), user, minutes;
			int64_t billable;
			const char *note;

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
	    "quantity, price_cents, total_cents) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	static const char *const st[] = {
		"draft", "sent", "partial", "paid", "cancelled"
	};
	static const int sw[] = { 4, 14, 6, 72, 4 };
	int64_t c = (j - 1) % g->clients + 1;
	/* Invoice j is issued at a time growing with j, newest last. */
	int64_t ago = SPAN_DAYS - (j * SPAN_DAYS) / (g->invoices + 1);
	int64_t total = 0, price = 10000 + 500 * rnd(g, 21);
	int s = weighted(g, sw, N(sw)), lines = 1 + (int)rnd(g, 3);
	char id[37], number[48];

	if (ago > 60 && (s == 0 || s == 1))
		s = 3;      /* old drafts and unpaid invoices get paid */
	if (j > g->invoices - N(st))
		s = (int)(g->invoices - j);     /* the newest: one of each */
	uuid(g, id);
	snprintf(number, sizeof number, "%s%06lld", g->db->invoice_prefix,
	    (long long)j);
	if (insert(g, e, isql, "ittitttti" "i", j, id, number, c,
	    "Support Services", st[s], date_ago(g, ago), date_ago(g, ago - 30),
	    (int64_t)0, g->now - ago * DAY) != TP_OK)
		return e->code;
	for (int k = 1; k <= lines; k++) {
		int64_t q = 25 * (1 + rnd(g, 32)), t = (q * price + 50) / 100;
		const char *problem = PICK(g, problems);
		const char *object = PICK(g, objects);
		char desc[160];

		snprintf(desc, sizeof desc, "Support: %s %s", problem, object);
		total += t;
		if (insert(g, e, itsql, "iitiii", j, (int64_t)k, desc, q,
		    price, t) != TP_OK)
			return e->code;
	}
	if (db_exec(g->db, e, "UPDATE invoices SET total_cents = ?2 "
	    "WHERE id = ?1", "ii", j, total) != TP_OK)
		return e->code;
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
static const char *
ticket_status(struct gen *g, int recent_one)
{
	static const char *const recent[] = {
		"open", "in_progress", "waiting", "scheduled", "resolved",
		"closed"
	};
	static const int rw[] = { 30, 20, 12, 8, 15, 15 };
	static const int ow[] = { 1, 1, 1, 1, 6, 90 };

	return recent[weighted(g, recent_one ? rw : ow, N(rw))];
}

static int
gen_ticket_time(struct gen *g, int64_t t, int64_t c, int64_t created,
    int64_t user, int billed, struct err *e)
{
	static const char sql[] =
	    "INSERT INTO time_entries(uuid, ticket_id, user_id, work_date, "
	    "minutes, billable, invoice_id, note, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)";
	int64_t n = rnd(g, 7), per = g->invoices / g->clients;

	for (int64_t k = 0; k < n; k++) {
		int64_t at = created + k * 3600 * (1 + rnd(g, 20));
		int64_t inv = 0, who, minutes, billable;
		const char *note;
		char id[37], date[CLOCK_DATE_LEN];

		if (at > g->now)
			at = g->now;
		/* Old time is on one of the client's invoices (ids c + C*k). */
		if (billed && per > 0)
			inv = c + g->clients * rnd(g, per);
		uuid(g, id);
		snprintf(date, sizeof date, "%s",
		    date_ago(g, (g->now - at) / DAY));
		who = user ? user : g->user_ids[rnd(g, NUSERS)];
		minutes = 15 * (1 + rnd(g, 16));
		billable = !chance(g, 12);
		note = PICK(g, work_notes);
		if (insert(g, e, sql, "tiitiiIti", id, t, who, date, minutes,
		    billable, inv, note, at) != TP_OK)
			return e->code;
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
	static const char nsql[] =
	    "INSERT INTO ticket_notes(uuid, ticket_id, author_id, body, "
	    "visibility, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?6)";
	static const char *const prio[] = {
		"low", "normal", "high", "critical"
	};
	static const int pw[] = { 20, 50, 22, 8 };
	static const char *const src[] = {
		"system", "technician", "phone", "email", "portal", "psa"
	};
	static const int sw[] = { 5, 25, 30, 30, 8, 2 };
	int64_t c = (t - 1) % g->clients + 1;
	int64_t created = g->now - SPAN_DAYS * DAY +
	    (t * (SPAN_DAYS * (int64_t)DAY - 3600)) / g->tickets - rnd(g, 3600);
	int64_t age = (g->now - created) / DAY, user, done = 0, updated;
	int64_t per_assets = g->assets / g->clients;
	const char *status = ticket_status(g, age < 21 || t > g->tickets -
	    g->tickets / 16);
	const char *object = PICK(g, objects);
	int closed = strcmp(status, "closed") == 0;
	int finished = closed || strcmp(status, "resolved") == 0;
	const char *w1, *w2, *w3;
	int64_t contact, location = 0, asset = 0, due = 0;
	const char *prio_s, *src_s, *cat;
	int64_t billable;
	char id[37];
	int rc;

	w1 = PICK(g, problems);
	buf_reset(subj);
	buf_addf(subj, "%s %s", w1, object);
	w1 = PICK(g, details);
	w2 = PICK(g, cities);
	w3 = PICK(g, details);
	buf_reset(body);
	buf_addf(body, "%s The %s at the %s site needs attention. %s",
	    w1, object, w2, w3);
	user = chance(g, 90) ? g->user_ids[rnd(g, NUSERS)] : 0;
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
	    location, asset, subj->s, body->s, prio_s, status, src_s, cat,
	    user, billable, due, finished ? done : 0,
	    closed ? (done + DAY < g->now ? done + DAY : g->now) : 0,
	    created, updated);
	if (rc != TP_OK)
		return rc;
	for (int64_t k = rnd(g, 3); k > 0; k--) {
		const char *text, *vis;
		int64_t at;

		uuid(g, id);
		text = PICK(g, note_texts);
		vis = chance(g, 20) ? "public" : "internal";
		at = created + 600 * (1 + rnd(g, 100));
		if (insert(g, e, nsql, "tiItti", id, t, user, text, vis, at)
		    != TP_OK)
			return e->code;
	}
	return gen_ticket_time(g, t, c, created, user, closed && age > 45, e);
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
	for (int64_t c = 1; c <= g->clients; c++) {
		if (balance_recompute(g->db, c, e) != TP_OK)
			return e->code;
		if (c % 500 == 0 && (db_commit(g->db, e) != TP_OK ||
		    db_begin(g->db, e) != TP_OK))
			return e->code;
	}
	return TP_OK;
}

int
demo_generate(struct db *db, int64_t tickets, uint64_t seed,
    void (*progress)(int64_t, int64_t, void *), void *arg, struct err *e)
{
	struct err ignored = ERR_INIT;
	struct gen *g;
	int rc;

	if (tickets < 1)
		return err_set(e, TP_BADINPUT,
		    "a demo needs at least 1 ticket");
	g = xcalloc(1, sizeof *g);
	g->db = db;
	g->rng = seed;
	g->now = clock_now();
	g->progress = progress;
	g->arg = arg;
	fill_dates(g);
	sizes(g, tickets);
	/* Generated rows can be generated again: no fsync per batch, and a
	 * cache big enough for the indexes being filled. */
	rc = db_exec(db, e, "PRAGMA synchronous = OFF", NULL);
	if (rc == TP_OK)
		rc = db_exec(db, e, "PRAGMA cache_size = -262144", NULL);
	/* Values are valid by construction; the CHECKs (date() parsing on
	 * every date column) cost a quarter of the time.  Foreign keys stay
	 * on: they are cheap. */
	if (rc == TP_OK)
		rc = db_exec(db, e, "PRAGMA ignore_check_constraints = ON",
		    NULL);
	if (rc == TP_OK)
		rc = rows_query(db, &g->fts, e, fts_saved_sql, NULL);
	for (int i = 0; i < N(fts_max_id) && rc == TP_OK; i++)
		rc = db_int(db, e, &g->fts_done[i], fts_max_id[i], NULL);
	if (rc == TP_OK)
		rc = batch_open(g, e);
	if (rc == TP_OK)
		rc = gen_users(g, e);
	if (rc == TP_OK)
		rc = gen_clients(g, e);
	if (rc == TP_OK)
		rc = gen_assets(g, e);
	if (rc == TP_OK)
		rc = gen_projects(g, e);
	if (rc == TP_OK)
		rc = gen_invoices(g, e);
	if (rc == TP_OK)
		rc = gen_tickets(g, e);
	if (rc == TP_OK)
		rc = batch_close(g, e);
	if (rc == TP_OK && (rc = db_begin(db, e)) == TP_OK)
		rc = gen_balances(g, e);
	if (rc == TP_OK)
		rc = db_commit(db, e);
	else if (db->depth > 0)
		db_rollback(db);
	if (rc == TP_OK && progress)
		progress(g->rows_total, g->rows_total, arg);
	/* Back to db.c's settings; a failure here loses nothing. */
	db_exec(db, &ignored, "PRAGMA synchronous = FULL", NULL);
	db_exec(db, &ignored, "PRAGMA cache_size = -16000", NULL);
	db_exec(db, &ignored, "PRAGMA ignore_check_constraints = OFF", NULL);
	rows_free(&g->fts);
	free(g);
	return rc;
}
