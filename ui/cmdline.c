/* cmdline.c - see cmdline.h. */
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

#include "cmdline.h"
#include "widgets.h"

#define CMD_MAX_WORDS 64
#define CMD_TIMEOUT_S 60
#define CMD_MAX_OUT   (256 * 1024)

int
cmdline_split(const char *line, char **argv, int max, char **store)
{
	char *out = xmalloc(strlen(line) + 1), *w = out;
	const char *p = line;
	int n = 0;

	*store = out;
	while (*p) {
		char q = 0;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		if (n == max)
			return n;
		argv[n++] = w;
		while (*p && (q || (*p != ' ' && *p != '\t'))) {
			if (q && *p == q) {
				q = 0;
			} else if (!q && (*p == '\'' || *p == '"')) {
				q = *p;
			} else if (*p == '\\' && q != '\'' && p[1]) {
				*w++ = *++p;
			} else {
				*w++ = *p;
			}
			p++;
		}
		if (q)
			return -1;
		*w++ = '\0';
	}
	return n;
}

static const char *
self_path(struct ui *ui, char *buf, size_t n)
{
	ssize_t len = readlink("/proc/self/exe", buf, n - 1);

	if (len > 0) {
		buf[len] = '\0';
		return buf;
	}
	return ui->app->argv0 ? ui->app->argv0 : "termpsa";
}

/* argv: termpsa, the globals that make the child see what we see, then
 * the words.  Pointers into store and self; caller frees argv. */
static char **
build_argv(struct ui *ui, const char *self, char **words, int nwords)
{
	char **argv = xcalloc((size_t)nwords + 10, sizeof *argv);
	int n = 0;

	argv[n++] = (char *)self;
	if (ui->app->db_path) {
		argv[n++] = "--db";
		argv[n++] = (char *)ui->app->db_path;
	}
	if (ui->app->config_path) {
		argv[n++] = "--config";
		argv[n++] = (char *)ui->app->config_path;
	}
	argv[n++] = "--user";
	argv[n++] = ui->user;
	for (int i = 0; i < nwords; i++)
		argv[n++] = words[i];
	argv[n] = NULL;
	return argv;
}

static int
collect(int fd, pid_t pid, struct buf *out)
{
	time_t deadline = time(NULL) + CMD_TIMEOUT_S;
	char chunk[4096];
	int status = 0;

	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		int r = poll(&pfd, 1, 250);
		ssize_t got;

		if (r < 0 && errno != EINTR)
			break;
		if (time(NULL) > deadline) {
			kill(pid, SIGKILL);
			buf_add(out, "\n(killed: took longer than 60 s)\n");
			break;
		}
		if (r <= 0)
			continue;
		got = read(fd, chunk, sizeof chunk);
		if (got <= 0)
			break;
		if (out->len < CMD_MAX_OUT)
			buf_addn(out, chunk, (size_t)got);
	}
	close(fd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int
cmdline_run(struct ui *ui, const char *line, struct buf *out, struct err *e)
{
	char *words[CMD_MAX_WORDS], *store, self[4096], **argv;
	int n = cmdline_split(line, words, CMD_MAX_WORDS, &store), fd[2];
	pid_t pid;

	if (n <= 0) {
		free(store);
		return err_set(e, TP_USAGE, n < 0 ? "unterminated quote" :
		    "no command") ? -1 : -1;
	}
	argv = build_argv(ui, self_path(ui, self, sizeof self), words, n);
	if (pipe(fd) != 0) {
		free(argv);
		free(store);
		return err_set(e, TP_IO, "pipe: %s", strerror(errno)) ? -1 : -1;
	}
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		if (null >= 0)
			dup2(null, STDIN_FILENO);
		dup2(fd[1], STDOUT_FILENO);
		dup2(fd[1], STDERR_FILENO);
		close(fd[0]);
		close(fd[1]);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	free(argv);
	free(store);
	if (pid < 0) {
		close(fd[0]);
		return err_set(e, TP_IO, "fork: %s", strerror(errno)) ? -1 : -1;
	}
	return collect(fd[0], pid, out);
}

static void
show(struct ui *ui, const char *line, int status, const struct buf *out)
{
	const char *nl = strchr(out->s, '\n');

	if (out->len == 0 || (nl != NULL && nl[1] == '\0') || nl == NULL) {
		char one[300];

		snprintf(one, sizeof one, "%.*s", nl ? (int)(nl - out->s) :
		    (int)out->len, out->s);
		if (one[0] == '\0')
			snprintf(one, sizeof one, "%s: %s", line,
			    status == 0 ? "done" : "failed");
		ui_msg(ui, status != 0, "%s%s", one, status != 0 &&
		    strstr(one, "exit") == NULL ? "" : "");
	} else {
		struct doc d = { NULL, 0, 0, COLS - 1 };
		char title[300];

		doc_text(&d, R_NORMAL, out->s);
		snprintf(title, sizeof title, ":%s (exit %d)", line, status);
		w_pager(ui, title, &d);
		doc_free(&d);
		ui_msg(ui, status != 0, ":%s exited %d", line, status);
	}
}

void
cmdline_show(struct ui *ui, const char *line)
{
	struct buf out;
	struct err e = ERR_INIT;
	int status;

	buf_init(&out);
	status = cmdline_run(ui, line, &out, &e);
	if (status < 0)
		ui_err(ui, &e);
	else
		show(ui, line, status, &out);
	buf_free(&out);
	ui_changed(ui);
}

void
cmdline_prompt(struct ui *ui)
{
	struct buf line;

	buf_init(&line);
	if (w_prompt(ui, ":", "", 0, &line) && line.len > 0)
		cmdline_show(ui, line.s);
	buf_free(&line);
}

void
cmdline_background(struct ui *ui, const char *line)
{
	char *words[CMD_MAX_WORDS], *store, self[4096], **argv;
	int n = cmdline_split(line, words, CMD_MAX_WORDS, &store);
	pid_t pid;

	if (n <= 0) {
		free(store);
		return;
	}
	argv = build_argv(ui, self_path(ui, self, sizeof self), words, n);
	/* Fork twice so that the worker is nobody's zombie. */
	pid = fork();
	if (pid == 0) {
		if (fork() == 0) {
			int null = open("/dev/null", O_RDWR);

			setsid();
			if (null >= 0) {
				dup2(null, STDIN_FILENO);
				dup2(null, STDOUT_FILENO);
				dup2(null, STDERR_FILENO);
			}
			execv(argv[0], argv);
		}
		_exit(0);
	}
	if (pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	free(argv);
	free(store);
	ui_msg(ui, pid < 0, pid < 0 ? "could not start %s" :
	    "%s started in the background", line);
}
