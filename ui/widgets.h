/*
 * widgets.h - modal widgets drawn over the panes: a one-line prompt, a
 * picker, a confirmation, a form with validation messages, and $EDITOR
 * for long text.
 *
 * Each runs its own key loop and returns when done; Esc cancels.  They
 * stop at once when ui_stop is set (a signal) and re-lay out on resize.
 */
#ifndef TP_UI_WIDGETS_H
#define TP_UI_WIDGETS_H

#include <stddef.h>

#include "core/buf.h"
#include "ui/view.h"

/* Read one key (a code point or KEYS_FN | curses code; '\n' for Enter and
 * KEYS_FN | KEY_BACKSPACE for DEL), waiting at most ms (-1: forever);
 * -1 on timeout. */
int ui_getkey(int ms);

/* Apply an editing key (characters, Backspace, C-u, C-w) to b; 1 if it
 * was one. */
int w_edit_key(struct buf *b, int key);

/* Draw "label text" on the last line with the cursor after it. */
void w_draw_input(const char *label, const char *text);

/* One line of input under label, starting from initial.  editor: C-e
 * opens the text in $EDITOR.  1 entered (out holds it), 0 cancelled. */
int w_prompt(struct ui *ui, const char *label, const char *initial,
    int editor, struct buf *out);

/* Pick one of n choices (shown sanitised); initial selected first.
 * The index, or -1 when cancelled. */
int w_pick(struct ui *ui, const char *title, const char *const *choices,
    size_t n, int initial);

/* w_pick starting on the choice equal to current, the value the record
 * has now (the first choice when none is). */
int w_pick_current(struct ui *ui, const char *title,
    const char *const *choices, size_t n, const char *current);

/* A choice of a type-ahead picker: what it shows and the record's id. */
struct w_choice {
	char    label[200];
	int64_t id;
};

/* Fill out[0..max) with the choices that match what is typed (query,
 * maybe ""); returns how many. */
typedef size_t (*w_fill_fn)(struct ui *ui, const char *query, void *arg,
    struct w_choice *out, size_t max);

/* Pick by typing: a box with the text typed on its first line and the
 * choices fill gives for it below (Up/Down/PgUp/PgDn move, Backspace,
 * C-u, C-w edit, Enter picks, Esc cancels); query is what is typed to
 * begin with.  1 picked (*picked filled), 0 cancelled. */
int w_pick_typed(struct ui *ui, const char *title, w_fill_fn fill,
    void *arg, const char *query, struct w_choice *picked);

/* Ask question; 1 only for y or Y. */
int w_confirm(struct ui *ui, const char *question);

/* Edit text in $VISUAL or $EDITOR (else vi), the screen suspended and
 * restored around it.  1 edited (out holds the text), 0 cancelled (the
 * editor failed or the file was left empty), -1 on error (e set). */
int w_editor(struct ui *ui, const char *initial, struct buf *out,
    struct err *e);

/* Show a document full-screen until q or Esc. */
void w_pager(struct ui *ui, const char *title, struct doc *d);

/* F_PICK: a record picked by typing (w_pick_typed, its struct
 * field_pick given to w_form_picks): value holds its label. */
enum field_kind { F_TEXT, F_LONG, F_CHOICE, F_PICK };

struct field {
	const char        *label;
	enum field_kind    kind;
	const char *const *choices;   /* F_CHOICE, NULL-terminated */
	int                required;
	struct buf         value;     /* owned; w_form_free */
};

/* What an F_PICK field picks from, and the id picked (0: none). */
struct field_pick {
	w_fill_fn  fill;
	void      *arg;
	int64_t    id;
};

/* submit validates and performs; on failure it fills e and *bad (the
 * field to blame, or -1) and the form stays open showing e->msg. */
typedef int (*form_submit_fn)(struct ui *ui, struct field *f, size_t n,
    void *arg, int *bad, struct err *e);

/* A form: the focused field marked '>' with its label reversed;
 * Down/Up move and stop at the ends, Tab/S-Tab move and go round (a note
 * says so), Enter on the last field (or C-s anywhere) submits, typing
 * edits a text or long field in place (a long one shows its line breaks
 * as a glyph) and C-e on a long field opens $EDITOR, Space or Left/Right
 * cycles a choice, Esc cancels.  1 submitted, 0 cancelled. */
int w_form(struct ui *ui, const char *title, struct field *f, size_t n,
    form_submit_fn submit, void *arg);

/* The same with F_PICK fields: picks[i] is field i's (unused for other
 * kinds).  On an F_PICK field Enter or Space opens the picker, a typed
 * character opens it with that character typed, Backspace clears it. */
int w_form_picks(struct ui *ui, const char *title, struct field *f,
    size_t n, struct field_pick *picks, form_submit_fn submit, void *arg);

/* A field's own check of its value (a rate that parses, an email):
 * TP_OK, or an error with a message. */
typedef int (*w_check_fn)(const char *value, struct err *e);

/* w_form with checks[i] for field i (NULL: none).  On submit, every
 * field is checked in the form's order (required, then its check) before
 * submit runs: the first wrong one is focused and its message says how
 * many others are wrong (their labels marked too), so that one submit
 * finds them all.  A form has at most 64 fields. */
int w_form_checked(struct ui *ui, const char *title, struct field *f,
    size_t n, const w_check_fn *checks, form_submit_fn submit, void *arg);

void w_field_set(struct field *f, const char *value);
void w_form_free(struct field *f, size_t n);

/* The form field an error is about: the index of e->field (the service
 * input it names, err.h) among names, one per field (NULL: a field no
 * service input matches); -1 when none is named.  For a submit's *bad. */
int w_form_blame(const struct err *e, const char *const *names, size_t n);

#endif
