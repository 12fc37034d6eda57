/* clock.c - see clock.h. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (no libc time zone). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : dm[m - 1];
}

static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int
parse_date(const char *s, int *y, int *m, int *d)
{
	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (digits(s, 4, y) || digits(s + 5, 2, m) || digits(s + 8, 2, d))
		return -1;
	if (*y < 1970 || *y > 9999 || *m < 1 || *m > 12 || *d < 1 ||
	    *d > days_in_month(*y, *m))
		return -1;
	return 0;
}

int
clock_check_date(const char *s, struct err *e)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || parse_date(s, &y, &m, &d) != 0)
		return err_set(e, TP_BADINPUT,
		    "bad date '%s': expected YYYY-MM-DD", s ? s : "");
	return TP_OK;
}

int
clock_parse_iso(const char *s, int64_t *out, struct err *e)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 1;
	const char *p;

	if (s == NULL || parse_date(s, &y, &mo, &d) != 0)
		goto bad;
	p = s + 10;
	if (*p == 'T' || *p == ' ') {
		if (digits(p + 1, 2, &h) || p[3] != ':' || digits(p + 4, 2, &mi))
			goto bad;
		p += 6;
		if (*p == ':') {
			if (digits(p + 1, 2, &sec))
				goto bad;
			p += 3;
		}
		if (h > 23 || mi > 59 || sec > 60)
			goto bad;
		if (*p == 'Z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p == '-' ? -1 : 1;
			if (digits(p + 1, 2, &oh) || p[3] != ':' ||
			    digits(p + 4, 2, &om))
				goto bad;
			p += 6;
		}
	}
	if (*p != '\0')
		goto bad;
	*out = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + sec - sign * (oh * 3600 + om * 60);
	return TP_OK;
bad:
	return err_set(e, TP_BADINPUT,
	    "bad timestamp '%s': expected YYYY-MM-DDTHH:MM:SSZ", s ? s : "");
}

int64_t
clock_now(void)
{
	const char *fixed = getenv("TERMPSA_NOW");
	int64_t t;

	if (fixed != NULL && *fixed != '\0' &&
	    clock_parse_iso(fixed, &t, NULL) == TP_OK)
		return t;
	return (int64_t)time(NULL);
}

void
clock_format_iso(int64_t ts, char out[CLOCK_ISO_LEN])
{
	time_t t = (time_t)ts;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, CLOCK_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static pthread_mutex_t zone_lock;
static pthread_once_t zone_once = PTHREAD_ONCE_INIT;

static void
zone_lock_make(void)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&zone_lock, &a);
	pthread_mutexattr_destroy(&a);
}

void
clock_zone_init(void)
{
	const char *tz = getenv("TZ");

	pthread_once(&zone_once, zone_lock_make);
	if (tz == NULL)
		setenv("TZ", ":/etc/localtime", 0);
}

void
clock_zone_lock(void)
{
	pthread_once(&zone_once, zone_lock_make);
	pthread_mutex_lock(&zone_lock);
}

void
clock_zone_unlock(void)
{
	pthread_mutex_unlock(&zone_lock);
}

int
clock_localtime(int64_t ts, struct tm *out)
{
	time_t t = (time_t)ts;
	struct tm *r;

	clock_zone_lock();
	r = localtime_r(&t, out);
	clock_zone_unlock();
	return r == NULL ? -1 : 0;
}

int64_t
clock_mktime(struct tm *tm)
{
	int64_t t;

	clock_zone_lock();
	t = (int64_t)mktime(tm);
	clock_zone_unlock();
	return t;
}

void
clock_date(int64_t ts, char out[CLOCK_DATE_LEN])
{
	struct tm tm;

	clock_localtime(ts, &tm);
	strftime(out, CLOCK_DATE_LEN, "%Y-%m-%d", &tm);
}

void
clock_format_minute(int64_t ts, char out[CLOCK_MINUTE_LEN])
{
	struct tm tm;

	clock_localtime(ts, &tm);
	strftime(out, CLOCK_MINUTE_LEN, "%Y-%m-%d %H:%M", &tm);
}

int
clock_parse_local(const char *s, int64_t *out, struct err *e)
{
	struct tm tm;
	int y, m, d, h = 0, mi = 0;
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || parse_date(s, &y, &m, &d) != 0 ||
	    (n != 10 && (n != 16 || s[10] != ' ' || digits(s + 11, 2, &h) ||
	    s[13] != ':' || digits(s + 14, 2, &mi) || h > 23 || mi > 59)))
		return err_set(e, TP_BADINPUT, "bad date '%.40s': expected "
		    "YYYY-MM-DD or YYYY-MM-DD HH:MM", s ? s : "");
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	*out = clock_mktime(&tm);
	return TP_OK;
}

void
clock_today(char out[CLOCK_DATE_LEN])
{
	clock_date(clock_now(), out);
}

int
clock_add_days(const char *date, int days, char out[CLOCK_DATE_LEN],
    struct err *e)
{
	int y, m, d;
	int64_t z, era;
	unsigned doe, yoe, doy, mp;

	if (clock_check_date(date, e) != TP_OK)
		return e ? e->code : TP_BADINPUT;
	parse_date(date, &y, &m, &d);
	z = days_from_civil(y, (unsigned)m, (unsigned)d) + days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = (int)(doy - (153 * mp + 2) / 5 + 1);
	m = (int)(mp < 10 ? mp + 3 : mp - 9);
	y = (int)(yoe + era * 400 + (m <= 2));
	snprintf(out, CLOCK_DATE_LEN, "%04d-%02d-%02d", (y % 10000 + 10000) % 10000,
	    (m % 13 + 13) % 13, (d % 32 + 32) % 32);
	return TP_OK;
}

int
clock_days_between(const char *a, const char *b)
{
	int ya, ma, da, yb, mb, db;

	if (parse_date(a, &ya, &ma, &da) || parse_date(b, &yb, &mb, &db))
		return 0;
	return (int)(days_from_civil(yb, (unsigned)mb, (unsigned)db) -
	    days_from_civil(ya, (unsigned)ma, (unsigned)da));
}

int64_t
clock_date_start(const char *date)
{
	struct tm tm;
	int y, m, d;

	if (parse_date(date, &y, &m, &d) != 0)
		return 0;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	return clock_mktime(&tm);
}
