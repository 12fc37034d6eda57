/*
 * replay.c - runs a fuzz target's seed corpus once through the target's
 * LLVMFuzzerTestOneInput, built with the normal compiler, for `make check`
 * (no clang, no libFuzzer).  A crash, an abort from one of the target's
 * checks or a sanitizer report (in --enable-sanitizers builds) fails the
 * test.
 *
 *   tests/fuzz/csv_replay.t            every file of
 *                                      $top_srcdir/tests/fuzz/corpus/csv
 *   tests/fuzz/csv_replay.t FILE...    just those (a crash to reproduce)
 *
 * FUZZ_TARGET (the corpus folder's name) is defined when compiling.
 * Output is TAP: one line per file, in name order so runs compare.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "unit/tap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	struct buf b;
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return 0;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_addn(&b, chunk, n);
	fclose(f);
	LLVMFuzzerTestOneInput((const uint8_t *)b.s, b.len);
	buf_free(&b);
	return 1;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
not_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

int
main(int argc, char **argv)
{
	const char *top = getenv("top_srcdir");
	char dir[1024], path[2048], name[2100];
	struct dirent **list;
	int n;

	if (argc > 1) {
		for (int i = 1; i < argc; i++) {
			snprintf(name, sizeof name, "%s runs cleanly", argv[i]);
			ok(run_file(argv[i]), name);
		}
		return tap_done();
	}
	snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", top ? top : ".",
	    FUZZ_TARGET);
	n = scandir(dir, &list, not_hidden, by_name);
	ok(n > 0, "the " FUZZ_TARGET " seed corpus has files");
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, list[i]->d_name);
		snprintf(name, sizeof name, FUZZ_TARGET " seed %s runs cleanly",
		    list[i]->d_name);
		ok(run_file(path), name);
		free(list[i]);
	}
	if (n > 0)
		free(list);
	return tap_done();
}
