/* status.c - see status.h. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "notify.h"
#include "status.h"
#include "timeentry.h"

static int64_t
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

static void
sync_state(struct ui *ui)
{
	if (!ui->app->cfg.sync.enabled) {
		snprintf(ui->sync, sizeof ui->sync, "sync off");
		return;
	}
	snprintf(ui->sync, sizeof ui->sync, "sync on");
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
	buf_add(&b, ui->msg[0] ? " | " : " ");
	move(y, 0);
	clrtoeol();
	x = draw_text(stdscr, y, 0, COLS, b.s, draw_attr(R_STATUS), 0);
	if (x < COLS)
		draw_text(stdscr, y, x, COLS - x, ui->msg, ui->msg_err ?
		    draw_attr(R_ERROR) : draw_attr(R_STATUS), 1);
	buf_free(&b);
}
