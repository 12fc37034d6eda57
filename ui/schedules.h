/*
 * schedules.h - recurring maintenance in the assets pane: an asset's
 * schedules in its detail, and the picker and form of its key (schedule,
 * R by default) that add and remove them through service/schedule.h.
 */
#ifndef TP_UI_SCHEDULES_H
#define TP_UI_SCHEDULES_H

#include <stdint.h>

#include "core/err.h"
#include "ui/view.h"

/* The asset's schedules as a section of its detail. */
int schedules_detail(struct ui *ui, int64_t asset_id, struct doc *d,
    struct err *e);

/* The schedule action on the selected (or opened) asset: pick "add" or
 * one schedule to remove; with none yet, the add form at once. */
void schedules_edit(struct ui *ui, struct view *v);

#endif
