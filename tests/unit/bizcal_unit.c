/*
 * bizcal_unit.c - business-time arithmetic (core/bizcal.c) on tables of
 * cases: weekends, holidays, daylight saving time in a named zone, odd
 * hours (lunch breaks, short Fridays, 24/7, a Saturday morning), and the
 * parser's refusals.  Every time is written in UTC ISO so that a case
 * says exactly which instant it means.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/bizcal.h"
#include "core/clock.h"
#include "tap.h"

static int64_t
ts(const char *iso)
{
	struct err e = ERR_INIT;
	int64_t t = 0;

	if (clock_parse_iso(iso, &t, &e) != TP_OK) {
		printf("# bad time in test: %s\n", iso);
		exit(2);
	}
	return t;
}

struct cal_def {
	const char *hours, *zone, *holidays[4];
};

static const struct cal_def cal_std = { "Mon-Fri 08:00-18:00", "UTC", { NULL } };
static const struct cal_def cal_hol = { "Mon-Fri 08:00-18:00", "UTC",
	{ "2026-12-25", "2026-12-28", NULL } };
static const struct cal_def cal_berlin = { "Mon-Fri 08:00-18:00",
	"Europe/Berlin", { NULL } };
static const struct cal_def cal_ny247 = { "Mon-Sun 00:00-24:00",
	"America/New_York", { NULL } };
static const struct cal_def cal_odd = {
	"Mon-Thu 08:00-12:00 13:00-17:00; Fri 08:00-12:00, sat 09:00-11:00",
	"UTC", { NULL } };
static const struct cal_def cal_wrap = { "Sat-Mon 10:00-14:00", "UTC", { NULL } };

static void
build(const struct cal_def *d, struct bizcal *c)
{
	struct err e = ERR_INIT;

	bizcal_default(c);
	if (bizcal_parse_hours(c, d->hours, &e) != TP_OK ||
	    bizcal_set_zone(c, d->zone, &e) != TP_OK) {
		printf("# bad calendar in test: %s\n", e.msg);
		exit(2);
	}
	for (int i = 0; d->holidays[i]; i++)
		if (bizcal_add_holiday(c, d->holidays[i], &e) != TP_OK)
			exit(2);
}

/* t + secs business seconds = want. */
static const struct {
	const struct cal_def *cal;
	const char *t;
	int64_t secs;
	const char *want, *name;
} adds[] = {
	{ &cal_std, "2026-01-14T09:00:00Z", 3600, "2026-01-14T10:00:00Z", "within a day" },
	{ &cal_std, "2026-01-14T17:00:00Z", 7200, "2026-01-15T09:00:00Z", "overnight" },
	{ &cal_std, "2026-01-14T06:00:00Z", 3600, "2026-01-14T09:00:00Z", "before opening counts from 08:00" },
	{ &cal_std, "2026-01-14T20:00:00Z", 3600, "2026-01-15T09:00:00Z", "after closing counts from the next morning" },
	{ &cal_std, "2026-01-16T17:00:00Z", 7200, "2026-01-19T09:00:00Z", "Friday evening to Monday" },
	{ &cal_std, "2026-01-17T12:00:00Z", 3600, "2026-01-19T09:00:00Z", "Saturday counts from Monday" },
	{ &cal_std, "2026-01-14T08:00:00Z", 36000, "2026-01-14T18:00:00Z", "a whole day ends at 18:00" },
	{ &cal_std, "2026-01-14T08:00:00Z", 36001, "2026-01-15T08:00:01Z", "one second past a day" },
	{ &cal_std, "2026-01-12T08:00:00Z", 5 * 36000, "2026-01-16T18:00:00Z", "a business week" },
	{ &cal_std, "2026-01-14T09:00:00Z", 0, "2026-01-14T09:00:00Z", "zero is the start" },
	{ &cal_hol, "2026-12-24T17:00:00Z", 7200, "2026-12-29T09:00:00Z", "over Christmas, a weekend and a holiday Monday" },
	{ &cal_hol, "2026-12-25T10:00:00Z", 3600, "2026-12-29T09:00:00Z", "from inside a holiday" },
	{ &cal_berlin, "2026-03-27T16:00:00Z", 7200, "2026-03-30T07:00:00Z", "Berlin: Friday 17:00 CET + 2h is Monday 09:00 CEST" },
	{ &cal_berlin, "2026-03-30T06:00:00Z", 3600, "2026-03-30T07:00:00Z", "Berlin: opening is 08:00 CEST = 06:00Z" },
	{ &cal_berlin, "2026-10-23T15:00:00Z", 7200, "2026-10-26T08:00:00Z", "Berlin: back to CET, Monday 09:00 = 08:00Z" },
	{ &cal_ny247, "2026-03-07T05:00:00Z", 48 * 3600, "2026-03-09T05:00:00Z", "New York 24/7: 48h across spring forward is 01:00 EDT" },
	{ &cal_odd, "2026-01-14T11:00:00Z", 7200, "2026-01-14T14:00:00Z", "lunch break skipped" },
	{ &cal_odd, "2026-01-16T11:00:00Z", 7200, "2026-01-17T10:00:00Z", "short Friday into the Saturday morning" },
	{ &cal_odd, "2026-01-17T10:30:00Z", 3600, "2026-01-19T08:30:00Z", "Saturday morning to Monday" },
	{ &cal_wrap, "2026-01-16T12:00:00Z", 5 * 3600, "2026-01-18T11:00:00Z", "Sat-Mon wraps the week" },
	{ &cal_wrap, "2026-01-19T13:00:00Z", 7200, "2026-01-24T11:00:00Z", "Monday to the next Saturday" },
};

/* business seconds in [a, b) = want. */
static const struct {
	const struct cal_def *cal;
	const char *a, *b;
	int64_t want;
	const char *name;
} betweens[] = {
	{ &cal_std, "2026-01-14T09:00:00Z", "2026-01-14T10:30:00Z", 5400, "within a day" },
	{ &cal_std, "2026-01-16T17:00:00Z", "2026-01-19T09:00:00Z", 7200, "over a weekend" },
	{ &cal_std, "2026-01-17T00:00:00Z", "2026-01-18T23:59:59Z", 0, "a weekend is none" },
	{ &cal_std, "2026-01-12T00:00:00Z", "2026-01-19T00:00:00Z", 5 * 36000, "a week" },
	{ &cal_std, "2026-01-14T10:00:00Z", "2026-01-14T09:00:00Z", 0, "backwards is none" },
	{ &cal_hol, "2026-12-24T00:00:00Z", "2026-12-30T00:00:00Z", 2 * 36000, "Christmas week: only Thursday and Tuesday" },
	{ &cal_berlin, "2026-03-27T00:00:00Z", "2026-03-31T00:00:00Z", 2 * 36000, "Berlin across DST: two 10h days" },
	{ &cal_ny247, "2026-03-07T05:00:00Z", "2026-03-09T04:00:00Z", 47 * 3600, "New York: Sat+Sun local is 47h" },
	{ &cal_ny247, "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", 23 * 3600, "New York: the spring-forward day is 23h" },
	{ &cal_ny247, "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z", 25 * 3600, "New York: the fall-back day is 25h" },
	{ &cal_odd, "2026-01-12T00:00:00Z", "2026-01-19T00:00:00Z", 4 * 8 * 3600 + 4 * 3600 + 2 * 3600, "odd week: 4x8h + 4h + 2h" },
};

static const struct {
	const char *spec;
	int ok;
} specs[] = {
	{ "Mon-Fri 08:00-18:00", 1 },
	{ "mon-fri 8:00-18:00", 0 },
	{ "Mon-Fri 18:00-08:00", 0 },
	{ "Mon-Fri 08:00-12:00 11:00-14:00", 0 },
	{ "Mon-Fri 08:00-18:00, Fri 09:00-10:00", 0 },
	{ "Mon-Fri", 0 },
	{ "Funday 08:00-18:00", 0 },
	{ "Mon-Sun 00:00-24:00", 1 },
	{ "Mon 00:00-24:01", 0 },
	{ "Mon 08:00-25:00", 0 },
	{ "", 0 },
	{ "Mon-Fri 08:00-18:00,", 0 },
};

static const struct {
	const char *s;
	int64_t days, secs;
	int ok;
} durs[] = {
	{ "1h", 0, 3600, 1 }, { "4h", 0, 14400, 1 }, { "1d", 1, 0, 1 },
	{ "2d4h", 2, 14400, 1 }, { "1h30m", 0, 5400, 1 }, { "90m", 0, 5400, 1 },
	{ "0h", 0, 0, 0 }, { "", 0, 0, 0 }, { "h", 0, 0, 0 }, { "1w", 0, 0, 0 },
	{ "1.5h", 0, 0, 0 }, { "-1h", 0, 0, 0 }, { "99999999h", 0, 0, 0 },
};

int
main(void)
{
	struct bizcal c;
	struct err e = ERR_INIT;
	char name[200], iso[CLOCK_ISO_LEN];

	for (size_t i = 0; i < sizeof adds / sizeof adds[0]; i++) {
		int64_t got;

		build(adds[i].cal, &c);
		got = bizcal_add(&c, ts(adds[i].t), adds[i].secs);
		clock_format_iso(got, iso);
		snprintf(name, sizeof name, "add: %s", adds[i].name);
		is_str(iso, adds[i].want, name);
		bizcal_free(&c);
	}
	for (size_t i = 0; i < sizeof betweens / sizeof betweens[0]; i++) {
		build(betweens[i].cal, &c);
		snprintf(name, sizeof name, "between: %s", betweens[i].name);
		is_int(bizcal_between(&c, ts(betweens[i].a), ts(betweens[i].b)),
		    betweens[i].want, name);
		bizcal_free(&c);
	}
	/* add and between agree: between(t, add(t, s)) == s. */
	build(&cal_odd, &c);
	{
		int64_t t0 = ts("2026-01-14T10:17:00Z"), bad = 0;

		for (int64_t s = 1; s < 400000 && bad == 0; s += 7919)
			if (bizcal_between(&c, t0, bizcal_add(&c, t0, s)) != s)
				bad = s;
		is_int(bad, 0, "between undoes add on the odd calendar");
	}
	is_int(bizcal_day_seconds(&c), (4 * 8 + 4 + 2) * 3600 / 6,
	    "odd calendar: a business day is the week over its working days");
	bizcal_free(&c);
	build(&cal_std, &c);
	is_int(bizcal_day_seconds(&c), 36000, "a standard business day is 10h");
	bizcal_free(&c);

	for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
		int rc;

		bizcal_default(&c);
		err_clear(&e);
		rc = bizcal_parse_hours(&c, specs[i].spec, &e);
		snprintf(name, sizeof name, "hours %s '%s'", specs[i].ok ?
		    "accepts" : "refuses", specs[i].spec);
		ok(specs[i].ok ? rc == TP_OK : rc == TP_BADINPUT && e.msg[0],
		    name);
		if (!specs[i].ok && rc != TP_OK)
			printf("#   %s\n", e.msg);
	}
	for (size_t i = 0; i < sizeof durs / sizeof durs[0]; i++) {
		int64_t d = -1, s = -1;
		int rc;

		err_clear(&e);
		rc = bizcal_parse_duration(durs[i].s, &d, &s, &e);
		snprintf(name, sizeof name, "duration %s '%s'", durs[i].ok ?
		    "accepts" : "refuses", durs[i].s);
		ok(durs[i].ok ? rc == TP_OK && d == durs[i].days &&
		    s == durs[i].secs : rc == TP_BADINPUT, name);
	}

	bizcal_default(&c);
	ok(bizcal_set_zone(&c, "Europe/Berlin", &e) == TP_OK, "zone Europe/Berlin");
	ok(bizcal_set_zone(&c, "Mars/Olympus", &e) == TP_BADINPUT, "refuses an unknown zone");
	ok(bizcal_set_zone(&c, "../../etc/passwd", &e) == TP_BADINPUT, "refuses a path as a zone");
	ok(bizcal_add_holiday(&c, "2026-02-30", &e) != TP_OK, "refuses a holiday that is no date");
	ok(bizcal_add_holiday(&c, "2026-01-01", &e) == TP_OK &&
	    bizcal_add_holiday(&c, "2026-01-01", &e) == TP_OK && c.nholidays == 1,
	    "a repeated holiday is kept once");
	bizcal_free(&c);

	/* The zone is restored after a computation in a named zone. */
	setenv("TZ", "UTC", 1);
	build(&cal_berlin, &c);
	(void)bizcal_add(&c, ts("2026-01-14T09:00:00Z"), 60);
	is_str(getenv("TZ"), "UTC", "TZ is restored after a named zone");
	bizcal_free(&c);

	/* With no TZ at all, a switch must not grow and shrink the
	 * environment (another thread's getenv walks it): once
	 * clock_zone_init has run, as bgread_start runs it before its
	 * thread, the switch replaces one entry in place. */
	unsetenv("TZ");
	clock_zone_init();
	is_str(getenv("TZ") ? getenv("TZ") : "(none)", ":/etc/localtime",
	    "clock_zone_init gives TZ what no TZ means");
	{
		extern char **environ;
		char **before = environ;
		size_t n0 = 0, n1 = 0;
		int64_t got;

		while (environ[n0])
			n0++;
		build(&cal_berlin, &c);
		got = bizcal_add(&c, ts("2026-01-14T09:00:00Z"), 60);
		while (environ[n1])
			n1++;
		ok(environ == before && n1 == n0,
		    "a zone switch leaves the environment's array as it was");
		clock_format_iso(got, iso);
		is_str(iso, "2026-01-14T09:01:00Z", "... and still computes in Berlin time");
		is_str(getenv("TZ"), ":/etc/localtime", "... and restores TZ");
		bizcal_free(&c);
	}
	return tap_done();
}
