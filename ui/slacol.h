/*
 * slacol.h - the queue's SLA column: a ticket's time to breach as a short
 * cell ("3h", "45m", "2d"; "-2h" once breached; "wait" while its clocks
 * are stopped; "-" when both targets are met), from the SLA columns a
 * ticket_list with f.sla fetched (sla_annotate_next): painting a cell
 * reads no database.
 */
#ifndef TP_UI_SLACOL_H
#define TP_UI_SLACOL_H

#include <stddef.h>
#include <stdint.h>

#include "core/rows.h"

/* Fill out with row i's cell; 1 when a target is missed, else 0. */
int slacol_cell(const struct rows *r, size_t i, char *out, size_t n);

#endif
