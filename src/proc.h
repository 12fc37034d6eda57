/*
 * proc.h - running an external command safely: argv without a shell,
 * data on stdin (never interpolated into the command line), a time limit.
 * Used for notify.command and the sync worker's token_command.
 */
#ifndef TP_PROC_H
#define TP_PROC_H

#include "buf.h"
#include "err.h"

/* Run argv[0] with argv, writing `input` (may be NULL) to its stdin and
 * collecting up to 64 KiB of stdout into out (may be NULL).  Killed after
 * timeout_s seconds.  TP_OK only when it exits 0; otherwise e says why. */
int proc_run(char *const argv[], const char *input, int timeout_s,
    struct buf *out, struct err *e);

#endif
