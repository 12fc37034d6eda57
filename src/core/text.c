/* text.c - see text.h. */
#include <string.h>
#include <wchar.h>

#include "core/text.h"

size_t
text_utf8_decode(const char *str, size_t n, unsigned *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c, min;
	size_t len;

	if (n == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		len = 2; c &= 0x1f; min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3; c &= 0x0f; min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4; c &= 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Code points that change how later text is laid out or read. */
static int
is_format_control(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9f) ||          /* C1 */
	    cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) ||          /* LRE..RLO */
	    (cp >= 0x2066 && cp <= 0x2069) ||          /* LRI..PDI */
	    cp == 0x2028 || cp == 0x2029 || cp == 0xfeff;
}

int
text_parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	const char *p = s;
	int64_t v = 0;
	int neg = 0;

	if (p == NULL)
		return -1;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		int d = *p - '0';

		/* Accumulate negatively: INT64_MIN has no positive twin. */
		if (v < (INT64_MIN + d) / 10)
			return -1;
		v = v * 10 - d;
	}
	if (*p != '\0' || (!neg && v == INT64_MIN))
		return -1;
	if (!neg)
		v = -v;
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
text_is_control(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f || is_format_control(cp);
}

int
text_check(const char *s, const char *field, size_t max_chars, int flags,
    struct err *e)
{
	size_t i = 0, n, len, chars = 0;
	unsigned cp;

	if (s == NULL)
		return TP_OK;
	n = strlen(s);
	while (i < n) {
		len = text_utf8_decode(s + i, n - i, &cp);
		if (len == 0)
			return err_set(e, TP_BADINPUT, "%s is not valid UTF-8 "
			    "(byte %zu)", field, i + 1);
		chars++;
		if (text_is_control(cp) && !((flags & TEXT_MULTILINE) &&
		    (cp == '\n' || cp == '\t')))
			return err_set(e, TP_BADINPUT, "%s holds a control "
			    "character (U+%04X at character %zu)", field, cp,
			    chars);
		i += len;
	}
	if (max_chars && chars > max_chars)
		return err_set(e, TP_BADINPUT, "%s longer than %zu characters",
		    field, max_chars);
	return TP_OK;
}

int
text_check_all(const struct text_field *f, size_t n, struct err *e)
{
	for (size_t i = 0; i < n; i++)
		if (text_check(f[i].value, f[i].name, f[i].max_chars,
		    f[i].flags, e) != TP_OK)
			return e->code;
	return TP_OK;
}

static const char replacement[] = "\xef\xbf\xbd";   /* U+FFFD */

size_t
text_repair(const char *s, size_t n, struct buf *out)
{
	size_t i = 0, len, bad = 0;
	unsigned cp;

	if (s == NULL)
		return 0;
	if (n == (size_t)-1)
		n = strlen(s);
	while (i < n) {
		len = text_utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			buf_add(out, replacement);
			bad++;
			i++;
			continue;
		}
		buf_addn(out, s + i, len);
		i += len;
	}
	return bad;
}

void
text_json_escape(const char *json, size_t n, struct buf *out)
{
	size_t i = 0, len;
	unsigned cp;

	if (json == NULL)
		return;
	if (n == (size_t)-1)
		n = strlen(json);
	while (i < n) {
		len = text_utf8_decode(json + i, n - i, &cp);
		if (len == 0) {
			buf_add(out, "\\ufffd");
			i++;
			continue;
		}
		/* Whitespace between tokens stays; inside a string a raw
		 * newline or tab would not be JSON, so it never is one. */
		if (text_is_control(cp) && cp != '\n' && cp != '\t' &&
		    cp != '\r')
			buf_addf(out, "\\u%04x", cp);
		else
			buf_addn(out, json + i, len);
		i += len;
	}
}

void
text_sanitize(const char *s, size_t n, int flags, struct buf *out)
{
	const char *repl = replacement;
	size_t i = 0, len;
	unsigned cp;

	if (s == NULL)
		return;
	if (n == (size_t)-1)
		n = strlen(s);
	while (i < n && s[i] != '\0') {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			if (c == '\n' && (flags & TEXT_MULTILINE))
				buf_addc(out, '\n');
			else if (c == '\t' || c == '\n' || c == '\r')
				buf_addc(out, ' ');
			else if (c < 0x20) {
				buf_addc(out, '^');
				buf_addc(out, (char)(c + 0x40));
			} else if (c == 0x7f)
				buf_add(out, "^?");
			else
				buf_addc(out, (char)c);
			i++;
			continue;
		}
		len = text_utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			buf_add(out, (flags & TEXT_ASCII) ? "?" : repl);
			i++;
			continue;
		}
		if (flags & TEXT_ASCII)
			buf_addc(out, '?');
		else if (is_format_control(cp))
			buf_add(out, repl);
		else
			buf_addn(out, s + i, len);
		i += len;
	}
}

static int
cp_width(unsigned cp)
{
	int w = wcwidth((wchar_t)cp);

	return w < 0 ? 1 : w;
}

int
text_width(const char *s)
{
	size_t n = strlen(s), i = 0, len;
	unsigned cp;
	int w = 0;

	while (i < n) {
		len = text_utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			w++;
			i++;
			continue;
		}
		w += cp < 0x80 ? 1 : cp_width(cp);
		i += len;
	}
	return w;
}

void
text_fit(const char *s, int width, int pad, int flags, struct buf *out)
{
	struct buf clean;
	size_t i = 0, len;
	unsigned cp;
	int w = 0, cw;
	const char *ell = (flags & TEXT_ASCII) ? "~" : "\xe2\x80\xa6";

	buf_init(&clean);
	text_sanitize(s ? s : "", (size_t)-1, flags & ~TEXT_MULTILINE, &clean);
	if (text_width(clean.s) <= width) {
		buf_add(out, clean.s);
		w = text_width(clean.s);
	} else {
		while (i < clean.len) {
			len = text_utf8_decode(clean.s + i, clean.len - i, &cp);
			if (len == 0)
				len = 1, cp = '?';
			cw = cp < 0x80 ? 1 : cp_width(cp);
			if (w + cw > width - 1)
				break;
			buf_addn(out, clean.s + i, len);
			w += cw;
			i += len;
		}
		buf_add(out, ell);
		w++;
	}
	while (pad && w < width) {
		buf_addc(out, ' ');
		w++;
	}
	buf_free(&clean);
}

void
text_fts_phrase(const char *s, size_t n, struct buf *out)
{
	buf_addc(out, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_addc(out, '"');
		buf_addc(out, s[i]);
	}
	buf_addc(out, '"');
}

int
text_next_word(const char **p, const char **word, size_t *n)
{
	*p += strspn(*p, TEXT_SPACE);
	*word = *p;
	*n = strcspn(*p, TEXT_SPACE);
	*p += *n;
	return *n > 0;
}

int
text_fts_query(const char *text, struct buf *out)
{
	const char *p = text ? text : "", *w;
	size_t n;
	int terms = 0;

	while (text_next_word(&p, &w, &n)) {
		if (terms++)
			buf_addc(out, ' ');
		text_fts_phrase(w, n, out);
		buf_addc(out, '*');
	}
	return terms;
}

size_t
text_unix_newlines(char *s)
{
	char *w = s;

	for (const char *r = s; *r; r++) {
		if (*r == '\r' && (r[1] == '\n' || r[1] == '\0'))
			continue;
		*w++ = *r;
	}
	*w = '\0';
	return (size_t)(w - s);
}
