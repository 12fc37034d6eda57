/*
 * money.h - money as integer cents, never a float.
 *
 * Parsing accepts "125", "125.5", "125.50" (and a leading '-' only where
 * the caller allows it); "12.345", "1e3", "" and anything else are refused
 * with a message.  Nothing here allocates.
 */
#ifndef TP_MONEY_H
#define TP_MONEY_H

#include <stdint.h>

#include "core/err.h"

#define MONEY_LEN 32
#define MONEY_MAX_CENTS 99999999999999LL   /* one trillion, minus a cent */

/* Parse s into *cents.  allow_negative: whether "-5" is a valid amount. */
int money_parse(const char *s, int allow_negative, int64_t *cents,
    struct err *e);

/* "1234.50", "-0.05" (no thousands separators: scripts read this). */
void money_format(int64_t cents, char out[MONEY_LEN]);

/* round_half_away_from_zero(minutes * rate_cents / 60), from exact minutes. */
int64_t money_labor(int64_t minutes, int64_t rate_cents);

/* Hours in hundredths from minutes, rounded half away from zero
 * (90 -> 150, 20 -> 33): an invoice line's quantity. */
int64_t money_hours_qty(int64_t minutes);

/* An invoice line's quantity as people read it, so that the line
 * multiplies as shown: a labor line (minutes >= 0) in hours and minutes,
 * "4:46 h" (its price is per hour and its total comes from the exact
 * minutes); any other line (minutes < 0) its quantity in hundredths, "1.00". */
void money_qty_format(int64_t minutes, int64_t quantity, char out[MONEY_LEN]);

#endif
