/* money.c - see money.h. */
#include <stdio.h>
#include <string.h>

#include "core/money.h"

int
money_parse(const char *s, int allow_negative, int64_t *cents, struct err *e)
{
	const char *p = s;
	int64_t whole = 0, frac = 0;
	int neg = 0, nfrac = 0, nwhole = 0;

	if (s == NULL || *s == '\0')
		return err_set(e, TP_BADINPUT, "empty amount: expected e.g. 125.50");
	if (*p == '-') {
		if (!allow_negative)
			return err_set(e, TP_BADINPUT,
			    "bad amount '%s': must not be negative", s);
		neg = 1;
		p++;
	}
	for (; *p >= '0' && *p <= '9'; p++, nwhole++) {
		whole = whole * 10 + (*p - '0');
		if (whole > MONEY_MAX_CENTS / 100)
			return err_set(e, TP_BADINPUT, "bad amount '%s': too large", s);
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, nfrac++) {
			if (nfrac == 2)
				return err_set(e, TP_BADINPUT,
				    "bad amount '%s': at most 2 decimals", s);
			frac = frac * 10 + (*p - '0');
		}
		if (nfrac == 0)
			return err_set(e, TP_BADINPUT,
			    "bad amount '%s': digits expected after '.'", s);
	}
	if (*p != '\0' || nwhole == 0)
		return err_set(e, TP_BADINPUT,
		    "bad amount '%s': expected a number like 125.50", s);
	if (nfrac == 1)
		frac *= 10;
	*cents = (whole * 100 + frac) * (neg ? -1 : 1);
	return TP_OK;
}

void
money_format(int64_t cents, char out[MONEY_LEN])
{
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;

	snprintf(out, MONEY_LEN, "%s%llu.%02llu", cents < 0 ? "-" : "",
	    (unsigned long long)(a / 100), (unsigned long long)(a % 100));
}

static int64_t
div_round(int64_t num, int64_t den)
{
	/* half away from zero; den > 0 */
	if (num >= 0)
		return (num + den / 2) / den;
	return -((-num + den / 2) / den);
}

int64_t
money_labor(int64_t minutes, int64_t rate_cents)
{
	/* A 60-divisor: den/2 == 30 is exact, so halves round away from 0. */
	return div_round(minutes * rate_cents, 60);
}

int64_t
money_hours_qty(int64_t minutes)
{
	return div_round(minutes * 100, 60);
}

void
money_qty_format(int64_t minutes, int64_t quantity, char out[MONEY_LEN])
{
	if (minutes < 0) {
		money_format(quantity, out);
		return;
	}
	snprintf(out, MONEY_LEN, "%lld:%02lld h", (long long)(minutes / 60),
	    (long long)(minutes % 60));
}
