/*
 * proc.h - running an external command safely: argv without a shell,
 * data on stdin (never interpolated into the command line), a time limit.
 * Used for notify.command and the sync worker's token_command; the UI's
 * `:` command line runs its commands in the background with proc_start.
 */
#ifndef TP_PROC_H
#define TP_PROC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/buf.h"
#include "core/err.h"

/* Run argv[0] with argv, writing `input` (may be NULL) to its stdin and
 * collecting up to 64 KiB of stdout into out (may be NULL).  Killed after
 * timeout_s seconds.  TP_OK only when it exits 0; otherwise e says why. */
/* Is pid a live process on this host?  (EPERM: alive, someone else's.) */
int proc_alive(int64_t pid);

int proc_run(char *const argv[], const char *input, int timeout_s,
    struct buf *out, struct err *e);

/* A command running in the background, so that the caller (the UI's main
 * loop) never waits on it: proc_start starts it, proc_poll collects its
 * output and notices its end without blocking longer than asked,
 * proc_cancel kills it.  The command runs in a process group of its own
 * (a Ctrl-C at the terminal reaches only the caller; killing it kills
 * what it started), stdin /dev/null, stdout and stderr into out.  Owned
 * by the caller: proc_job_free (which cancels a command still running). */
struct proc_job {
	pid_t      pid;          /* 0: no command (never started, or reaped) */
	int        fd;           /* its output, -1 once closed */
	struct buf out;          /* stdout and stderr, up to max_out bytes */
	size_t     max_out;
	long long  started_ms;   /* monotonic */
	long long  deadline_ms;
	int        status;       /* once done: exit status, 128+N by signal N */
	int        timed_out;    /* killed at the time limit */
	int        done;
};

/* Start argv[0] (searched in PATH when it has no '/') with argv; killed
 * after timeout_s seconds (by proc_poll).  On error nothing runs. */
int proc_start(struct proc_job *j, char *const argv[], int timeout_s,
    size_t max_out, struct err *e);

/* Read what it wrote and reap it if it has exited, waiting at most
 * wait_ms for something to happen.  Returns 1 once it is done (status
 * set; output complete), 0 while it runs. */
int proc_poll(struct proc_job *j, int wait_ms);

/* Kill it and everything in its process group, and reap it (done, status
 * 128+SIGKILL).  Nothing when it is not running. */
void proc_cancel(struct proc_job *j);

/* Seconds since it started. */
long long proc_elapsed_s(const struct proc_job *j);

void proc_job_free(struct proc_job *j);

#endif
