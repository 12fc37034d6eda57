/* termcheck.c - see termcheck.h.  Kept apart from the rest of ui/:
 * <term.h> defines macros (lines, columns, ...) that would clash with
 * ordinary names elsewhere. */
#include <curses.h>
#include <stdlib.h>
#include <term.h>
#include <unistd.h>

#include "core/text.h"
#include "ui/termcheck.h"

static int
has_cap(const char *name)
{
	const char *s = tigetstr(name);

	return s != NULL && s != (const char *)-1 && *s != '\0';
}

int
termcheck_usable(struct err *e)
{
	const char *term = getenv("TERM");
	struct buf safe;
	int status = 0, rc = TP_OK;

	buf_init(&safe);
	text_sanitize(term && *term ? term : "(unset)", 40, 0, &safe);
	if (setupterm(NULL, STDOUT_FILENO, &status) != OK) {
		rc = err_set(e, TP_REFUSED, "TERM=%s: %s, so the terminal UI "
		    "cannot start; set TERM to your terminal's type (for "
		    "example xterm-256color), or use the commands (termpsa "
		    "--help)", safe.s, status == 0 ? "no such terminal type "
		    "in the terminfo database" : "no terminfo database found");
		buf_free(&safe);
		return rc;
	}
	/* Without cursor addressing (cup) curses cannot draw a screen; a
	 * hardcopy terminal cannot take one back. */
	if (!has_cap("cup") || tigetflag("hc") > 0)
		rc = err_set(e, TP_REFUSED, "TERM=%s cannot move the cursor, "
		    "which the terminal UI needs; run it in a terminal such as "
		    "xterm or tmux, or use the commands (termpsa --help)", safe.s);
	del_curterm(cur_term);
	buf_free(&safe);
	return rc;
}
