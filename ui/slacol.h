/*
 * slacol.h - the queue's SLA column: a ticket's time to breach as a short
 * cell ("3h", "45m", "2d"; "-2h" once breached; "wait" while its clocks
 * are stopped; "-" when both targets are met), from service/sla.c.
 */
#ifndef TP_UI_SLACOL_H
#define TP_UI_SLACOL_H

#include <stddef.h>
#include <stdint.h>

#include "core/db.h"

/* Fill out with ticket id's cell; 1 when a target is missed, else 0. */
int slacol_cell(struct db *db, int64_t id, char *out, size_t n);

#endif
