/*
 * searchall.h - the UI's one search box (F): words typed once, every kind
 * of record found (service/search), picked from one grouped list, opened
 * in its pane.
 */
#ifndef TP_UI_SEARCHALL_H
#define TP_UI_SEARCHALL_H

#include "ui/view.h"

/* Prompt for words, show the grouped results, open the one picked (a
 * contact opens its client).  Errors and "no matches" go to the status
 * line. */
void searchall_run(struct ui *ui);

#endif
