/* csv.c - see csv.h. */
#include <errno.h>
#include <string.h>

#include "core/csv.h"

void
csv_open(struct csv *c, FILE *f, const char *name)
{
	memset(c, 0, sizeof *c);
	c->f = f;
	c->name = name;
	c->line = 1;
	buf_init(&c->text);
}

void
csv_close(struct csv *c)
{
	buf_free(&c->text);
}

static int
end_field(struct csv *c, struct err *e)
{
	if (c->nfields >= CSV_MAX_FIELDS)
		return err_set(e, TP_BADINPUT, "%s:%ld: more than %d fields",
		    c->name, c->record_line, CSV_MAX_FIELDS);
	buf_addc(&c->text, '\0');
	c->ends[c->nfields++] = c->text.len;
	return TP_OK;
}

/* Point fields[] into text once the record is complete (text may have
 * moved while it grew). */
static void
set_fields(struct csv *c)
{
	size_t start = 0;

	for (int i = 0; i < c->nfields; i++) {
		c->fields[i] = c->text.s + start;
		start = c->ends[i];
	}
}

/* "CSV UTF-8" from a spreadsheet starts with EF BB BF, which is not part
 * of the first column's name.  Bytes read that are not a BOM are kept as
 * the start of the first field (nothing else can precede them); returns
 * whether there were any. */
static int
skip_bom(struct csv *c)
{
	static const unsigned char bom[3] = { 0xEF, 0xBB, 0xBF };
	int ch;

	for (int i = 0; i < 3; i++) {
		if ((ch = getc(c->f)) == bom[i])
			continue;
		buf_addn(&c->text, (const char *)bom, (size_t)i);
		if (ch != EOF)
			ungetc(ch, c->f);
		return i > 0;
	}
	return 0;
}

int
csv_next(struct csv *c, int *got, struct err *e)
{
	int ch, quoted = 0, in_quotes = 0, after_quote = 0, any = 0;

	*got = 0;
	c->nfields = 0;
	buf_reset(&c->text);
	c->record_line = c->line;
	if (!c->started) {
		c->started = 1;
		any = skip_bom(c);
	}
	for (;;) {
		ch = getc(c->f);
		if (ch == EOF) {
			if (ferror(c->f))
				return err_set(e, TP_IO, "%s: %s", c->name,
				    strerror(errno));
			if (in_quotes)
				return err_set(e, TP_BADINPUT, "%s:%ld: "
				    "quoted field not closed", c->name,
				    c->record_line);
			if (!any)
				return TP_OK;
			break;
		}
		any = 1;
		if (ch == '\n')
			c->line++;
		/* Fields are C strings: a NUL would cut the value short. */
		if (ch == '\0')
			return err_set(e, TP_BADINPUT, "%s:%ld: a NUL byte in a "
			    "field (not a text file?)", c->name, c->line);
		if (in_quotes) {
			if (ch == '"') {
				in_quotes = 0;
				after_quote = 1;
			} else
				buf_addc(&c->text, (char)ch);
			continue;
		}
		if (ch == '"') {
			if (after_quote) {          /* "" inside quotes */
				buf_addc(&c->text, '"');
				in_quotes = 1;
				after_quote = 0;
				continue;
			}
			if (quoted || c->text.len > (c->nfields ?
			    c->ends[c->nfields - 1] : 0))
				return err_set(e, TP_BADINPUT, "%s:%ld: stray "
				    "quote inside a field", c->name, c->line);
			quoted = in_quotes = 1;
			continue;
		}
		if (ch == ',') {
			if (end_field(c, e) != TP_OK)
				return e->code;
			quoted = after_quote = 0;
			continue;
		}
		if (ch == '\r') {
			int nx = getc(c->f);

			if (nx == '\n') {
				c->line++;
				break;
			}
			if (nx != EOF)
				ungetc(nx, c->f);
			break;
		}
		if (ch == '\n')
			break;
		if (after_quote)
			return err_set(e, TP_BADINPUT, "%s:%ld: text after a "
			    "closing quote", c->name, c->line);
		buf_addc(&c->text, (char)ch);
	}
	if (end_field(c, e) != TP_OK)
		return e->code;
	set_fields(c);
	*got = 1;
	return TP_OK;
}

void
csv_field(struct buf *out, const char *s)
{
	size_t n = strlen(s);

	if (strpbrk(s, ",\"\r\n") == NULL &&
	    (n == 0 || (s[0] != ' ' && s[n - 1] != ' '))) {
		buf_add(out, s);
		return;
	}
	buf_addc(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(out, '"');
		buf_addc(out, *s);
	}
	buf_addc(out, '"');
}

/* Whether s, after any apostrophes, starts as a formula would. */
static int
formula_like(const char *s)
{
	while (*s == '\'')
		s++;
	return *s == '=' || *s == '+' || *s == '-' || *s == '@';
}

void
csv_text_field(struct buf *out, const char *s)
{
	struct buf g;

	if (!formula_like(s)) {
		csv_field(out, s);
		return;
	}
	/* One more apostrophe however many were there, so that unguarding
	 * gives back exactly the text. */
	buf_init(&g);
	buf_addc(&g, '\'');
	buf_add(&g, s);
	csv_field(out, g.s);
	buf_free(&g);
}

const char *
csv_unguard(const char *s)
{
	return s[0] == '\'' && formula_like(s) ? s + 1 : s;
}
