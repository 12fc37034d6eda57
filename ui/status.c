/* status.c - see status.h. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "service/breaker.h"
#include "service/notify.h"
#include "service/syncstate.h"
#include "service/timeentry.h"
#include "ui/cmdline.h"
#include "ui/status.h"
#include "ui/widgets.h"

/* The message log: a ring of the last STATUS_LOG messages. */
static struct {
	char    text[300];
	int     err;
	int     count;       /* shown so many times in a row */
	int64_t at;          /* clock_now when last shown */
} msglog[STATUS_LOG];
static size_t log_n, log_head;   /* entries held; index of the next */

static int64_t
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

/* "sync off" without a sync: section; else "authentication failed" when
 * the PSA refused the credentials, the breaker when it is open, "offline"
 * when the last run failed, and what waits or failed. */
static void
sync_state(struct ui *ui)
{
	struct sync_summary s;
	struct err e = ERR_INIT;
	struct buf b;
	char hhmm[8];

	if (!ui->app->cfg.sync.enabled) {
		snprintf(ui->sync, sizeof ui->sync, "sync off");
		return;
	}
	if (sync_summary(ui->db, &s, &e) != TP_OK) {
		snprintf(ui->sync, sizeof ui->sync, "sync ?");
		return;
	}
	buf_init(&b);
	if (s.auth_error[0] != '\0') {
		buf_add(&b, "authentication failed");
	} else if (strcmp(s.breaker_state, "closed") != 0 &&
	    s.open_until > clock_now()) {
		breaker_hhmm(s.open_until, hhmm);
		buf_addf(&b, "breaker open until %s", hhmm);
	} else if (s.last_error[0] != '\0' &&
	    s.last_success_at < s.last_run_at) {
		buf_add(&b, "offline");
	}
	if (s.pending > 0)
		buf_addf(&b, "%spending %lld", b.len ? ", " : "",
		    (long long)s.pending);
	if (s.failed > 0)
		buf_addf(&b, "%sfailed %lld", b.len ? ", " : "",
		    (long long)s.failed);
	if (s.conflicts > 0)
		buf_addf(&b, "%sconflicts %lld", b.len ? ", " : "",
		    (long long)s.conflicts);
	if (b.len == 0)
		buf_add(&b, "synced");
	snprintf(ui->sync, sizeof ui->sync, "%s", b.s);
	buf_free(&b);
}

void
status_refresh(struct ui *ui)
{
	struct err e = ERR_INIT;
	struct rows r = { 0 };
	int64_t n = 0;

	ui->status_stale = 0;
	if (notify_unread_count(ui->db, &n, &e) == TP_OK)
		ui->unread = n;
	ui->timer_running = 0;
	if (time_status(ui->db, ui->db->me, &r, &e) == TP_OK && r.n > 0) {
		ui->timer_running = 1;
		ui->timer_number = rows_int(&r, 0, "number");
		ui->timer_elapsed = rows_int(&r, 0, "elapsed_seconds");
		ui->timer_read_at = mono_now();
	}
	rows_free(&r);
	sync_state(ui);
}

void
status_log(const char *msg, int err)
{
	size_t last = (log_head + STATUS_LOG - 1) % STATUS_LOG;

	if (msg == NULL || *msg == '\0')
		return;
	if (log_n > 0 && strcmp(msglog[last].text, msg) == 0 &&
	    msglog[last].err == err) {
		msglog[last].count++;
		msglog[last].at = clock_now();
		return;
	}
	snprintf(msglog[log_head].text, sizeof msglog[log_head].text, "%s",
	    msg);
	msglog[log_head].err = err;
	msglog[log_head].count = 1;
	msglog[log_head].at = clock_now();
	log_head = (log_head + 1) % STATUS_LOG;
	if (log_n < STATUS_LOG)
		log_n++;
}

void
status_history(struct ui *ui)
{
	struct doc d = { NULL, 0, 0, COLS - 1 };
	char title[64];

	for (size_t k = 0; k < log_n; k++) {
		size_t i = (log_head + STATUS_LOG - 1 - k) % STATUS_LOG;
		time_t t = (time_t)msglog[i].at;
		struct tm tm;
		char when[16] = "--:--:--", times[24] = "";
		struct buf b;

		if (clock_localtime((int64_t)t, &tm) == 0)
			strftime(when, sizeof when, "%H:%M:%S", &tm);
		if (msglog[i].count > 1)
			snprintf(times, sizeof times, " (%d times)",
			    msglog[i].count);
		buf_init(&b);
		buf_addf(&b, "%s %s %s%s", when, msglog[i].err ? "!" : " ",
		    msglog[i].text, times);
		/* wrapped, so that a long refusal reads whole here too */
		doc_text(&d, msglog[i].err ? R_CRITICAL : R_NORMAL, b.s);
		buf_free(&b);
	}
	if (log_n == 0)
		doc_line(&d, R_DIM, "  (no messages yet)");
	snprintf(title, sizeof title, "Messages, newest first (%zu)", log_n);
	w_pager(ui, title, &d);
	doc_free(&d);
}

struct wrapped {
	char   line[2][600];
	size_t n;
};

static void
keep_line(const char *line, void *arg)
{
	struct wrapped *w = arg;

	if (w->n < 2)
		snprintf(w->line[w->n], sizeof w->line[w->n], "%s", line);
	else if (w->n == 2) {
		/* a third line: the second ends in an ellipsis (the log,
		 * the messages key, has it whole) */
		size_t len = strlen(w->line[1]);

		snprintf(w->line[1] + len, sizeof w->line[1] - len, " %s",
		    line);
	}
	w->n++;
}

/* A message longer than the line: over the hints line and the status
 * line, breaking at spaces. */
static void
draw_long_msg(struct ui *ui, int y)
{
	struct wrapped w = { { "", "" }, 0 };
	attr_t a = ui->msg_err ? draw_attr(R_ERROR) : draw_attr(R_STATUS);

	draw_wrap(ui->msg, COLS - 1, keep_line, &w);
	move(y - 1, 0);
	clrtoeol();
	draw_text(stdscr, y - 1, 0, 1, " ", a, 0);
	draw_text(stdscr, y - 1, 1, COLS - 1, w.line[0], a, 1);
	draw_text(stdscr, y, 0, 1, " ", a, 0);
	draw_text(stdscr, y, 1, COLS - 1, w.n > 1 ? w.line[1] : "", a, 1);
}

void
status_draw(struct ui *ui)
{
	struct buf b;
	char running[128];
	int x, y = LINES - 1, mw = draw_width(ui->msg);

	buf_init(&b);
	buf_addf(&b, " %s | %s", ui->user, ui->sync);
	if (ui->timer_running) {
		int64_t s = ui->timer_elapsed +
		    (mono_now() - ui->timer_read_at);

		buf_addf(&b, " | timer #%lld %lld:%02lld:%02lld",
		    (long long)ui->timer_number, (long long)(s / 3600),
		    (long long)(s / 60 % 60), (long long)(s % 60));
	}
	if (ui->unread > 0)
		buf_addf(&b, " | %lld unread", (long long)ui->unread);
	if (cmdline_status(running, sizeof running))
		buf_addf(&b, " | %s", running);
	buf_add(&b, ui->msg[0] ? " | " : " ");
	move(y, 0);
	clrtoeol();
	if (ui->msg[0] && draw_width(b.s) + mw > COLS && LINES >= 3) {
		/* The message matters more than the state for one key. */
		if (mw + 1 <= COLS) {
			draw_text(stdscr, y, 0, 1, " ", draw_attr(R_STATUS), 0);
			draw_text(stdscr, y, 1, COLS - 1, ui->msg, ui->msg_err ?
			    draw_attr(R_ERROR) : draw_attr(R_STATUS), 1);
		} else {
			draw_long_msg(ui, y);
		}
		buf_free(&b);
		return;
	}
	x = draw_text(stdscr, y, 0, COLS, b.s, draw_attr(R_STATUS), 0);
	if (x < COLS)
		draw_text(stdscr, y, x, COLS - x, ui->msg, ui->msg_err ?
		    draw_attr(R_ERROR) : draw_attr(R_STATUS), 1);
	buf_free(&b);
}
