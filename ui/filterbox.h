/*
 * filterbox.h - the queue's `f`: a filter in the lists' language
 * (service/filter.h) picked from the presets and the config's views:, or
 * typed with Tab completion of fields and values.
 */
#ifndef TP_UI_FILTERBOX_H
#define TP_UI_FILTERBOX_H

#include "core/buf.h"
#include "service/filter.h"
#include "ui/view.h"

/* A named filter: a preset of the pane or a view of the config. */
struct filterbox_entry {
	const char *name;
	const char *terms;
};

/* Type a filter under label, starting from initial: Tab completes the
 * word at the end (one candidate: taken; several: their common start,
 * and the candidates shown), Enter checks it with t (a bad term is shown
 * and the line kept), Esc cancels.  1 entered (out holds it), 0 not. */
int filterbox_prompt(struct ui *ui, const struct filter_table *t,
    const char *label, const char *initial, struct buf *out);

/* f: pick one of the n presets, then the config's views:, or "type a
 * filter..."; the picker starts on the filter in force (v->terms_name).
 * Sets v->terms and v->terms_name (and v->preset for a preset); 1 when
 * the filter changed. */
int filterbox_choose(struct ui *ui, struct view *v,
    const struct filter_table *t, const struct filterbox_entry *presets,
    size_t n);

#endif
