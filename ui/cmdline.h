/*
 * cmdline.h - `:`: any CLI command, run by executing this very termpsa
 * binary (no shell, the same --db, --config and --user), its output shown
 * in the status line (one line) or a pager (more).  Also how the UI starts
 * a sync in the background without ever waiting on the network.
 */
#ifndef TP_UI_CMDLINE_H
#define TP_UI_CMDLINE_H

#include "buf.h"
#include "view.h"

/* Split a command line into words: spaces separate, '...' and "..."
 * quote, a backslash escapes the next character.  Returns the number of
 * words (at most max) and fills argv with pointers into store (owned by
 * the caller, freed with free()); -1 on an unterminated quote. */
int cmdline_split(const char *line, char **argv, int max, char **store);

/* Run termpsa with the words of line; out receives stdout and stderr.
 * Returns the exit status (or -1 when it could not run, with e set). */
int cmdline_run(struct ui *ui, const char *line, struct buf *out,
    struct err *e);

/* Prompt for a command after ':' and run it. */
void cmdline_prompt(struct ui *ui);

/* Run a command and show its output in a pager. */
void cmdline_show(struct ui *ui, const char *line);

/* Start a command detached (its output discarded); never waits. */
void cmdline_background(struct ui *ui, const char *line);

#endif
