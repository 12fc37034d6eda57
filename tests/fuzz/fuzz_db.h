/*
 * fuzz_db.h - the database the csv and export fuzz targets share: opened
 * once in a fresh temporary directory ($TMPDIR, else /tmp), with the
 * listeners installed, SQLite's durability off (nothing here needs to
 * survive a power cut) and a user jane (me) and a client Acme (id 1), so
 * that rows can succeed.  This module owns the database, the directory
 * and the files named by fuzz_db_path: all are removed at exit.  A setup
 * that fails aborts with a message naming the target.
 */
#ifndef TP_FUZZ_DB_H
#define TP_FUZZ_DB_H

#include "core/db.h"

/* The database, opened on the first call; target names the fuzz target
 * ("csv") in messages and in the directory's name. */
struct db *fuzz_db(const char *target);

/* Remove the database file path and its -wal and -shm files (for the
 * targets that open their own databases, too). */
void fuzz_db_remove(const char *path);

/* A file in the database's directory (after fuzz_db), removed at exit;
 * the text is kept until then. */
const char *fuzz_db_path(const char *file);

#endif
