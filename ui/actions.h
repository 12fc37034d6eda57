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
#include "ui/panes.h"

#define KEYS_FN 0x200000

/* Action flags. */
#define AF_SEARCHING  0x1   /* only while a search term is set */
#define AF_HINT       0x2   /* shown in the status-line hints */
#define AF_EVERYWHERE 0x4   /* ui.c runs it in every pane (G below) */
#define AF_LIST       0x8   /* only on a list's rows: not in a detail */
#define AF_SCROLL     0x10  /* a move: in a detail it scrolls the text */

/* G: an action of every pane, run by ui.c itself (the help's
 * "Everywhere" group); X: a pane's own action, run by the view's act().
 *        enum name         config name        help text */
#define ACTIONS(X, G) \
	G(PANE_HUB,        "pane-hub",        "client hub pane") \
	G(PANE_QUEUE,      "pane-queue",      "ticket queue pane") \
	G(PANE_ASSETS,     "pane-assets",     "assets pane") \
	G(PANE_INVOICES,   "pane-invoices",   "invoices pane") \
	G(PANE_NEXT,       "pane-next",       "next pane") \
	G(PANE_PREV,       "pane-prev",       "previous pane") \
	G(MOVE_DOWN,       "move-down",       "move down one row") \
	G(MOVE_UP,         "move-up",         "move up one row") \
	G(MOVE_FIRST,      "move-first",      "go to the first row") \
	G(MOVE_LAST,       "move-last",       "go to the last row") \
	G(PAGE_DOWN,       "page-down",       "one page down") \
	G(PAGE_UP,         "page-up",         "one page up") \
	G(HALF_DOWN,       "half-down",       "half a page down") \
	G(HALF_UP,         "half-up",         "half a page up") \
	G(OPEN, "open", \
	    "open the detail of the selected row") \
	G(BACK,            "back",            "back; on a top pane, quit") \
	G(QUIT,            "quit",            "quit at once") \
	G(SEARCH, "search", \
	    "search/filter this list as you type (Esc clears)") \
	G(SEARCH_NEXT,     "search-next",     "next match") \
	G(SEARCH_PREV,     "search-prev",     "previous match") \
	G(CLEAR, "clear", \
	    "undo one: search, filter, marks, detail, term") \
	G(FILTER, "filter", \
	    "filter presets, views, typed terms (Esc clears)") \
	G(SORT,            "sort",            "change the sort order") \
	G(HELP,            "help",            "this help") \
	G(COMMAND, "command", \
	    "a CLI command (:ticket assign 12 me; Tab, Up/Down)") \
	G(REDRAW,          "redraw",          "redraw the screen") \
	X(CREATE,          "create",          "create a record") \
	X(EDIT,            "edit",            "edit the selected record") \
	G(MARK, "mark", \
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
	X(SCHEDULE, "schedule", \
	    "recurring maintenance: add or remove a schedule") \
	X(BILL, "bill", \
	    "bill the client's unbilled tickets") \
	X(PAY, "pay", \
	    "record a payment on the invoice") \
	G(SYNC,            "sync",            "sync now (in the background)") \
	G(SYNC_ISSUES, "sync-issues", \
	    "sync issues: failed and conflicting records") \
	G(NOTIFICATIONS,   "notifications",   "notifications") \
	G(SEARCH_ALL, "search-all", \
	    "search every kind of record at once (Enter opens one)") \
	X(RETRY, "retry", \
	    "sync issues: retry the row / keep the local value") \
	X(DISCARD, "discard", \
	    "sync issues: discard the row / take the remote value") \
	G(JUMP, "jump", \
	    "open a ticket by its number (or / and the number)") \
	X(SEND, "send", \
	    "send the draft invoice (draft -> sent; asks first)") \
	G(MESSAGES, "messages", \
	    "the status line's earlier messages, newest first")

enum action {
	A_NONE = 0,
#define X(id, name, help) A_##id,
	ACTIONS(X, X)
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
/* The help of a in a detail view when it does something else there (a
 * move scrolls the text), else action_help's. */
const char *action_help_in(enum action a, int in_detail);
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
