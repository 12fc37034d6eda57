/*
 * ui_unit.c - unit tests of the UI's parts that need no terminal: key
 * names, the keymap and its rebinding errors, display widths, and the
 * keyset-paged list (pages read with after_id, a bounded cache, the
 * selection kept by id).
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "ui/actions.h"
#include "ui/draw.h"
#include "ui/list.h"

static void
key_names(void)
{
	static const char *const names[] = {
		"j", "G", "C-d", "Enter", "Tab", "S-Tab", "Esc", "Space",
		"PgDn", "PgUp", "Up", "Down", "Home", "End", "F5", "F12",
		"Backspace", "+", "?", ":", "\xc3\xa9",
	};
	static const char *const bad[] = {
		"", "C-", "C-1", "Hyper-x", "F13", "F0", "ab", "\x1b", "\x7f",
		"\xc2\x9b",
	};
	char out[32];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		int k = keys_parse(names[i]);

		keys_format(k, out, sizeof out);
		if (!ok(k >= 0 && strcmp(out, names[i]) == 0,
		    "key name round-trips"))
			printf("#   %s -> %d -> %s\n", names[i], k, out);
	}
	is_int(keys_parse("C-D"), 4, "C-D is C-d");
	is_int(keys_parse("C-l"), 12, "C-l is 12");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		is_int(keys_parse(bad[i]), -1, "a bad key name is refused");
}

static struct config_bind
mkbind(const char *pane, const char *key, const char *action, int line)
{
	struct config_bind b = { (char *)pane, (char *)key, (char *)action,
	    line, 7 };

	return b;
}

static void
keymap_defaults(void)
{
	struct keymap km;
	struct err e = ERR_INIT;
	enum action got[4];
	char keys[64];

	is_int(keymap_load(&km, NULL, &e), TP_OK, "the defaults load");
	is_int(keymap_lookup(&km, SCOPE_QUEUE, 0, 'j', got, 4), 1,
	    "j: one action");
	is_int(got[0], A_MOVE_DOWN, "j moves down");
	is_int(keymap_lookup(&km, SCOPE_HUB, 0, 'N', got, 4), 1,
	    "N: one action");
	is_int(got[0], A_SEARCH_PREV, "N is the previous match only");
	is_int(keymap_lookup(&km, SCOPE_HUB, 0, 'I', got, 4), 1,
	    "I: one action");
	is_int(got[0], A_NOTIFICATIONS, "I opens the notifications");
	is_int(keymap_lookup(&km, SCOPE_QUEUE, 0, 27, got, 4), 1,
	    "Esc: one action");
	is_int(got[0], A_CLEAR, "Esc is the clear action, bindable");
	is_int(keymap_lookup(&km, SCOPE_QUEUE, 0, '1', got, 4), 1,
	    "1 bound (from the pane table)");
	is_int(got[0], A_PANE_HUB, "1 switches to the hub");
	/* Every pane has a scope name the keymap accepts. */
	for (int s = 0; s < SCOPE_COUNT; s++)
		if (scope_by_name(scope_name((enum scope)s)) != s)
			ok(0, "scope names round-trip");
	ok(1, "scope names round-trip");
	is_int(scope_by_name("sync"), SCOPE_SYNC, "sync is a scope");
	is_int(scope_by_name("notifications"), SCOPE_NOTIFICATIONS,
	    "notifications is a scope");
	is_int(keymap_lookup(&km, SCOPE_QUEUE, 0, keys_parse("C-d"), got, 4),
	    1, "C-d bound");
	is_int(got[0], A_HALF_DOWN, "C-d: half a page down");
	keymap_keys(&km, SCOPE_QUEUE, 0, A_MOVE_DOWN, keys, sizeof keys);
	is_str(keys, "j, Down", "help lists every key of an action");
	is_int(keymap_lookup(&km, SCOPE_QUEUE, 0, 'z', got, 4), 0,
	    "z is unbound");
	/* Every action has a config name that maps back to it. */
	for (int a = 1; a < A_COUNT; a++)
		if ((int)action_by_name(action_name((enum action)a)) != a)
			ok(0, "action names round-trip");
	ok(1, "action names round-trip");
	keymap_free(&km);
}

static void
keymap_rebind(void)
{
	struct config cfg;
	struct config_bind b[3];
	struct keymap km;
	struct err e = ERR_INIT;
	enum action got[4];
	char keys[64];

	memset(&cfg, 0, sizeof cfg);
	cfg.path = "cfg.yaml";
	b[0] = mkbind("queue", "x", "resolve", 3);
	b[1] = mkbind("queue", "r", "note", 4);
	b[2] = mkbind("detail", "q", "quit", 5);
	cfg.binds = b;
	cfg.nbinds = 3;
	is_int(keymap_load(&km, &cfg, &e), TP_OK, "binds load");
	is_int(keymap_lookup(&km, SCOPE_QUEUE, 0, 'x', got, 4), 1, "x bound");
	is_int(got[0], A_RESOLVE, "queue x resolves");
	is_int(keymap_lookup(&km, SCOPE_HUB, 0, 'x', got, 4), 0,
	    "but not in the hub");
	keymap_lookup(&km, SCOPE_QUEUE, 0, 'r', got, 4);
	is_int(got[0], A_NOTE, "queue r now adds a note");
	keymap_lookup(&km, SCOPE_HUB, 0, 'r', got, 4);
	is_int(got[0], A_RESOLVE, "hub r still resolves");
	keymap_keys(&km, SCOPE_QUEUE, 0, A_RESOLVE, keys, sizeof keys);
	is_str(keys, "x", "help in the queue lists x (r no longer resolves)");
	keymap_keys(&km, SCOPE_HUB, 0, A_RESOLVE, keys, sizeof keys);
	is_str(keys, "r", "help in the hub lists r");
	keymap_lookup(&km, SCOPE_QUEUE, 1, 'q', got, 4);
	is_int(got[0], A_QUIT, "in a detail, the detail scope comes first");
	keymap_lookup(&km, SCOPE_QUEUE, 0, 'q', got, 4);
	is_int(got[0], A_BACK, "outside it, q is back");
	keymap_free(&km);

	b[0] = mkbind("queue", "x", "frobnicate", 3);
	cfg.nbinds = 1;
	is_int(keymap_load(&km, &cfg, &e), TP_BADINPUT, "unknown action");
	is_str(e.msg, "cfg.yaml:3:7: unknown action 'frobnicate'",
	    "named with file:line:col");
	keymap_free(&km);
	b[0] = mkbind("queue", "x", "reslove", 3);
	keymap_load(&km, &cfg, &e);
	ok(strstr(e.msg, "did you mean 'resolve'") != NULL,
	    "a misspelt action gets a suggestion");
	keymap_free(&km);
	b[0] = mkbind("queue", "Hyper-x", "resolve", 8);
	is_int(keymap_load(&km, &cfg, &e), TP_BADINPUT, "unknown key");
	is_str(e.msg, "cfg.yaml:8:7: unknown key 'Hyper-x'", "key error");
	keymap_free(&km);
	b[0] = mkbind("queue", "x\x1b[31m", "resolve", 9);
	keymap_load(&km, &cfg, &e);
	ok(strchr(e.msg, '\x1b') == NULL, "the message is sanitised");
	keymap_free(&km);
	b[0] = mkbind("queu", "x", "resolve", 4);
	is_int(keymap_load(&km, &cfg, &e), TP_BADINPUT, "unknown pane");
	is_str(e.msg, "cfg.yaml:4:7: unknown pane 'queu': expected one of "
	    "global, hub, queue, assets, invoices, notifications, sync, "
	    "detail, help (did you mean 'queue'?)",
	    "the pane error lists every scope and suggests one");
	keymap_free(&km);
	b[0] = mkbind("sync", "x", "retry", 5);
	is_int(keymap_load(&km, &cfg, &e), TP_OK, "sync x retry loads");
	keymap_lookup(&km, SCOPE_SYNC, 0, 'x', got, 4);
	is_int(got[0], A_RETRY, "sync x retries");
	keymap_free(&km);
}

static void
widths(void)
{
	is_int(draw_width("abc"), 3, "ASCII: one column each");
	is_int(draw_width("\xe6\xa0\xaa\xe5\xbc\x8f"), 4, "CJK: two each");
	is_int(draw_width("e\xcc\x81"), 1, "a combining mark takes none");
	is_int(draw_width("\xcc\x81"), 1, "a lone combining mark gets a base");
	is_int(draw_width("\xf0\x9f\x9a\x80"), 2, "an emoji: two");
	is_int(draw_width("\x1b[31m"), 6, "ESC [31m shows as ^[[31m");
	is_int(draw_width("\xe2\x80\xae"), 1, "a bidi override is one U+FFFD");
}

/* A fake service: ids 1..n in order, keyset paged. */
struct fake {
	int64_t n;
	int     calls;
	int64_t last_after;
};

static int
fake_fetch(void *ctx, int64_t after, int limit, struct rows *out,
    struct err *e)
{
	struct fake *f = ctx;

	(void)e;
	f->calls++;
	f->last_after = after;
	memset(out, 0, sizeof *out);
	out->ncol = 1;
	out->cols = calloc(1, sizeof *out->cols);
	out->cols[0] = strdup("id");
	for (int64_t id = after + 1; id <= f->n && id <= after + limit; id++) {
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->cells = realloc(out->cells,
			    out->cap * sizeof *out->cells);
		}
		out->cells[out->n].type = CELL_INT;
		out->cells[out->n].i = id;
		out->cells[out->n].s = malloc(24);
		snprintf(out->cells[out->n].s, 24, "%lld", (long long)id);
		out->n++;
	}
	return TP_OK;
}

static int
is_id(const struct rows *r, size_t i, void *arg)
{
	return rows_int(r, i, "id") == *(int64_t *)arg;
}

static void
paging(void)
{
	struct fake f = { 1000, 0, -1 };
	struct list l;
	int valid = 0;
	int64_t want = 777;

	list_init(&l, fake_fetch, &f);
	is_int(list_id(&l, 0), 1, "row 0");
	is_int(f.calls, 1, "one page read");
	is_int(f.last_after, 0, "the first page starts after 0");
	is_int(list_id(&l, 250), 251, "row 250");
	is_int(f.last_after, 200, "page 2 read after id 200 (keyset)");
	ok(!list_has(&l, 1000), "no row 1000");
	is_int(list_known(&l), 1000, "1000 rows once the end is seen");
	for (int i = 0; i < LIST_CACHE; i++)
		valid += l.cache[i].valid;
	ok(valid <= LIST_CACHE, "the cache stays bounded");
	f.calls = 0;
	is_int(list_id(&l, 5), 6, "back to the start");
	is_int(f.calls, 1, "re-read from its anchor");
	is_int(f.last_after, 0, "page 0 again after 0");

	list_first(&l);
	list_move(&l, 250, 20);
	is_int(l.sel, 250, "moved 250 rows");
	is_int(l.top, 231, "the selection is the last visible row");
	list_move(&l, 5000, 20);
	is_int(l.sel, 999, "clamped at the end");
	list_first(&l);
	is_int(list_find(&l, 1, 20, 50, is_id, &want), 1, "find 777");
	is_int(l.sel, 776, "selected");
	l.sel_id = 777;
	f.n = 1001;            /* a row appears: the selection keeps its id */
	f.calls = 0;
	list_reload(&l);
	is_int(list_id(&l, l.sel), 777, "reload keeps the selected record");
	ok(f.calls <= 4, "and reads a few pages, not every page before it");
	l.sel_id = 5;            /* moved to the first page: followed */
	list_reload(&l);
	is_int(l.sel, 4, "reload follows a record that moved to the top");
	l.sel = 600;
	l.sel_id = 123456;       /* gone: the index stays */
	list_reload(&l);
	is_int(l.sel, 600, "a record that left keeps the index");
	list_toggle_mark(&l, 5);
	list_toggle_mark(&l, 6);
	list_toggle_mark(&l, 5);
	ok(!list_marked(&l, 5) && list_marked(&l, 6), "marks toggle");
	list_free(&l);

	f.n = 1000;
	list_init(&l, fake_fetch, &f);
	is_int(list_last(&l, 20, 3), 0, "G stops after a few pages");
	is_int(l.sel, 299, "on the last row read");
	is_int(list_last(&l, 20, 50), 1, "G again reaches the end");
	is_int(l.sel, 999, "the last row");
	list_free(&l);

	/* list_seek: a record on the first screen shows the list from its
	 * first row; one further down is brought into view; one beyond
	 * the pages looked at leaves the selection alone. */
	list_init(&l, fake_fetch, &f);
	list_move(&l, 500, 20);
	is_int(list_seek(&l, 8, 20, 5), 1, "seek 8");
	is_int((int)l.sel, 7, "selected");
	is_int((int)l.top, 0, "the list from its first row");
	is_int(list_seek(&l, 301, 20, 5), 1, "seek 301");
	is_int((int)l.top, 281, "brought into view at the bottom");
	is_int(list_seek(&l, 900, 20, 5), 0, "900 is past 5 pages");
	is_int((int)l.sel, 300, "the selection stays");
	/* list_reload keeps the window: a record that moved further down
	 * on the same screen does not scroll the rows above it away. */
	list_first(&l);
	l.sel_id = 10;
	list_reload(&l);
	is_int((int)l.sel, 9, "reload finds row 10");
	is_int((int)l.top, 0, "and keeps the first row on screen");
	list_free(&l);

	f.n = 0;
	list_init(&l, fake_fetch, &f);
	ok(!list_has(&l, 0), "an empty list has no rows");
	list_fit(&l, 10);
	is_int(l.sel, 0, "and sits at 0");
	list_free(&l);
}

/* The man page's key table lists every action of the table, by name. */
static void
man_page(void)
{
	const char *top = getenv("top_srcdir");
	char path[1024], line[512];
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int missing = 0;

	snprintf(path, sizeof path, "%s/man/termpsa.1", top ? top : "..");
	f = fopen(path, "r");
	if (!ok(f != NULL, "man/termpsa.1 opens"))
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		size_t n = strlen(line);

		text = realloc(text, len + n + 1);
		memcpy(text + len, line, n + 1);
		len += n;
	}
	fclose(f);
	for (int a = 1; a < A_COUNT; a++) {
		char want[64];

		snprintf(want, sizeof want, " Ta %s Ta ",
		    action_name((enum action)a));
		if (text == NULL || strstr(text, want) == NULL) {
			printf("#   not in the man page: %s\n",
			    action_name((enum action)a));
			missing++;
		}
	}
	is_int(missing, 0, "termpsa(1) lists every action by name");
	free(text);
}

int
main(void)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
	key_names();
	keymap_defaults();
	keymap_rebind();
	widths();
	paging();
	man_page();
	return tap_done();
}
