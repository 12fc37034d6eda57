/*
 * clock.h - the one source of "now", and calendar date arithmetic.
 *
 * TERMPSA_NOW (ISO-8601, e.g. 2026-01-15T10:00:00Z) fixes the clock for
 * every rule: job delays, due dates, the breaker.  Calendar dates are
 * "YYYY-MM-DD" in the local time zone (people see local time); timestamps
 * are unix seconds UTC.  Nothing here allocates.
 */
#ifndef TP_CLOCK_H
#define TP_CLOCK_H

#include <stdint.h>
#include <time.h>
#include <stddef.h>

#include "core/err.h"

#define CLOCK_DATE_LEN 11   /* "YYYY-MM-DD" + NUL */
#define CLOCK_ISO_LEN  21   /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */
#define CLOCK_MINUTE_LEN 17 /* "YYYY-MM-DD HH:MM" + NUL */

/* Unix seconds now, or TERMPSA_NOW when set (a bad value is ignored). */
int64_t clock_now(void);

/* Parse an ISO-8601 UTC timestamp (Z or +HH:MM offset, or a bare date). */
int clock_parse_iso(const char *s, int64_t *out, struct err *e);

/* Format ts as "YYYY-MM-DDTHH:MM:SSZ". */
void clock_format_iso(int64_t ts, char out[CLOCK_ISO_LEN]);

/* The local calendar date of ts. */
void clock_date(int64_t ts, char out[CLOCK_DATE_LEN]);

/* The local date and time of ts to the minute, "YYYY-MM-DD HH:MM". */
void clock_format_minute(int64_t ts, char out[CLOCK_MINUTE_LEN]);

/* A local "YYYY-MM-DD" (its midnight) or "YYYY-MM-DD HH:MM" as unix
 * seconds; anything else is TP_BADINPUT naming both forms. */
int clock_parse_local(const char *s, int64_t *out, struct err *e);

/* Today's local date (from clock_now). */
void clock_today(char out[CLOCK_DATE_LEN]);

/* Validate a "YYYY-MM-DD" that names a real day. */
int clock_check_date(const char *s, struct err *e);

/* date + days (negative allowed) into out. */
int clock_add_days(const char *date, int days, char out[CLOCK_DATE_LEN],
    struct err *e);

/* Whole days from a to b (b - a); both valid dates. */
int clock_days_between(const char *a, const char *b);

/* Local midnight at the start of date, as unix seconds. */
int64_t clock_date_start(const char *date);

/* The process's time zone is switched by bizcal (an SLA calendar's zone)
 * on whichever thread computes a clock, the background reader's too,
 * while other threads read local times and the environment.
 * clock_zone_init, called before a second thread starts, gives TZ a
 * value of its own when it has none (":/etc/localtime", what no TZ
 * means), so that a switch replaces that one entry and never grows or
 * shrinks the environment under another thread's getenv.
 * clock_zone_lock/unlock (recursive) hold off local-time conversions
 * during a switch: clock_localtime and clock_mktime take it. */
void clock_zone_init(void);
void clock_zone_lock(void);
void clock_zone_unlock(void);
int clock_localtime(int64_t ts, struct tm *out);   /* 0 on success */
int64_t clock_mktime(struct tm *tm);

#endif
