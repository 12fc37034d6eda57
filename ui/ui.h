/*
 * ui.h - the curses front end: `termpsa` with no command.
 *
 * ui_main takes over the terminal until the technician quits and returns
 * the process exit status.  The UI calls services through their headers
 * only; it never runs SQL.
 */
#ifndef TP_UI_H
#define TP_UI_H

#include <stddef.h>

#include "app.h"

int ui_main(struct app *app);

/* The command table `:` completes from (Tab): word_at(i) gives the words
 * of the i-th command ("ticket assign"), NULL past the last.  The CLI
 * hands it over before ui_main, so that ui/ needs nothing of src/cli. */
void ui_set_commands(const char *(*word_at)(size_t i));

/* Check the config's `bind` lines against the pane and action tables,
 * as the UI does when it starts (for `config check`): TP_BADINPUT
 * "file:line:col: unknown pane 'x': expected one of ...", or unknown key
 * or action. */
int ui_check_binds(const struct config *cfg, struct err *e);

#endif
