/* err.c - see err.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"

int
err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return code;
	e->code = code;
	e->field[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

int
err_set_field(struct err *e, int code, const char *field, const char *fmt,
    ...)
{
	va_list ap;

	if (e == NULL)
		return code;
	e->code = code;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

int
err_field(struct err *e, int code, const char *field)
{
	if (e != NULL)
		snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	return code;
}

void
err_prefix(struct err *e, const char *what)
{
	char tmp[sizeof e->msg];
	size_t n;

	if (e == NULL || what == NULL)
		return;
	n = strlen(what);
	if (n + 2 >= sizeof tmp)
		return;
	memcpy(tmp, what, n);
	memcpy(tmp + n, ": ", 2);
	memcpy(tmp + n + 2, e->msg, sizeof tmp - n - 2);
	tmp[sizeof tmp - 1] = '\0';
	memcpy(e->msg, tmp, sizeof tmp);
}

void
err_clear(struct err *e)
{
	if (e == NULL)
		return;
	e->code = TP_OK;
	e->msg[0] = '\0';
	e->field[0] = '\0';
}

int
err_exit_status(int code)
{
	static const int status[] = {
		[TP_OK] = 0,          [TP_NOTFOUND] = 1,     [TP_REFUSED] = 1,
		[TP_USAGE] = 64,      [TP_BADINPUT] = 65,    [TP_UNAVAILABLE] = 69,
		[TP_INTERNAL] = 70,   [TP_IO] = 74,          [TP_AUTH] = 77,
	};

	if (code < 0 || (size_t)code >= sizeof status / sizeof status[0])
		return 70;
	return status[code];
}
