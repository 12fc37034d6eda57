/* widgets.c - see widgets.h. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/text.h"
#include "ui/widgets.h"

/* Whether the terminal has gone away (its emulator, tmux or the SSH link
 * died): stdin is at end of file or hung up. */
static int
terminal_gone(void)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };

	return poll(&p, 1, 0) > 0 &&
	    (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

int
ui_getkey(int ms)
{
	wint_t wc;
	int r;

	timeout(ms);
	r = get_wch(&wc);
	if (r == ERR) {
		/* No SIGHUP reaches a process whose terminal vanished
		 * under it in every case; without this, every loop would
		 * spin on a dead descriptor for ever. */
		if (!ui_stop && terminal_gone())
			ui_stop = SIGHUP;
		return -1;
	}
	if (r == KEY_CODE_YES) {
		if (wc == KEY_ENTER)
			return '\n';
		return KEYS_FN | (int)wc;
	}
	if (wc == '\r')
		return '\n';
	if (wc == 127)
		return KEYS_FN | KEY_BACKSPACE;
	return (int)wc;
}

/* Append code point cp as UTF-8. */
static void
add_cp(struct buf *b, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp; n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f)); n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f)); n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f)); n = 4;
	}
	buf_addn(b, u, n);
}

static void
del_cp(struct buf *b)
{
	size_t n = b->len;

	while (n > 0 && ((unsigned char)b->s[n - 1] & 0xc0) == 0x80)
		n--;
	if (n > 0)
		n--;
	buf_truncate(b, n);
}

static void
del_word(struct buf *b)
{
	while (b->len > 0 && b->s[b->len - 1] == ' ')
		buf_truncate(b, b->len - 1);
	while (b->len > 0 && b->s[b->len - 1] != ' ')
		del_cp(b);
}

/* Apply an editing key to b: 1 if it was one. */
int
w_edit_key(struct buf *b, int key)
{
	if (key == (KEYS_FN | KEY_BACKSPACE) || key == 8) {
		del_cp(b);
	} else if (key == 21) {                 /* C-u */
		buf_reset(b);
	} else if (key == 23) {                 /* C-w */
		del_word(b);
	} else if (key >= ' ' && key < 0x110000 && key != 0x7f &&
	    !(key >= 0x80 && key < 0xa0)) {
		if (b->len < 20000)
			add_cp(b, (unsigned)key);
	} else {
		return 0;
	}
	return 1;
}

/* Draw "label text" on the last line, scrolled so the end shows, with
 * the cursor after it. */
void
w_draw_input(const char *label, const char *text)
{
	int y = LINES - 1, lw, tw, x;
	const char *p = text;

	move(y, 0);
	clrtoeol();
	lw = draw_text(stdscr, y, 0, COLS - 1, label, draw_attr(R_LABEL), 0);
	/* show the tail of a long input */
	while (*p && draw_width(p) > COLS - lw - 2)
		p++;
	while (((unsigned char)*p & 0xc0) == 0x80)
		p++;
	tw = draw_text(stdscr, y, lw, COLS - lw - 1, p, A_NORMAL, 0);
	x = lw + tw;
	move(y, x < COLS ? x : COLS - 1);
	curs_set(1);
}

int
w_prompt(struct ui *ui, const char *label, const char *initial, int editor,
    struct buf *out)
{
	int key;

	buf_reset(out);
	if (initial)
		buf_add(out, initial);
	for (;;) {
		if (ui_stop)
			return 0;
		w_draw_input(label, out->s);
		refresh();
		key = ui_getkey(-1);
		if (key == (KEYS_FN | KEY_RESIZE)) {
			ui_draw(ui);
			continue;
		}
		if (key == 27)
			return 0;
		if (key == '\n')
			return 1;
		if (key == 5 && editor) {        /* C-e */
			struct buf ed;
			struct err e = ERR_INIT;

			buf_init(&ed);
			if (w_editor(ui, out->s, &ed, &e) == 1) {
				buf_reset(out);
				buf_add(out, ed.s);
				buf_free(&ed);
				return 1;
			}
			buf_free(&ed);
			ui_draw(ui);
			continue;
		}
		w_edit_key(out, key);
	}
}

int
w_pick_current(struct ui *ui, const char *title, const char *const *choices,
    size_t n, const char *current)
{
	int at = 0;

	for (size_t i = 0; current != NULL && i < n; i++)
		if (strcmp(choices[i], current) == 0) {
			at = (int)i;
			break;
		}
	return w_pick(ui, title, choices, n, at);
}

/* The lines of a wrapped text, for w_confirm. */
struct lines {
	char   line[8][512];
	size_t n;
};

static void
keep_line(const char *line, void *arg)
{
	struct lines *l = arg;

	if (l->n < sizeof l->line / sizeof l->line[0])
		snprintf(l->line[l->n++], sizeof l->line[0], "%s", line);
}

/* The question and [y/N] on the last line; a longer one wraps upwards
 * over the hints line (and further, as it needs): every word of what is
 * asked shows, and the answer it takes with it. */
static void
confirm_draw(const char *q)
{
	struct lines l;
	int y0;

	l.n = 0;
	draw_wrap(q, COLS > 2 ? COLS - 1 : 1, keep_line, &l);
	if (l.n == 0)
		l.n = 1, l.line[0][0] = '\0';
	if ((int)l.n > LINES)
		l.n = (size_t)LINES;
	y0 = LINES - (int)l.n;
	for (size_t i = 0; i < l.n; i++) {
		move(y0 + (int)i, 0);
		clrtoeol();
		draw_text(stdscr, y0 + (int)i, 0, COLS, l.line[i],
		    draw_attr(R_ERROR), 1);
	}
	move(LINES - 1, draw_width(l.line[l.n - 1]) < COLS ?
	    draw_width(l.line[l.n - 1]) : COLS - 1);
}

int
w_confirm(struct ui *ui, const char *question)
{
	struct buf q;
	int key;

	buf_init(&q);
	buf_addf(&q, "%s [y/N]", question);
	for (;;) {
		if (ui_stop) {
			buf_free(&q);
			return 0;
		}
		confirm_draw(q.s);
		refresh();
		key = ui_getkey(-1);
		if (key == (KEYS_FN | KEY_RESIZE)) {
			ui_draw(ui);
			continue;
		}
		break;
	}
	buf_free(&q);
	/* The lines it took over are the pane's again. */
	ui_draw(ui);
	return key == 'y' || key == 'Y';
}

static void
box_frame(WINDOW *w, const char *title)
{
	int width = getmaxx(w);

	wattrset(w, draw_attr(R_NORMAL));
	box(w, 0, 0);
	if (title)
		draw_text(w, 0, 2, width - 4, title, draw_attr(R_LABEL), 0);
}

/* The one drawing rule for a box over the pane (every picker keeps it):
 * the box is drawn into stdscr's own cells through a derived window and
 * shown by one refresh of stdscr, with the hardware cursor at y, x, just
 * before its key is read.  Not a window of its own over stdscr: that box
 * is on the screen only while nothing touches the stdscr lines under it,
 * since get_wch refreshes stdscr whenever stdscr is touched or its
 * cursor moved, and curses keeps no stacking order (such a refresh
 * paints the pane over the box until the next key).  The pane is redrawn
 * whole (ui_draw) when the box goes. */
static WINDOW *
box_open(int height, int width, int y0, int x0, const char *title)
{
	WINDOW *w = derwin(stdscr, height, width, y0, x0);

	if (w == NULL)
		return NULL;
	werase(w);
	box_frame(w, title);
	return w;
}

static void
box_show(WINDOW *w, int y, int x)
{
	delwin(w);          /* a derived window's delwin touches stdscr */
	move(y, x);
	refresh();
}

/* The picker's box height for n choices: all of them when they fit,
 * else as many as the terminal allows (the list scrolls). */
static int
pick_height(size_t n)
{
	int room = LINES - 4 >= 3 ? LINES - 4 : LINES;

	return n + 2 < (size_t)room ? (int)n + 2 : room;
}

/* "^ N more" / "v N more" on the box's top and bottom edges when
 * choices are hidden above or below. */
static void
pick_more(WINDOW *w, int height, int width, int top, int inner, size_t n)
{
	char s[40];

	if (width < 16)
		return;                /* no room: the list still scrolls */
	if (top > 0) {
		snprintf(s, sizeof s, " ^ %d more ", top);
		draw_text(w, 0, width - draw_width(s) - 2, draw_width(s), s,
		    draw_attr(R_DIM), 0);
	}
	if ((size_t)(top + inner) < n) {
		snprintf(s, sizeof s, " v %zu more ", n - (size_t)(top + inner));
		draw_text(w, height - 1, width - draw_width(s) - 2,
		    draw_width(s), s, draw_attr(R_DIM), 0);
	}
}

/* Apply a movement key to sel; 1 if it was one. */
static int
pick_move(int key, int *sel, size_t n, int inner)
{
	int last = (int)n - 1;

	if (key == 'j' || key == (KEYS_FN | KEY_DOWN))
		*sel = *sel < last ? *sel + 1 : last;
	else if (key == 'k' || key == (KEYS_FN | KEY_UP))
		*sel = *sel > 0 ? *sel - 1 : 0;
	else if (key == (KEYS_FN | KEY_NPAGE))
		*sel = *sel + inner < last ? *sel + inner : last;
	else if (key == (KEYS_FN | KEY_PPAGE))
		*sel = *sel > inner ? *sel - inner : 0;
	else if (key == (KEYS_FN | KEY_HOME))
		*sel = 0;
	else if (key == (KEYS_FN | KEY_END))
		*sel = last;
	else
		return 0;
	return 1;
}

int
w_pick(struct ui *ui, const char *title, const char *const *choices,
    size_t n, int initial)
{
	int sel = initial >= 0 && (size_t)initial < n ? initial : 0, top = 0;
	int key, width = draw_width(title) + 6, height, inner, y0, x0;
	WINDOW *w;

	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (draw_width(choices[i]) + 6 > width)
			width = draw_width(choices[i]) + 6;
	if (width < draw_width(title) + 18)
		width = draw_width(title) + 18;   /* room for "^ N more" */
	for (;;) {
		int wd = width > COLS - 2 ? COLS - 2 : width;

		if (ui_stop)
			return -1;
		/* Recomputed every time round: a resize changes them. */
		height = pick_height(n);
		inner = height - 2;
		if (inner < 1 || wd < 3)
			return -1;
		if (sel < top)
			top = sel;
		if (sel >= top + inner)
			top = sel - inner + 1;
		if ((size_t)(top + inner) > n)
			top = (int)n - inner;
		y0 = (LINES - height) / 2;
		x0 = (COLS - wd) / 2;
		w = box_open(height, wd, y0, x0, title);
		if (w == NULL)
			return -1;
		for (int r = 0; r < inner && (size_t)(top + r) < n; r++) {
			int i = top + r;

			draw_text(w, r + 1, 1, wd - 2, choices[i],
			    i == sel ? draw_attr(R_SELECTED) : A_NORMAL, 1);
		}
		pick_more(w, height, wd, top, inner, n);
		/* The hardware cursor on the selected choice. */
		box_show(w, y0 + sel - top + 1, x0 + 1);
		key = ui_getkey(-1);
		if (key == (KEYS_FN | KEY_RESIZE)) {
			ui_draw(ui);
			continue;
		}
		if (key == 27 || key == 'q')
			sel = -1;
		else if (key == '\n')
			;
		else if (pick_move(key, &sel, n, inner))
			continue;
		else {
			/* a letter jumps to the next choice starting with it;
			 * g and G, where no choice starts with one, to the
			 * first and the last (as in the lists) */
			size_t k;

			for (k = 1; k <= n; k++) {
				size_t i = ((size_t)sel + k) % n;

				if (key > ' ' && key < 0x80 &&
				    (choices[i][0] == key ||
				    choices[i][0] == (key ^ 0x20))) {
					sel = (int)i;
					break;
				}
			}
			if (k > n && (key == 'g' || key == 'G'))
				sel = key == 'g' ? 0 : (int)n - 1;
			continue;
		}
		if (key == 27 || key == 'q' || key == '\n')
			break;
	}
	ui_draw(ui);
	return sel;
}

/* The type-ahead picker's box: the query line, then the choices. */
static void
typed_draw(WINDOW *w, int wd, int inner, const char *query,
    const struct w_choice *c, size_t n, int sel, int top)
{
	struct buf q;

	buf_init(&q);
	buf_addf(&q, "> %s", query);
	draw_text(w, 1, 1, wd - 2, q.s, draw_attr(R_FIELD), 1);
	buf_free(&q);
	for (int r = 0; r < inner - 1; r++) {
		int i = top + r;

		if ((size_t)i < n)
			draw_text(w, r + 2, 1, wd - 2, c[i].label,
			    i == sel ? draw_attr(R_SELECTED) : A_NORMAL, 1);
		else if (i == 0)
			draw_text(w, r + 2, 1, wd - 2, "(nothing matches)",
			    draw_attr(R_DIM), 1);
	}
}

#define TYPED_MAX 50   /* choices one query shows (it narrows as typed) */

int
w_pick_typed(struct ui *ui, const char *title, w_fill_fn fill, void *arg,
    const char *query, struct w_choice *picked)
{
	struct w_choice *c = xcalloc(TYPED_MAX, sizeof *c);
	struct buf q;
	size_t n;
	int sel = 0, top = 0, key, done = 0;

	buf_init(&q);
	buf_add(&q, query ? query : "");
	n = fill(ui, q.s, arg, c, TYPED_MAX);
	while (!done && !ui_stop) {
		int wd = COLS - 4 > 72 ? 72 : COLS - 4;
		int height = LINES - 4 > 16 ? 16 : LINES - 4;
		int inner = height - 2;
		int y0 = (LINES - height) / 2, x0 = (COLS - wd) / 2;
		WINDOW *w;

		if (inner < 2 || wd < 10 ||
		    (w = box_open(height, wd, y0, x0, title)) == NULL)
			break;
		if (sel < top)
			top = sel;
		if (sel >= top + inner - 1)
			top = sel - inner + 2;
		typed_draw(w, wd, inner, q.s, c, n, sel, top);
		/* The hardware cursor after the query. */
		box_show(w, y0 + 1, x0 + 3 + draw_width(q.s) < x0 + wd - 1 ?
		    x0 + 3 + draw_width(q.s) : x0 + wd - 2);
		key = ui_getkey(-1);
		if (key == (KEYS_FN | KEY_RESIZE))
			ui_draw(ui);
		else if (key == 27)
			break;
		else if (key == '\n' && (size_t)sel < n) {
			*picked = c[sel];
			done = 1;
		} else if (key == (KEYS_FN | KEY_DOWN) ||
		    key == (KEYS_FN | KEY_UP) || key == (KEYS_FN | KEY_NPAGE) ||
		    key == (KEYS_FN | KEY_PPAGE)) {
			if (n > 0)
				pick_move(key, &sel, n, inner - 1);
		} else if (key != '\n' && w_edit_key(&q, key)) {
			n = fill(ui, q.s, arg, c, TYPED_MAX);
			sel = top = 0;
		}
	}
	buf_free(&q);
	free(c);
	ui_draw(ui);
	return done;
}

/* Split $VISUAL / $EDITOR into argv at spaces (no shell), then the file. */
static char **
editor_argv(const char *path, char **store)
{
	const char *ed = getenv("VISUAL");
	char **argv;
	size_t n = 0;
	char *s;

	if (ed == NULL || *ed == '\0')
		ed = getenv("EDITOR");
	if (ed == NULL || *ed == '\0')
		ed = "vi";
	*store = s = xstrdup(ed);
	argv = xcalloc(strlen(ed) + 3, sizeof *argv);
	while (*s) {
		while (*s == ' ')
			*s++ = '\0';
		if (*s == '\0')
			break;
		argv[n++] = s;
		while (*s && *s != ' ')
			s++;
	}
	argv[n++] = (char *)path;
	argv[n] = NULL;
	return argv;
}

static int
run_editor(const char *path, struct err *e)
{
	struct sigaction ign, old_int, old_quit;
	char *store, **argv = editor_argv(path, &store);
	int status = 0;
	pid_t pid;

	/* The editor owns the terminal: a C-c there is the editor's. */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	free(store);
	free(argv);
	if (pid < 0)
		return err_set(e, TP_IO, "cannot start the editor: %s",
		    strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return err_set(e, TP_REFUSED, "the editor failed (status %d); "
		    "nothing saved",
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return TP_OK;
}

static int
read_file(const char *path, struct buf *out)
{
	char chunk[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((n = read(fd, chunk, sizeof chunk)) > 0 && out->len < 1000000)
		buf_addn(out, chunk, (size_t)n);
	close(fd);
	return 0;
}

int
w_editor(struct ui *ui, const char *initial, struct buf *out, struct err *e)
{
	const char *tmp = getenv("TMPDIR");
	char path[512];
	int fd, rc;
	size_t len = initial ? strlen(initial) : 0;

	snprintf(path, sizeof path, "%s/termpsa-XXXXXX.txt",
	    tmp && *tmp ? tmp : "/tmp");
	fd = mkstemps(path, 4);
	if (fd < 0)
		return err_set(e, TP_IO, "cannot make a temporary file: %s",
		    strerror(errno)) ? -1 : -1;
	if (len && write(fd, initial, len) != (ssize_t)len) {
		close(fd);
		unlink(path);
		return err_set(e, TP_IO, "cannot write %s", path) ? -1 : -1;
	}
	close(fd);
	def_prog_mode();
	endwin();
	rc = run_editor(path, e);
	reset_prog_mode();
	clearok(curscr, TRUE);
	buf_reset(out);
	if (rc == TP_OK && read_file(path, out) != 0)
		rc = err_set(e, TP_IO, "cannot read %s back", path);
	unlink(path);
	ui_draw(ui);
	if (rc != TP_OK)
		return -1;
	if (out->s != NULL)
		out->len = text_unix_newlines(out->s);
	/* trailing newlines are the editor's, not the technician's */
	while (out->len > 0 && (out->s[out->len - 1] == '\n' ||
	    out->s[out->len - 1] == ' '))
		buf_truncate(out, out->len - 1);
	return out->len > 0 ? 1 : 0;
}

void
w_pager(struct ui *ui, const char *title, struct doc *d)
{
	int top = 0, key, h;

	for (;;) {
		if (ui_stop)
			return;
		h = LINES - 2;
		erase();
		draw_text(stdscr, 0, 0, COLS, title, draw_attr(R_TITLE), 1);
		for (int r = 0; r < h && (size_t)(top + r) < d->n; r++)
			draw_text(stdscr, r + 1, 0, COLS, d->l[top + r].text,
			    draw_attr(d->l[top + r].role), 0);
		draw_text(stdscr, LINES - 1, 0, COLS,
		    "j/k scroll  Space/PgDn page  g/G top/end  q back",
		    draw_attr(R_STATUS), 1);
		move(1, 0);
		refresh();
		key = ui_getkey(-1);
		if (key == 'q' || key == 27 || key == '\n')
			break;
		if ((key == 'j' || key == (KEYS_FN | KEY_DOWN)) &&
		    (size_t)(top + h) < d->n)
			top++;
		if ((key == 'k' || key == (KEYS_FN | KEY_UP)) && top > 0)
			top--;
		if (key == ' ' || key == (KEYS_FN | KEY_NPAGE))
			top = (size_t)(top + 2 * h) <= d->n ? top + h :
			    (d->n > (size_t)h ? (int)d->n - h : 0);
		if (key == (KEYS_FN | KEY_PPAGE))
			top = top > h ? top - h : 0;
		if (key == 'g' || key == (KEYS_FN | KEY_HOME))
			top = 0;
		if (key == 'G' || key == (KEYS_FN | KEY_END))
			top = d->n > (size_t)h ? (int)d->n - h : 0;
	}
	ui_draw(ui);
}

void
w_field_set(struct field *f, const char *value)
{
	buf_reset(&f->value);
	if (value)
		buf_add(&f->value, value);
}

void
w_form_free(struct field *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_free(&f[i].value);
}

int
w_form_blame(const struct err *e, const char *const *names, size_t n)
{
	for (size_t i = 0; e->field[0] && i < n; i++)
		if (names[i] != NULL && strcmp(names[i], e->field) == 0)
			return (int)i;
	return -1;
}

static int
choice_index(const struct field *f)
{
	for (int i = 0; f->choices && f->choices[i]; i++)
		if (strcmp(f->choices[i], f->value.s) == 0)
			return i;
	return -1;
}

static void
cycle_choice(struct field *f, int dir)
{
	int n = 0, i = choice_index(f);

	while (f->choices && f->choices[n])
		n++;
	if (n == 0)
		return;
	i = i < 0 ? 0 : (i + dir + n) % n;
	w_field_set(f, f->choices[i]);
}

/* The fields the form shows: all of them when they fit (fields on every
 * other line from line 2, above the message line), else a window of vis
 * fields that keeps cur in view, with a line above and below it for the
 * "more" marks.  Adjusts *top; recomputed on every draw, so a resize
 * keeps the field being edited on the screen. */
static size_t
form_window(size_t n, size_t cur, size_t *top)
{
	size_t vis;

	if ((long)n * 2 < (long)LINES - 3) {
		*top = 0;
		return n;
	}
	vis = LINES >= 7 ? (size_t)(LINES - 5) / 2 : 1;
	if (vis > n)
		vis = n;
	if (*top > cur)
		*top = cur;
	if (cur >= *top + vis)
		*top = cur - vis + 1;
	if (*top + vis > n)
		*top = n - vis;
	return vis;
}

static void
draw_more(int y, const char *fmt, size_t count)
{
	char s[48];

	snprintf(s, sizeof s, fmt, count, count == 1 ? "" : "s");
	draw_text(stdscr, y, 1, COLS - 2, s, draw_attr(R_DIM), 0);
}

/* A long text on one form line: its line breaks shown as a glyph, and,
 * while it is being typed into, its tail (where the cursor is) when it
 * is wider than width. */
static void
long_shown(const char *v, int width, int focused, struct buf *out)
{
	const char *nl = draw_utf8() ? "\u21b5" : "|";
	const char *p;

	for (p = v; *p; p++) {
		if (*p == '\n')
			buf_add(out, nl);
		else if (*p != '\r')
			buf_addc(out, *p);
	}
	if (!focused || width < 2)
		return;
	/* The tail that fits holds at most 4 bytes a column: start there,
	 * so that a long text costs no more than a short one. */
	p = out->s;
	if (out->len > (size_t)width * 4)
		p += out->len - (size_t)width * 4;
	while (((unsigned char)*p & 0xc0) == 0x80)
		p++;
	while (*p && draw_width(p) > width - 1) {
		p++;
		while (((unsigned char)*p & 0xc0) == 0x80)
			p++;
	}
	if (p != out->s) {
		struct buf tail;

		buf_init(&tail);
		buf_add(&tail, p);
		buf_reset(out);
		buf_add(out, tail.s);
		buf_free(&tail);
	}
}

#define FORM_MAX 64   /* fields a form's bad mask holds */

static int
is_bad(uint64_t bad, size_t i)
{
	return i < FORM_MAX && (bad >> i & 1) != 0;
}

/* The focused field: a '>' before it, its label reversed (R_SELECTED,
 * reverse in mono too) and its value bold, so that it shows without the
 * hardware cursor and without colour. */
static void
draw_focus(int y, int lw, const char *label, int bad)
{
	draw_text(stdscr, y, 0, 1, ">", draw_attr(R_LABEL), 0);
	draw_text(stdscr, y, 1, lw, label, bad ? draw_attr(R_ERROR) :
	    draw_attr(R_SELECTED) | A_BOLD, 1);
}

static void
draw_form(const char *title, struct field *f, size_t n, size_t cur,
    size_t *top, uint64_t bad, const char *msg, const char *note)
{
	int lw = 0, y;
	size_t vis = form_window(n, cur, top);

	for (size_t i = 0; i < n; i++)
		if (draw_width(f[i].label) > lw)
			lw = draw_width(f[i].label);
	lw += 3;
	erase();
	draw_text(stdscr, 0, 0, COLS, title, draw_attr(R_TITLE), 1);
	if (*top > 0)
		draw_more(1, "^ %zu more field%s above", *top);
	for (size_t i = *top; i < *top + vis; i++) {
		struct buf shown;

		y = (int)(i - *top) * 2 + 2;
		buf_init(&shown);
		buf_addf(&shown, "%s%s", f[i].label, f[i].required ? "*" : "");
		if (i == cur)
			draw_focus(y, lw, shown.s, is_bad(bad, i));
		else
			draw_text(stdscr, y, 1, lw, shown.s, is_bad(bad, i) ?
			    draw_attr(R_ERROR) : draw_attr(R_LABEL), 1);
		buf_reset(&shown);
		if (f[i].kind == F_CHOICE)
			buf_addf(&shown, "< %s >", f[i].value.s);
		else if (f[i].kind == F_LONG)
			long_shown(f[i].value.s, COLS - lw - 2, i == cur,
			    &shown);
		else if (f[i].kind == F_PICK)
			buf_add(&shown, f[i].value.len ? f[i].value.s :
			    "(none: type to pick)");
		else
			buf_add(&shown, f[i].value.s);
		draw_text(stdscr, y, lw + 1, COLS - lw - 2, shown.s,
		    i == cur ? draw_attr(R_FIELD) | A_BOLD : draw_attr(R_FIELD),
		    1);
		buf_free(&shown);
	}
	if (*top + vis < n)
		draw_more((int)vis * 2 + 1, "v %zu more field%s below",
		    n - *top - vis);
	if (msg && *msg) {
		/* two lines where one is too short, ending above the note */
		struct lines l;

		l.n = 0;
		draw_wrap(msg, COLS > 4 ? COLS - 2 : 2, keep_line, &l);
		if (l.n > 2)
			l.n = 2;
		for (size_t i = 0; i < l.n; i++)
			draw_text(stdscr, LINES - 2 - (int)l.n + (int)i, 1,
			    COLS - 2, l.line[i], draw_attr(R_ERROR), 0);
	}
	if (note && *note)
		draw_text(stdscr, LINES - 2, 1, COLS - 2, note,
		    draw_attr(R_DIM), 0);
	draw_text(stdscr, LINES - 1, 0, COLS, f[cur].kind == F_LONG ?
	    "C-e $EDITOR (more lines)  Tab/Up/Down move  Enter next  "
	    "C-s submit  Esc cancel" : f[cur].kind == F_PICK ?
	    "type or Enter: pick  Backspace clears  Tab/Up/Down move  "
	    "C-s submit  Esc cancel" : "Tab/Up/Down move  Enter next "
	    "(submit on the last)  C-s submit  Space cycle  Esc cancel",
	    draw_attr(R_STATUS), 1);
	y = (int)(cur - *top) * 2 + 2;
	if (f[cur].kind == F_TEXT || f[cur].kind == F_LONG) {
		struct buf shown;
		int w;

		buf_init(&shown);
		if (f[cur].kind == F_LONG)
			long_shown(f[cur].value.s, COLS - lw - 2, 1, &shown);
		else
			buf_add(&shown, f[cur].value.s);
		w = draw_width(shown.s);
		buf_free(&shown);
		move(y, lw + 1 + (w < COLS - lw - 3 ? w : COLS - lw - 3));
	} else {
		move(y, lw + 1);
	}
	refresh();
}

/* Move the focus for key; 1 if it was a move.  Down and Up stop at the
 * ends, Tab and S-Tab go round; either way *note says what happened at
 * an end, so that the focus never jumps out of sight unannounced. */
static int
form_move(int key, size_t *cur, size_t n, const char **note)
{
	if (key == (KEYS_FN | KEY_DOWN) || key == '\t') {
		if (*cur + 1 < n)
			(*cur)++;
		else if (key == '\t') {
			*cur = 0;
			*note = "(Tab went round to the first field)";
		} else
			*note = "(the last field: Enter or C-s submits)";
		return 1;
	}
	if (key == (KEYS_FN | KEY_UP) || key == (KEYS_FN | KEY_BTAB)) {
		if (*cur > 0)
			(*cur)--;
		else if (key == (KEYS_FN | KEY_BTAB)) {
			*cur = n - 1;
			*note = "(S-Tab went round to the last field)";
		} else
			*note = "(the first field)";
		return 1;
	}
	return 0;
}

static int form_run(struct ui *ui, const char *title, struct field *f,
    size_t n, struct field_pick *picks, const w_check_fn *checks,
    form_submit_fn submit, void *arg);

int
w_form(struct ui *ui, const char *title, struct field *f, size_t n,
    form_submit_fn submit, void *arg)
{
	return form_run(ui, title, f, n, NULL, NULL, submit, arg);
}

int
w_form_picks(struct ui *ui, const char *title, struct field *f, size_t n,
    struct field_pick *picks, form_submit_fn submit, void *arg)
{
	return form_run(ui, title, f, n, picks, NULL, submit, arg);
}

int
w_form_checked(struct ui *ui, const char *title, struct field *f, size_t n,
    const w_check_fn *checks, form_submit_fn submit, void *arg)
{
	return form_run(ui, title, f, n, NULL, checks, submit, arg);
}

/* Every field in order: required, then its check.  The mask of the wrong
 * ones; *first is the first of them and e its error, with how many
 * others are wrong said after it. */
static uint64_t
form_check(struct field *f, size_t n, const w_check_fn *checks, int *first,
    struct err *e)
{
	uint64_t bad = 0;
	size_t others = 0;
	struct err one = ERR_INIT;

	*first = -1;
	for (size_t i = 0; i < n && i < FORM_MAX; i++) {
		err_clear(&one);
		if (f[i].required && f[i].value.len == 0)
			err_set(&one, TP_BADINPUT, "%s is required",
			    f[i].label);
		else if (checks == NULL || checks[i] == NULL ||
		    checks[i](f[i].value.s, &one) == TP_OK)
			continue;
		bad |= (uint64_t)1 << i;
		if (*first < 0) {
			*first = (int)i;
			*e = one;
		} else {
			others++;
		}
	}
	if (others > 0) {
		char more[80];

		snprintf(more, sizeof more, " (and %zu other field%s wrong, "
		    "marked)", others, others == 1 ? " is" : "s are");
		if (strlen(e->msg) + strlen(more) < sizeof e->msg)
			memcpy(e->msg + strlen(e->msg), more,
			    strlen(more) + 1);
	}
	return bad;
}

/* A key on an F_PICK field: 0 if it was not for the field, 2 when a
 * choice was picked, else 1. */
static int
pick_key(struct ui *ui, struct field *f, struct field_pick *p, int key)
{
	struct w_choice c;
	struct buf first;
	int rc, typed = key > ' ' && key < 0x110000 && key != 0x7f &&
	    !(key >= 0x80 && key < 0xa0);

	if (key == (KEYS_FN | KEY_BACKSPACE) || key == 8 || key == 21) {
		w_field_set(f, "");
		p->id = 0;
		return 1;
	}
	if (key != '\n' && key != ' ' && !typed)
		return 0;
	buf_init(&first);
	if (typed)
		w_edit_key(&first, key);
	rc = w_pick_typed(ui, f->label, p->fill, p->arg, first.s, &c) ? 2 : 1;
	if (rc == 2) {
		w_field_set(f, c.id ? c.label : "");
		p->id = c.id;
	}
	buf_free(&first);
	return rc;
}

static int
form_run(struct ui *ui, const char *title, struct field *f, size_t n,
    struct field_pick *picks, const w_check_fn *checks,
    form_submit_fn submit, void *arg)
{
	size_t cur = 0, top = 0;
	int bad = -1, key, rc;
	uint64_t badmask = 0;
	struct err e = ERR_INIT;
	char msg[600] = "";
	const char *note = NULL;

	for (;;) {
		if (ui_stop)
			return 0;
		draw_form(title, f, n, cur, &top, badmask, msg, note);
		key = ui_getkey(-1);
		if (key == (KEYS_FN | KEY_RESIZE))
			continue;
		note = NULL;
		if (key == 27) {
			ui_draw(ui);
			return 0;
		}
		if (form_move(key, &cur, n, &note))
			continue;
		if (f[cur].kind == F_CHOICE && (key == ' ' ||
		    key == (KEYS_FN | KEY_RIGHT) ||
		    key == (KEYS_FN | KEY_LEFT))) {
			cycle_choice(&f[cur],
			    key == (KEYS_FN | KEY_LEFT) ? -1 : 1);
			continue;
		}
		if (f[cur].kind == F_PICK && picks != NULL &&
		    (rc = pick_key(ui, &f[cur], &picks[cur], key)) != 0) {
			/* a pick moves on, as Enter on a text field does */
			if (rc == 2 && cur + 1 < n)
				cur++;
			continue;
		}
		/* Typing goes into a long field like any other; C-e takes
		 * it to $EDITOR for more than a line. */
		if (f[cur].kind == F_LONG && key == 5) {
			struct buf ed;

			buf_init(&ed);
			if (w_editor(ui, f[cur].value.s, &ed, &e) >= 0)
				w_field_set(&f[cur], ed.s);
			else
				snprintf(msg, sizeof msg, "%s", e.msg);
			buf_free(&ed);
			continue;
		}
		if (key == '\n' && cur + 1 < n) {
			cur++;
			continue;
		}
		/* Enter on the last field, or C-s anywhere */
		if (key == '\n' || key == 19) {
			err_clear(&e);
			badmask = form_check(f, n, checks, &bad, &e);
			if (bad < 0 &&
			    submit(ui, f, n, arg, &bad, &e) == TP_OK) {
				ui_draw(ui);
				return 1;
			}
			if (badmask == 0 && bad >= 0 && bad < FORM_MAX)
				badmask = (uint64_t)1 << bad;
			snprintf(msg, sizeof msg, "%s", e.msg);
			if (bad >= 0 && (size_t)bad < n)
				cur = (size_t)bad;
			continue;
		}
		if (f[cur].kind == F_TEXT || f[cur].kind == F_LONG)
			w_edit_key(&f[cur].value, key);
	}
}
