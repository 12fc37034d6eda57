/* bgread.c - see bgread.h. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/bgread.h"
#include "core/clock.h"
#include "core/buf.h"

struct request {
	uint64_t  seq;
	bgread_fn fn;
	void     *arg;
	void    (*free_arg)(void *);
};

struct bgread {
	struct db      *db;          /* the worker's own connection */
	pthread_t       thread;
	pthread_mutex_t mu;
	pthread_cond_t  cv;
	int             pipe[2];     /* worker -> caller: a result is ready */
	int             stop;
	long            slow_ms;     /* TERMPSA_TEST_SLOW_READ */
	uint64_t        next_seq;
	uint64_t        running;     /* seq of the read in progress, or 0 */
	struct request  waiting;     /* seq 0: none */
	uint64_t        done_seq;    /* 0: no result held */
	int             done_rc;
	struct rows     done_rows;
	struct err      done_err;
};

static void
drop_request(struct request *r)
{
	if (r->seq != 0 && r->free_arg != NULL)
		r->free_arg(r->arg);
	memset(r, 0, sizeof *r);
}

static void
drop_result(struct bgread *b)
{
	rows_free(&b->done_rows);
	memset(&b->done_rows, 0, sizeof b->done_rows);
	err_clear(&b->done_err);
	b->done_seq = 0;
}

static void
pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void *
worker(void *arg)
{
	struct bgread *b = arg;
	struct request r;
	struct rows rows;
	struct err e;
	uint64_t seq;
	int rc;

	pthread_mutex_lock(&b->mu);
	for (;;) {
		while (!b->stop && b->waiting.seq == 0)
			pthread_cond_wait(&b->cv, &b->mu);
		if (b->stop)
			break;
		r = b->waiting;
		seq = r.seq;
		memset(&b->waiting, 0, sizeof b->waiting);
		b->running = seq;
		pthread_mutex_unlock(&b->mu);

		if (b->slow_ms > 0)
			pause_ms(b->slow_ms);
		memset(&rows, 0, sizeof rows);
		err_clear(&e);
		rc = r.fn(b->db, r.arg, &rows, &e);
		drop_request(&r);

		pthread_mutex_lock(&b->mu);
		b->running = 0;
		drop_result(b);
		b->done_seq = seq;
		b->done_rc = rc;
		b->done_rows = rows;
		b->done_err = e;
		/* A full pipe already says "ready"; nothing is lost. */
		if (write(b->pipe[1], "r", 1) < 0 && errno != EAGAIN)
			b->stop = 1;
	}
	pthread_mutex_unlock(&b->mu);
	return NULL;
}

int
bgread_start(const char *path, const struct db *like, struct bgread **out,
    struct err *e)
{
	struct bgread *b = xcalloc(1, sizeof *b);
	const char *slow = getenv("TERMPSA_TEST_SLOW_READ");
	sigset_t all, old;
	int started;

	*out = NULL;
	b->pipe[0] = b->pipe[1] = -1;
	if (db_open(path, DB_READONLY, &b->db, e) != TP_OK) {
		free(b);
		return e->code;
	}
	b->db->me = like->me;
	b->db->default_rate_cents = like->default_rate_cents;
	memcpy(b->db->invoice_prefix, like->invoice_prefix,
	    sizeof b->db->invoice_prefix);
	memcpy(b->db->currency, like->currency, sizeof b->db->currency);
	b->slow_ms = slow ? strtol(slow, NULL, 10) : 0;
	if (pipe(b->pipe) != 0 ||
	    fcntl(b->pipe[0], F_SETFL, O_NONBLOCK) != 0 ||
	    fcntl(b->pipe[1], F_SETFL, O_NONBLOCK) != 0 ||
	    fcntl(b->pipe[0], F_SETFD, FD_CLOEXEC) != 0 ||
	    fcntl(b->pipe[1], F_SETFD, FD_CLOEXEC) != 0) {
		err_set(e, TP_INTERNAL, "background reader: pipe: %s",
		    strerror(errno));
		goto fail;
	}
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cv, NULL);
	/* Signals stay with the caller's thread (the UI's SIGINT, SIGWINCH):
	 * the worker starts with all of them blocked. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	/* The worker computes SLA clocks, which switch the time zone. */
	clock_zone_init();
	started = pthread_create(&b->thread, NULL, worker, b) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!started) {
		err_set(e, TP_INTERNAL, "background reader: cannot start a "
		    "thread");
		pthread_cond_destroy(&b->cv);
		pthread_mutex_destroy(&b->mu);
		goto fail;
	}
	*out = b;
	return TP_OK;
fail:
	if (b->pipe[0] >= 0)
		close(b->pipe[0]);
	if (b->pipe[1] >= 0)
		close(b->pipe[1]);
	db_close(b->db);
	free(b);
	return e->code;
}

void
bgread_stop(struct bgread *b)
{
	if (b == NULL)
		return;
	pthread_mutex_lock(&b->mu);
	b->stop = 1;
	pthread_cond_signal(&b->cv);
	pthread_mutex_unlock(&b->mu);
	pthread_join(b->thread, NULL);
	drop_request(&b->waiting);
	drop_result(b);
	pthread_cond_destroy(&b->cv);
	pthread_mutex_destroy(&b->mu);
	close(b->pipe[0]);
	close(b->pipe[1]);
	db_close(b->db);
	free(b);
}

uint64_t
bgread_submit(struct bgread *b, bgread_fn fn, void *arg,
    void (*free_arg)(void *))
{
	uint64_t seq;

	pthread_mutex_lock(&b->mu);
	drop_request(&b->waiting);
	seq = ++b->next_seq;
	b->waiting.seq = seq;
	b->waiting.fn = fn;
	b->waiting.arg = arg;
	b->waiting.free_arg = free_arg;
	pthread_cond_signal(&b->cv);
	pthread_mutex_unlock(&b->mu);
	return seq;
}

int
bgread_fd(const struct bgread *b)
{
	return b->pipe[0];
}

enum bgread_state
bgread_poll(struct bgread *b, uint64_t seq, int *rc, struct rows *out,
    struct err *e)
{
	enum bgread_state st;
	char sink[64];

	pthread_mutex_lock(&b->mu);
	/* Drained under the lock the worker writes under: after this, the
	 * descriptor is readable only for a result stored later, so a
	 * caller told BGREAD_BUSY sleeps until there is news instead of
	 * waking again and again on a stale result's byte. */
	while (read(b->pipe[0], sink, sizeof sink) > 0)
		;
	if (b->done_seq != 0 && b->done_seq == seq) {
		*rc = b->done_rc;
		*out = b->done_rows;
		*e = b->done_err;
		memset(&b->done_rows, 0, sizeof b->done_rows);
		b->done_seq = 0;
		st = BGREAD_DONE;
	} else {
		if (b->done_seq != 0 && b->done_seq < seq)
			drop_result(b);
		st = b->waiting.seq == seq || b->running == seq ? BGREAD_BUSY :
		    BGREAD_GONE;
	}
	pthread_mutex_unlock(&b->mu);
	return st;
}
