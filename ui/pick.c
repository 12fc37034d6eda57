/* pick.c - see pick.h. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "service/asset.h"
#include "service/client.h"
#include "service/user.h"
#include "ui/pick.h"

/* "Name (company, city) #id": two clients may share a name (the demo has
 * two Beacon Hotels), never an id, and the company and first location's
 * city say which is which to a person. */
static void
client_label(struct ui *ui, const struct rows *r, size_t i, char *out,
    size_t n)
{
	struct rows loc = { 0 };
	struct err e = ERR_INIT;
	const char *company = rows_text(r, i, "company_name");
	const char *city = rows_text(r, i, "city");
	int64_t id = rows_int(r, i, "id");

	/* client_list rows carry the city; one client's own row does not. */
	if (rows_col(r, "city") < 0 &&
	    client_locations(ui->db, id, &loc, &e) == TP_OK)
		for (size_t k = 0; k < loc.n && !*city; k++)
			city = rows_text(&loc, k, "city");
	snprintf(out, n, "%s%s%s%s%s%s #%lld", rows_text(r, i, "name"),
	    *company || *city ? " (" : "", company, *company && *city ?
	    ", " : "", city, *company || *city ? ")" : "", (long long)id);
	rows_free(&loc);
}

size_t
pick_clients(struct ui *ui, const char *query, void *arg,
    struct w_choice *out, size_t max)
{
	struct client_filter f;
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	size_t n = 0;

	(void)arg;
	memset(&f, 0, sizeof f);
	f.search = query && *query ? query : NULL;
	f.limit = (int)max;
	if (client_list(ui->db, &f, &r, &e) != TP_OK)
		return 0;
	for (size_t i = 0; i < r.n && n < max; i++, n++) {
		client_label(ui, &r, i, out[n].label, sizeof out[n].label);
		out[n].id = rows_int(&r, i, "id");
	}
	rows_free(&r);
	return n;
}

void
pick_client_label(struct ui *ui, int64_t id, char *out, size_t n)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;

	out[0] = '\0';
	if (id > 0 && client_get(ui->db, id, &r, &e) == TP_OK)
		client_label(ui, &r, 0, out, n);
	rows_free(&r);
}

/* Whether hay holds needle, in any case (ASCII). */
static int
holds(const char *hay, const char *needle)
{
	size_t nl = strlen(needle);

	if (nl == 0)
		return 1;
	for (; *hay; hay++) {
		size_t k = 0;

		while (k < nl && hay[k] && tolower((unsigned char)hay[k]) ==
		    tolower((unsigned char)needle[k]))
			k++;
		if (k == nl)
			return 1;
	}
	return 0;
}

/* "(none)", then the rows' labels that hold query. */
typedef void (*label_fn)(const struct rows *r, size_t i, char *out,
    size_t n);

static size_t
narrow(const struct rows *r, label_fn label, const char *query,
    struct w_choice *out, size_t max)
{
	size_t n = 0;

	if (max == 0)
		return 0;
	if (holds("(none)", query)) {
		snprintf(out[n].label, sizeof out[n].label, "(none)");
		out[n++].id = 0;
	}
	for (size_t i = 0; i < r->n && n < max; i++) {
		label(r, i, out[n].label, sizeof out[n].label);
		if (!holds(out[n].label, query))
			continue;
		out[n++].id = rows_int(r, i, "id");
	}
	return n;
}

static void
contact_label(const struct rows *r, size_t i, char *out, size_t n)
{
	const char *title = rows_text(r, i, "title");

	snprintf(out, n, "%s%s%s%s", rows_text(r, i, "name"),
	    *title ? ", " : "", title,
	    rows_int(r, i, "is_primary") ? " (primary)" : "");
}

static void
asset_label(const struct rows *r, size_t i, char *out, size_t n)
{
	const char *serial = rows_text(r, i, "serial");

	snprintf(out, n, "%s%s%s #%lld", rows_text(r, i, "name"),
	    *serial ? " SN " : "", serial, (long long)rows_int(r, i, "id"));
}

static void
user_label(const struct rows *r, size_t i, char *out, size_t n)
{
	snprintf(out, n, "%s", rows_text(r, i, "name"));
}

size_t
pick_contacts(struct ui *ui, const char *query, void *arg,
    struct w_choice *out, size_t max)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	size_t n = 0;

	if (client_contacts(ui->db, *(const int64_t *)arg, &r, &e) == TP_OK)
		n = narrow(&r, contact_label, query, out, max);
	rows_free(&r);
	return n;
}

size_t
pick_assets(struct ui *ui, const char *query, void *arg,
    struct w_choice *out, size_t max)
{
	struct asset_filter f;
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	size_t n = 0;

	memset(&f, 0, sizeof f);
	f.client_id = *(const int64_t *)arg;
	f.expiring_days = -1;
	f.limit = 1000;
	if (asset_list(ui->db, &f, &r, &e) == TP_OK)
		n = narrow(&r, asset_label, query, out, max);
	rows_free(&r);
	return n;
}

size_t
pick_users(struct ui *ui, const char *query, void *arg,
    struct w_choice *out, size_t max)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	size_t n = 0;

	(void)arg;
	if (user_list(ui->db, &r, &e) == TP_OK)
		n = narrow(&r, user_label, query, out, max);
	rows_free(&r);
	return n;
}
