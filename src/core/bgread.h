/*
 * bgread.h - reads that run beside the caller.
 *
 * One worker thread with its own read-only connection runs the newest
 * request it was handed: a request handed in while another runs replaces
 * any that is still waiting, and a result that a newer request has made
 * stale is dropped.  The UI runs search-as-you-type through it so that a
 * keystroke never waits on FTS5: most words are read as named terms
 * (terms.h) in a millisecond or two, but a prefix FTS5 must gather (one
 * covering very many terms, or a word with punctuation) can cost a
 * quarter of a second on a million tickets inside a single SQLite call,
 * which no progress handler can cut short.
 *
 * A request is a read function and its argument, which the request owns
 * (free_arg releases it in the worker once the read is done, or when the
 * request is replaced or the reader stops).  bgread owns the thread, the
 * connection, the wake-up pipe and any result not yet taken.
 */
#ifndef TP_BGREAD_H
#define TP_BGREAD_H

#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

struct bgread;

typedef int (*bgread_fn)(struct db *db, const void *arg, struct rows *out,
    struct err *e);

/* Open path read-only for the worker (copying the settings of `like`:
 * me, rates, prefix) and start it.  TERMPSA_TEST_SLOW_READ=MS delays
 * every read by MS milliseconds (tests of the UI while a read runs). */
int bgread_start(const char *path, const struct db *like,
    struct bgread **out, struct err *e);

/* Stop the worker (waiting for a read in progress) and free everything. */
void bgread_stop(struct bgread *b);

/* Hand in a request; its number, for bgread_poll. */
uint64_t bgread_submit(struct bgread *b, bgread_fn fn, void *arg,
    void (*free_arg)(void *));

/* A descriptor that is readable when a result may be ready (for poll). */
int bgread_fd(const struct bgread *b);

enum bgread_state {
	BGREAD_BUSY,    /* still waiting or running */
	BGREAD_DONE,    /* done: *rc, *out and e are its status, rows, error */
	BGREAD_GONE,    /* replaced by a newer request, or its result dropped */
};

/* Where request seq stands, in one step (the worker stores a result and
 * stops being busy together, so nothing falls between).  A result handed
 * out (DONE) is the caller's; results of older requests are dropped on
 * the way, and the descriptor is drained: it wakes the caller again only
 * when a later result is stored. */
enum bgread_state bgread_poll(struct bgread *b, uint64_t seq, int *rc,
    struct rows *out, struct err *e);

#endif
