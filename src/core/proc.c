/* proc.c - see proc.h. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/proc.h"

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
child(char *const argv[], int in[2], int out[2])
{
	int devnull = open("/dev/null", O_WRONLY);

	dup2(in[0], 0);
	dup2(out[1], 1);
	if (devnull >= 0)
		dup2(devnull, 2);
	close(in[0]); close(in[1]); close(out[0]); close(out[1]);
	execvp(argv[0], argv);
	_exit(127);
}

/* Feed stdin and drain stdout until the child closes or time runs out. */
static int
pump(int infd, int outfd, const char *input, struct buf *out, long long end)
{
	size_t off = 0, inlen = input ? strlen(input) : 0;
	char chunk[4096];

	if (inlen == 0) {
		close(infd);
		infd = -1;
	}
	while (outfd >= 0) {
		struct pollfd p[2] = { { outfd, POLLIN, 0 }, { infd, POLLOUT, 0 } };
		long long left = end - now_ms();
		int n;

		if (left <= 0 ||
		    (poll(p, infd >= 0 ? 2 : 1, (int)left) < 0 && errno != EINTR)) {
			if (infd >= 0)
				close(infd);
			return -1;
		}
		if (infd >= 0 && (p[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t w = write(infd, input + off, inlen - off);

			if (w > 0)
				off += (size_t)w;
			if (w < 0 || off == inlen) {
				close(infd);
				infd = -1;
			}
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = (int)read(outfd, chunk, sizeof chunk);
			if (n <= 0) {
				close(outfd);
				outfd = -1;
			} else if (out && out->len < 65536) {
				buf_addn(out, chunk, (size_t)n);
			}
		}
	}
	if (infd >= 0)
		close(infd);
	return 0;
}

int
proc_alive(int64_t pid)
{
	if (pid <= 0)
		return 0;
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

int
proc_run(char *const argv[], const char *input, int timeout_s,
    struct buf *out, struct err *e)
{
	int in[2], outp[2], status = 0;
	long long end = now_ms() + (long long)timeout_s * 1000;
	struct sigaction ign, old;
	pid_t pid;
	int timed_out;

	if (argv == NULL || argv[0] == NULL)
		return err_set(e, TP_BADINPUT, "empty command");
	if (pipe(in) != 0 || pipe(outp) != 0)
		return err_set(e, TP_IO, "pipe: %s", strerror(errno));
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	pid = fork();
	if (pid < 0) {
		sigaction(SIGPIPE, &old, NULL);
		return err_set(e, TP_IO, "fork: %s", strerror(errno));
	}
	if (pid == 0)
		child(argv, in, outp);
	close(in[0]);
	close(outp[1]);
	timed_out = pump(in[1], outp[0], input, out, end) != 0;
	if (timed_out) {
		kill(pid, SIGKILL);
		close(outp[0]);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGPIPE, &old, NULL);
	if (timed_out)
		return err_set(e, TP_UNAVAILABLE, "%s: no answer within %d s",
		    argv[0], timeout_s);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return err_set(e, TP_NOTFOUND, "%s: cannot run", argv[0]);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return err_set(e, TP_REFUSED, "%s: exited with status %d", argv[0],
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return TP_OK;
}

/* Background commands ----------------------------------------------------- */

static void
bg_child(char *const argv[], int out[2])
{
	int devnull = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	if (devnull >= 0)
		dup2(devnull, 0);
	dup2(out[1], 1);
	dup2(out[1], 2);
	close(out[0]);
	close(out[1]);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	execvp(argv[0], argv);
	_exit(127);
}

int
proc_start(struct proc_job *j, char *const argv[], int timeout_s,
    size_t max_out, struct err *e)
{
	int out[2];

	memset(j, 0, sizeof *j);
	j->fd = -1;
	buf_init(&j->out);
	if (argv == NULL || argv[0] == NULL)
		return err_set(e, TP_BADINPUT, "empty command");
	if (pipe(out) != 0)
		return err_set(e, TP_IO, "pipe: %s", strerror(errno));
	j->pid = fork();
	if (j->pid < 0) {
		j->pid = 0;
		close(out[0]);
		close(out[1]);
		return err_set(e, TP_IO, "fork: %s", strerror(errno));
	}
	if (j->pid == 0)
		bg_child(argv, out);
	/* Also here, so that a cancel right away reaches the whole group. */
	setpgid(j->pid, j->pid);
	close(out[1]);
	j->fd = out[0];
	fcntl(j->fd, F_SETFD, FD_CLOEXEC);
	j->max_out = max_out;
	j->started_ms = now_ms();
	j->deadline_ms = j->started_ms + (long long)timeout_s * 1000;
	return TP_OK;
}

static void
reaped(struct proc_job *j, int status)
{
	j->status = WIFEXITED(status) ? WEXITSTATUS(status) :
	    WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 128;
	j->pid = 0;
	j->done = 1;
	if (j->fd >= 0) {
		close(j->fd);
		j->fd = -1;
	}
}

/* Read once what is there within wait_ms: 1 read something, 0 end of
 * output, -1 nothing yet. */
static int
drain(struct proc_job *j, int wait_ms)
{
	struct pollfd p = { j->fd, POLLIN, 0 };
	char chunk[4096];
	ssize_t got;

	if (poll(&p, 1, wait_ms) <= 0)
		return -1;
	got = read(j->fd, chunk, sizeof chunk);
	if (got < 0 && (errno == EINTR || errno == EAGAIN))
		return -1;
	if (got <= 0)
		return 0;
	if (j->out.len < j->max_out)
		buf_addn(&j->out, chunk, (size_t)got);
	return 1;
}

/* What is waiting (a bounded number of reads, so that a flood of output
 * cannot hold the caller); closes the pipe at its end. */
static void
drain_all(struct proc_job *j, int wait_ms)
{
	int r = -1;

	for (int i = 0; i < 64 && j->fd >= 0; i++) {
		r = drain(j, i == 0 ? wait_ms : 0);
		if (r != 1)
			break;
	}
	if (r == 0) {
		close(j->fd);
		j->fd = -1;
	}
}

int
proc_poll(struct proc_job *j, int wait_ms)
{
	int status = 0;
	pid_t r;

	if (j->done || j->pid == 0)
		return 1;
	if (now_ms() > j->deadline_ms) {
		proc_cancel(j);
		j->timed_out = 1;
		return 1;
	}
	if (j->fd >= 0)
		drain_all(j, wait_ms);
	else if (wait_ms > 0)
		poll(NULL, 0, wait_ms);     /* output closed: just wait */
	r = waitpid(j->pid, &status, WNOHANG);
	if (r == j->pid) {
		/* Exited: what it wrote last may still be in the pipe. */
		if (j->fd >= 0)
			drain_all(j, 0);
		reaped(j, status);
		return 1;
	}
	if (r < 0 && errno != EINTR) {
		reaped(j, 0);
		j->status = 128;
		return 1;
	}
	return 0;
}

void
proc_cancel(struct proc_job *j)
{
	int status = 0;

	if (j->pid == 0 || j->done)
		return;
	kill(-j->pid, SIGKILL);
	kill(j->pid, SIGKILL);
	while (waitpid(j->pid, &status, 0) < 0 && errno == EINTR)
		;
	reaped(j, status);
}

long long
proc_elapsed_s(const struct proc_job *j)
{
	return (now_ms() - j->started_ms) / 1000;
}

void
proc_job_free(struct proc_job *j)
{
	proc_cancel(j);
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	buf_free(&j->out);
}
