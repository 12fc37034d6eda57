/* actions.c - see actions.h: the action table, key names and the keymap. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "ui/actions.h"

static const struct {
	const char *name, *help;
	int         flags;
} actions[] = {
	{ "", "", 0 },
#define X(id, name, help) { name, help, 0 },
#define G(id, name, help) { name, help, AF_EVERYWHERE },
	ACTIONS(X, G)
#undef G
#undef X
};

/* The scope names: the panes' from the pane table, between the scopes
 * that are not panes. */
static const char *const scopes[SCOPE_COUNT + 1] = {
	"global",
#define X(id, name, ops, submit, note, action, key, tab, record) name,
	PANES(X)
#undef X
	"detail", "help", NULL
};

/* The keys that switch panes, from the pane table. */
static const struct {
	const char *key;
	enum action action;
} pane_defaults[] = {
#define X(id, name, ops, submit, note, action, key, tab, record) { key, A_##action },
	PANES(X)
#undef X
};

/* tui.md's key table.  Every default is global (the sync pane's r and d
 * aside): a pane that has no use for an action says so in the status
 * line. */
static const struct {
	const char *key;
	enum action action;
} sync_defaults[] = {
	{ "r", A_RETRY }, { "d", A_DISCARD },
};

/* An invoice's status change is sending it: s there, as s is a ticket's. */
static const struct {
	const char *key;
	enum action action;
} invoice_defaults[] = {
	{ "s", A_SEND },
};

static const struct {
	const char *key;
	enum action action;
} defaults[] = {
	{ "Tab", A_PANE_NEXT }, { "S-Tab", A_PANE_PREV },
	{ "j", A_MOVE_DOWN }, { "Down", A_MOVE_DOWN },
	{ "k", A_MOVE_UP }, { "Up", A_MOVE_UP },
	{ "g", A_MOVE_FIRST }, { "Home", A_MOVE_FIRST },
	{ "G", A_MOVE_LAST }, { "End", A_MOVE_LAST },
	{ "PgDn", A_PAGE_DOWN }, { "PgUp", A_PAGE_UP },
	{ "C-d", A_HALF_DOWN }, { "C-u", A_HALF_UP },
	{ "Enter", A_OPEN }, { "q", A_BACK }, { "Q", A_QUIT },
	{ "/", A_SEARCH }, { "n", A_SEARCH_NEXT }, { "N", A_SEARCH_PREV },
	{ "Esc", A_CLEAR },
	{ "f", A_FILTER }, { "o", A_SORT }, { "?", A_HELP },
	{ ":", A_COMMAND }, { "C-l", A_REDRAW },
	{ "c", A_CREATE }, { "e", A_EDIT }, { "Space", A_MARK },
	{ "a", A_ASSIGN }, { "A", A_ASSIGN_ME },
	{ "p", A_PRIORITY }, { "+", A_PRIORITY_UP }, { "-", A_PRIORITY_DOWN },
	{ "s", A_STATUS }, { "r", A_RESOLVE }, { "m", A_NOTE },
	{ "t", A_TIMER }, { "T", A_LOG_TIME }, { "M", A_MAINTAIN },
	{ "R", A_SCHEDULE },
	{ "b", A_BILL }, { "P", A_PAY }, { "S", A_SYNC },
	{ "#", A_JUMP }, { "L", A_MESSAGES }, { "F", A_SEARCH_ALL },
};

static const struct {
	const char *name;
	int key;
} named[] = {
	{ "Enter", '\n' }, { "Tab", '\t' }, { "Esc", 27 }, { "Space", ' ' },
	{ "S-Tab", KEYS_FN | KEY_BTAB }, { "Up", KEYS_FN | KEY_UP },
	{ "Down", KEYS_FN | KEY_DOWN }, { "Left", KEYS_FN | KEY_LEFT },
	{ "Right", KEYS_FN | KEY_RIGHT }, { "PgDn", KEYS_FN | KEY_NPAGE },
	{ "PgUp", KEYS_FN | KEY_PPAGE }, { "Home", KEYS_FN | KEY_HOME },
	{ "End", KEYS_FN | KEY_END }, { "Backspace", KEYS_FN | KEY_BACKSPACE },
	{ "Del", KEYS_FN | KEY_DC }, { "Ins", KEYS_FN | KEY_IC },
};

const char *
action_name(enum action a)
{
	return a > A_NONE && a < A_COUNT ? actions[a].name : "";
}

const char *
action_help(enum action a)
{
	return a > A_NONE && a < A_COUNT ? actions[a].help : "";
}

/* What the moves do in a detail view: they scroll its text. */
static const char *const detail_help[A_COUNT] = {
	[A_MOVE_DOWN] = "scroll the text down one line",
	[A_MOVE_UP] = "scroll the text up one line",
	[A_MOVE_FIRST] = "the top of the text",
	[A_MOVE_LAST] = "the end of the text",
	[A_PAGE_DOWN] = "scroll one screen down",
	[A_PAGE_UP] = "scroll one screen up",
	[A_HALF_DOWN] = "scroll half a screen down",
	[A_HALF_UP] = "scroll half a screen up",
	[A_BACK] = "back to the list",
};

const char *
action_help_in(enum action a, int in_detail)
{
	if (in_detail && a > A_NONE && a < A_COUNT && detail_help[a] != NULL)
		return detail_help[a];
	return action_help(a);
}

int
action_flags(enum action a)
{
	int f;

	if (a <= A_NONE || a >= A_COUNT)
		return 0;
	f = actions[a].flags;
	if (a == A_SEARCH_PREV || a == A_SEARCH_NEXT)
		f |= AF_SEARCHING;
	/* Enter opens and Space marks a row: a detail has neither. */
	if (a == A_OPEN || a == A_MARK)
		f |= AF_LIST;
	if (a == A_MOVE_DOWN || a == A_MOVE_UP || a == A_MOVE_FIRST ||
	    a == A_MOVE_LAST || a == A_PAGE_DOWN || a == A_PAGE_UP ||
	    a == A_HALF_DOWN || a == A_HALF_UP)
		f |= AF_SCROLL;
	return f;
}

enum action
action_by_name(const char *name)
{
	for (int a = 1; a < A_COUNT; a++)
		if (strcmp(actions[a].name, name) == 0)
			return (enum action)a;
	return A_NONE;
}

const char *
scope_name(enum scope s)
{
	return s < SCOPE_COUNT ? scopes[s] : "";
}

int
scope_by_name(const char *name)
{
	for (int s = 0; s < SCOPE_COUNT; s++)
		if (strcmp(scopes[s], name) == 0)
			return s;
	return -1;
}

int
keys_parse(const char *s)
{
	unsigned cp;
	size_t len;

	if (s == NULL || *s == '\0')
		return -1;
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcmp(named[i].name, s) == 0)
			return named[i].key;
	if (s[0] == 'C' && s[1] == '-' && s[2] != '\0' && s[3] == '\0') {
		char c = s[2];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c >= 'a' && c <= 'z')
			return c - 'a' + 1;
		return -1;
	}
	if (s[0] == 'F' && s[1] >= '1' && s[1] <= '9') {
		char *end;
		long n = strtol(s + 1, &end, 10);

		if (*end == '\0' && n >= 1 && n <= 12)
			return KEYS_FN | KEY_F((int)n);
		return -1;
	}
	len = text_utf8_decode(s, strlen(s), &cp);
	if (len == 0 || s[len] != '\0' || cp <= ' ' || cp == 0x7f ||
	    (cp >= 0x80 && cp < 0xa0))
		return -1;
	return (int)cp;
}

void
keys_format(int key, char *out, size_t n)
{
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].key == key) {
			snprintf(out, n, "%s", named[i].name);
			return;
		}
	if (key >= 1 && key <= 26) {
		snprintf(out, n, "C-%c", 'a' + key - 1);
	} else if ((key & KEYS_FN) && (key & ~KEYS_FN) >= KEY_F(1) &&
	    (key & ~KEYS_FN) <= KEY_F(12)) {
		snprintf(out, n, "F%d", (key & ~KEYS_FN) - KEY_F(0));
	} else if (key > ' ' && key < 0x110000 && key != 0x7f) {
		char u[5] = "";
		unsigned c = (unsigned)key;

		if (c < 0x80) {
			u[0] = (char)c;
		} else if (c < 0x800) {
			u[0] = (char)(0xc0 | (c >> 6));
			u[1] = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			u[0] = (char)(0xe0 | (c >> 12));
			u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
			u[2] = (char)(0x80 | (c & 0x3f));
		} else {
			u[0] = (char)(0xf0 | (c >> 18));
			u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
			u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
			u[3] = (char)(0x80 | (c & 0x3f));
		}
		snprintf(out, n, "%s", u);
	} else {
		snprintf(out, n, "key-%d", key);
	}
}

static void
add(struct keymap *km, enum scope s, int key, enum action a)
{
	if (km->n == km->cap) {
		km->cap = km->cap ? km->cap * 2 : 64;
		km->b = realloc(km->b, km->cap * sizeof *km->b);
		if (km->b == NULL)
			abort();
	}
	km->b[km->n].scope = s;
	km->b[km->n].key = key;
	km->b[km->n].action = a;
	km->n++;
}

/* Drop every binding of key in scope: a `bind` line replaces them. */
static void
unbind(struct keymap *km, enum scope s, int key)
{
	size_t out = 0;

	for (size_t i = 0; i < km->n; i++)
		if (km->b[i].scope != s || km->b[i].key != key)
			km->b[out++] = km->b[i];
	km->n = out;
}

/* Levenshtein distance, for "did you mean" on a misspelt action. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64], prev, tmp;

	if (lb >= 64)
		return 64;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

static const char *
nth_action(int i)
{
	return i + 1 < A_COUNT ? actions[i + 1].name : NULL;
}

static const char *
nth_scope(int i)
{
	return scopes[i];
}

/* The nearest of the names nth gives (until NULL), when near enough to be
 * a likely misspelling, else NULL. */
static const char *
nearest(const char *name, const char *(*nth)(int))
{
	const char *best = NULL, *w;
	size_t bestd = 4;

	for (int i = 0; (w = nth(i)) != NULL; i++) {
		size_t d = distance(name, w);

		if (d < bestd) {
			bestd = d;
			best = w;
		}
	}
	return best;
}

static int
bind_error(const struct config *cfg, const struct config_bind *b,
    struct err *e, const char *what, const char *value, const char *hint)
{
	struct buf safe;

	buf_init(&safe);
	text_sanitize(value ? value : "", 64, 0, &safe);
	err_set(e, TP_BADINPUT, "%s:%d:%d: unknown %s '%s'%s%s%s",
	    cfg->path ? cfg->path : "config", b->line, b->col, what, safe.s,
	    hint ? " (did you mean '" : "", hint ? hint : "",
	    hint ? "'?)" : "");
	buf_free(&safe);
	return e->code;
}

/* An unknown pane: the message lists every scope name, from the same
 * table the keymap uses (config.c leaves the pane word to this check, as
 * it leaves the key and the action). */
static int
pane_error(const struct config *cfg, const struct config_bind *b,
    struct err *e)
{
	struct buf safe, list;
	const char *near = nearest(b->pane ? b->pane : "", nth_scope);

	buf_init(&safe);
	buf_init(&list);
	text_sanitize(b->pane ? b->pane : "", 64, 0, &safe);
	for (int s = 0; s < SCOPE_COUNT; s++)
		buf_addf(&list, "%s%s", s ? ", " : "", scopes[s]);
	err_set(e, TP_BADINPUT, "%s:%d:%d: unknown pane '%s': expected one of "
	    "%s%s%s%s", cfg->path ? cfg->path : "config", b->line, b->col,
	    safe.s, list.s, near ? " (did you mean '" : "", near ? near : "",
	    near ? "'?)" : "");
	buf_free(&list);
	buf_free(&safe);
	return e->code;
}

int
keymap_load(struct keymap *km, const struct config *cfg, struct err *e)
{
	memset(km, 0, sizeof *km);
	for (size_t i = 0; i < sizeof pane_defaults / sizeof pane_defaults[0];
	    i++)
		add(km, SCOPE_GLOBAL, keys_parse(pane_defaults[i].key),
		    pane_defaults[i].action);
	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		add(km, SCOPE_GLOBAL, keys_parse(defaults[i].key),
		    defaults[i].action);
	for (size_t i = 0; i < sizeof sync_defaults / sizeof sync_defaults[0];
	    i++)
		add(km, SCOPE_SYNC, keys_parse(sync_defaults[i].key),
		    sync_defaults[i].action);
	for (size_t i = 0;
	    i < sizeof invoice_defaults / sizeof invoice_defaults[0]; i++)
		add(km, SCOPE_INVOICES, keys_parse(invoice_defaults[i].key),
		    invoice_defaults[i].action);
	for (size_t i = 0; cfg != NULL && i < cfg->nbinds; i++) {
		const struct config_bind *b = &cfg->binds[i];
		int s = scope_by_name(b->pane ? b->pane : "");
		int key = keys_parse(b->key);
		enum action a = action_by_name(b->action ? b->action : "");

		if (s < 0)
			return pane_error(cfg, b, e);
		if (key < 0)
			return bind_error(cfg, b, e, "key", b->key, NULL);
		if (a == A_NONE)
			return bind_error(cfg, b, e, "action", b->action,
			    nearest(b->action ? b->action : "", nth_action));
		unbind(km, (enum scope)s, key);
		add(km, (enum scope)s, key, a);
	}
	return TP_OK;
}

void
keymap_free(struct keymap *km)
{
	free(km->b);
	memset(km, 0, sizeof *km);
}

size_t
keymap_lookup(const struct keymap *km, enum scope s, int in_detail, int key,
    enum action *out, size_t max)
{
	enum scope order[3];
	size_t n = 0, nord = 0;

	if (in_detail)
		order[nord++] = SCOPE_DETAIL;
	if (s != SCOPE_GLOBAL)
		order[nord++] = s;
	order[nord++] = SCOPE_GLOBAL;
	/* The first scope that binds the key hides the ones after it. */
	for (size_t k = 0; k < nord && n == 0; k++)
		for (size_t i = 0; i < km->n && n < max; i++)
			if (km->b[i].scope == order[k] && km->b[i].key == key)
				out[n++] = km->b[i].action;
	return n;
}

void
keymap_keys(const struct keymap *km, enum scope s, int in_detail,
    enum action a, char *out, size_t n)
{
	size_t used = 0, nseen = 0;
	int seen[16];
	char name[32];

	out[0] = '\0';
	for (size_t i = 0; i < km->n && nseen < 16; i++) {
		enum action got[4];
		const struct binding *b = &km->b[i];
		size_t k, m;

		if (b->action != a || (b->scope != s &&
		    b->scope != SCOPE_GLOBAL &&
		    !(in_detail && b->scope == SCOPE_DETAIL)))
			continue;
		for (k = 0; k < nseen && seen[k] != b->key; k++)
			;
		if (k < nseen)
			continue;
		/* Only keys that still reach the action in this scope. */
		m = keymap_lookup(km, s, in_detail, b->key, got, 4);
		for (k = 0; k < m && got[k] != a; k++)
			;
		if (k == m)
			continue;
		seen[nseen++] = b->key;
		keys_format(b->key, name, sizeof name);
		used += (size_t)snprintf(out + used, used < n ? n - used : 0,
		    "%s%s", used ? ", " : "", name);
		if (used >= n)
			break;
	}
}
