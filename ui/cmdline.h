/*
 * cmdline.h - `:`: any CLI command, run by executing this very termpsa
 * binary (no shell, the same --db, --config and --user) in the background,
 * its output shown in the status line (one line) or a pager (more).  Also
 * how the UI starts a sync in the background without ever waiting on the
 * network.
 */
#ifndef TP_UI_CMDLINE_H
#define TP_UI_CMDLINE_H

#include "core/buf.h"
#include "ui/view.h"

/* Split a command line into words: spaces separate, '...' and "..."
 * quote, a backslash escapes the next character.  Returns the number of
 * words (at most max) and fills argv with pointers into store (owned by
 * the caller, freed with free()); -1 on an unterminated quote. */
int cmdline_split(const char *line, char **argv, int max, char **store);

/* Run termpsa with the words of line; out receives stdout and stderr.
 * Returns the exit status (or -1 when it could not run, with e set). */
int cmdline_run(struct ui *ui, const char *line, struct buf *out,
    struct err *e);

/* Prompt for a command after ':' (Tab completes command words from the
 * table ui_set_commands gave, Up/Down go over the lines entered this
 * session) and start it in the background: the UI
 * stays responsive while it runs (one at a time; a second ':' says so),
 * the status line shows it with its running time, and its output is
 * shown when it ends (cmdline_poll).  Killed after 60 s; output capped. */
void cmdline_prompt(struct ui *ui);

/* Whether a ':' command is running. */
int cmdline_running(void);

/* Collect its output, waiting at most wait_ms; when it has ended, show
 * the output (status line or pager) and return 1. */
int cmdline_poll(struct ui *ui, int wait_ms);

/* Kill the running command (and what it started), saying so when ui is
 * not NULL (NULL: at exit, silently). */
void cmdline_cancel(struct ui *ui);

/* "running: CMD 3s" into out when a command runs; returns whether one
 * does. */
int cmdline_status(char *out, size_t n);

/* Run a command, waiting for it, and show its output in a pager. */
void cmdline_show(struct ui *ui, const char *line);

/* Start a command detached (its output discarded); never waits. */
void cmdline_background(struct ui *ui, const char *line);

#endif
