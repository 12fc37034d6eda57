/* schedule.c - see schedule.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/job.h"
#include "service/activity.h"
#include "service/asset.h"
#include "service/listeners.h"
#include "service/schedule.h"
#include "service/ticket.h"

#define DESCRIPTION_MAX 10000
#define FIRST_YEAR_MAX  2999   /* occurrences stay four-digit years */
#define FIRST_DATE_MAX  "2999-12-31"   /* the same, as a date */
#define WAKE_MAX_DAYS   400    /* the job looks again at least this often */

/* The units of --every: the letter, how many days one is (0: a calendar
 * month) and the largest count taken. */
static const struct {
	char        unit;
	int         days;
	int         max;
	const char *name;
} units[] = {
	{ 'd', 1, 3650, "day" }, { 'w', 7, 520, "week" }, { 'm', 0, 120, "month" },
};
#define NUNITS (sizeof units / sizeof units[0])

static int made_total, skipped_total;

/* Parsing ----------------------------------------------------------------- */

/* "12" followed by one of `allowed`'s letters (or none when bare_ok):
 * the number in *n, the letter in *unit (0 when bare).  -1 if malformed. */
static int
count_unit(const char *s, const char *allowed, int bare_ok, int *n,
    char *unit)
{
	long v = 0;
	size_t i = 0;

	if (s == NULL || !isdigit((unsigned char)s[0]))
		return -1;
	for (; isdigit((unsigned char)s[i]); i++) {
		v = v * 10 + (s[i] - '0');
		if (v > 100000)
			return -1;
	}
	*unit = s[i];
	if (s[i] == '\0' ? !bare_ok :
	    (s[i + 1] != '\0' || strchr(allowed, s[i]) == NULL))
		return -1;
	*n = (int)v;
	return 0;
}

int
schedule_parse_every(const char *s, const char *what, int *n, char *unit,
    struct err *e)
{
	if (count_unit(s, "dwm", 0, n, unit) == 0 && *n >= 1)
		for (size_t i = 0; i < NUNITS; i++)
			if (units[i].unit == *unit && *n <= units[i].max)
				return TP_OK;
	return err_set_field(e, TP_BADINPUT, "every", "bad %s '%s': expected "
	    "how often as a count of days, weeks or months: 30d, 2w, 3m "
	    "(1 to 3650d, 520w or 120m)", what, s ? s : "");
}

int
schedule_parse_lead(const char *s, const char *what, int *days,
    struct err *e)
{
	char unit;
	int n;

	if (count_unit(s, "dw", 1, &n, &unit) == 0) {
		*days = unit == 'w' ? n * 7 : n;
		if (*days <= SCHEDULE_LEAD_MAX)
			return TP_OK;
	}
	return err_set_field(e, TP_BADINPUT, "lead", "bad %s '%s': expected "
	    "how long before each date its ticket is made, in days or weeks: "
	    "7d, 2w (0 to %d days)", what, s ? s : "", SCHEDULE_LEAD_MAX);
}

int
schedule_check_first(const char *s, const char *what, struct err *e)
{
	/* A checked YYYY-MM-DD compares as text in date order. */
	if (s != NULL && clock_check_date(s, NULL) == TP_OK &&
	    strcmp(s, FIRST_DATE_MAX) <= 0)
		return TP_OK;
	return err_set_field(e, TP_BADINPUT, "first", "bad %s '%s': expected "
	    "a date YYYY-MM-DD (before %d)", what, s ? s : "",
	    FIRST_YEAR_MAX + 1);
}

/* Dates ------------------------------------------------------------------- */

static int
days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

void
schedule_occurrence(const char *first, int n, char unit, int64_t k,
    char out[CLOCK_DATE_LEN])
{
	int y, m, d, dim;
	int64_t months;

	if (unit != 'm') {
		clock_add_days(first, (int)(k * n * (unit == 'w' ? 7 : 1)), out,
		    NULL);
		return;
	}
	/* From the first date every time, never from the previous
	 * occurrence: a 31st clamped to the 28th stays the 31st later. */
	if (sscanf(first, "%4d-%2d-%2d", &y, &m, &d) != 3) {
		snprintf(out, CLOCK_DATE_LEN, "%s", first);
		return;
	}
	months = (int64_t)(m - 1) + k * n;
	y += (int)(months / 12);
	m = (int)(months % 12) + 1;
	dim = days_in_month(y, m);
	d = d < dim ? d : dim;
	/* The modulos only tell the compiler the widths (clock.c does so). */
	snprintf(out, CLOCK_DATE_LEN, "%04d-%02d-%02d", (y % 10000 + 10000) %
	    10000, (m % 13 + 13) % 13, (d % 32 + 32) % 32);
}

/* The index of the first occurrence on or after day (k >= 0). */
static int64_t
first_from(const char *first, int n, char unit, const char *day)
{
	char occ[CLOCK_DATE_LEN];
	int64_t k = 0;
	int gap = clock_days_between(first, day);

	if (gap <= 0)
		return 0;
	/* A start close below the answer, then walk up to it. */
	k = unit == 'm' ? gap / (31 * n) : gap / (n * (unit == 'w' ? 7 : 1));
	for (;;) {
		schedule_occurrence(first, n, unit, k, occ);
		if (strcmp(occ, day) >= 0)
			return k;
		k++;
	}
}

/* Add, remove, list ------------------------------------------------------- */

static int
add_check(const struct schedule_new *s, int *n, char *unit, int *lead,
    struct err *e)
{
	*lead = SCHEDULE_LEAD_DEFAULT;
	if (schedule_parse_every(s->every, "every", n, unit, e) != TP_OK ||
	    (s->lead != NULL && schedule_parse_lead(s->lead, "lead", lead, e)
	    != TP_OK) ||
	    (s->first != NULL && schedule_check_first(s->first, "first date", e)
	    != TP_OK))
		return e->code;
	if (s->type != NULL && ticket_check_enum(s->type, "maintenance type",
	    asset_maintenance_types, e) != TP_OK)
		return err_field(e, TP_BADINPUT, "type");
	if (s->description != NULL && *s->description == '\0')
		return err_set_field(e, TP_BADINPUT, "description", "an empty "
		    "description: leave it out for the default");
	if (s->description != NULL && strlen(s->description) > DESCRIPTION_MAX)
		return err_set_field(e, TP_BADINPUT, "description", "description "
		    "longer than %d characters", DESCRIPTION_MAX);
	return TP_OK;
}

/* The asset's client and name; retired and lost assets get no schedule,
 * as they get no maintenance. */
static int
asset_of(struct db *db, int64_t asset_id, struct rows *a, struct err *e)
{
	const char *status;

	if (rows_query(db, a, e, "SELECT client_id, name, status FROM assets "
	    "WHERE id = ?1", "i", asset_id) != TP_OK)
		return e->code;
	if (a->n == 0)
		return err_set_field(e, TP_NOTFOUND, "asset_id", "asset %lld not "
		    "found", (long long)asset_id);
	status = rows_text(a, 0, "status");
	if (strcmp(status, "retired") == 0 || strcmp(status, "lost") == 0)
		return err_set_field(e, TP_REFUSED, "asset_id", "asset %lld is "
		    "%s: cannot schedule maintenance", (long long)asset_id, status);
	return TP_OK;
}

static const struct job_handler *
the_job(void)
{
	return listeners_job(JOB_SCHEDULED_MAINTENANCE);
}

static int
add_tx(struct db *db, const struct schedule_new *s, int n, char unit,
    int lead, int64_t *id, struct err *e)
{
	char today[CLOCK_DATE_LEN], first[CLOCK_DATE_LEN], next[CLOCK_DATE_LEN];
	char make[CLOCK_DATE_LEN], line[400];
	struct rows a = { 0 };
	int64_t k, now = clock_now();
	int rc;

	if (asset_of(db, s->asset_id, &a, e) != TP_OK) {
		rows_free(&a);
		return e->code;
	}
	clock_today(today);
	if (s->first != NULL)
		snprintf(first, sizeof first, "%s", s->first);
	else
		clock_add_days(today, lead, first, NULL);
	k = first_from(first, n, unit, today);
	schedule_occurrence(first, n, unit, k, next);
	clock_add_days(next, -lead, make, NULL);
	rc = db_exec(db, e, "INSERT INTO maintenance_schedules(asset_id, "
	    "every_n, every_unit, first_on, lead_days, maintenance_type, "
	    "description, next_index, next_on, make_on, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?6, 'preventive'), ?7, ?8, ?9, "
	    "?10, ?11, ?11)", "iittittitti", s->asset_id, (int64_t)n,
	    (char[]){ unit, '\0' }, first, (int64_t)lead, s->type, s->description,
	    k, next, make, now);
	if (rc == TP_OK) {
		*id = db_last_id(db);
		snprintf(line, sizeof line, "Maintenance schedule %lld for %.200s: "
		    "every %d%c from %s, tickets %d days ahead (next %s)",
		    (long long)*id, rows_text(&a, 0, "name"), n, unit, first, lead,
		    next);
		rc = activity_add(db, rows_int(&a, 0, "client_id"),
		    "maintenance_schedule", *id, line, e);
	}
	if (rc == TP_OK)
		rc = job_enqueue_once(db, the_job(), "{}", 0, e);
	rows_free(&a);
	return rc;
}

int
schedule_add(struct db *db, const struct schedule_new *s, int64_t *id,
    struct err *e)
{
	int n, lead;
	char unit;

	if (add_check(s, &n, &unit, &lead, e) != TP_OK)
		return e->code;
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return db_end(db, add_tx(db, s, n, unit, lead, id, e), e);
}

static int
remove_tx(struct db *db, int64_t id, struct err *e)
{
	struct rows r = { 0 };
	char line[300];
	int rc;

	rc = rows_query(db, &r, e, "SELECT s.asset_id, a.client_id, a.name "
	    "FROM maintenance_schedules s JOIN assets a ON a.id = s.asset_id "
	    "WHERE s.id = ?1", "i", id);
	if (rc == TP_OK && r.n == 0)
		rc = err_set(e, TP_NOTFOUND, "schedule %lld not found",
		    (long long)id);
	if (rc == TP_OK)
		rc = db_exec(db, e, "DELETE FROM maintenance_occurrences WHERE "
		    "schedule_id = ?1", "i", id);
	if (rc == TP_OK)
		rc = db_exec(db, e, "DELETE FROM maintenance_schedules WHERE "
		    "id = ?1", "i", id);
	if (rc == TP_OK) {
		snprintf(line, sizeof line, "Maintenance schedule %lld for %.200s "
		    "removed", (long long)id, rows_text(&r, 0, "name"));
		rc = activity_add(db, rows_int(&r, 0, "client_id"),
		    "maintenance_schedule", id, line, e);
	}
	rows_free(&r);
	return rc;
}

int
schedule_remove(struct db *db, int64_t id, struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return db_end(db, remove_tx(db, id, e), e);
}

#define LIST_SQL \
	"SELECT s.id, s.asset_id, a.name AS asset_name, a.client_id, " \
	"s.every_n || s.every_unit AS every, s.every_n, s.every_unit, " \
	"s.first_on, s.lead_days, s.maintenance_type, s.description, " \
	"s.next_on, s.make_on, (SELECT count(*) FROM maintenance_occurrences " \
	"o WHERE o.schedule_id = s.id AND o.ticket_id IS NOT NULL) AS made, " \
	"(SELECT max(o.ticket_id) FROM maintenance_occurrences o WHERE " \
	"o.schedule_id = s.id) AS last_ticket_id " \
	"FROM maintenance_schedules s JOIN assets a ON a.id = s.asset_id "

int
schedule_list(struct db *db, int64_t asset_id, struct rows *out,
    struct err *e)
{
	int64_t x;

	if (asset_id != 0 && db_int(db, e, &x, "SELECT id FROM assets WHERE "
	    "id = ?1", "i", asset_id) != TP_OK)
		return err_set(e, TP_NOTFOUND, "asset %lld not found",
		    (long long)asset_id);
	return rows_query(db, out, e, LIST_SQL "WHERE (?1 = 0 OR s.asset_id = "
	    "?1) ORDER BY s.asset_id, s.id", "i", asset_id);
}

int
schedule_get(struct db *db, int64_t id, struct rows *out, struct err *e)
{
	if (rows_query(db, out, e, LIST_SQL "WHERE s.id = ?1", "i", id)
	    != TP_OK)
		return e->code;
	if (out->n == 0) {
		rows_free(out);
		return err_set(e, TP_NOTFOUND, "schedule %lld not found",
		    (long long)id);
	}
	return TP_OK;
}

/* The job ----------------------------------------------------------------- */

/* One schedule's catch-up, as the job reads it. */
struct pass {
	int64_t     id, asset_id, client_id, k;
	const char *first, *asset, *type, *description;
	int         n, lead;
	char        unit;
	int         made, skipped, refused;
	char        skip_from[CLOCK_DATE_LEN], skip_to[CLOCK_DATE_LEN];
};

/* Make occurrence `on`: claim its row first, so an occurrence already
 * made (by another worker, an earlier run, a run under a later clock)
 * makes nothing now. */
static int
make_one(struct db *db, struct pass *p, const char *on, struct err *e)
{
	struct maint_req r;
	struct err me = ERR_INIT;
	int64_t ticket, mid, occ;
	char line[600];

	if (db_exec(db, e, "INSERT INTO maintenance_occurrences(schedule_id, "
	    "occurs_on, created_at) VALUES (?1, ?2, ?3) ON CONFLICT(schedule_id, "
	    "occurs_on) DO NOTHING", "iti", p->id, on, clock_now()) != TP_OK)
		return e->code;
	if (db_changes(db) == 0)
		return TP_OK;
	occ = db_last_id(db);
	memset(&r, 0, sizeof r);
	r.date = on;
	r.type = p->type;
	r.description = p->description;
	/* A retired or lost asset gets no ticket: the occurrence is spent
	 * (claimed, no ticket) and the log says why. */
	if (asset_schedule_maintenance(db, p->asset_id, &r, &ticket, &mid, &me)
	    != TP_OK) {
		if (me.code != TP_REFUSED)
			return err_set(e, me.code, "schedule %lld: %s",
			    (long long)p->id, me.msg);
		p->refused++;
		snprintf(line, sizeof line, "Maintenance schedule %lld for "
		    "%.200s, %s: not made: %.250s", (long long)p->id, p->asset, on,
		    me.msg);
		return activity_add(db, p->client_id, "maintenance_schedule",
		    p->id, line, e);
	}
	p->made++;
	return db_exec(db, e, "UPDATE maintenance_occurrences SET ticket_id = "
	    "?2, maintenance_id = ?3 WHERE id = ?1", "iii", occ, ticket, mid);
}

/* Walk the occurrences whose day to be made has come (date - lead <=
 * today): an occurrence whose next one has come too is past, skipped;
 * the others (ahead, or the latest one, its period still open) are made. */
static int
catch_up(struct db *db, struct pass *p, const char *today, struct err *e)
{
	char on[CLOCK_DATE_LEN], make[CLOCK_DATE_LEN], after[CLOCK_DATE_LEN];

	for (;; p->k++) {
		schedule_occurrence(p->first, p->n, p->unit, p->k, on);
		clock_add_days(on, -p->lead, make, NULL);
		if (strcmp(make, today) > 0)
			break;
		schedule_occurrence(p->first, p->n, p->unit, p->k + 1, after);
		if (strcmp(after, today) <= 0) {
			if (p->skipped++ == 0)
				snprintf(p->skip_from, sizeof p->skip_from, "%s", on);
			snprintf(p->skip_to, sizeof p->skip_to, "%s", on);
			continue;
		}
		if (make_one(db, p, on, e) != TP_OK)
			return e->code;
	}
	return db_exec(db, e, "UPDATE maintenance_schedules SET next_index = ?2, "
	    "next_on = ?3, make_on = ?4, updated_at = ?5 WHERE id = ?1",
	    "iitti", p->id, p->k, on, make, clock_now());
}

static int
say_skipped(struct db *db, const struct pass *p, struct err *e)
{
	char line[400];

	if (p->skipped == 0)
		return TP_OK;
	snprintf(line, sizeof line, "Maintenance schedule %lld for %.200s: "
	    "%d past occurrence%s skipped (%s%s%s), only those still ahead or "
	    "open made", (long long)p->id, p->asset, p->skipped,
	    p->skipped == 1 ? "" : "s", p->skip_from,
	    p->skipped > 1 ? " to " : "", p->skipped > 1 ? p->skip_to : "");
	return activity_add(db, p->client_id, "maintenance_schedule", p->id,
	    line, e);
}

static void
pass_of(const struct rows *r, size_t i, struct pass *p)
{
	memset(p, 0, sizeof *p);
	p->id = rows_int(r, i, "id");
	p->asset_id = rows_int(r, i, "asset_id");
	p->client_id = rows_int(r, i, "client_id");
	p->k = rows_int(r, i, "next_index");
	p->first = rows_text(r, i, "first_on");
	p->asset = rows_text(r, i, "asset_name");
	p->type = rows_text(r, i, "maintenance_type");
	p->description = rows_isnull(r, i, "description") ? NULL :
	    rows_text(r, i, "description");
	p->n = (int)rows_int(r, i, "every_n");
	p->lead = (int)rows_int(r, i, "lead_days");
	p->unit = rows_text(r, i, "every_unit")[0];
}

/* Enqueue the next look: local midnight of the earliest day a ticket is
 * due to be made (tomorrow at the soonest, as today's are made). */
static int
wake_again(struct db *db, struct err *e)
{
	char *day = NULL;
	int64_t delay;
	int rc;

	rc = db_text(db, e, &day, "SELECT min(make_on) FROM "
	    "maintenance_schedules", NULL);
	if (rc == TP_NOTFOUND || (rc == TP_OK && day == NULL))
		return TP_OK;
	if (rc != TP_OK)
		return rc;
	delay = clock_date_start(day) - clock_now();
	free(day);
	if (delay < 0)
		delay = 0;
	if (delay > (int64_t)WAKE_MAX_DAYS * 86400)
		delay = (int64_t)WAKE_MAX_DAYS * 86400;
	return job_enqueue_once(db, the_job(), "{}", (int)delay, e);
}

int
schedule_job(struct db *db, const char *payload, struct err *e)
{
	char today[CLOCK_DATE_LEN];
	struct rows r = { 0 };
	struct pass p;
	int rc, made = 0, skipped = 0;

	(void)payload;
	clock_today(today);
	rc = rows_query(db, &r, e, "SELECT s.id, s.asset_id, a.client_id, "
	    "a.name AS asset_name, s.every_n, s.every_unit, s.first_on, "
	    "s.lead_days, s.maintenance_type, s.description, s.next_index "
	    "FROM maintenance_schedules s JOIN assets a ON a.id = s.asset_id "
	    "WHERE s.make_on <= ?1 ORDER BY s.id", "t", today);
	for (size_t i = 0; rc == TP_OK && i < r.n; i++) {
		pass_of(&r, i, &p);
		rc = catch_up(db, &p, today, e);
		if (rc == TP_OK)
			rc = say_skipped(db, &p, e);
		made += p.made;
		skipped += p.skipped + p.refused;
	}
	rows_free(&r);
	if (rc == TP_OK)
		rc = wake_again(db, e);
	/* Counted once the pass has gone through (only the commit is left). */
	if (rc == TP_OK) {
		made_total += made;
		skipped_total += skipped;
	}
	return rc;
}

void
schedule_tally_take(int *made, int *skipped)
{
	*made = made_total;
	*skipped = skipped_total;
	made_total = skipped_total = 0;
}
