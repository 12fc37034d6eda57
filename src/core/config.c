/*
 * config.c - see config.h.  The file is read with libyaml's document API;
 * one table per mapping level (name, dotted path, kind, destination) says
 * what every key is, so the reader, the error messages, the did-you-mean
 * suggestions and the JSON dump all follow the same table.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>
#include <yaml.h>

#include "core/bizcal.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/money.h"
#include "core/text.h"
#include "core/url.h"
#include "core/yamldepth.h"

#define CONFIG_MAX_BYTES (1024 * 1024)
#define VALUE_SHOWN 60      /* at most this much of a bad value is quoted */

enum kind {
	K_MAP,       /* a nested mapping: sub */
	K_SYNC,      /* the sync: mapping, which also switches sync on */
	K_TEXT,      /* one line of text, length lo..hi */
	K_ENUM,      /* one of choices */
	K_ENV,       /* an environment variable's name */
	K_URL,       /* https://, or http:// to loopback only */
	K_PROFILE,   /* termpsa | itflow | a path to a profile file */
	K_CURRENCY,  /* three capital letters */
	K_INT,       /* a whole number lo..hi */
	K_MONEY,     /* an amount, into an int64_t of cents */
	K_ARGV,      /* a command: a list of words, or one line split at blanks */
	K_BINDS,     /* ui.bind: a list of "pane key action" */
	K_VIEWS,     /* views: a mapping of names to filter texts */
	K_HEADERS,   /* auth headers: a mapping or a list of "Name: value" */
	K_HOURS,     /* sla.hours: a business week (core/bizcal.c) */
	K_ZONE,      /* a time zone name under the zoneinfo directory */
	K_DURATION,  /* an SLA target: 4h, 1d, 1h30m */
	K_DATES      /* a list of YYYY-MM-DD dates */
};

struct key_def {
	const char *name;
	const char *path;               /* dotted, for messages */
	enum kind   kind;
	size_t      off;                /* destination in struct config */
	const struct key_def *sub;      /* K_MAP, K_SYNC */
	const char *const *choices;     /* K_ENUM */
	long long   lo, hi;             /* K_INT range, K_TEXT length */
};

struct loader {
	const char      *path;          /* as shown in messages */
	yaml_document_t *doc;
	struct config   *cfg;
	struct err      *e;
};

#define OFF(m) offsetof(struct config, m)

static const char *const themes[] = { "default", "light", "mono", NULL };
static const char *const auth_kinds[] = {
	"bearer", "api_key", "basic", "headers", "oauth2", NULL
};
static const char *const api_key_places[] = { "body", "query", NULL };

static const struct key_def billing_keys[] = {
	{ "default_rate", "billing.default_rate", K_MONEY,
	  OFF(default_rate_cents), NULL, NULL, 0, 0 },
	{ "currency", "billing.currency", K_CURRENCY, OFF(currency),
	  NULL, NULL, 0, 0 },
	{ "invoice_prefix", "billing.invoice_prefix", K_TEXT,
	  OFF(invoice_prefix), NULL, NULL, 0, 16 },
	{ "timer_rounding", "billing.timer_rounding", K_INT,
	  OFF(timer_rounding), NULL, NULL, 1, 60 },
	{ NULL, NULL, K_MAP, 0, NULL, NULL, 0, 0 }
};

static const struct key_def ui_keys[] = {
	{ "theme", "ui.theme", K_ENUM, OFF(theme), NULL, themes, 0, 0 },
	{ "bind", "ui.bind", K_BINDS, 0, NULL, NULL, 0, 0 },
	{ NULL, NULL, K_MAP, 0, NULL, NULL, 0, 0 }
};

static const struct key_def notify_keys[] = {
	{ "command", "notify.command", K_ARGV, OFF(notify_command),
	  NULL, NULL, 0, 0 },
	{ NULL, NULL, K_MAP, 0, NULL, NULL, 0, 0 }
};

static const struct key_def auth_keys[] = {
	{ "kind", "sync.auth.kind", K_ENUM, OFF(sync.auth.kind),
	  NULL, auth_kinds, 0, 0 },
	{ "token_env", "sync.auth.token_env", K_ENV, OFF(sync.auth.token_env),
	  NULL, NULL, 0, 0 },
	{ "token_command", "sync.auth.token_command", K_ARGV,
	  OFF(sync.auth.token_command), NULL, NULL, 0, 0 },
	{ "username", "sync.auth.username", K_TEXT, OFF(sync.auth.username),
	  NULL, NULL, 1, 256 },
	{ "password_env", "sync.auth.password_env", K_ENV,
	  OFF(sync.auth.password_env), NULL, NULL, 0, 0 },
	{ "in", "sync.auth.in", K_ENUM, OFF(sync.auth.in),
	  NULL, api_key_places, 0, 0 },
	{ "param", "sync.auth.param", K_TEXT, OFF(sync.auth.param),
	  NULL, NULL, 1, 128 },
	{ "headers", "sync.auth.headers", K_HEADERS, OFF(sync.auth.headers),
	  NULL, NULL, 0, 0 },
	{ "token_url", "sync.auth.token_url", K_URL, OFF(sync.auth.token_url),
	  NULL, NULL, 0, 0 },
	{ "client_id", "sync.auth.client_id", K_TEXT, OFF(sync.auth.client_id),
	  NULL, NULL, 1, 256 },
	{ "client_secret_env", "sync.auth.client_secret_env", K_ENV,
	  OFF(sync.auth.client_secret_env), NULL, NULL, 0, 0 },
	{ "scope", "sync.auth.scope", K_TEXT, OFF(sync.auth.scope),
	  NULL, NULL, 1, 512 },
	{ NULL, NULL, K_MAP, 0, NULL, NULL, 0, 0 }
};

static const struct key_def breaker_keys[] = {
	{ "failure_threshold", "sync.breaker.failure_threshold", K_INT,
	  OFF(sync.failure_threshold), NULL, NULL, 1, 1000 },
	{ "open_seconds", "sync.breaker.open_seconds", K_INT,
	  OFF(sync.open_seconds), NULL, NULL, 1, 86400 },
	{ NULL, NULL, K_MAP, 0, NULL, NULL, 0, 0 }
};

static const struct key_def sync_keys[] = {
	{ "profile", "sync.profile", K_PROFILE, OFF(sync.profile),
	  NULL, NULL, 0, 0 },
	{ "base_url", "sync.base_url", K_URL, OFF(sync.base_url),
	  NULL, NULL, 0, 0 },
	{ "auth", "sync.auth", K_MAP, 0, auth_keys, NULL, 0, 0 },
	{ "interval", "sync.interval", K_INT, OFF(sync.interval),
	  NULL, NULL, 1, 86400 },
	{ "timeout", "sync.timeout", K_INT, OFF(sync.timeout),
	  NULL, NULL, 1, 3600 },
	{ "max_pages", "sync.max_pages", K_INT, OFF(sync.max_pages),
	  NULL, NULL, 1, 1000000 },
	{ "breaker", "sync.breaker", K_MAP, 0, breaker_keys, NULL, 0, 0 },
	{ "remote_user", "sync.remote_user", K_TEXT, OFF(sync.remote_user),
	  NULL, NULL, 1, 64 },
	{ NULL, NULL, K_MAP, 0, NULL, NULL, 0, 0 }
};

#define SLA_TARGET(pri, rank) \
static const struct key_def sla_##pri##_keys[] = { \
	{ "response", "sla." #pri ".response", K_DURATION, \
	  OFF(sla.target[rank][CONFIG_SLA_RESPONSE]), NULL, NULL, 0, 0 }, \
	{ "resolve", "sla." #pri ".resolve", K_DURATION, \
	  OFF(sla.target[rank][CONFIG_SLA_RESOLVE]), NULL, NULL, 0, 0 }, \
	{ NULL, NULL, K_MAP, 0, NULL, NULL, 0, 0 } \
}
SLA_TARGET(low, 0);
SLA_TARGET(normal, 1);
SLA_TARGET(high, 2);
SLA_TARGET(critical, 3);

static const struct key_def sla_keys[] = {
	{ "hours", "sla.hours", K_HOURS, OFF(sla.hours), NULL, NULL, 0, 0 },
	{ "timezone", "sla.timezone", K_ZONE, OFF(sla.timezone),
	  NULL, NULL, 0, 0 },
	{ "holidays", "sla.holidays", K_DATES, OFF(sla.holidays),
	  NULL, NULL, 0, 0 },
	{ "critical", "sla.critical", K_MAP, 0, sla_critical_keys, NULL, 0, 0 },
	{ "high", "sla.high", K_MAP, 0, sla_high_keys, NULL, 0, 0 },
	{ "normal", "sla.normal", K_MAP, 0, sla_normal_keys, NULL, 0, 0 },
	{ "low", "sla.low", K_MAP, 0, sla_low_keys, NULL, 0, 0 },
	{ NULL, NULL, K_MAP, 0, NULL, NULL, 0, 0 }
};

static const struct key_def top_keys[] = {
	{ "user", "user", K_TEXT, OFF(user), NULL, NULL, 1, 64 },
	{ "billing", "billing", K_MAP, 0, billing_keys, NULL, 0, 0 },
	{ "ui", "ui", K_MAP, 0, ui_keys, NULL, 0, 0 },
	{ "notify", "notify", K_MAP, 0, notify_keys, NULL, 0, 0 },
	{ "sync", "sync", K_SYNC, 0, sync_keys, NULL, 0, 0 },
	{ "views", "views", K_VIEWS, 0, NULL, NULL, 0, 0 },
	{ "sla", "sla", K_MAP, 0, sla_keys, NULL, 0, 0 },
	{ NULL, NULL, K_MAP, 0, NULL, NULL, 0, 0 }
};

/* Keys that would put a secret in the file, and where the secret goes. */
static const struct {
	const char *name, *advice;
} secret_keys[] = {
	{ "token", "token_env or token_command" },
	{ "access_token", "token_env or token_command" },
	{ "api_token", "token_env or token_command" },
	{ "api_key", "token_env or token_command" },
	{ "apikey", "token_env or token_command" },
	{ "password", "password_env" },
	{ "passwd", "password_env" },
	{ "secret", "client_secret_env" },
	{ "client_secret", "client_secret_env" },
};

/* Errors ------------------------------------------------------------------ */

static int
fail_at(struct loader *l, const yaml_mark_t *m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "file:line:col: message", 1-based, TP_BADINPUT. */
static int
fail_at(struct loader *l, const yaml_mark_t *m, const char *fmt, ...)
{
	char msg[sizeof l->e->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set(l->e, TP_BADINPUT, "%s:%zu:%zu: %s", l->path,
	    m->line + 1, m->column + 1, msg);
}

static const char *
type_name(const yaml_node_t *n)
{
	if (n->type == YAML_MAPPING_NODE)
		return "a mapping";
	if (n->type == YAML_SEQUENCE_NODE)
		return "a list";
	return "a value";
}

/* Optimal string alignment distance (a swap of two letters costs one),
 * for "did you mean".  Long words are not compared. */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b), d[33][33];

	if (n > 32 || m > 32)
		return SIZE_MAX;
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			size_t cost = tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]);
			size_t v = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[n][m];
}

/* The nearest of words (a NULL-terminated list, or a key table) when it
 * is near enough to be a likely misspelling, else NULL. */
static const char *
nearest(const char *word, const char *const *words, const struct key_def *defs)
{
	const char *best = NULL;
	size_t bestd = SIZE_MAX;

	for (size_t i = 0; words ? words[i] != NULL : defs[i].name != NULL; i++) {
		const char *w = words ? words[i] : defs[i].name;
		size_t d = edit_distance(word, w);

		if (d < bestd) {
			bestd = d;
			best = w;
		}
	}
	if (best == NULL || bestd > (strlen(best) + 2) / 3)
		return NULL;
	return best;
}

static void
list_words(struct buf *b, const char *const *words, const struct key_def *defs)
{
	for (size_t i = 0; words ? words[i] != NULL : defs[i].name != NULL; i++)
		buf_addf(b, "%s%s", i ? ", " : "", words ? words[i] : defs[i].name);
}

/* Scalars ----------------------------------------------------------------- */

static int
is_null(const yaml_node_t *n)
{
	const char *v = (const char *)n->data.scalar.value;

	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return *v == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
	    strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

/* The text of a scalar that must be one line of printable text. */
static int
scalar_text(struct loader *l, const struct key_def *k, const yaml_node_t *n,
    const char *expect, const char **out)
{
	const unsigned char *v;
	size_t len;

	if (n->type != YAML_SCALAR_NODE)
		return fail_at(l, &n->start_mark, "%s: expected %s, got %s",
		    k->path, expect, type_name(n));
	if (is_null(n))
		return fail_at(l, &n->start_mark, "%s: expected %s, got "
		    "nothing", k->path, expect);
	v = n->data.scalar.value;
	len = n->data.scalar.length;
	/* A "\u009b" or "\u202e" escape decodes to a control as surely as
	 * a raw byte: the text boundary's rule, on the decoded value. */
	for (size_t i = 0, m; i < len; i += m) {
		unsigned cp;

		m = text_utf8_decode((const char *)v + i, len - i, &cp);
		if (m == 0 || text_is_control(cp))
			return fail_at(l, &n->start_mark, "%s: control "
			    "characters are not allowed (expected %s)", k->path,
			    expect);
	}
	*out = (const char *)v;
	return TP_OK;
}

static char **
field_str(struct loader *l, const struct key_def *k)
{
	return (char **)(void *)((char *)l->cfg + k->off);
}

static void
set_str(struct loader *l, const struct key_def *k, const char *v)
{
	char **dst = field_str(l, k);

	free(*dst);
	*dst = xstrdup(v);
}

static int
is_env_name(const char *s)
{
	if (!(isalpha((unsigned char)*s) || *s == '_'))
		return 0;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_'))
			return 0;
	return 1;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int
read_enum(struct loader *l, const struct key_def *k, const yaml_node_t *n,
    const char *v)
{
	const char *near;
	struct buf b;

	for (size_t i = 0; k->choices[i]; i++)
		if (strcmp(v, k->choices[i]) == 0) {
			set_str(l, k, v);
			return TP_OK;
		}
	buf_init(&b);
	list_words(&b, k->choices, NULL);
	near = nearest(v, k->choices, NULL);
	fail_at(l, &n->start_mark, "%s: bad value '%.*s': expected one of %s%s%s%s",
	    k->path, VALUE_SHOWN, v, b.s, near ? " (did you mean '" : "",
	    near ? near : "", near ? "'?)" : "");
	buf_free(&b);
	return TP_BADINPUT;
}

static int
read_int(struct loader *l, const struct key_def *k, const yaml_node_t *n,
    const char *v)
{
	char *end;
	long long x;

	errno = 0;
	x = strtoll(v, &end, 10);
	if (!isdigit((unsigned char)*v) || *end != '\0' || errno != 0 ||
	    x < k->lo || x > k->hi)
		return fail_at(l, &n->start_mark, "%s: bad value '%.*s': "
		    "expected a whole number from %lld to %lld", k->path,
		    VALUE_SHOWN, v, k->lo, k->hi);
	*(int *)(void *)((char *)l->cfg + k->off) = (int)x;
	return TP_OK;
}

static int
read_money(struct loader *l, const struct key_def *k, const yaml_node_t *n,
    const char *v)
{
	struct err me = ERR_INIT;
	int64_t cents;

	if (money_parse(v, 0, &cents, &me) != TP_OK)
		return fail_at(l, &n->start_mark, "%s: %s", k->path, me.msg);
	*(int64_t *)(void *)((char *)l->cfg + k->off) = cents;
	return TP_OK;
}

/* One scalar key: check the value's shape for its kind and store it. */
static int
read_scalar(struct loader *l, const struct key_def *k, const yaml_node_t *n)
{
	static const char *const expect[] = {
		[K_TEXT] = "text", [K_ENUM] = "one word",
		[K_ENV] = "an environment variable's name",
		[K_URL] = "a URL", [K_PROFILE] = "a profile",
		[K_CURRENCY] = "a currency code", [K_INT] = "a whole number",
		[K_MONEY] = "an amount such as 150.00",
		[K_HOURS] = "business hours such as \"Mon-Fri 08:00-18:00\"",
		[K_ZONE] = "a time zone such as Europe/Berlin",
		[K_DURATION] = "a duration such as 4h or 1d",
	};
	struct bizcal cal;
	int64_t days, secs;
	const char *v;
	size_t len;

	if (scalar_text(l, k, n, expect[k->kind], &v) != TP_OK)
		return l->e->code;
	len = strlen(v);
	switch (k->kind) {
	case K_TEXT:
		if ((long long)len < k->lo)
			return fail_at(l, &n->start_mark, "%s: expected text, "
			    "got an empty string", k->path);
		if ((long long)len > k->hi)
			return fail_at(l, &n->start_mark, "%s: '%.*s' is too "
			    "long: at most %lld characters", k->path,
			    VALUE_SHOWN, v, k->hi);
		break;
	case K_ENUM:
		return read_enum(l, k, n, v);
	case K_ENV:
		if (!is_env_name(v))
			return fail_at(l, &n->start_mark, "%s: expected the "
			    "name of an environment variable, such as "
			    "TERMPSA_TOKEN (the value is not shown: the secret "
			    "itself never goes in the config file)", k->path);
		break;
	case K_URL: {
		/* core/url.c: the rule the sync helper applies too.  A URL
		 * with credentials in it is not repeated. */
		struct err why = ERR_INIT;

		if (url_check(v, &why) == TP_OK)
			break;
		if (strchr(v, '@'))
			return fail_at(l, &n->start_mark, "%s: bad URL: %s",
			    k->path, why.msg);
		return fail_at(l, &n->start_mark, "%s: bad URL '%.*s': %s",
		    k->path, VALUE_SHOWN, v, why.msg);
	}
	case K_PROFILE:
		if (strcmp(v, "termpsa") != 0 && strcmp(v, "itflow") != 0 &&
		    strchr(v, '/') == NULL && !ends_with(v, ".yaml") &&
		    !ends_with(v, ".yml"))
			return fail_at(l, &n->start_mark, "%s: bad value "
			    "'%.*s': expected termpsa, itflow, or the path of a "
			    "profile file (containing '/' or ending in .yaml)",
			    k->path, VALUE_SHOWN, v);
		break;
	case K_CURRENCY:
		if (len != 3 || !isupper((unsigned char)v[0]) ||
		    !isupper((unsigned char)v[1]) || !isupper((unsigned char)v[2]))
			return fail_at(l, &n->start_mark, "%s: bad value "
			    "'%.*s': expected a three-letter ISO 4217 code in "
			    "capitals, such as USD or EUR", k->path, VALUE_SHOWN,
			    v);
		break;
	case K_INT:
		return read_int(l, k, n, v);
	case K_MONEY:
		return read_money(l, k, n, v);
	case K_HOURS:
	case K_ZONE:
	case K_DURATION: {
		/* core/bizcal.c parses these for the SLA clocks; the same
		 * parser checks them here, so config check and the clocks
		 * agree on what is valid. */
		struct err why = ERR_INIT;
		int rc;

		bizcal_default(&cal);
		rc = k->kind == K_HOURS ? bizcal_parse_hours(&cal, v, &why) :
		    k->kind == K_ZONE ? bizcal_set_zone(&cal, v, &why) :
		    bizcal_parse_duration(v, &days, &secs, &why);
		if (rc != TP_OK)
			return fail_at(l, &n->start_mark, "%s: %s", k->path,
			    why.msg);
		break;
	}
	default:
		return err_set(l->e, TP_INTERNAL, "config: kind %d", k->kind);
	}
	set_str(l, k, v);
	return TP_OK;
}

/* Lists ------------------------------------------------------------------- */

static yaml_node_t *
node_at(struct loader *l, int i)
{
	return yaml_document_get_node(l->doc, i);
}

/* A NULL-terminated vector of copies of words; freed by strv_free. */
static void
strv_free(char **v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}

static void
strv_push(char ***v, size_t *n, const char *s, size_t len)
{
	*v = xrealloc(*v, (*n + 2) * sizeof **v);
	(*v)[*n] = xmalloc(len + 1);
	memcpy((*v)[*n], s, len);
	(*v)[*n][len] = '\0';
	(*n)++;
	(*v)[*n] = NULL;
}

/* A command: [prog, arg, ...] or "prog arg ..." (split at blanks, no shell
 * and no quoting: an argument with a blank needs the list form). */
static int
read_argv(struct loader *l, const struct key_def *k, const yaml_node_t *n)
{
	static const char expect[] = "a command as a list of words, such as "
	    "[notify-send, termpsa]";
	char **v = NULL, ***dst = (char ***)(void *)((char *)l->cfg + k->off);
	size_t nv = 0;
	const char *s;

	if (n->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *it = n->data.sequence.items.start;
		    it < n->data.sequence.items.top; it++) {
			yaml_node_t *w = node_at(l, *it);

			if (w == NULL)
				err_set(l->e, TP_INTERNAL, "config: bad node");
			if (w == NULL || scalar_text(l, k, w, "a word of the "
			    "command", &s) != TP_OK) {
				strv_free(v);
				return l->e->code;
			}
			strv_push(&v, &nv, s, strlen(s));
		}
	} else {
		if (scalar_text(l, k, n, expect, &s) != TP_OK)
			return l->e->code;
		while (*s) {
			size_t len = strcspn(s, " \t");

			if (len)
				strv_push(&v, &nv, s, len);
			s += len;
			s += strspn(s, " \t");
		}
	}
	if (nv == 0 || v[0][0] == '\0') {
		strv_free(v);
		return fail_at(l, &n->start_mark, "%s: expected %s, got an empty "
		    "command", k->path, expect);
	}
	strv_free(*dst);
	*dst = v;
	return TP_OK;
}

/* A list of dates ([2026-12-25, 2026-12-26]) or one date. */
static int
read_dates(struct loader *l, const struct key_def *k, const yaml_node_t *n)
{
	static const char expect[] = "a date YYYY-MM-DD";
	char **v = NULL, ***dst = (char ***)(void *)((char *)l->cfg + k->off);
	size_t nv = 0;
	const yaml_node_t *one[1] = { n };
	const yaml_node_item_t *it, *end;
	int is_seq = n->type == YAML_SEQUENCE_NODE;

	it = is_seq ? n->data.sequence.items.start : NULL;
	end = is_seq ? n->data.sequence.items.top : NULL;
	for (size_t i = 0; is_seq ? it < end : i < 1; i++) {
		const yaml_node_t *w = is_seq ? node_at(l, *it++) : one[0];
		struct err why = ERR_INIT;
		const char *s;

		if (w == NULL) {
			strv_free(v);
			return err_set(l->e, TP_INTERNAL, "config: bad node");
		}
		if (scalar_text(l, k, w, expect, &s) != TP_OK) {
			strv_free(v);
			return l->e->code;
		}
		if (clock_check_date(s, &why) != TP_OK) {
			strv_free(v);
			return fail_at(l, &w->start_mark, "%s: '%.20s' is not "
			    "a date YYYY-MM-DD", k->path, s);
		}
		strv_push(&v, &nv, s, strlen(s));
	}
	strv_free(*dst);
	*dst = v;
	return TP_OK;
}

/* "pane key action", three words.  Only the shape is checked here: the
 * words name the UI's panes, keys and actions, whose tables live in ui/
 * (ui/panes.h, ui/actions.h), which core/ does not include.  The UI
 * checks all three against those tables, with this binding's line and
 * column, through one function (keymap_load) that both the UI at start
 * and `termpsa config check` call (ui_check_binds): one list of panes,
 * one message for an unknown one. */
static int
read_bind(struct loader *l, const struct key_def *k, const yaml_node_t *n,
    struct config_bind *b)
{
	const char *s, *w[3];
	size_t len[3], nw = 0;

	if (scalar_text(l, k, n, "\"PANE KEY ACTION\"", &s) != TP_OK)
		return l->e->code;
	for (const char *p = s + strspn(s, " \t"); *p; p += strspn(p, " \t")) {
		size_t m = strcspn(p, " \t");

		if (nw == 3) {
			nw++;
			break;
		}
		w[nw] = p;
		len[nw++] = m;
		p += m;
	}
	if (nw != 3)
		return fail_at(l, &n->start_mark, "%s: bad binding '%.*s': "
		    "expected three words \"PANE KEY ACTION\", such as \"queue "
		    "x resolve\"", k->path, VALUE_SHOWN, s);
	b->pane = xmalloc(len[0] + 1);
	memcpy(b->pane, w[0], len[0]);
	b->pane[len[0]] = '\0';
	b->key = xmalloc(len[1] + 1);
	memcpy(b->key, w[1], len[1]);
	b->key[len[1]] = '\0';
	b->action = xmalloc(len[2] + 1);
	memcpy(b->action, w[2], len[2]);
	b->action[len[2]] = '\0';
	b->line = (int)n->start_mark.line + 1;
	b->col = (int)n->start_mark.column + 1;
	return TP_OK;
}

static int
read_binds(struct loader *l, const struct key_def *k, const yaml_node_t *n)
{
	struct config *cfg = l->cfg;

	if (is_null(n))
		return TP_OK;
	if (n->type != YAML_SEQUENCE_NODE)
		return fail_at(l, &n->start_mark, "%s: expected a list of "
		    "\"PANE KEY ACTION\" lines, got %s", k->path, type_name(n));
	for (yaml_node_item_t *it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		yaml_node_t *w = node_at(l, *it);
		struct config_bind b = { NULL, NULL, NULL, 0, 0 };

		if (w == NULL)
			return err_set(l->e, TP_INTERNAL, "config: bad node");
		if (read_bind(l, k, w, &b) != TP_OK)
			return l->e->code;
		cfg->binds = xrealloc(cfg->binds,
		    (cfg->nbinds + 1) * sizeof *cfg->binds);
		cfg->binds[cfg->nbinds++] = b;
	}
	return TP_OK;
}

/* views: NAME: "filter" ...  The filter is the UI's to parse (core
 * knows no list's fields); here a name is a word and a filter one line. */
static int
read_views(struct loader *l, const struct key_def *k, const yaml_node_t *n)
{
	struct config *cfg = l->cfg;

	if (is_null(n))
		return TP_OK;
	if (n->type != YAML_MAPPING_NODE)
		return fail_at(l, &n->start_mark, "%s: expected a mapping of "
		    "names to filters, got %s", k->path, type_name(n));
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	    p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = node_at(l, p->key), *vn = node_at(l, p->value);
		const char *name, *filter;
		struct config_view v;

		if (kn == NULL || vn == NULL)
			return err_set(l->e, TP_INTERNAL, "config: bad node");
		if (scalar_text(l, k, kn, "a view's name", &name) != TP_OK ||
		    scalar_text(l, k, vn, "a filter", &filter) != TP_OK)
			return l->e->code;
		if (strlen(name) > 40 || name[strcspn(name, " \t:")] != '\0')
			return fail_at(l, &kn->start_mark, "views: bad name "
			    "'%.*s': expected a word of up to 40 characters",
			    VALUE_SHOWN, name);
		if (strlen(filter) > 190)
			return fail_at(l, &vn->start_mark, "views.%s: a filter "
			    "of up to 190 characters", name);
		v.name = xstrdup(name);
		v.filter = xstrdup(filter);
		v.line = (int)kn->start_mark.line + 1;
		cfg->views = xrealloc(cfg->views,
		    (cfg->nviews + 1) * sizeof *cfg->views);
		cfg->views[cfg->nviews++] = v;
	}
	return TP_OK;
}

/* A header name is an HTTP token; the value is one line. */
static int
header_ok(const char *name, size_t nlen, const char *value)
{
	static const char tchar[] = "!#$%&'*+-.^_`|~";

	if (nlen == 0)
		return 0;
	for (size_t i = 0; i < nlen; i++)
		if (!isalnum((unsigned char)name[i]) &&
		    strchr(tchar, name[i]) == NULL)
			return 0;
	(void)value;    /* scalar_text already refused control characters */
	return 1;
}

/* Header names whose value is a credential (whole names, then parts of
 * names, compared without case): such a value is never written in the
 * file, only its {token} place, filled from token_env or token_command. */
static const char *const secret_header_names[] = {
	"authorization", "proxy-authorization", "cookie", NULL
};
static const char *const secret_header_parts[] = {
	"auth", "token", "key", "secret", "pass", "session", "cookie",
	"credential", "signature", NULL
};

static int
header_is_secret(const char *name, size_t nlen)
{
	char low[128];
	size_t n = nlen < sizeof low - 1 ? nlen : sizeof low - 1;

	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[n] = '\0';
	for (size_t i = 0; secret_header_names[i]; i++)
		if (strcmp(low, secret_header_names[i]) == 0)
			return 1;
	for (size_t i = 0; secret_header_parts[i]; i++)
		if (strstr(low, secret_header_parts[i]))
			return 1;
	return 0;
}

static int
add_header(struct loader *l, const struct key_def *k, const yaml_node_t *at,
    const char *name, size_t nlen, const char *value, char ***v, size_t *nv)
{
	struct buf b;
	int shown = (int)(nlen < VALUE_SHOWN ? nlen : VALUE_SHOWN);

	while (*value == ' ')
		value++;
	if (!header_ok(name, nlen, value))
		return fail_at(l, &at->start_mark, "%s: bad header name '%.*s': "
		    "expected letters, digits and -", k->path, shown, name);
	if (header_is_secret(name, nlen) && strstr(value, "{token}") == NULL)
		return fail_at(l, &at->start_mark, "%s: header '%.*s' carries "
		    "a credential, which is refused in the config file: write "
		    "its value with a {token} place, such as \"Bearer "
		    "{token}\", and set token_env or token_command (the value "
		    "is not shown)", k->path, shown, name);
	buf_init(&b);
	buf_addf(&b, "%.*s: %s", (int)nlen, name, value);
	strv_push(v, nv, b.s, b.len);
	buf_free(&b);
	return TP_OK;
}

static int
read_headers(struct loader *l, const struct key_def *k, const yaml_node_t *n)
{
	char **v = NULL, ***dst = (char ***)(void *)((char *)l->cfg + k->off);
	size_t nv = 0;
	const char *name, *value;
	int rc = TP_OK;

	if (n->type == YAML_MAPPING_NODE) {
		for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
		    rc == TP_OK && p < n->data.mapping.pairs.top; p++) {
			yaml_node_t *kn = node_at(l, p->key), *vn = node_at(l, p->value);

			if (kn == NULL || vn == NULL)
				rc = err_set(l->e, TP_INTERNAL, "config: bad node");
			else if ((rc = scalar_text(l, k, kn, "a header name",
			    &name)) == TP_OK &&
			    (rc = scalar_text(l, k, vn, "a header value",
			    &value)) == TP_OK)
				rc = add_header(l, k, kn, name, strlen(name), value,
				    &v, &nv);
		}
	} else if (n->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *it = n->data.sequence.items.start;
		    rc == TP_OK && it < n->data.sequence.items.top; it++) {
			yaml_node_t *w = node_at(l, *it);

			if (w == NULL)
				rc = err_set(l->e, TP_INTERNAL, "config: bad node");
			else if ((rc = scalar_text(l, k, w, "\"Name: value\"",
			    &name)) != TP_OK)
				break;
			else if ((value = strchr(name, ':')) == NULL)
				rc = fail_at(l, &w->start_mark, "%s: bad header "
				    "'%.*s': expected \"Name: value\"", k->path,
				    VALUE_SHOWN, name);
			else
				rc = add_header(l, k, w, name,
				    (size_t)(value - name), value + 1, &v, &nv);
		}
	} else {
		return fail_at(l, &n->start_mark, "%s: expected a mapping of "
		    "header names to values, got %s", k->path, type_name(n));
	}
	if (rc != TP_OK) {
		strv_free(v);
		return rc;
	}
	strv_free(*dst);
	*dst = v;
	return TP_OK;
}

/* Mappings ---------------------------------------------------------------- */

static int walk_map(struct loader *l, const struct key_def *parent,
    const struct key_def *defs, const yaml_node_t *n);

static int
read_value(struct loader *l, const struct key_def *k, const yaml_node_t *n)
{
	switch (k->kind) {
	case K_SYNC:
		l->cfg->sync.enabled = 1;
		l->cfg->sync.line = (int)n->start_mark.line + 1;
		/* FALLTHROUGH */
	case K_MAP:
		return walk_map(l, k, k->sub, n);
	case K_ARGV:
		return read_argv(l, k, n);
	case K_BINDS:
		return read_binds(l, k, n);
	case K_VIEWS:
		return read_views(l, k, n);
	case K_HEADERS:
		return read_headers(l, k, n);
	case K_DATES:
		return read_dates(l, k, n);
	default:
		return read_scalar(l, k, n);
	}
}

static int
unknown_key(struct loader *l, const struct key_def *parent,
    const struct key_def *defs, const yaml_node_t *kn, const char *name)
{
	const char *near = nearest(name, NULL, defs);
	char where[80] = "";
	struct buf list;
	int rc;

	if (parent != NULL)
		snprintf(where, sizeof where, " in %s", parent->path);
	for (size_t i = 0; i < sizeof secret_keys / sizeof secret_keys[0]; i++)
		if (strcmp(name, secret_keys[i].name) == 0)
			return fail_at(l, &kn->start_mark, "'%s'%s would put a "
			    "secret in the config file, which is refused: use %s "
			    "instead (the secret stays in the environment or a "
			    "password manager)", name, where,
			    secret_keys[i].advice);
	if (near != NULL)
		return fail_at(l, &kn->start_mark, "unknown key '%.*s'%s (did "
		    "you mean '%s'?)", VALUE_SHOWN, name, where, near);
	buf_init(&list);
	list_words(&list, NULL, defs);
	rc = fail_at(l, &kn->start_mark, "unknown key '%.*s'%s: expected one "
	    "of %s", VALUE_SHOWN, name, where, list.s);
	buf_free(&list);
	return rc;
}

/* Read a mapping of known keys; an empty value (`billing:`) is an empty
 * mapping.  Each key may appear once. */
static int
walk_map(struct loader *l, const struct key_def *parent,
    const struct key_def *defs, const yaml_node_t *n)
{
	int seen[16] = { 0 };

	if (is_null(n))
		return TP_OK;
	if (n->type != YAML_MAPPING_NODE) {
		if (parent == NULL)
			return fail_at(l, &n->start_mark, "expected a mapping of "
			    "keys such as 'user:' and 'billing:', got %s",
			    type_name(n));
		return fail_at(l, &n->start_mark, "%s: expected a mapping of "
		    "keys, got %s", parent->path, type_name(n));
	}
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	    p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = node_at(l, p->key), *vn = node_at(l, p->value);
		const char *name;
		size_t i;

		if (kn == NULL || vn == NULL)
			return err_set(l->e, TP_INTERNAL, "config: bad node");
		if (kn->type != YAML_SCALAR_NODE)
			return fail_at(l, &kn->start_mark, "expected a key name, "
			    "got %s", type_name(kn));
		name = (const char *)kn->data.scalar.value;
		for (i = 0; defs[i].name; i++)
			if (strcmp(defs[i].name, name) == 0)
				break;
		if (defs[i].name == NULL)
			return unknown_key(l, parent, defs, kn, name);
		if (seen[i])
			return fail_at(l, &kn->start_mark, "duplicate key '%s' "
			    "(first on line %d)", defs[i].path, seen[i]);
		seen[i] = (int)kn->start_mark.line + 1;
		if (read_value(l, &defs[i], vn) != TP_OK)
			return l->e->code;
	}
	return TP_OK;
}

/* Rules that join several keys, checked once the file is read. */
static int
check_auth(struct loader *l, const yaml_mark_t *at)
{
	struct config_auth *a = &l->cfg->sync.auth;
	const char *k = a->kind;

	if (a->token_env && a->token_command)
		return fail_at(l, at, "sync.auth: set token_env or "
		    "token_command, not both");
	for (char **h = a->headers; h && *h; h++)
		if (strstr(*h, "{token}") && !a->token_env && !a->token_command)
			return fail_at(l, at, "sync.auth: headers have a {token} "
			    "place: set token_env or token_command");
	if (k == NULL)
		return TP_OK;
	if ((strcmp(k, "bearer") == 0 || strcmp(k, "api_key") == 0) &&
	    !a->token_env && !a->token_command)
		return fail_at(l, at, "sync.auth: kind %s needs token_env or "
		    "token_command", k);
	if (strcmp(k, "basic") == 0 && (!a->username || !a->password_env))
		return fail_at(l, at, "sync.auth: kind basic needs username "
		    "and password_env");
	if (strcmp(k, "headers") == 0 && !a->headers)
		return fail_at(l, at, "sync.auth: kind headers needs headers");
	if (strcmp(k, "oauth2") == 0 &&
	    (!a->token_url || !a->client_id || !a->client_secret_env))
		return fail_at(l, at, "sync.auth: kind oauth2 needs token_url, "
		    "client_id and client_secret_env");
	if (strcmp(k, "api_key") == 0 && a->param == NULL)
		a->param = xstrdup("api_key");
	return TP_OK;
}

/* Where sync.auth: was written, for check_auth's messages. */
static yaml_mark_t
auth_mark(struct loader *l, const yaml_node_t *root)
{
	yaml_mark_t m = root->start_mark;
	const yaml_node_t *n = root;
	const char *path[] = { "sync", "auth" };

	for (size_t d = 0; d < 2 && n && n->type == YAML_MAPPING_NODE; d++) {
		const yaml_node_t *next = NULL;

		for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
		    p < n->data.mapping.pairs.top; p++) {
			yaml_node_t *kn = node_at(l, p->key);

			if (kn && kn->type == YAML_SCALAR_NODE &&
			    strcmp((char *)kn->data.scalar.value, path[d]) == 0) {
				m = kn->start_mark;
				next = node_at(l, p->value);
			}
		}
		n = next;
	}
	return m;
}

/* Reading ----------------------------------------------------------------- */

/* The 0-based line and column of byte offset off in data. */
static yaml_mark_t
mark_of(const char *data, size_t len, size_t off)
{
	yaml_mark_t m = { 0, 0, 0 };

	for (size_t i = 0; i < off && i < len; i++) {
		if (data[i] == '\n') {
			m.line++;
			m.column = 0;
		} else if (((unsigned char)data[i] & 0xc0) != 0x80) {
			m.column++;
		}
	}
	m.index = off;
	return m;
}

static int
syntax_error(struct loader *l, yaml_parser_t *p, const char *data, size_t len)
{
	yaml_mark_t m = p->problem_mark;

	if (p->error == YAML_MEMORY_ERROR)
		return err_set(l->e, TP_INTERNAL, "%s: out of memory", l->path);
	if (p->error == YAML_READER_ERROR)
		m = mark_of(data, len, p->problem_offset);
	if (p->context != NULL && p->error != YAML_READER_ERROR)
		return fail_at(l, &m, "bad YAML: %s (%s that began at %zu:%zu)",
		    p->problem ? p->problem : "syntax error", p->context,
		    p->context_mark.line + 1, p->context_mark.column + 1);
	return fail_at(l, &m, "bad YAML: %s", p->problem ? p->problem :
	    "syntax error");
}

static int
load_document(struct loader *l, const char *data, size_t len)
{
	yaml_parser_t parser;
	yaml_document_t doc, extra;
	yaml_node_t *root;
	int rc = TP_OK;

	/* Deep nesting is refused before the document loader sees it. */
	if (yamldepth_check(l->path, data, len, l->e) != TP_OK)
		return l->e->code;
	if (!yaml_parser_initialize(&parser))
		return err_set(l->e, TP_INTERNAL, "%s: out of memory", l->path);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = syntax_error(l, &parser, data, len);
		yaml_parser_delete(&parser);
		return rc;
	}
	l->doc = &doc;
	root = yaml_document_get_root_node(&doc);
	if (root != NULL) {
		rc = walk_map(l, NULL, top_keys, root);
		if (rc == TP_OK && l->cfg->sync.enabled) {
			yaml_mark_t m = auth_mark(l, root);

			rc = check_auth(l, &m);
		}
		if (rc == TP_OK) {
			if (!yaml_parser_load(&parser, &extra)) {
				rc = syntax_error(l, &parser, data, len);
			} else {
				if (yaml_document_get_root_node(&extra) != NULL)
					rc = fail_at(l, &extra.start_mark, "only one "
					    "YAML document is allowed");
				yaml_document_delete(&extra);
			}
		}
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	l->doc = NULL;
	return rc;
}

void
config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->default_rate_cents = 15000;
	cfg->currency = xstrdup("USD");
	cfg->invoice_prefix = xstrdup("INV-");
	cfg->timer_rounding = 1;
	cfg->theme = xstrdup("default");
	cfg->sync.profile = xstrdup("termpsa");
	cfg->sync.interval = 60;
	cfg->sync.timeout = 10;
	cfg->sync.max_pages = 1000;
	cfg->sync.failure_threshold = 5;
	cfg->sync.open_seconds = 30;
	cfg->sla.hours = xstrdup("Mon-Fri 08:00-18:00");
	for (int p = 0; p < 4; p++) {
		static const char *const dflt[4][2] = {
			{ "3d", "10d" }, { "1d", "3d" }, { "4h", "1d" },
			{ "1h", "4h" }
		};

		for (int t = 0; t < 2; t++)
			cfg->sla.target[p][t] = xstrdup(dflt[p][t]);
	}
}

int
config_load_string(const char *name, const char *data, size_t len,
    struct config *cfg, struct err *e)
{
	struct err local = ERR_INIT;
	struct loader l;

	if (e == NULL)
		e = &local;
	config_defaults(cfg);
	cfg->path = xstrdup(name);
	if (len > CONFIG_MAX_BYTES) {
		config_free(cfg);
		return err_set(e, TP_BADINPUT, "%s: too large (over %d bytes) "
		    "for a config file", name, CONFIG_MAX_BYTES);
	}
	l.path = name;
	l.doc = NULL;
	l.cfg = cfg;
	l.e = e;
	if (load_document(&l, data, len) != TP_OK) {
		config_free(cfg);
		return e->code ? e->code : TP_INTERNAL;
	}
	return TP_OK;
}

/* Read the whole file; TP_NOTFOUND (no message) when it does not exist. */
static int
slurp(const char *path, struct buf *out, int *insecure, struct err *e)
{
	char chunk[8192];
	struct stat st;
	size_t n;
	FILE *f;

	f = fopen(path, "rb");
	if (f == NULL) {
		if (errno == ENOENT || errno == ENOTDIR)
			return TP_NOTFOUND;
		return err_set(e, TP_IO, "%s: cannot read the config file: %s",
		    path, strerror(errno));
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return err_set(e, TP_IO, "%s: cannot read the config file: not a "
		    "regular file", path);
	}
	*insecure = (st.st_mode & (S_IRGRP | S_IROTH)) != 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_addn(out, chunk, n);
		if (out->len > CONFIG_MAX_BYTES)
			break;
	}
	if (ferror(f)) {
		fclose(f);
		return err_set(e, TP_IO, "%s: cannot read the config file: %s",
		    path, strerror(errno));
	}
	fclose(f);
	return TP_OK;
}

int
config_load(const char *path, int must_exist, struct config *cfg,
    struct err *e)
{
	struct buf data;
	int insecure = 0, rc;

	config_defaults(cfg);
	if (path == NULL)
		return TP_OK;
	buf_init(&data);
	rc = slurp(path, &data, &insecure, e);
	if (rc == TP_NOTFOUND) {
		buf_free(&data);
		if (must_exist) {
			config_free(cfg);
			return err_set(e, TP_IO, "%s: cannot read the config "
			    "file: %s", path, strerror(ENOENT));
		}
		return TP_OK;
	}
	if (rc != TP_OK) {
		buf_free(&data);
		config_free(cfg);
		return rc;
	}
	config_free(cfg);
	rc = config_load_string(path, data.s, data.len, cfg, e);
	buf_free(&data);
	if (rc == TP_OK)
		cfg->insecure_mode = insecure;
	return rc;
}

void
config_free(struct config *cfg)
{
	struct config_auth *a = &cfg->sync.auth;

	free(cfg->path);
	free(cfg->user);
	free(cfg->currency);
	free(cfg->invoice_prefix);
	free(cfg->theme);
	for (size_t i = 0; i < cfg->nbinds; i++) {
		free(cfg->binds[i].pane);
		free(cfg->binds[i].key);
		free(cfg->binds[i].action);
	}
	free(cfg->binds);
	for (size_t i = 0; i < cfg->nviews; i++) {
		free(cfg->views[i].name);
		free(cfg->views[i].filter);
	}
	free(cfg->views);
	strv_free(cfg->notify_command);
	free(cfg->sync.profile);
	free(cfg->sync.base_url);
	free(cfg->sync.remote_user);
	free(a->kind);
	free(a->token_env);
	strv_free(a->token_command);
	free(a->username);
	free(a->password_env);
	free(a->in);
	free(a->param);
	strv_free(a->headers);
	free(a->token_url);
	free(a->client_id);
	free(a->client_secret_env);
	free(a->scope);
	free(cfg->sla.hours);
	free(cfg->sla.timezone);
	strv_free(cfg->sla.holidays);
	for (int p = 0; p < 4; p++)
		for (int t = 0; t < 2; t++)
			free(cfg->sla.target[p][t]);
	memset(cfg, 0, sizeof *cfg);
}

char *
config_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct buf b;
	char *path;

	buf_init(&b);
	if (xdg != NULL && *xdg == '/')
		buf_addf(&b, "%s/termpsa/config.yaml", xdg);
	else
		buf_addf(&b, "%s/.config/termpsa/config.yaml",
		    home && *home ? home : ".");
	path = buf_detach(&b);
	buf_free(&b);   /* buf_detach leaves b holding a fresh buffer */
	return path;
}

/* JSON -------------------------------------------------------------------- */

/* Run a one-row, one-column query with text ('t', NULL allowed) and
 * integer ('i') parameters; the malloc'd text of the result, or NULL with
 * e set (or NULL for an SQL NULL result with e untouched). */
static char *
json_query(sqlite3 *db, struct err *e, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st = NULL;
	char *out = NULL;
	va_list ap;
	int i = 1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		err_set(e, TP_INTERNAL, "config json: %s", sqlite3_errmsg(db));
		return NULL;
	}
	va_start(ap, fmt);
	for (const char *f = fmt; *f; f++, i++) {
		if (*f == 'i') {
			sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
		} else {
			const char *s = va_arg(ap, const char *);

			if (s == NULL)
				sqlite3_bind_null(st, i);
			else
				sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
		}
	}
	va_end(ap);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			out = xstrdup((const char *)sqlite3_column_text(st, 0));
	} else {
		err_set(e, TP_INTERNAL, "config json: %s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return out;
}

/* A JSON array of strings, or NULL for a NULL vector. */
static char *
json_strv(sqlite3 *db, char *const *v, struct err *e)
{
	char *acc;

	if (v == NULL)
		return NULL;
	acc = xstrdup("[]");
	for (size_t i = 0; acc && v[i]; i++) {
		char *next = json_query(db, e, "SELECT json_insert(?1, '$[#]', ?2)",
		    "tt", acc, v[i]);

		free(acc);
		acc = next;
	}
	return acc;
}

/* The headers' names only: no output shows a header's value, which may
 * be (or, filled in, hold) a credential. */
static char *
json_header_names(sqlite3 *db, char *const *v, struct err *e)
{
	char *acc;

	if (v == NULL)
		return NULL;
	acc = xstrdup("[]");
	for (size_t i = 0; acc && v[i]; i++) {
		char *next = json_query(db, e, "SELECT json_insert(?1, '$[#]', "
		    "substr(?2, 1, instr(?2, ':') - 1))", "tt", acc, v[i]);

		free(acc);
		acc = next;
	}
	return acc;
}

static char *
json_binds(sqlite3 *db, const struct config *cfg, struct err *e)
{
	char *acc = xstrdup("[]");

	for (size_t i = 0; acc && i < cfg->nbinds; i++) {
		const struct config_bind *b = &cfg->binds[i];
		char *next = json_query(db, e, "SELECT json_insert(?1, '$[#]', "
		    "json_object('pane', ?2, 'key', ?3, 'action', ?4, "
		    "'line', ?5, 'col', ?6))", "ttttii", acc, b->pane, b->key,
		    b->action, (int64_t)b->line, (int64_t)b->col);

		free(acc);
		acc = next;
	}
	return acc;
}

static char *
json_views(sqlite3 *db, const struct config *cfg, struct err *e)
{
	char *acc = xstrdup("{}");

	for (size_t i = 0; acc && i < cfg->nviews; i++) {
		char *next = json_query(db, e, "SELECT json_set(?1, '$.' || "
		    "json_quote(?2), ?3)", "ttt", acc, cfg->views[i].name,
		    cfg->views[i].filter);

		free(acc);
		acc = next;
	}
	return acc;
}

static char *
json_sync(sqlite3 *db, const struct config *cfg, struct err *e)
{
	const struct config_sync *s = &cfg->sync;
	const struct config_auth *a = &s->auth;
	char *cmd = json_strv(db, a->token_command, e);
	char *hdr = json_header_names(db, a->headers, e);
	char *auth, *out = NULL;

	auth = json_query(db, e, "SELECT json_object('kind', ?1, 'token_env', "
	    "?2, 'token_command', json(?3), 'username', ?4, 'password_env', ?5, "
	    "'in', ?6, 'param', ?7, 'headers', json(?8), 'token_url', ?9, "
	    "'client_id', ?10, 'client_secret_env', ?11, 'scope', ?12)",
	    "tttttttttttt", a->kind, a->token_env, cmd, a->username,
	    a->password_env, a->in, a->param, hdr, a->token_url, a->client_id,
	    a->client_secret_env, a->scope);
	if (auth != NULL)
		out = json_query(db, e, "SELECT json_object('profile', ?1, "
		    "'base_url', ?2, 'auth', json(?3), 'interval', ?4, "
		    "'timeout', ?5, 'breaker', json_object('failure_threshold', "
		    "?6, 'open_seconds', ?7), 'max_pages', ?8)", "tttiiiii",
		    s->profile, s->base_url, auth, (int64_t)s->interval,
		    (int64_t)s->timeout, (int64_t)s->failure_threshold,
		    (int64_t)s->open_seconds, (int64_t)s->max_pages);
	free(cmd);
	free(hdr);
	free(auth);
	return out;
}

/* sla: as in the file, with the defaults filled in. */
static char *
json_sla(sqlite3 *db, const struct config *cfg, struct err *e)
{
	char *const *t = &cfg->sla.target[0][0];
	char *hol = json_strv(db, cfg->sla.holidays, e);
	char *out = e->code != TP_OK ? NULL : json_query(db, e,
	    "SELECT json_object('hours', ?1, 'timezone', ?2, 'holidays', "
	    "json(coalesce(?3, '[]')), "
	    "'critical', json_object('response', ?10, 'resolve', ?11), "
	    "'high', json_object('response', ?8, 'resolve', ?9), "
	    "'normal', json_object('response', ?6, 'resolve', ?7), "
	    "'low', json_object('response', ?4, 'resolve', ?5))",
	    "ttt" "tttt" "tttt", cfg->sla.hours, cfg->sla.timezone, hol,
	    t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]);

	free(hol);
	return out;
}

int
config_json(const struct config *cfg, struct buf *out, struct err *e)
{
	char rate[MONEY_LEN], *binds = NULL, *notify = NULL, *sync = NULL, *doc;
	char *views = NULL, *sla = NULL;
	struct err local = ERR_INIT;
	sqlite3 *db = NULL;

	if (e == NULL)
		e = &local;
	err_clear(e);
	if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
		sqlite3_close(db);
		return err_set(e, TP_INTERNAL, "config json: cannot open SQLite");
	}
	money_format(cfg->default_rate_cents, rate);
	binds = json_binds(db, cfg, e);
	notify = json_strv(db, cfg->notify_command, e);
	views = json_views(db, cfg, e);
	if (cfg->sync.enabled && e->code == TP_OK)
		sync = json_sync(db, cfg, e);
	if (e->code == TP_OK)
		sla = json_sla(db, cfg, e);
	doc = e->code != TP_OK ? NULL : json_query(db, e, "SELECT json_object("
	    "'path', ?1, 'insecure_mode', json(?2), 'user', ?3, "
	    "'billing', json_object('default_rate', ?4, 'default_rate_cents', "
	    "?5, 'currency', ?6, 'invoice_prefix', ?7, 'timer_rounding', ?12), "
	    "'ui', json_object('theme', ?8, 'bind', json(?9)), "
	    "'notify', json_object('command', json(?10)), 'sync', json(?11), "
	    "'views', json(?13), 'sla', json(?14))",
	    "tttti" "ttttt" "t" "i" "tt", cfg->path,
	    cfg->insecure_mode ? "true" : "false", cfg->user, rate,
	    (int64_t)cfg->default_rate_cents, cfg->currency, cfg->invoice_prefix,
	    cfg->theme, binds, notify, sync, (int64_t)cfg->timer_rounding,
	    views, sla);
	if (doc != NULL)
		buf_add(out, doc);
	free(views);
	free(sla);
	free(binds);
	free(notify);
	free(sync);
	free(doc);
	sqlite3_close(db);
	if (doc == NULL && e->code == TP_OK)
		err_set(e, TP_INTERNAL, "config json: no result");
	return e->code;
}
