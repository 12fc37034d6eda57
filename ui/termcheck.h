/*
 * termcheck.h - whether the terminal can hold the UI at all, asked of
 * terminfo before curses takes the screen: a known terminal type that
 * can address the cursor.  TERM=dumb (an editor's shell buffer, a CI
 * log), an unknown TERM or a printing terminal would otherwise get a
 * blank or garbled UI; this makes them a clear refusal.
 */
#ifndef TP_UI_TERMCHECK_H
#define TP_UI_TERMCHECK_H

#include "core/err.h"

/* TP_OK when the terminal on standard output can run the UI; else
 * TP_REFUSED with a message that names TERM and what to do instead. */
int termcheck_usable(struct err *e);

#endif
