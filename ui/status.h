/*
 * status.h - the status line: who "me" is, the sync state, the running
 * timer (ticking), unread notifications and the last message, and the
 * log of the messages shown.
 *
 * status_refresh reads the services (timer, unread count, sync summary)
 * into struct ui; status_draw only formats, so that a tick of the timer
 * costs no query.
 */
#ifndef TP_UI_STATUS_H
#define TP_UI_STATUS_H

#include "ui/view.h"

void status_refresh(struct ui *ui);

/* The status line; a message too long for what is left of it takes the
 * whole line, and one longer than the line wraps onto the hints line
 * above, so that a refusal shows whole at 80 columns. */
void status_draw(struct ui *ui);

/* Every message shown (ui_msg) is also kept, the last STATUS_LOG of
 * them, in a log of this module's own; status_history shows it in a
 * pager, newest first (the `messages` action, like mutt's
 * error-history).  A message repeated at once is kept once, counted. */
#define STATUS_LOG 100
void status_log(const char *msg, int err);
void status_history(struct ui *ui);

#endif
