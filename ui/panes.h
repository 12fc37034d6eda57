/*
 * panes.h - the UI's one pane table: each pane's identity in one row.
 *
 * PANES below is the only list of panes.  It gives enum pane, the pane
 * scopes of enum scope (the names a `ui.bind` line and the keymap use),
 * the pane-switching keys of the default keymap (actions.c), and in ui.c
 * each pane's view ops, its background search reader, its tab and the
 * name of the record its detail shows.  A pane is added by adding a row:
 * nothing else counts or names the panes.
 *
 * The columns: the id (P_<id>, SCOPE_<id>), the scope name, the view ops
 * (view.h), the search submitter run beside the UI or NULL, what says why
 * the pane has nothing to do (view_note_fn) or NULL, the action
 * that switches to the pane (A_<action>, actions.h) with its default key,
 * the tab label (NULL: not a tab; Tab and S-Tab cycle the tabs, q leaves
 * a pane without a tab for the tab before) and the record of its detail.
 */
#ifndef TP_UI_PANES_H
#define TP_UI_PANES_H

/*        id  name  ops  submit  note  action  key  tab  record */
#define PANES(X) \
	X(HUB, "hub", hub_ops, NULL, NULL, PANE_HUB, "1", "Hub", "client") \
	X(QUEUE, "queue", queue_ops, queue_submit, NULL, PANE_QUEUE, "2", \
	    "Queue", "ticket") \
	X(ASSETS, "assets", assets_ops, NULL, NULL, PANE_ASSETS, "3", \
	    "Assets", "asset") \
	X(INVOICES, "invoices", invoices_ops, invoices_submit, NULL, \
	    PANE_INVOICES, "4", "Invoices", "invoice") \
	X(NOTIFICATIONS, "notifications", notifications_ops, NULL, NULL, \
	    NOTIFICATIONS, "I", NULL, "notification") \
	X(SYNC, "sync", sync_ops, NULL, sync_note, SYNC_ISSUES, "Y", NULL, \
	    "sync issue")

enum pane {
#define X(id, name, ops, submit, note, action, key, tab, record) P_##id,
	PANES(X)
#undef X
	P_COUNT
};

/* Scopes: where a binding applies.  A key is looked up in the detail
 * scope (when a detail is open), then the pane's, then global; the first
 * scope that binds the key decides.  SCOPE_HELP binds keys of the help
 * screen (only back and the moves mean anything there). */
enum scope {
	SCOPE_GLOBAL,
#define X(id, name, ops, submit, note, action, key, tab, record) SCOPE_##id,
	PANES(X)
#undef X
	SCOPE_DETAIL, SCOPE_HELP, SCOPE_COUNT
};

#endif
