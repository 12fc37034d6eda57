/*
 * exchange.h - bulk import (CSV) and export (CSV, JSON, YAML).
 *
 * Import reads an RFC 4180 file whose header row names the columns and
 * sends every row through the entity's service, so every event fires; all
 * rows are one transaction: one bad row and nothing is imported, with the
 * message "FILE:LINE: why".  Columns that export writes but import cannot
 * set (id, uuid, timestamps, joined names, computed amounts) are accepted
 * and ignored, so an export imports back.
 *
 * Export streams rows in id order to a writer callback (nothing is held
 * in memory): CSV quoted per RFC 4180, JSON built by SQLite's json_object,
 * YAML through libyaml's emitter.  Field names are the schema's (cli.md).
 * JSON and YAML write every control character (C0, C1, bidi) as an escape
 * (core/text's text_json_escape), so they keep the data and are safe on a
 * terminal; CSV cannot escape and keeps the bytes (the CLI sanitises it
 * when its output is a terminal).
 */
#ifndef TP_EXCHANGE_H
#define TP_EXCHANGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/db.h"
#include "core/err.h"

/* Entities each direction knows (NULL-terminated). */
extern const char *const exchange_import_entities[];
extern const char *const exchange_export_entities[];
extern const char *const exchange_formats[];    /* csv, json, yaml */

/* Import every row of the CSV file at path as `entity`; *count receives
 * the rows imported. */
int exchange_import_csv(struct db *db, const char *entity, const char *path,
    int64_t *count, struct err *e);

/* Takes the next n bytes of the export; returns 0, or -1 when it cannot
 * write them (errno set), which ends the export with TP_IO. */
typedef int (*exchange_writer)(const char *s, size_t n, void *arg);

int exchange_export(struct db *db, const char *entity, const char *format,
    exchange_writer write, void *arg, struct err *e);

#endif
