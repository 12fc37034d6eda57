/*
 * status.h - the status line: who "me" is, the sync state, the running
 * timer (ticking), unread notifications and the last message.
 *
 * status_refresh reads the services (timer, unread count, sync summary)
 * into struct ui; status_draw only formats, so that a tick of the timer
 * costs no query.
 */
#ifndef TP_UI_STATUS_H
#define TP_UI_STATUS_H

#include "ui/view.h"

void status_refresh(struct ui *ui);
void status_draw(struct ui *ui);

#endif
