/* filter.c - see filter.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/money.h"
#include "service/asset.h"
#include "service/client.h"
#include "service/filter.h"
#include "service/invoice.h"
#include "service/ticket.h"
#include "service/user.h"

#define OPEN_WORK "t.status NOT IN ('resolved', 'closed')"

static const struct filter_field ticket_fields[] = {
	{ "status", NULL, FILTER_SET, "t.status", ticket_statuses, 0, NULL,
	  NULL, FILTER_F_STATUS | FILTER_F_WALK, "open,waiting,..." },
	{ "pri", "priority", FILTER_SET, "t.priority", ticket_priorities, 1,
	  NULL, NULL, 0, "low|normal|high|critical, high+ (or above)" },
	{ "assignee", NULL, FILTER_USER, "t.assigned_to", NULL, 0, NULL, NULL,
	  0, "me|none|NAME" },
	{ "client", NULL, FILTER_CLIENT, "t.client_id", NULL, 0, NULL, NULL,
	  FILTER_F_WALK, "ID|NAME" },
	{ "due", NULL, FILTER_TIME, "t.due_at", NULL, 0, NULL, NULL, 0,
	  "<2026-02-01|today|<2d|none" },
	{ "overdue", NULL, FILTER_FLAG, "t.due_at < :now AND " OPEN_WORK, NULL,
	  0, NULL, NULL, 0, "" },
	{ "age", "created", FILTER_AGE, "t.created_at", NULL, 0, NULL, NULL, 0,
	  ">7d|<24h|<2026-01-01" },
	{ "updated", NULL, FILTER_AGE, "t.updated_at", NULL, 0, NULL, NULL, 0,
	  "<24h|>7d|>2026-01-01" },
	{ "asset", NULL, FILTER_REF, "t.asset_id", NULL, 0, NULL, NULL, 0,
	  "ID|none" },
	{ "project", NULL, FILTER_REF, "t.project_id", NULL, 0, NULL, NULL, 0,
	  "ID|none" },
	{ "sla", NULL, FILTER_SLA, "t.id", NULL, 0, NULL, NULL, 0,
	  "breached|<2h|>1d|none (time to breach)" },
};
const struct filter_table ticket_filter_table = {
	"ticket", ticket_fields, sizeof ticket_fields / sizeof ticket_fields[0]
};

static const struct filter_field asset_fields[] = {
	{ "status", NULL, FILTER_SET, "a.status", asset_statuses, 0, NULL, NULL,
	  FILTER_F_STATUS, "ready,deployed,maintenance,retired,lost" },
	{ "client", NULL, FILTER_CLIENT, "a.client_id", NULL, 0, NULL, NULL, 0,
	  "ID|NAME" },
	{ "warranty", NULL, FILTER_DAY, "a.warranty_expire", NULL, 0, NULL,
	  NULL, 0, "<30d|<2026-06-01|none" },
	{ "type", NULL, FILTER_SET, "a.type", NULL, 0, NULL, NULL, 0, "TYPE" },
};
const struct filter_table asset_filter_table = {
	"asset", asset_fields, sizeof asset_fields / sizeof asset_fields[0]
};

/* Overdue as invoice_list states it: due before today, not settled. */
static const struct filter_field invoice_fields[] = {
	{ "status", NULL, FILTER_SET, "i.status", invoice_statuses, 0,
	  "overdue", "(i.due_date < ?1 AND i.status NOT IN ('paid', "
	  "'cancelled'))", FILTER_F_STATUS, "draft,sent,partial,paid,cancelled,"
	  "unpaid,overdue" },
	{ "client", NULL, FILTER_CLIENT, "i.client_id", NULL, 0, NULL, NULL, 0,
	  "ID|NAME" },
	{ "total", NULL, FILTER_MONEY, "i.total_cents", NULL, 0, NULL, NULL, 0,
	  ">500.00" },
	{ "due", NULL, FILTER_DAY, "i.due_date", NULL, 0, NULL, NULL, 0,
	  "<2026-02-01|<7d|today" },
	{ "issued", NULL, FILTER_DAY, "i.issue_date", NULL, 0, NULL, NULL, 0,
	  ">2026-01-01|<30d" },
};
const struct filter_table invoice_filter_table = {
	"invoice", invoice_fields, sizeof invoice_fields / sizeof invoice_fields[0]
};

void
filter_init(struct filter *f)
{
	memset(f, 0, sizeof *f);
	buf_init(&f->where);
	buf_init(&f->search);
}

void
filter_free(struct filter *f)
{
	for (size_t i = 0; i < f->nbinds; i++)
		free(f->binds[i].t);
	free(f->binds);
	buf_free(&f->where);
	buf_free(&f->search);
	memset(f, 0, sizeof *f);
}

void
filter_field_names(const struct filter_table *t, struct buf *out)
{
	for (size_t i = 0; i < t->n; i++)
		buf_addf(out, "%s%s", i ? ", " : "", t->fields[i].name);
}

/* One word of the text, unquoted, with where it starts. */
struct word {
	struct buf text;
	int        col;     /* 1-based column in the text */
	int        num;     /* 1-based word number */
};

/* The next word of *p into w; 0 at the end. */
static int
next_word(const char *base, const char **p, struct word *w)
{
	const char *s = *p, *start;
	int quoted = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (*s == '\0')
		return 0;
	start = s;
	buf_reset(&w->text);
	for (; *s && (quoted || (*s != ' ' && *s != '\t' && *s != '\n')); s++) {
		if (*s == '"' && quoted && s[1] == '"')
			buf_addc(&w->text, *s++);
		else if (*s == '"')
			quoted = !quoted;
		else
			buf_addc(&w->text, *s);
	}
	w->col = 1 + (int)(start - base);
	*p = s;
	return 1;
}

/* A bind's placeholder, ":fN", after adding it. */
static void
add_bind(struct filter *f, char kind, int64_t i, const char *t,
    struct buf *sql)
{
	f->binds = xrealloc(f->binds, (f->nbinds + 1) * sizeof *f->binds);
	f->binds[f->nbinds].kind = kind;
	f->binds[f->nbinds].i = i;
	f->binds[f->nbinds].t = t ? xstrdup(t) : NULL;
	f->nbinds++;
	buf_addf(sql, ":f%zu", f->nbinds);
}

/* What a term says is wrong: every message names the word and column. */
struct term {
	const struct filter_table *table;
	const struct filter_field *field;
	const struct word         *w;
	const char                *value;
	struct filter             *out;
	struct buf                *sql;
};

static int
bad(const struct term *t, struct err *e, const char *why)
{
	return err_set_field(e, TP_BADINPUT, "filter", "bad filter term %d "
	    "'%.100s' (column %d): %s", t->w->num, t->w->text.s, t->w->col, why);
}

/* Names that stand for several values of a set: invoice status:unpaid
 * is sent or partial (what is owed and not settled). */
static const struct {
	const char *const *values;
	const char        *name;
	const char        *members[3];
} set_groups[] = {
	{ invoice_statuses, "unpaid", { "sent", "partial", NULL } },
};

/* An unordered set's values are listed from the set itself, every one
 * of them (a hint may abbreviate), then its group names and its extra
 * word; an ordered one's hint also tells of value+ and value-. */
static int
bad_value(const struct term *t, struct err *e)
{
	const struct filter_field *fd = t->field;
	struct buf why;
	int rc;

	buf_init(&why);
	buf_addf(&why, "%s takes ", fd->name);
	if (fd->kind != FILTER_SET || fd->values == NULL || fd->ordered) {
		buf_add(&why, fd->hint);
	} else {
		for (int i = 0; fd->values[i]; i++)
			buf_addf(&why, "%s%s", i ? "," : "", fd->values[i]);
		for (size_t g = 0; g < sizeof set_groups / sizeof set_groups[0];
		    g++)
			if (set_groups[g].values == fd->values)
				buf_addf(&why, ",%s", set_groups[g].name);
		if (fd->extra)
			buf_addf(&why, ",%s", fd->extra);
	}
	rc = bad(t, e, why.s);
	buf_free(&why);
	return rc;
}

/* The mask of the group named p (n bytes) on fd's set, or 0. */
static unsigned long long
group_mask(const struct filter_field *fd, const char *p, size_t n)
{
	unsigned long long mask = 0;

	for (size_t g = 0; g < sizeof set_groups / sizeof set_groups[0]; g++) {
		if (set_groups[g].values != fd->values ||
		    strlen(set_groups[g].name) != n ||
		    strncasecmp(set_groups[g].name, p, n) != 0)
			continue;
		for (int m = 0; set_groups[g].members[m]; m++)
			for (int k = 0; fd->values[k]; k++)
				if (strcmp(fd->values[k],
				    set_groups[g].members[m]) == 0)
					mask |= 1ull << k;
	}
	return mask;
}

static int
set_index(const struct filter_field *fd, const char *v, size_t n)
{
	for (int i = 0; fd->values && fd->values[i]; i++)
		if (strlen(fd->values[i]) == n &&
		    strncasecmp(fd->values[i], v, n) == 0)
			return i;
	return -1;
}

/* SET: a comma list; the names written are the table's, never the
 * text's (a set without values, as asset types, binds each as text). */
static int
term_set(const struct term *t, struct err *e)
{
	const struct filter_field *fd = t->field;
	const char *p = t->value;
	unsigned long long mask = 0;
	int extra = 0, first = 1;
	struct buf sql;

	buf_init(&sql);
	buf_addf(&sql, "%s IN (", fd->column);
	while (*p) {
		size_t n = strcspn(p, ",");
		int dir = 0, i;

		if (n > 0 && fd->ordered && (p[n - 1] == '+' || p[n - 1] == '-'))
			dir = p[--n] == '+' ? 1 : -1;
		i = set_index(fd, p, n);
		if (fd->values == NULL && n > 0 && !dir) {
			struct buf v;

			buf_init(&v);
			buf_addn(&v, p, n);
			buf_add(&sql, first ? "" : ", ");
			add_bind(t->out, 't', 0, v.s, &sql);
			buf_free(&v);
			first = 0;
		} else if (i >= 0) {
			for (int k = 0; fd->values[k]; k++)
				if (k == i || (dir > 0 && k > i) || (dir < 0 && k < i))
					mask |= 1ull << k;
		} else if (fd->values && !dir && group_mask(fd, p, n)) {
			mask |= group_mask(fd, p, n);
		} else if (fd->extra && !dir && n == strlen(fd->extra) &&
		    strncasecmp(p, fd->extra, n) == 0) {
			extra = 1;
		} else {
			buf_free(&sql);
			return bad_value(t, e);
		}
		p += n + (dir != 0);
		if (*p == ',')
			p++;
	}
	for (int k = 0; fd->values && fd->values[k]; k++)
		if (mask & (1ull << k)) {
			buf_addf(&sql, "%s'%s'", first ? "" : ", ", fd->values[k]);
			first = 0;
		}
	if (first && !extra) {
		buf_free(&sql);
		return bad_value(t, e);
	}
	if (first)
		buf_reset(&sql);
	else
		buf_add(&sql, ")");
	if (extra)
		buf_addf(&sql, "%s%s", first ? "" : " OR ", fd->extra_sql);
	buf_add(t->sql, sql.s);
	buf_free(&sql);
	return TP_OK;
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static int
term_ref(const struct term *t, struct err *e)
{
	const char *v = t->value, *col = t->field->column;

	if (strcasecmp(v, "none") == 0 && t->field->kind != FILTER_CLIENT) {
		buf_addf(t->sql, "%s IS NULL", col);
		return TP_OK;
	}
	if (t->field->kind == FILTER_USER && strcasecmp(v, "me") == 0) {
		buf_addf(t->sql, "%s = ", col);
		add_bind(t->out, 'm', 0, NULL, t->sql);
		return TP_OK;
	}
	if (*v == '\0' || (t->field->kind == FILTER_REF && !all_digits(v)) ||
	    strlen(v) > 200)
		return bad_value(t, e);
	if (t->field->kind == FILTER_CLIENT && !all_digits(v)) {
		/* Every client of that name: two may share one (the demo's
		 * two Beacon Hotels), and a name means them all. */
		buf_addf(t->sql, "%s IN (SELECT id FROM clients WHERE name = ",
		    col);
		add_bind(t->out, 'c', 0, v, t->sql);
		buf_add(t->sql, " COLLATE NOCASE)");
		return TP_OK;
	}
	buf_addf(t->sql, "%s = ", col);
	if (t->field->kind == FILTER_USER)
		add_bind(t->out, 'u', 0, v, t->sql);
	else if (t->field->kind == FILTER_CLIENT)
		add_bind(t->out, 'c', strtoll(v, NULL, 10), NULL, t->sql);
	else
		add_bind(t->out, 'i', strtoll(v, NULL, 10), NULL, t->sql);
	return TP_OK;
}

/* "<=", ">=", "<", ">", "=" or nothing at the start of *v. */
static const char *
take_op(const char **v)
{
	static const char *const ops[] = { "<=", ">=", "<", ">", "=", NULL };

	for (int i = 0; ops[i]; i++)
		if (strncmp(*v, ops[i], strlen(ops[i])) == 0) {
			*v += strlen(ops[i]);
			return ops[i];
		}
	return "";
}

/* A duration: digits and a unit, in seconds. */
static int
duration(const char *v, int64_t *secs)
{
	static const struct { const char *unit; int64_t secs; } units[] = {
		{ "min", 60 }, { "h", 3600 }, { "d", 86400 }, { "w", 604800 },
		{ "mo", 2592000 }, { "y", 31536000 },
	};
	char *end;
	long long n;

	if (!isdigit((unsigned char)*v))
		return 0;
	n = strtoll(v, &end, 10);
	if (n < 0 || n > 100000)
		return 0;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(end, units[i].unit) == 0) {
			*secs = n * units[i].secs;
			return 1;
		}
	return 0;
}

/* A day by name or date, as YYYY-MM-DD. */
static int
day_of(const char *v, char day[CLOCK_DATE_LEN])
{
	static const struct { const char *name; int offset; } names[] = {
		{ "today", 0 }, { "yesterday", -1 }, { "tomorrow", 1 },
	};
	struct err e = ERR_INIT;
	char today[CLOCK_DATE_LEN];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(v, names[i].name) == 0) {
			clock_today(today);
			return clock_add_days(today, names[i].offset, day, &e) == TP_OK;
		}
	if (clock_check_date(v, &e) != TP_OK)
		return 0;
	snprintf(day, CLOCK_DATE_LEN, "%s", v);
	return 1;
}

/* A bound value of a time field: a unix time, or a date for FILTER_DAY. */
static void
bind_time(const struct term *t, int64_t ts, const char *day)
{
	char d[CLOCK_DATE_LEN];

	if (t->field->kind == FILTER_DAY) {
		if (day == NULL) {
			clock_date(ts, d);
			day = d;
		}
		add_bind(t->out, 't', 0, day, t->sql);
	} else {
		add_bind(t->out, 'i', day ? clock_date_start(day) : ts, NULL,
		    t->sql);
	}
}

static void
compare(const struct term *t, const char *op, int64_t ts, const char *day)
{
	buf_addf(t->sql, "%s %s ", t->field->column, op);
	bind_time(t, ts, day);
}

/* A whole day: [day, day + 1) however the operator cuts it. */
static int
term_day(const struct term *t, const char *op, const char *day,
    struct err *e)
{
	char next[CLOCK_DATE_LEN];

	if (clock_add_days(day, 1, next, e) != TP_OK)
		return e->code;
	if (strcmp(op, "<") == 0)
		compare(t, "<", 0, day);
	else if (strcmp(op, "<=") == 0)
		compare(t, "<", 0, next);
	else if (strcmp(op, ">") == 0)
		compare(t, ">=", 0, next);
	else if (strcmp(op, ">=") == 0)
		compare(t, ">=", 0, day);
	else {
		compare(t, ">=", 0, day);
		buf_add(t->sql, " AND ");
		compare(t, "<", 0, next);
	}
	return TP_OK;
}

static int
term_time(const struct term *t, struct err *e)
{
	const char *v = t->value, *op = take_op(&v);
	static const char *const flip[][2] = {
		{ "<", ">" }, { "<=", ">=" }, { ">", "<" }, { ">=", "<=" },
	};
	char day[CLOCK_DATE_LEN];
	int64_t secs;

	if (*op == '\0' && strcasecmp(v, "none") == 0) {
		buf_addf(t->sql, "%s IS NULL", t->field->column);
		return TP_OK;
	}
	if (day_of(v, day))
		return term_day(t, op, day, e);
	if (!duration(v, &secs) || *op == '\0' || *op == '=')
		return bad_value(t, e);
	if (t->field->kind != FILTER_AGE) {
		compare(t, op, clock_now() + secs, NULL);
		return TP_OK;
	}
	/* An age longer than secs is a time before now - secs. */
	for (size_t i = 0; i < 4; i++)
		if (strcmp(op, flip[i][0]) == 0) {
			op = flip[i][1];
			break;
		}
	compare(t, op, clock_now() - secs, NULL);
	return TP_OK;
}

/* The SLA functions are installed on every connection (db_set_hooks):
 * sla_due is the next unmet target's time, NULL while no clock runs, so
 * time to breach under 2h is a due time before now + 2h (a breached
 * ticket's is negative: it is under 2h too). */
static int
term_sla(const struct term *t, struct err *e)
{
	const char *v = t->value, *op = take_op(&v), *col = t->field->column;
	int64_t secs;

	if (*op == '\0' && strcasecmp(v, "breached") == 0) {
		buf_addf(t->sql, "sla_breached(%s) = 1", col);
		return TP_OK;
	}
	if (*op == '\0' && strcasecmp(v, "none") == 0) {
		buf_addf(t->sql, "sla_due(%s) IS NULL", col);
		return TP_OK;
	}
	if (!duration(v, &secs) || *op == '\0' || *op == '=')
		return bad_value(t, e);
	buf_addf(t->sql, "sla_due(%s) %s ", col, op);
	add_bind(t->out, 'i', clock_now() + secs, NULL, t->sql);
	return TP_OK;
}

static int
term_money(const struct term *t, struct err *e)
{
	const char *v = t->value, *op = take_op(&v);
	struct err me = ERR_INIT;
	int64_t cents;

	if (money_parse(v, 0, &cents, &me) != TP_OK)
		return bad_value(t, e);
	buf_addf(t->sql, "%s %s ", t->field->column, *op ? op : "=");
	add_bind(t->out, 'i', cents, NULL, t->sql);
	return TP_OK;
}

static const struct filter_field *
find_field(const struct filter_table *t, const char *name, size_t n)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct filter_field *fd = &t->fields[i];

		if ((strlen(fd->name) == n && strncasecmp(fd->name, name, n) == 0) ||
		    (fd->alias && strlen(fd->alias) == n &&
		    strncasecmp(fd->alias, name, n) == 0))
			return fd;
	}
	return NULL;
}

static int
letters(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalpha((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
unknown_field(const struct term *t, const char *name, size_t n,
    struct err *e)
{
	struct buf why;
	int rc;

	buf_init(&why);
	buf_addf(&why, "no %s field '%.*s'; fields: ", t->table->what,
	    (int)(n > 40 ? 40 : n), name);
	filter_field_names(t->table, &why);
	rc = bad(t, e, why.s);
	buf_free(&why);
	return rc;
}

static int
term_value(const struct term *t, struct err *e)
{
	switch (t->field->kind) {
	case FILTER_SET: return term_set(t, e);
	case FILTER_USER: case FILTER_CLIENT: case FILTER_REF:
		return term_ref(t, e);
	case FILTER_TIME: case FILTER_AGE: case FILTER_DAY:
		return term_time(t, e);
	case FILTER_MONEY: return term_money(t, e);
	case FILTER_SLA: return term_sla(t, e);
	case FILTER_FLAG:
		buf_add(t->sql, t->field->column);
		return TP_OK;
	}
	return bad_value(t, e);
}

/* One word: a term into out->where, or full text into out->search. */
static int
parse_word(const struct filter_table *table, const struct word *w,
    struct filter *out, struct err *e)
{
	const char *s = w->text.s, *colon;
	int neg = s[0] == '-' && isalpha((unsigned char)s[1]);
	struct term t = { table, NULL, w, NULL, out, NULL };
	struct buf sql;
	size_t n;
	int rc;

	if (neg)
		s++;
	colon = strchr(s, ':');
	n = colon ? (size_t)(colon - s) : strlen(s);
	/* "name:" is a term (a misspelt name an error, not a search for
	 * it); "http://..." stays text. */
	if (colon && letters(s, n) && strncmp(colon, "://", 3) != 0) {
		if ((t.field = find_field(table, s, n)) == NULL)
			return unknown_field(&t, s, n, e);
		if (t.field->kind == FILTER_FLAG)
			return bad(&t, e, "this term takes no value");
		t.value = colon + 1;
		if (*t.value == '\0')
			return bad_value(&t, e);
	} else if (!colon && (t.field = find_field(table, s, n)) != NULL &&
	    t.field->kind == FILTER_FLAG) {
		t.value = "";
	} else if (neg) {
		return unknown_field(&t, s, n, e);
	} else {
		if (out->search.len)
			buf_addc(&out->search, ' ');
		buf_add(&out->search, w->text.s);
		return TP_OK;
	}
	buf_init(&sql);
	t.sql = &sql;
	rc = term_value(&t, e);
	if (rc == TP_OK) {
		/* IS NOT 1: a negated term also holds where the column is
		 * NULL ("-assignee:me" keeps the unassigned). */
		buf_addf(&out->where, neg ? " AND ((%s) IS NOT 1)" : " AND (%s)",
		    sql.s);
		out->terms++;
		if (t.field->flags & FILTER_F_STATUS)
			out->status_set = 1;
		if (!(t.field->flags & FILTER_F_WALK) || neg)
			out->unwalkable = 1;
	}
	buf_free(&sql);
	return rc;
}

int
filter_parse(const struct filter_table *t, const char *text,
    struct filter *out, struct err *e)
{
	const char *p = text ? text : "";
	struct word w;
	int rc = TP_OK;

	buf_init(&w.text);
	w.num = 0;
	while (rc == TP_OK && next_word(text ? text : "", &p, &w)) {
		w.num++;
		rc = parse_word(t, &w, out, e);
	}
	buf_free(&w.text);
	return rc;
}

static int
resolve_client(struct db *db, struct filter_bind *b, struct err *e)
{
	int64_t id;

	if (b->t == NULL) {
		if (db_int(db, e, &id, "SELECT id FROM clients WHERE id = ?1", "i",
		    b->i) != TP_OK)
			return err_set(e, TP_NOTFOUND, "client %lld not found",
			    (long long)b->i);
		return TP_OK;
	}
	/* A name must name a client (a typo is an error, not an empty
	 * list); the statement itself takes every client of that name. */
	if (db_int(db, e, &id, "SELECT id FROM clients WHERE name = ?1 "
	    "COLLATE NOCASE ORDER BY id LIMIT 1", "t", b->t) != TP_OK)
		return err_set(e, TP_NOTFOUND, "client '%.100s' not found", b->t);
	return TP_OK;
}

int
filter_resolve(struct db *db, struct filter *f, struct err *e)
{
	for (size_t i = 0; i < f->nbinds; i++) {
		struct filter_bind *b = &f->binds[i];

		if (b->kind == 'm' && user_resolve(db, "me", &b->i, e) != TP_OK)
			return e->code;
		if (b->kind == 'u' && user_resolve(db, b->t, &b->i, e) != TP_OK)
			return e->code;
		if (b->kind == 'c' && resolve_client(db, b, e) != TP_OK)
			return e->code;
	}
	return TP_OK;
}

void
filter_bind(sqlite3_stmt *st, const struct filter *f)
{
	char name[24];

	for (size_t i = 0; i < f->nbinds; i++) {
		const struct filter_bind *b = &f->binds[i];
		int k;

		snprintf(name, sizeof name, ":f%zu", i + 1);
		if ((k = sqlite3_bind_parameter_index(st, name)) <= 0)
			continue;
		if (b->kind == 't' || (b->kind == 'c' && b->t != NULL))
			sqlite3_bind_text(st, k, b->t, -1, SQLITE_STATIC);
		else if (b->kind == 'u' && b->i == 0)
			sqlite3_bind_null(st, k);     /* "none" by name */
		else
			sqlite3_bind_int64(st, k, b->i);
	}
}

int
filter_query_parse(const struct filter_table *t, const char *text,
    const char *own, struct filter_query *q, struct err *e)
{
	filter_init(&q->terms);
	buf_init(&q->words);
	q->search = own;
	if (filter_parse(t, text, &q->terms, e) != TP_OK)
		return e->code;
	if (q->terms.search.len == 0)
		return TP_OK;
	if (own != NULL)
		buf_addf(&q->words, "%s ", own);
	buf_add(&q->words, q->terms.search.s);
	q->search = q->words.s;
	return TP_OK;
}

void
filter_query_free(struct filter_query *q)
{
	filter_free(&q->terms);
	buf_free(&q->words);
}

/* A word or a name as next_word reads it back: quoted when it holds a
 * blank or a quote (a quote doubled), or is empty. */
static void
name_value(const char *name, struct buf *out)
{
	if (*name != '\0' && strpbrk(name, " \t\n\"") == NULL) {
		buf_add(out, name);
		return;
	}
	buf_addc(out, '"');
	for (; *name; name++) {
		if (*name == '"')
			buf_addc(out, '"');
		buf_addc(out, *name);
	}
	buf_addc(out, '"');
}

void
filter_join_words(char *const *words, int n, struct buf *out)
{
	for (int i = 0; i < n; i++) {
		if (i)
			buf_addc(out, ' ');
		name_value(words[i], out);
	}
}

static void
candidate(struct buf *out, const char *neg, const char *a, const char *b)
{
	buf_addf(out, "%s%s%s\n", neg, a, b);
}

void
filter_complete(const struct filter_table *t, const char *word,
    struct buf *out)
{
	const char *neg = *word == '-' ? "-" : "", *s = word + (*neg != 0);
	const char *colon = strchr(s, ':');
	const struct filter_field *fd;

	if (colon == NULL) {
		for (size_t i = 0; i < t->n; i++) {
			fd = &t->fields[i];
			if (strncasecmp(fd->name, s, strlen(s)) == 0)
				candidate(out, neg, fd->name,
				    fd->kind == FILTER_FLAG ? "" : ":");
		}
		return;
	}
	if ((fd = find_field(t, s, (size_t)(colon - s))) == NULL)
		return;
	{
		static const char *const users[] = { "me", "none", NULL };
		static const char *const days[] = {
			"today", "tomorrow", "yesterday", "none", NULL
		};
		static const char *const slas[] = {
			"breached", "none", "<2h", "<1d", NULL
		};
		const char *const *vals = fd->values;
		const char *v = colon + 1, *last = strrchr(v, ',');
		struct buf head;

		if (fd->kind == FILTER_USER)
			vals = users;
		else if (fd->kind == FILTER_TIME || fd->kind == FILTER_DAY)
			vals = days;
		else if (fd->kind == FILTER_SLA)
			vals = slas;
		if (vals == NULL)
			return;
		/* Completing the last value of a comma list. */
		buf_init(&head);
		buf_addn(&head, s, (size_t)(colon - s) + 1);
		if (last) {
			buf_addn(&head, v, (size_t)(last - v) + 1);
			v = last + 1;
		}
		for (int i = 0; vals[i]; i++)
			if (strncasecmp(vals[i], v, strlen(v)) == 0)
				candidate(out, neg, head.s, vals[i]);
		if (fd->extra && strncasecmp(fd->extra, v, strlen(v)) == 0)
			candidate(out, neg, head.s, fd->extra);
		buf_free(&head);
	}
}

/* The value typed so far, unquoted, as a LIKE pattern for its prefix. */
static void
prefix_pattern(const char *v, struct buf *out)
{
	for (; *v; v++) {
		if (*v == '"' && v[1] == '"')
			v++;
		else if (*v == '"')
			continue;
		if (*v == '%' || *v == '_' || *v == '\\')
			buf_addc(out, '\\');
		buf_addc(out, *v);
	}
	buf_addc(out, '%');
}

int
filter_complete_names(struct db *db, const struct filter_table *t,
    const char *word, struct buf *out, struct err *e)
{
	static const char clients_sql[] = "SELECT DISTINCT c.name FROM "
	    "clients c WHERE c.name LIKE ?1 ESCAPE '\\' AND " CLIENT_SHOWN
	    " ORDER BY c.name COLLATE NOCASE, c.name LIMIT ?2";
	static const char users_sql[] = "SELECT name FROM users WHERE name "
	    "LIKE ?1 ESCAPE '\\' ORDER BY name COLLATE NOCASE, name LIMIT ?2";
	const char *neg = *word == '-' ? "-" : "", *s = word + (*neg != 0);
	const char *colon = strchr(s, ':');
	const struct filter_field *fd;
	struct buf pat, cand;
	struct rows r = { 0 };
	int rc;

	filter_complete(t, word, out);
	if (colon == NULL ||
	    (fd = find_field(t, s, (size_t)(colon - s))) == NULL ||
	    (fd->kind != FILTER_CLIENT && fd->kind != FILTER_USER))
		return TP_OK;
	buf_init(&pat);
	buf_init(&cand);
	prefix_pattern(colon + 1, &pat);
	rc = rows_query(db, &r, e, fd->kind == FILTER_CLIENT ? clients_sql :
	    users_sql, "ti", pat.s, (int64_t)FILTER_NAMES_MAX);
	for (size_t i = 0; rc == TP_OK && i < r.n; i++) {
		buf_reset(&cand);
		buf_addf(&cand, "%s%.*s", neg, (int)(colon - s) + 1, s);
		name_value(rows_text(&r, i, "name"), &cand);
		buf_addf(out, "%s\n", cand.s);
	}
	rows_free(&r);
	buf_free(&pat);
	buf_free(&cand);
	return rc;
}
