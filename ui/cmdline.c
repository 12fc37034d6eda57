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
#include "ui/ui.h"
#include "ui/widgets.h"

#define CMD_MAX_WORDS 64
#define CMD_TIMEOUT_S 60
#define CMD_MAX_OUT   (256 * 1024)
#define CMD_HISTORY   50    /* command lines Up and Down go back over */
#define CMD_CANDS     64    /* completions considered at once */

/* The command lines entered this session, a ring, newest last. */
static struct {
	char   line[CMD_HISTORY][256];
	size_t n, head;
} hist;

/* The command table (from the CLI, ui_set_commands). */
static const char *(*command_at)(size_t i);

void
ui_set_commands(const char *(*word_at)(size_t i))
{
	command_at = word_at;
}

static void
history_add(const char *line)
{
	size_t last = (hist.head + CMD_HISTORY - 1) % CMD_HISTORY;

	if (*line == '\0' || (hist.n > 0 && strcmp(hist.line[last], line) == 0))
		return;
	snprintf(hist.line[hist.head], sizeof hist.line[hist.head], "%s",
	    line);
	hist.head = (hist.head + 1) % CMD_HISTORY;
	if (hist.n < CMD_HISTORY)
		hist.n++;
}

/* The line entered back lines ago (1: the newest). */
static const char *
history_get(size_t back)
{
	return hist.line[(hist.head + CMD_HISTORY - back) % CMD_HISTORY];
}

/* Whether command words c start with the n words of typed (separated by
 * single spaces in c, by runs of spaces in typed); *next is c's next
 * word after them (and *nlen its length), or NULL when c has no more. */
static int
words_prefix(const char *c, const char *typed, int n, const char **next,
    size_t *nlen)
{
	const char *t = typed;

	for (int i = 0; i < n; i++) {
		size_t tl, cl;

		while (*t == ' ')
			t++;
		tl = strcspn(t, " ");
		cl = strcspn(c, " ");
		if (tl != cl || strncmp(t, c, cl) != 0)
			return 0;
		t += tl;
		c += cl;
		if (*c == ' ')
			c++;
		else if (i + 1 < n)
			return 0;
	}
	*next = *c ? c : NULL;
	*nlen = *c ? strcspn(c, " ") : 0;
	return 1;
}

/* Tab: complete the last word of line from the command table.  One
 * candidate is put in with a space after it; several are extended to
 * what they share, and when that adds nothing they are listed in shown.
 * Returns the number of candidates. */
static size_t
complete(struct buf *line, char *shown, size_t n)
{
	const char *cand[CMD_CANDS], *partial, *c;
	size_t clen[CMD_CANDS], ncand = 0, plen, common;
	int nwords = 0;

	shown[0] = '\0';
	if (command_at == NULL)
		return 0;
	partial = strrchr(line->s, ' ');
	partial = partial ? partial + 1 : line->s;
	plen = strlen(partial);
	for (const char *p = line->s; p < partial; ) {
		while (p < partial && *p == ' ')
			p++;
		if (p < partial)
			nwords++;
		while (p < partial && *p != ' ')
			p++;
	}
	for (size_t i = 0; (c = command_at(i)) != NULL; i++) {
		const char *next;
		size_t len, k;

		if (!words_prefix(c, line->s, nwords, &next, &len) ||
		    next == NULL || len < plen ||
		    strncmp(next, partial, plen) != 0)
			continue;
		for (k = 0; k < ncand && (clen[k] != len ||
		    strncmp(cand[k], next, len) != 0); k++)
			;
		if (k == ncand && ncand < CMD_CANDS) {
			cand[ncand] = next;
			clen[ncand++] = len;
		}
	}
	if (ncand == 0)
		return 0;
	common = clen[0];
	for (size_t k = 1; k < ncand; k++) {
		size_t j = 0;

		while (j < common && j < clen[k] && cand[k][j] == cand[0][j])
			j++;
		common = j;
	}
	if (ncand == 1 || common > plen) {
		buf_truncate(line, line->len - plen);
		buf_addn(line, cand[0], common);
		if (ncand == 1)
			buf_add(line, " ");
		return ncand;
	}
	for (size_t k = 0, used = 0; k < ncand && used + 1 < n; k++)
		used += (size_t)snprintf(shown + used, n - used, "%s%.*s",
		    k ? "  " : "", (int)clen[k], cand[k]);
	return ncand;
}

/* The `:` line: editing as in every prompt, Up/Down (C-p/C-n) through
 * the lines entered before, Tab completing command words.  1 entered,
 * 0 cancelled. */
static int
read_command(struct ui *ui, struct buf *out)
{
	struct buf draft;
	size_t back = 0;
	char note[512] = "";
	int key, rc = 0, noted = 0;

	buf_init(&draft);
	buf_reset(out);
	for (;;) {
		if (ui_stop)
			break;
		if (noted && note[0] == '\0')
			ui_draw(ui);          /* the note line goes */
		noted = note[0] != '\0';
		if (noted) {
			move(LINES - 2, 0);
			clrtoeol();
			draw_text(stdscr, LINES - 2, 0, COLS, note,
			    draw_attr(R_DIM), 1);
		}
		w_draw_input(":", out->s);
		refresh();
		key = ui_getkey(-1);
		if (key == (KEYS_FN | KEY_RESIZE)) {
			ui_draw(ui);
			continue;
		}
		note[0] = '\0';
		if (key == 27)
			break;
		if (key == '\n') {
			history_add(out->s);
			rc = 1;
			break;
		}
		if (key == (KEYS_FN | KEY_UP) || key == 16) {        /* C-p */
			if (back == hist.n) {
				snprintf(note, sizeof note, hist.n ?
				    "(the oldest command)" : "(no commands yet)");
				continue;
			}
			if (back == 0) {
				buf_reset(&draft);
				buf_add(&draft, out->s);
			}
			back++;
			buf_reset(out);
			buf_add(out, history_get(back));
			continue;
		}
		if (key == (KEYS_FN | KEY_DOWN) || key == 14) {      /* C-n */
			if (back == 0)
				continue;
			back--;
			buf_reset(out);
			buf_add(out, back ? history_get(back) : draft.s);
			continue;
		}
		if (key == '\t') {
			char shown[400];

			if (complete(out, shown, sizeof shown) == 0)
				snprintf(note, sizeof note, "(no command goes "
				    "on from here; :help lists them)");
			else if (shown[0])
				snprintf(note, sizeof note, "%s", shown);
			continue;
		}
		w_edit_key(out, key);
	}
	buf_free(&draft);
	return rc;
}

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

		/* As the command printed it (a table's columns line up);
		 * the drawing sanitises it. */
		doc_plain(&d, R_NORMAL, out->s);
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
	if (read_command(ui, &line) && line.len > 0) {
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
