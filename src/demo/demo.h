/*
 * demo.h - a generated, deterministic MSP for demos, tests and benches.
 *
 * The same scale and seed always give the same rows (ids, names, amounts,
 * dates relative to the clock).  The whole demo is one transaction: it
 * commits whole or not at all, so an interrupted demo leaves the database
 * as it was.  A progress callback (may be NULL) is told rows done / rows
 * total every few thousand rows.  Call outside a transaction (it sets
 * connection pragmas for the load and restores db.c's afterwards).
 */
#ifndef TP_DEMO_H
#define TP_DEMO_H

#include <stdint.h>

#include "core/db.h"
#include "core/err.h"

/* Tickets in the named scales; a number N means N tickets with every other
 * entity in the large set's proportions. */
#define DEMO_SMALL_TICKETS 400
#define DEMO_MEDIUM_TICKETS 20000
#define DEMO_LARGE_TICKETS 1000000

/* Parse "small", "medium", "large" or a positive number. */
int demo_parse_scale(const char *s, int64_t *tickets, struct err *e);

int demo_generate(struct db *db, int64_t tickets, uint64_t seed,
    void (*progress)(int64_t done, int64_t total, void *arg), void *arg,
    struct err *e);

#endif
