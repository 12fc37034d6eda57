/* cmdline.c - see cmdline.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/proc.h"
#include "ui/cmdline.h"
#include "ui/widgets.h"

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

/* The program `:` runs: this termpsa or, for tests only, the program
 * named by TERMPSA_CMDLINE_PROG (given the same arguments). */
static const char *
command_path(struct ui *ui, char *buf, size_t n)
{
	const char *prog = getenv("TERMPSA_CMDLINE_PROG");

	if (prog != NULL && *prog != '\0')
		return prog;
	return self_path(ui, buf, n);
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

/* Start the command of line in the background. */
static int
start(struct ui *ui, const char *line, struct proc_job *j, struct err *e)
{
	char *words[CMD_MAX_WORDS], *store, self[4096], **argv;
	int n = cmdline_split(line, words, CMD_MAX_WORDS, &store), rc;

	if (n <= 0) {
		free(store);
		return err_set(e, TP_USAGE, n < 0 ? "unterminated quote" :
		    "no command");
	}
	argv = build_argv(ui, command_path(ui, self, sizeof self), words, n);
	rc = proc_start(j, argv, CMD_TIMEOUT_S, CMD_MAX_OUT, e);
	free(argv);
	free(store);
	return rc;
}

/* Its exit status, with a note appended when it was killed. */
static int
finished(struct proc_job *j)
{
	if (j->timed_out)
		buf_add(&j->out, "\n(killed: took longer than 60 s)\n");
	return j->status;
}

int
cmdline_run(struct ui *ui, const char *line, struct buf *out, struct err *e)
{
	struct proc_job j;
	int status;

	if (start(ui, line, &j, e) != TP_OK) {
		proc_job_free(&j);
		return -1;
	}
	while (!proc_poll(&j, 250))
		;
	status = finished(&j);
	buf_add(out, j.out.s);
	proc_job_free(&j);
	return status;
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
		ui_msg(ui, status != 0, "%s", one);
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

/* The one command `:` runs in the background, if any. */
static struct {
	int             active;
	char            line[256];
	struct proc_job job;
} bg;

void
cmdline_prompt(struct ui *ui)
{
	struct buf line;
	struct err e = ERR_INIT;

	if (bg.active) {
		ui_msg(ui, 1, "already running: %s (C-c cancels)",
		    bg.line);
		return;
	}
	buf_init(&line);
	if (w_prompt(ui, ":", "", 0, &line) && line.len > 0) {
		if (start(ui, line.s, &bg.job, &e) != TP_OK) {
			proc_job_free(&bg.job);
			ui_err(ui, &e);
		} else {
			bg.active = 1;
			snprintf(bg.line, sizeof bg.line, "%s", line.s);
		}
	}
	buf_free(&line);
}

int
cmdline_running(void)
{
	return bg.active;
}

int
cmdline_poll(struct ui *ui, int wait_ms)
{
	int status;

	if (!bg.active || !proc_poll(&bg.job, wait_ms))
		return 0;
	bg.active = 0;
	status = finished(&bg.job);
	show(ui, bg.line, status, &bg.job.out);
	proc_job_free(&bg.job);
	ui_changed(ui);
	return 1;
}

void
cmdline_cancel(struct ui *ui)
{
	if (!bg.active)
		return;
	bg.active = 0;
	proc_job_free(&bg.job);
	if (ui != NULL) {
		ui_msg(ui, 1, "cancelled: %s", bg.line);
		ui_changed(ui);
	}
}

int
cmdline_status(char *out, size_t n)
{
	if (!bg.active)
		return 0;
	snprintf(out, n, "running: %.60s %llds", bg.line,
	    proc_elapsed_s(&bg.job));
	return 1;
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
