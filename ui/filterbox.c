/* filterbox.c - see filterbox.h. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/draw.h"
#include "ui/filterbox.h"
#include "ui/widgets.h"

/* The start all of the '\n'-separated candidates share. */
static size_t
common_start(const char *c)
{
	const char *first = c, *p;
	size_t n = strcspn(c, "\n");

	for (p = c + n + (c[n] == '\n'); *p; p += strcspn(p, "\n") + 1) {
		size_t k = 0;

		while (k < n && p[k] == first[k] && p[k] != '\n')
			k++;
		n = k;
		if (p[strcspn(p, "\n")] == '\0')
			break;
	}
	return n;
}

/* Where the last word of line starts: after the last blank outside
 * double quotes (client:"Beacon Ho is one word). */
static size_t
last_word(const char *line)
{
	size_t at = 0;
	int quoted = 0;

	for (size_t i = 0; line[i]; i++) {
		if (line[i] == '"')
			quoted = !quoted;
		else if (!quoted && line[i] == ' ')
			at = i + 1;
	}
	return at;
}

/* Tab: complete the last word of line (fields, values, and the clients'
 * and users' names from the database); the candidates into shown. */
static void
complete(struct ui *ui, const struct filter_table *t, struct buf *line,
    struct buf *shown)
{
	size_t at = last_word(line->s), n;
	struct err e = ERR_INIT;
	struct buf c;

	buf_init(&c);
	buf_reset(shown);
	if (filter_complete_names(ui->db, t, line->s + at, &c, &e) != TP_OK)
		buf_addf(shown, "! %s", e.msg);
	else if (c.len == 0) {
		buf_add(shown, "(no completion)");
	} else {
		n = common_start(c.s);
		/* Candidates that differ in their quoting share less than was
		 * typed: the line keeps what was typed. */
		if (n >= line->len - at) {
			buf_truncate(line, at);
			buf_addn(line, c.s, n);
		}
		/* One candidate that is a whole term: ready for the next. */
		if (strchr(c.s, '\n') == c.s + c.len - 1 &&
		    c.s[n - 1] != ':')
			buf_addc(line, ' ');
		if (strchr(c.s, '\n') != c.s + c.len - 1)
			for (const char *p = c.s; *p; p += strcspn(p, "\n") + 1)
				buf_addf(shown, "%.*s  ", (int)strcspn(p, "\n"), p);
	}
	buf_free(&c);
}

int
filterbox_prompt(struct ui *ui, const struct filter_table *t,
    const char *label, const char *initial, struct buf *out)
{
	struct buf shown;
	int key, rc = -1;

	buf_init(&shown);
	buf_reset(out);
	buf_add(out, initial ? initial : "");
	while (rc < 0) {
		if (ui_stop) {
			rc = 0;
			break;
		}
		move(LINES - 2, 0);
		clrtoeol();
		if (shown.len)
			draw_text(stdscr, LINES - 2, 0, COLS - 1, shown.s,
			    draw_attr(shown.s[0] == '!' ? R_ERROR : R_LABEL), 0);
		w_draw_input(label, out->s);
		refresh();
		key = ui_getkey(-1);
		if (key == (KEYS_FN | KEY_RESIZE)) {
			ui_draw(ui);
		} else if (key == 27) {
			rc = 0;
		} else if (key == '\t') {
			complete(ui, t, out, &shown);
		} else if (key == '\n') {
			struct filter f;
			struct err e = ERR_INIT;

			/* The blank a completed term got is no part of it. */
			while (out->len && out->s[out->len - 1] == ' ')
				buf_truncate(out, out->len - 1);
			filter_init(&f);
			if (filter_parse(t, out->s, &f, &e) == TP_OK)
				rc = 1;
			else {
				buf_reset(&shown);
				buf_addf(&shown, "! %s", e.msg);
			}
			filter_free(&f);
		} else {
			w_edit_key(out, key);
		}
	}
	buf_free(&shown);
	ui_draw(ui);
	return rc;
}

static void
set_filter(struct view *v, const char *name, const char *terms)
{
	snprintf(v->terms_name, sizeof v->terms_name, "%s", name);
	snprintf(v->terms, sizeof v->terms, "%s", terms);
}

int
filterbox_choose(struct ui *ui, struct view *v,
    const struct filter_table *t, const struct filterbox_entry *presets,
    size_t n)
{
	const struct config *cfg = &ui->app->cfg;
	size_t total = n + cfg->nviews + 1;
	const char **names = xcalloc(total, sizeof *names);
	struct buf *labels = xcalloc(cfg->nviews, sizeof *labels);
	struct buf typed;
	int i, cur = 0, changed = 0;

	for (size_t k = 0; k < n; k++) {
		names[k] = presets[k].name;
		if (strcmp(v->terms_name, presets[k].name) == 0)
			cur = (int)k;
	}
	for (size_t k = 0; k < cfg->nviews; k++) {
		buf_init(&labels[k]);
		buf_addf(&labels[k], "%s  %s", cfg->views[k].name,
		    cfg->views[k].filter);
		names[n + k] = labels[k].s;
		if (strcmp(v->terms_name, cfg->views[k].name) == 0)
			cur = (int)(n + k);
	}
	names[total - 1] = "type a filter...";
	if (v->terms_name[0] == '\0' && v->terms[0] != '\0')
		cur = (int)total - 1;
	i = w_pick(ui, "filter", names, total, cur);
	buf_init(&typed);
	if (i >= 0 && (size_t)i < n) {
		set_filter(v, presets[i].name, presets[i].terms);
		v->preset = i;
		changed = 1;
	} else if (i >= 0 && (size_t)i < n + cfg->nviews) {
		struct filter f;
		struct err e = ERR_INIT;
		const struct config_view *cv = &cfg->views[(size_t)i - n];

		filter_init(&f);
		if (filter_parse(t, cv->filter, &f, &e) != TP_OK)
			ui_msg(ui, 1, "view %s (config line %d): %s", cv->name,
			    cv->line, e.msg);
		else {
			set_filter(v, cv->name, cv->filter);
			changed = 1;
		}
		filter_free(&f);
	} else if (i >= 0 && filterbox_prompt(ui, t, "Filter (Tab completes): ",
	    v->terms, &typed)) {
		set_filter(v, "", typed.s);
		changed = 1;
	}
	buf_free(&typed);
	for (size_t k = 0; k < cfg->nviews; k++)
		buf_free(&labels[k]);
	free(labels);
	free(names);
	return changed;
}
