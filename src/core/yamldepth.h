/*
 * yamldepth.h - the one nesting rule for the YAML files termpsa reads (the
 * config file, sync profiles): sequences and mappings nest at most
 * YAMLDEPTH_MAX levels.  The rule is checked on libyaml's events, before
 * its document loader sees the text: the loader takes minutes on a 200 KB
 * file of brackets and holds a node for each.  Owns nothing.
 */
#ifndef TP_YAMLDEPTH_H
#define TP_YAMLDEPTH_H

#include <stddef.h>

#include "core/err.h"

/* The deepest real config is 4 levels, the deepest shipped profile 6. */
#define YAMLDEPTH_MAX 16

/* TP_OK, or TP_BADINPUT "path:line:col: nested deeper than 16 levels" at
 * the collection that goes too deep.  A syntax error is not reported here
 * (TP_OK): it is left to the loader, which reports it the same way as for
 * any other file.  path is only used in the message. */
int yamldepth_check(const char *path, const char *data, size_t len,
    struct err *e);

#endif
