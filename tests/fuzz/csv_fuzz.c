/*
 * csv_fuzz.c - libFuzzer target for the CSV reader (csv.c) and CSV import
 * (exchange.c).  The first input byte picks the entity (clients, contacts,
 * assets, tickets); the rest is the file.  Any bytes must give either an
 * import or an error "FILE:...: why", never a crash, a leak or undefined
 * behaviour, and:
 *   - every record the reader returns, written back with csv_field, reads
 *     back as the same fields (the export/import round trip), and no
 *     field holds a NUL byte (which would cut the value short, silently);
 *   - a failed import imports nothing (count 0) and leaves the caller's
 *     transaction as it found it.
 * One database (fuzz_db.h) is opened on the first input and kept; each
 * input runs
 * inside a transaction that is rolled back, so inputs do not see each
 * other.  FUZZ_VERBOSE=1 in the environment prints each import's
 * outcome to stderr.  Built by `make fuzz`; tests/fuzz/replay.c runs the seed corpus
 * through it in `make check`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/db.h"
#include "fuzz/fuzz_db.h"
#include "service/exchange.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct db *db;
static const char *csv_path;

static void
die(const char *what, const struct err *e)
{
	fprintf(stderr, "csv_fuzz: %s: %s\n", what, e ? e->msg : "");
	abort();
}

/* Every record read back from its own csv_field encoding is the same. */
static void
check_round_trip(const char *text, size_t len)
{
	struct csv c, again;
	struct buf out;
	struct err e = ERR_INIT;
	int got, got2;
	FILE *f, *g;

	if (len == 0 || (f = fmemopen((void *)text, len, "r")) == NULL)
		return;
	csv_open(&c, f, "in.csv");
	buf_init(&out);
	while (csv_next(&c, &got, &e) == TP_OK && got) {
		size_t start = 0;

		/* A field is all of its bytes: no NUL cuts it short. */
		for (int i = 0; i < c.nfields; i++) {
			if (strlen(c.fields[i]) != c.ends[i] - start - 1)
				die("a field read holds a NUL byte", NULL);
			start = c.ends[i];
		}
		/* After a first record, so that the file's start (where a
		 * byte order mark is skipped) plays no part. */
		buf_reset(&out);
		buf_add(&out, "x\r\n");
		for (int i = 0; i < c.nfields; i++) {
			if (i)
				buf_addc(&out, ',');
			csv_field(&out, c.fields[i]);
		}
		buf_add(&out, "\r\n");
		if ((g = fmemopen(out.s, out.len, "r")) == NULL)
			die("fmemopen", NULL);
		csv_open(&again, g, "again.csv");
		if (csv_next(&again, &got2, &e) != TP_OK || !got2 ||
		    csv_next(&again, &got2, &e) != TP_OK || !got2)
			die("a written record does not read back", &e);
		if (again.nfields != c.nfields)
			die("a written record reads back with other fields",
			    NULL);
		for (int i = 0; i < c.nfields; i++)
			if (strcmp(again.fields[i], c.fields[i]) != 0)
				die("a written field reads back changed", NULL);
		if (csv_next(&again, &got2, &e) != TP_OK || got2)
			die("one written record reads back as two", &e);
		csv_close(&again);
		fclose(g);
	}
	buf_free(&out);
	csv_close(&c);
	fclose(f);
}

static void
check_import(const char *entity, const char *text, size_t len)
{
	struct err e = ERR_INIT;
	int64_t count = -1;
	int depth, rc;
	FILE *f;

	if ((f = fopen(csv_path, "wb")) == NULL)
		die("cannot write the input file", NULL);
	if (len && fwrite(text, 1, len, f) != len)
		die("cannot write the input file", NULL);
	fclose(f);
	if (db_begin(db, &e) != TP_OK)
		die("db_begin", &e);
	depth = db->depth;
	rc = exchange_import_csv(db, entity, csv_path, &count, &e);
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "# import %s: %d, %lld rows %s\n", entity, rc,
		    (long long)count, e.msg);
	if (db->depth != depth)
		die("import left the transaction depth changed", &e);
	if (rc != TP_OK) {
		if (e.code != rc || e.msg[0] == '\0' || count != 0)
			die("a failed import without its message, or with a "
			    "count", &e);
		if (rc == TP_INTERNAL || rc == TP_IO)
			die("bad input reported as a bug or an I/O error", &e);
		if (strncmp(e.msg, csv_path, strlen(csv_path)) != 0 ||
		    e.msg[strlen(csv_path)] != ':')
			die("the message does not name FILE:LINE", &e);
	} else if (count < 0)
		die("negative count", NULL);
	db_rollback(db);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (db == NULL) {
		db = fuzz_db("csv");
		csv_path = fuzz_db_path("in.csv");
	}
	check_round_trip((const char *)data + 1, size - 1);
	check_import(exchange_import_entities[data[0] & 3],
	    (const char *)data + 1, size - 1);
	return 0;
}
