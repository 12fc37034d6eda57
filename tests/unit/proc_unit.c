/* proc_unit.c - the background runner of proc.h (used by the UI's `:`):
 * output and exit status collected without blocking, the time limit, and
 * cancel killing the whole process group. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/proc.h"
#include "tap.h"

static int
wait_done(struct proc_job *j, int max_polls)
{
	for (int i = 0; i < max_polls; i++)
		if (proc_poll(j, 50))
			return 1;
	return 0;
}

static void
output_and_status(void)
{
	char *argv[] = { "sh", "-c", "echo out; echo err >&2; exit 3", NULL };
	struct proc_job j;
	struct err e = ERR_INIT;

	is_int(proc_start(&j, argv, 10, 1024, &e), TP_OK, "start");
	ok(wait_done(&j, 200), "proc_poll says when it is done");
	is_int(j.status, 3, "its exit status");
	is_str(j.out.s, "out\nerr\n", "stdout and stderr collected");
	ok(!j.timed_out, "not timed out");
	proc_job_free(&j);
}

static void
poll_does_not_block(void)
{
	char *argv[] = { "sleep", "5", NULL };
	struct proc_job j;
	struct err e = ERR_INIT;

	is_int(proc_start(&j, argv, 10, 1024, &e), TP_OK, "start sleep 5");
	is_int(proc_poll(&j, 0), 0, "proc_poll returns at once while it runs");
	ok(j.pid > 0 && kill(j.pid, 0) == 0, "it runs");
	pid_t pid = j.pid;
	proc_cancel(&j);
	ok(j.done && j.status == 128 + SIGKILL, "cancel kills it");
	ok(kill(pid, 0) != 0 && errno == ESRCH, "and reaps it");
	proc_job_free(&j);
}

static void
cancel_kills_the_group(void)
{
	char path[] = "/tmp/proc_unit.XXXXXX";
	int fd = mkstemp(path);
	char script[512], buf[64] = "";
	char *argv[] = { "sh", "-c", script, NULL };
	struct proc_job j;
	struct err e = ERR_INIT;
	long long child = 0;
	FILE *f;

	close(fd);
	snprintf(script, sizeof script, "sleep 30 & echo $! > %s; wait", path);
	is_int(proc_start(&j, argv, 10, 1024, &e), TP_OK, "start a shell "
	    "with a child");
	for (int i = 0; i < 200 && child == 0; i++) {
		proc_poll(&j, 20);
		if ((f = fopen(path, "r")) != NULL) {
			if (fgets(buf, sizeof buf, f) != NULL)
				child = strtoll(buf, NULL, 10);
			fclose(f);
		}
	}
	ok(child > 0 && kill((pid_t)child, 0) == 0, "its child runs");
	proc_cancel(&j);
	for (int i = 0; i < 100 && kill((pid_t)child, 0) == 0; i++)
		usleep(20000);
	ok(kill((pid_t)child, 0) != 0, "cancel kills its child too");
	proc_job_free(&j);
	unlink(path);
}

static void
time_limit(void)
{
	char *argv[] = { "sleep", "5", NULL };
	struct proc_job j;
	struct err e = ERR_INIT;

	is_int(proc_start(&j, argv, 1, 1024, &e), TP_OK, "start with 1 s");
	ok(wait_done(&j, 100), "done within the limit");
	ok(j.timed_out, "killed at the time limit");
	is_int(j.status, 128 + SIGKILL, "status: killed");
	proc_job_free(&j);
}

static void
output_cap(void)
{
	char *argv[] = { "sh", "-c", "yes | head -c 200000", NULL };
	struct proc_job j;
	struct err e = ERR_INIT;

	is_int(proc_start(&j, argv, 10, 1000, &e), TP_OK, "start a flood");
	ok(wait_done(&j, 400), "a flood of output does not block it");
	is_int(j.status, 0, "it exits 0");
	ok(j.out.len >= 1000 && j.out.len < 1000 + 4096,
	    "output kept up to the cap");
	proc_job_free(&j);
}

static void
cannot_run(void)
{
	char *argv[] = { "/nonexistent/program", NULL };
	struct proc_job j;
	struct err e = ERR_INIT;

	is_int(proc_start(&j, argv, 10, 1024, &e), TP_OK, "start");
	ok(wait_done(&j, 200), "done");
	is_int(j.status, 127, "a program that cannot run exits 127");
	proc_job_free(&j);
}

int
main(void)
{
	output_and_status();
	poll_does_not_block();
	cancel_kills_the_group();
	time_limit();
	output_cap();
	cannot_run();
	return tap_done();
}
