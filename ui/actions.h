/*
 * actions.h - the UI's one action table and its keymap.
 *
 * Every thing a key can do is an action in ACTIONS below.  The same table
 * gives the enum, the names used by `bind <pane|global> <key> <action>`
 * lines in config.yaml, the `?` help screen and the status-line hints; the
 * default bindings are a second table in actions.c (tui.md's key table).
 *
 * Keys are ints: a Unicode code point for a character (control characters
 * included, so C-d is 4), or KEYS_FN | a curses KEY_* code for a function
 * key.  Key names as written in config: "j", "G", "C-d", "Enter", "Tab",
 * "S-Tab", "Esc", "Space", "Up", "Down", "Left", "Right", "PgDn", "PgUp",
 * "Home", "End", "Backspace", "Del", "Ins", "F1".."F12", or any one
 * printable character ("+", "?", "é").
 *
 * A struct keymap owns its binding array (keymap_free).
 */
#ifndef TP_UI_ACTIONS_H
#define TP_UI_ACTIONS_H

#include <stddef.h>

#include "core/config.h"
#include "core/err.h"

#define KEYS_FN 0x200000

/* Scopes: where a binding applies.  A key is looked up in the detail
 * scope (when a detail is open), then the pane's, then global; the first
 * scope that binds the key decides.  SCOPE_HELP binds keys of the help
 * screen (only back and the moves mean anything there). */
enum scope {
	SCOPE_GLOBAL, SCOPE_HUB, SCOPE_QUEUE, SCOPE_ASSETS, SCOPE_INVOICES,
	SCOPE_NOTIFICATIONS, SCOPE_DETAIL, SCOPE_HELP, SCOPE_SYNC, SCOPE_COUNT
};

/* Action flags. */
#define AF_SEARCHING 0x1   /* only while a search term is set */
#define AF_HINT      0x2   /* shown in the status-line hints */

/*        enum name         config name        help text */
#define ACTIONS(X) \
	X(PANE_HUB,        "pane-hub",        "client hub pane") \
	X(PANE_QUEUE,      "pane-queue",      "ticket queue pane") \
	X(PANE_ASSETS,     "pane-assets",     "assets pane") \
	X(PANE_INVOICES,   "pane-invoices",   "invoices pane") \
	X(PANE_NEXT,       "pane-next",       "next pane") \
	X(PANE_PREV,       "pane-prev",       "previous pane") \
	X(MOVE_DOWN,       "move-down",       "move down one row") \
	X(MOVE_UP,         "move-up",         "move up one row") \
	X(MOVE_FIRST,      "move-first",      "go to the first row") \
	X(MOVE_LAST,       "move-last",       "go to the last row") \
	X(PAGE_DOWN,       "page-down",       "one page down") \
	X(PAGE_UP,         "page-up",         "one page up") \
	X(HALF_DOWN,       "half-down",       "half a page down") \
	X(HALF_UP,         "half-up",         "half a page up") \
	X(OPEN, "open", \
	    "open the detail of the selected row") \
	X(BACK,            "back",            "back; on a top pane, quit") \
	X(QUIT,            "quit",            "quit at once") \
	X(SEARCH, "search", \
	    "search/filter this list as you type (Esc clears)") \
	X(SEARCH_NEXT,     "search-next",     "next match") \
	X(SEARCH_PREV,     "search-prev",     "previous match") \
	X(FILTER,          "filter",          "filter presets") \
	X(SORT,            "sort",            "change the sort order") \
	X(HELP,            "help",            "this help") \
	X(COMMAND, "command", \
	    "a CLI command (:ticket assign 12 me; Tab, Up/Down)") \
	X(REDRAW,          "redraw",          "redraw the screen") \
	X(CREATE,          "create",          "create a record") \
	X(EDIT,            "edit",            "edit the selected record") \
	X(MARK, "mark", \
	    "mark/unmark the row (actions apply to all marked)") \
	X(ASSIGN,          "assign",          "assign to someone") \
	X(ASSIGN_ME,       "assign-me",       "assign to me") \
	X(PRIORITY,        "priority",        "set the priority") \
	X(PRIORITY_UP,     "priority-up",     "raise the priority") \
	X(PRIORITY_DOWN,   "priority-down",   "lower the priority") \
	X(STATUS,          "status",          "set the status") \
	X(RESOLVE, "resolve", \
	    "resolve (with an optional note)") \
	X(NOTE, "note", \
	    "add a note ($EDITOR for long text)") \
	X(TIMER, "timer", \
	    "start or stop the timer on the ticket") \
	X(LOG_TIME,        "log-time",        "log time") \
	X(MAINTAIN, "maintain", \
	    "schedule maintenance for the asset") \
	X(BILL, "bill", \
	    "bill the client's unbilled tickets") \
	X(PAY, "pay", \
	    "record a payment on the invoice") \
	X(SYNC,            "sync",            "sync now (in the background)") \
	X(SYNC_ISSUES, "sync-issues", \
	    "sync issues: failed and conflicting records") \
	X(NOTIFICATIONS,   "notifications",   "notifications") \
	X(RETRY, "retry", \
	    "sync issues: retry the row / keep the local value") \
	X(DISCARD, "discard", \
	    "sync issues: discard the row / take the remote value") \
	X(MESSAGES, "messages", \
	    "the status line's earlier messages, newest first")

enum action {
	A_NONE = 0,
#define X(id, name, help) A_##id,
	ACTIONS(X)
#undef X
	A_COUNT
};

struct binding {
	enum scope  scope;
	int         key;
	enum action action;
};

struct keymap {
	struct binding *b;
	size_t          n, cap;
};

/* Names and help of actions and scopes. */
const char *action_name(enum action a);
const char *action_help(enum action a);
int action_flags(enum action a);
enum action action_by_name(const char *name);      /* A_NONE if unknown */
const char *scope_name(enum scope s);
int scope_by_name(const char *name);               /* -1 if unknown */

/* Key names: parse one (returns -1 if unknown) and format one. */
int keys_parse(const char *name);
void keys_format(int key, char *out, size_t n);

/* The default bindings, then the config's `bind` lines over them (each
 * replaces the key's bindings in that scope).  An unknown scope, key or
 * action is TP_BADINPUT "file:line:col: ...". */
int keymap_load(struct keymap *km, const struct config *cfg, struct err *e);
void keymap_free(struct keymap *km);

/* The actions bound to key in scope s (or the detail scope first when
 * in_detail), in order; returns how many (at most max). */
size_t keymap_lookup(const struct keymap *km, enum scope s, int in_detail,
    int key, enum action *out, size_t max);

/* The keys that reach action in scope s (in_detail as above), as "a, A"
 * (for help and hints); empty when none. */
void keymap_keys(const struct keymap *km, enum scope s, int in_detail,
    enum action a, char *out, size_t n);

#endif
