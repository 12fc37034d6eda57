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

#include "proc.h"

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
