/* bizcal.c - see bizcal.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/bizcal.h"
#include "core/buf.h"
#include "core/clock.h"

/* A walk gives up after this many local days: only a calendar whose
 * every working day is a holiday gets there, and then "never". */
#define MAX_DAYS (366 * 50)
#define NEVER    ((int64_t)1 << 52)

static const char *const day_names[7] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};
static const char *const day_shown[7] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};

void
bizcal_default(struct bizcal *c)
{
	memset(c, 0, sizeof *c);
	for (int d = 1; d <= 5; d++) {
		c->day[d][0].start = 8 * 3600;
		c->day[d][0].end = 18 * 3600;
		c->nspan[d] = 1;
	}
}

void
bizcal_free(struct bizcal *c)
{
	free(c->holidays);
	c->holidays = NULL;
	c->nholidays = 0;
}

/* Hours --------------------------------------------------------------- */

static int
parse_day(const char **p, int *out)
{
	char w[4];

	for (int i = 0; i < 3; i++) {
		if (!isalpha((unsigned char)(*p)[i]))
			return -1;
		w[i] = (char)tolower((unsigned char)(*p)[i]);
	}
	w[3] = '\0';
	for (int d = 0; d < 7; d++) {
		if (strcmp(w, day_names[d]) == 0) {
			*out = d;
			*p += 3;
			return 0;
		}
	}
	return -1;
}

/* "HH:MM" into seconds; 24:00 is allowed as an end. */
static int
parse_clock(const char **p, int *out)
{
	const char *s = *p;
	int h, m;

	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    s[2] != ':' || !isdigit((unsigned char)s[3]) ||
	    !isdigit((unsigned char)s[4]))
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	*out = h * 3600 + m * 60;
	*p = s + 5;
	return 0;
}

static void
skip_blanks(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

static int
span_cmp(const void *a, const void *b)
{
	const struct bizcal_span *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

/* One group "Mon-Fri 08:00-12:00 13:00-17:00" into n (a copy of the
 * calendar's days); *p is left at the separator or the end. */
static int
parse_group(const char **p, struct bizcal *n, int seen[7], const char *spec,
    struct err *e)
{
	struct bizcal_span spans[BIZCAL_SPANS];
	int first, last, ns = 0;
	size_t at;

	skip_blanks(p);
	at = (size_t)(*p - spec);
	if (parse_day(p, &first) != 0)
		return err_set(e, TP_BADINPUT, "expected a day (Mon, "
		    "Tue, ... Sun) at character %zu of '%.60s'", at + 1, spec);
	last = first;
	if (**p == '-') {
		(*p)++;
		if (parse_day(p, &last) != 0)
			return err_set(e, TP_BADINPUT, "expected a day "
			    "after '-' at character %zu of '%.60s'",
			    (size_t)(*p - spec) + 1, spec);
	}
	for (;;) {
		int s, t;

		skip_blanks(p);
		if (**p == '\0' || **p == ',' || **p == ';')
			break;
		at = (size_t)(*p - spec) + 1;
		if (parse_clock(p, &s) != 0 || **p != '-' ||
		    ((*p)++, parse_clock(p, &t) != 0))
			return err_set(e, TP_BADINPUT, "expected hours "
			    "such as 08:00-18:00 at character %zu of '%.60s'",
			    at, spec);
		if (t <= s)
			return err_set(e, TP_BADINPUT, "the span at "
			    "character %zu of '%.60s' ends before it starts "
			    "(a span past midnight is two spans on two days)",
			    at, spec);
		if (ns == BIZCAL_SPANS)
			return err_set(e, TP_BADINPUT, "at most %d spans "
			    "a day in '%.60s'", BIZCAL_SPANS, spec);
		spans[ns].start = s;
		spans[ns].end = t;
		ns++;
	}
	if (ns == 0)
		return err_set(e, TP_BADINPUT, "no hours for %s in "
		    "'%.60s'", day_shown[first], spec);
	qsort(spans, (size_t)ns, sizeof spans[0], span_cmp);
	for (int i = 1; i < ns; i++)
		if (spans[i].start < spans[i - 1].end)
			return err_set(e, TP_BADINPUT, "spans overlap in "
			    "'%.60s'", spec);
	for (int d = first;; d = (d + 1) % 7) {
		if (seen[d])
			return err_set(e, TP_BADINPUT, "%s is named twice "
			    "in '%.60s'", day_shown[d], spec);
		seen[d] = 1;
		memcpy(n->day[d], spans, sizeof spans);
		n->nspan[d] = ns;
		if (d == last)
			break;
	}
	return TP_OK;
}

int
bizcal_parse_hours(struct bizcal *c, const char *spec, struct err *e)
{
	struct bizcal n;
	int seen[7] = { 0 };
	const char *p = spec;
	int any = 0;

	memset(&n, 0, sizeof n);
	for (;;) {
		if (parse_group(&p, &n, seen, spec, e) != TP_OK)
			return e->code;
		if (*p == '\0')
			break;
		p++;    /* , or ; */
	}
	for (int d = 0; d < 7; d++)
		any |= n.nspan[d] > 0;
	if (!any)
		return err_set(e, TP_BADINPUT, "no working time");
	memcpy(c->day, n.day, sizeof n.day);
	memcpy(c->nspan, n.nspan, sizeof n.nspan);
	return TP_OK;
}

/* Zone and holidays --------------------------------------------------- */

static int
zone_name_ok(const char *z)
{
	if (*z == '\0' || *z == '/' || strstr(z, "..") != NULL ||
	    strlen(z) >= BIZCAL_ZONE_LEN)
		return 0;
	for (const char *p = z; *p; p++)
		if (!isalnum((unsigned char)*p) && strchr("/_+-", *p) == NULL)
			return 0;
	return 1;
}

int
bizcal_set_zone(struct bizcal *c, const char *zone, struct err *e)
{
	const char *dir = getenv("TZDIR");
	char path[512];

	if (zone == NULL || *zone == '\0') {
		c->zone[0] = '\0';
		return TP_OK;
	}
	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	if (!zone_name_ok(zone))
		return err_set(e, TP_BADINPUT, "'%.60s' is not a "
		    "time zone name such as Europe/Berlin or UTC", zone);
	snprintf(path, sizeof path, "%s/%s", dir, zone);
	if (access(path, R_OK) != 0)
		return err_set(e, TP_BADINPUT, "no time zone '%s' "
		    "in %s", zone, dir);
	snprintf(c->zone, sizeof c->zone, "%s", zone);
	return TP_OK;
}

static int
date_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

int
bizcal_add_holiday(struct bizcal *c, const char *date, struct err *e)
{
	if (clock_check_date(date, e) != TP_OK)
		return e->code;
	if (c->nholidays > 0 && bsearch(date, c->holidays, c->nholidays,
	    sizeof c->holidays[0], date_cmp) != NULL)
		return TP_OK;   /* (bsearch must not see a NULL array) */
	c->holidays = xrealloc(c->holidays, (c->nholidays + 1) *
	    sizeof c->holidays[0]);
	snprintf(c->holidays[c->nholidays], sizeof c->holidays[0], "%s", date);
	c->nholidays++;
	qsort(c->holidays, c->nholidays, sizeof c->holidays[0], date_cmp);
	return TP_OK;
}

/* Durations ----------------------------------------------------------- */

int
bizcal_parse_duration(const char *s, int64_t *days, int64_t *secs,
    struct err *e)
{
	const char *p = s;
	int64_t d = 0, t = 0;

	if (s == NULL || *s == '\0')
		goto bad;
	while (*p) {
		int64_t n = 0;
		int digits = 0;

		while (isdigit((unsigned char)*p) && digits < 7) {
			n = n * 10 + (*p++ - '0');
			digits++;
		}
		if (digits == 0 || isdigit((unsigned char)*p))
			goto bad;
		switch (*p++) {
		case 'd': d += n; break;
		case 'h': t += n * 3600; break;
		case 'm': t += n * 60; break;
		default: goto bad;
		}
	}
	if (d == 0 && t == 0)
		goto bad;
	*days = d;
	*secs = t;
	return TP_OK;
bad:
	return err_set(e, TP_BADINPUT, "'%.40s' is not a duration: expected "
	    "parts such as 4h, 30m, 1d (business days) or 1h30m", s ? s : "");
}

int64_t
bizcal_day_seconds(const struct bizcal *c)
{
	int64_t week = 0;
	int days = 0;

	for (int d = 0; d < 7; d++) {
		for (int i = 0; i < c->nspan[d]; i++)
			week += c->day[d][i].end - c->day[d][i].start;
		days += c->nspan[d] > 0;
	}
	return days ? week / days : 0;
}

/* The zone ------------------------------------------------------------ */

static int zone_depth;
static char *saved_tz;
static int had_tz;

void
bizcal_enter(const struct bizcal *c)
{
	const char *old;

	if (c->zone[0] == '\0')
		return;
	clock_zone_lock();      /* held until the matching leave */
	if (zone_depth++ > 0)
		return;
	old = getenv("TZ");
	had_tz = old != NULL;
	saved_tz = old ? xstrdup(old) : NULL;
	setenv("TZ", c->zone, 1);
	tzset();
}

void
bizcal_leave(const struct bizcal *c)
{
	if (c->zone[0] == '\0')
		return;
	if (--zone_depth > 0) {
		clock_zone_unlock();
		return;
	}
	if (had_tz)
		setenv("TZ", saved_tz, 1);
	else
		unsetenv("TZ");
	free(saved_tz);
	saved_tz = NULL;
	tzset();
	clock_zone_unlock();
}

/* The walk ------------------------------------------------------------ */

/* A local day being walked: its date and the unix time of a local clock
 * time on it (mktime resolves DST: 08:00 is 08:00 on both sides). */
struct day {
	int y, m, d, wday;
};

static void
day_of(int64_t t, struct day *out)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	out->y = tm.tm_year;
	out->m = tm.tm_mon;
	out->d = tm.tm_mday;
	out->wday = tm.tm_wday;
}

static int64_t
at_clock(const struct day *dy, int secs)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = dy->y;
	tm.tm_mon = dy->m;
	tm.tm_mday = dy->d + secs / 86400;
	tm.tm_hour = (secs % 86400) / 3600;
	tm.tm_min = (secs % 3600) / 60;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static void
next_day(struct day *dy)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = dy->y;
	tm.tm_mon = dy->m;
	tm.tm_mday = dy->d + 1;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	mktime(&tm);
	dy->y = tm.tm_year;
	dy->m = tm.tm_mon;
	dy->d = tm.tm_mday;
	dy->wday = tm.tm_wday;
}

static int
is_holiday(const struct bizcal *c, const struct day *dy)
{
	char date[40];

	if (c->nholidays == 0)
		return 0;
	snprintf(date, sizeof date, "%04d-%02d-%02d", dy->y + 1900, dy->m + 1,
	    dy->d);
	return bsearch(date, c->holidays, c->nholidays, sizeof c->holidays[0],
	    date_cmp) != NULL;
}

int64_t
bizcal_add(const struct bizcal *c, int64_t t, int64_t secs)
{
	struct day dy;
	int64_t out = NEVER;

	if (secs <= 0)
		return t;
	bizcal_enter(c);
	day_of(t, &dy);
	for (int n = 0; n < MAX_DAYS; n++, next_day(&dy)) {
		if (is_holiday(c, &dy))
			continue;
		for (int i = 0; i < c->nspan[dy.wday]; i++) {
			int64_t s = at_clock(&dy, c->day[dy.wday][i].start);
			int64_t f = at_clock(&dy, c->day[dy.wday][i].end);

			if (s < t)
				s = t;
			if (f <= s)
				continue;
			if (secs <= f - s) {
				out = s + secs;
				goto done;
			}
			secs -= f - s;
		}
	}
done:
	bizcal_leave(c);
	return out;
}

int64_t
bizcal_between(const struct bizcal *c, int64_t a, int64_t b)
{
	struct day dy;
	int64_t sum = 0;

	if (b <= a)
		return 0;
	bizcal_enter(c);
	day_of(a, &dy);
	for (int n = 0; n < MAX_DAYS && at_clock(&dy, 0) < b;
	    n++, next_day(&dy)) {
		if (is_holiday(c, &dy))
			continue;
		for (int i = 0; i < c->nspan[dy.wday]; i++) {
			int64_t s = at_clock(&dy, c->day[dy.wday][i].start);
			int64_t f = at_clock(&dy, c->day[dy.wday][i].end);

			if (s < a)
				s = a;
			if (f > b)
				f = b;
			if (f > s)
				sum += f - s;
		}
	}
	bizcal_leave(c);
	return sum;
}
