/*
 * bizcal.h - business-time arithmetic: a weekly calendar of working hours
 * in a named time zone, with holidays, and the two sums SLA clocks need
 * (a time plus N business seconds; the business seconds between two
 * times).
 *
 * Hours are local wall-clock times in the calendar's zone, so a day that
 * changes to or from daylight saving time keeps 08:00-18:00 local (and a
 * 00:00-24:00 day is 23 or 25 hours long).  Holidays are local dates with
 * no business time at all.  A struct bizcal owns its holiday list
 * (bizcal_free).  Nothing here reads the clock: every time is an argument.
 *
 * The zone: "" is the process's own local zone (TZ); a name such as
 * Europe/Berlin is applied by setting TZ around each computation and
 * restoring it after, since C has no per-call zone.  Callers that run
 * many computations in a row bracket them with bizcal_enter/bizcal_leave
 * so the zone file is read once.  Not for use from two threads at once
 * when a zone is named.
 */
#ifndef TP_BIZCAL_H
#define TP_BIZCAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define BIZCAL_SPANS   4      /* working spans per weekday, at most */
#define BIZCAL_ZONE_LEN 64

/* One working span of a weekday: seconds after local midnight, end in
 * (start, 86400]. */
struct bizcal_span {
	int start, end;
};

struct bizcal {
	struct bizcal_span day[7][BIZCAL_SPANS];   /* by tm_wday: 0 = Sunday */
	int     nspan[7];
	char    zone[BIZCAL_ZONE_LEN];             /* "" = local zone */
	char  (*holidays)[11];                     /* sorted "YYYY-MM-DD" */
	size_t  nholidays;
};

/* The default calendar: Mon-Fri 08:00-18:00, local zone, no holidays. */
void bizcal_default(struct bizcal *c);

/* Replace the weekly hours by spec: groups separated by commas or
 * semicolons, each a day or day range and one or more HH:MM-HH:MM spans:
 * "Mon-Fri 08:00-18:00", "Mon-Thu 08:00-12:00 13:00-17:00, Fri
 * 08:00-12:00", "Mon-Sun 00:00-24:00".  Days are Mon Tue Wed Thu Fri Sat
 * Sun (any case); a range may wrap (Sat-Mon).  TP_BADINPUT with a message on
 * bad input (c unchanged): a span that ends before it starts, spans of one
 * day that overlap, a day named twice, no working time at all. */
int bizcal_parse_hours(struct bizcal *c, const char *spec, struct err *e);

/* Set the zone: "" or a name under the system's zoneinfo directory
 * (TZDIR or /usr/share/zoneinfo).  TP_BADINPUT for a name that is not there. */
int bizcal_set_zone(struct bizcal *c, const char *zone, struct err *e);

/* Add a holiday (a real YYYY-MM-DD date; a repeat is harmless). */
int bizcal_add_holiday(struct bizcal *c, const char *date, struct err *e);

void bizcal_free(struct bizcal *c);

/* Parse an SLA duration: a sum of parts "Nd", "Nh", "Nm" ("1d", "4h",
 * "1h30m", "2d4h").  Days are business days (bizcal_day_seconds), so they
 * are returned apart: *days and *secs (hours and minutes).  TP_BADINPUT on a
 * bad or zero duration. */
int bizcal_parse_duration(const char *s, int64_t *days, int64_t *secs,
    struct err *e);

/* The length of one business day: the week's working seconds over the
 * number of weekdays that have any (36000 for Mon-Fri 08:00-18:00). */
int64_t bizcal_day_seconds(const struct bizcal *c);

/* The moment `secs` business seconds after t (t itself when secs <= 0).
 * A target that uses up a span exactly ends at the span's end (18:00). */
int64_t bizcal_add(const struct bizcal *c, int64_t t, int64_t secs);

/* Business seconds in [a, b); 0 when b <= a. */
int64_t bizcal_between(const struct bizcal *c, int64_t a, int64_t b);

/* Apply c's zone until the matching bizcal_leave (nests). */
void bizcal_enter(const struct bizcal *c);
void bizcal_leave(const struct bizcal *c);

#endif
