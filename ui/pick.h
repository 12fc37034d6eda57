/*
 * pick.h - what the type-ahead pickers of the forms pick from (w_fill_fn
 * for w_pick_typed): clients by name with what tells same-named ones
 * apart, a client's contacts and assets, the technicians.
 *
 * Each reads through a service and labels the rows; the labels are the
 * caller's (struct w_choice).  None of them writes.
 */
#ifndef TP_UI_PICK_H
#define TP_UI_PICK_H

#include <stddef.h>
#include <stdint.h>

#include "ui/widgets.h"

/* Clients whose name or company starts with the words typed, by name:
 * "Beacon Hotel (Beacon Hotel Partners, Springfield) #1".  arg unused. */
size_t pick_clients(struct ui *ui, const char *query, void *arg,
    struct w_choice *out, size_t max);

/* A client's contacts, assets (arg: a const int64_t * client id) and
 * the technicians (arg unused), "(none)" first with id 0, narrowed to
 * the labels holding what is typed (any case). */
size_t pick_contacts(struct ui *ui, const char *query, void *arg,
    struct w_choice *out, size_t max);
size_t pick_assets(struct ui *ui, const char *query, void *arg,
    struct w_choice *out, size_t max);
size_t pick_users(struct ui *ui, const char *query, void *arg,
    struct w_choice *out, size_t max);

/* The label pick_clients gives client id ("" when it is not found). */
void pick_client_label(struct ui *ui, int64_t id, char *out, size_t n);

#endif
