/*
 * csv.h - RFC 4180 CSV: reading records from a file and quoting fields.
 *
 * A reader hands out one record at a time (quoted fields may hold commas,
 * doubled quotes and line breaks; lines end in CRLF or LF) and remembers
 * the line each record starts on, for "FILE:LINE: why" messages.  A UTF-8
 * byte order mark at the start of the file (spreadsheets write one) is
 * skipped; a NUL byte is an error.  The
 * reader owns its record; fields stay valid until the next csv_next.
 */
#ifndef TP_CSV_H
#define TP_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/err.h"

#define CSV_MAX_FIELDS 64

struct csv {
	FILE       *f;
	const char *name;          /* for messages */
	long        line;          /* next physical line to read (1-based) */
	long        record_line;   /* where the current record started */
	int         nfields;
	char       *fields[CSV_MAX_FIELDS];
	size_t      ends[CSV_MAX_FIELDS];   /* offsets into text */
	struct buf  text;          /* the record's fields, NUL-separated */
	int         started;       /* the first byte was read (BOM check) */
};

/* Start reading f (borrowed; name is used in messages). */
void csv_open(struct csv *c, FILE *f, const char *name);
void csv_close(struct csv *c);

/* Read the next record: 1 read, 0 end of file, or an error (TP_BADINPUT
 * "FILE:LINE: why" for malformed input, TP_IO for a read error). */
int csv_next(struct csv *c, int *got, struct err *e);

/* Append s as one CSV field: quoted when it holds a comma, a quote, a
 * line break or surrounding blanks, with quotes doubled. */
void csv_field(struct buf *out, const char *s);

/* A text cell as csv_field writes it, except that one a spreadsheet would
 * run as a formula (it starts with =, +, - or @: a client's ticket subject
 * "=HYPERLINK(...)") is written with an apostrophe before it, which a
 * spreadsheet shows as text.  csv_unguard takes that apostrophe off again
 * on import, so an export imports back as it was. */
void csv_text_field(struct buf *out, const char *s);
const char *csv_unguard(const char *s);

#endif
