/* url.c - see url.h. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>

#include "core/url.h"

#define HOST_MAX 253

int
url_host_is_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (strcasecmp(host, "localhost") == 0)
		return 1;
	/* inet_pton takes only the dotted quad of decimal octets: "127.1",
	 * "0177.0.0.1" or "2130706433" are refused rather than guessed. */
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return memcmp(&a6, &in6addr_loopback, sizeof a6) == 0;
	return 0;
}

/* A name or an IPv4 address: letters, digits, '-' and '.', no empty
 * label. */
static int
reg_name_ok(const char *h, size_t n)
{
	int label = 0;

	if (n == 0 || n > HOST_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)h[i];

		if (c == '.') {
			if (label == 0)
				return 0;
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-') {
			label++;
		} else {
			return 0;
		}
	}
	return 1;
}

static int
port_ok(const char *p, size_t n)
{
	long v = 0;

	if (n == 0 || n > 5)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		v = v * 10 + (p[i] - '0');
	}
	return v >= 1 && v <= 65535;
}

/* Split the authority into host (brackets removed) and port; refuse
 * userinfo, percent-encoding and anything that is not a host. */
static int
parse_authority(const char *a, size_t n, char *host, size_t hostsz,
    struct err *e)
{
	const char *h = a, *port = NULL;
	size_t hn;
	int v6 = 0;

	if (memchr(a, '@', n))
		return err_set(e, TP_BADINPUT, "credentials in the URL "
		    "(user@host) are refused: put them in sync.auth");
	if (memchr(a, '%', n))
		return err_set(e, TP_BADINPUT, "percent-encoding in the host is "
		    "refused");
	if (n > 0 && a[0] == '[') {
		const char *close = memchr(a, ']', n);

		if (close == NULL)
			return err_set(e, TP_BADINPUT, "unclosed '[' in the host");
		h = a + 1;
		hn = (size_t)(close - h);
		v6 = 1;
		if (close + 1 < a + n) {
			if (close[1] != ':')
				return err_set(e, TP_BADINPUT, "bad host");
			port = close + 2;
		}
	} else {
		const char *colon = memchr(a, ':', n);

		hn = colon ? (size_t)(colon - a) : n;
		if (colon)
			port = colon + 1;
	}
	if (port && !port_ok(port, (size_t)(a + n - port)))
		return err_set(e, TP_BADINPUT, "bad port: expected 1 to 65535");
	if (hn == 0)
		return err_set(e, TP_BADINPUT, "no host");
	if (hn >= hostsz)
		return err_set(e, TP_BADINPUT, "the host is too long");
	memcpy(host, h, hn);
	host[hn] = '\0';
	if (v6) {
		struct in6_addr a6;

		if (inet_pton(AF_INET6, host, &a6) != 1)
			return err_set(e, TP_BADINPUT, "bad IPv6 address");
	} else if (!reg_name_ok(host, hn)) {
		return err_set(e, TP_BADINPUT, "bad host");
	}
	return TP_OK;
}

int
url_check(const char *url, struct err *e)
{
	char host[HOST_MAX + 1];
	const char *a, *end;
	int tls;

	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
		    *p == '\\')
			return err_set(e, TP_BADINPUT, "spaces, controls, "
			    "backslashes and non-ASCII characters are not "
			    "allowed in a URL");
	if (strncasecmp(url, "https://", 8) == 0) {
		tls = 1;
		a = url + 8;
	} else if (strncasecmp(url, "http://", 7) == 0) {
		tls = 0;
		a = url + 7;
	} else {
		return err_set(e, TP_BADINPUT, "expected https://host/..., or "
		    "http:// only to localhost, 127.0.0.1 or [::1]");
	}
	end = a + strcspn(a, "/?#");
	if (parse_authority(a, (size_t)(end - a), host, sizeof host, e)
	    != TP_OK)
		return e->code;
	if (!tls && !url_host_is_loopback(host))
		return err_set(e, TP_BADINPUT, "plain http is allowed only to "
		    "loopback (localhost, 127.0.0.1, [::1]): use https");
	return TP_OK;
}
