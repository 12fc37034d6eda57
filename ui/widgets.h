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

/* Ask question; 1 only for y or Y. */
int w_confirm(struct ui *ui, const char *question);

/* Edit text in $VISUAL or $EDITOR (else vi), the screen suspended and
 * restored around it.  1 edited (out holds the text), 0 cancelled (the
 * editor failed or the file was left empty), -1 on error (e set). */
int w_editor(struct ui *ui, const char *initial, struct buf *out,
    struct err *e);

/* Show a document full-screen until q or Esc. */
void w_pager(struct ui *ui, const char *title, struct doc *d);

enum field_kind { F_TEXT, F_LONG, F_CHOICE };

struct field {
	const char        *label;
	enum field_kind    kind;
	const char *const *choices;   /* F_CHOICE, NULL-terminated */
	int                required;
	struct buf         value;     /* owned; w_form_free */
};

/* submit validates and performs; on failure it fills e and *bad (the
 * field to blame, or -1) and the form stays open showing e->msg. */
typedef int (*form_submit_fn)(struct ui *ui, struct field *f, size_t n,
    void *arg, int *bad, struct err *e);

/* A form: the focused field marked '>' with its label reversed;
 * Down/Up move and stop at the ends, Tab/S-Tab move and go round (a
 * note says so), Enter on the last field (or C-s anywhere)
 * submits, Enter on a long field opens $EDITOR, Space or Left/Right
 * cycles a choice, Esc cancels.  1 submitted, 0 cancelled. */
int w_form(struct ui *ui, const char *title, struct field *f, size_t n,
    form_submit_fn submit, void *arg);

void w_field_set(struct field *f, const char *value);
void w_form_free(struct field *f, size_t n);

#endif
