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
status_draw(struct ui *ui)
{
	struct buf b;
	char running[128];
	int x, y = LINES - 1;

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
	x = draw_text(stdscr, y, 0, COLS, b.s, draw_attr(R_STATUS), 0);
	if (x < COLS)
		draw_text(stdscr, y, x, COLS - x, ui->msg, ui->msg_err ?
		    draw_attr(R_ERROR) : draw_attr(R_STATUS), 1);
	buf_free(&b);
}
