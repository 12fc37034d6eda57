/*
 * url_unit.c - the one URL rule (core/url.c) on a table of URLs: https to
 * any well-formed host, plain http only to a host that is loopback after
 * parsing (userinfo, percent-encoding, IPv6, ports and case handled).
 */
#include <stdio.h>

#include "core/url.h"
#include "tap.h"

static const struct {
	const char *url;
	int         ok;
} cases[] = {
	/* https: any host */
	{ "https://psa.example.com/api", 1 },
	{ "HTTPS://PSA.Example.COM/api", 1 },
	{ "https://psa.example.com:8443/api?x=1#f", 1 },
	{ "https://10.0.0.1/", 1 },
	{ "https://[2001:db8::1]:443/", 1 },
	{ "https://psa.example.com", 1 },
	/* plain http to loopback */
	{ "http://127.0.0.1/", 1 },
	{ "http://127.0.0.1:8080/api", 1 },
	{ "http://127.1.2.3", 1 },
	{ "http://localhost:9/api", 1 },
	{ "HTTP://LocalHost/", 1 },
	{ "http://[::1]:8080/", 1 },
	{ "http://[0:0:0:0:0:0:0:1]/", 1 },
	{ "http://127.0.0.1?q", 1 },
	/* plain http elsewhere, however it is spelt */
	{ "http://127.0.0.1.evil.example/", 0 },
	{ "http://127.0.0.1@10.0.0.1/", 0 },
	{ "http://127.0.0.1%2eevil.example/", 0 },
	{ "http://localhost.evil.example/", 0 },
	{ "http://localhost@evil.example/", 0 },
	{ "http://user:pw@127.0.0.1/", 0 },
	{ "http://[::1].evil.example/", 0 },
	{ "http://[::2]/", 0 },
	{ "http://[::1%25eth0]/", 0 },
	{ "http://128.0.0.1/", 0 },
	{ "http://10.0.0.1/", 0 },
	{ "http://0177.0.0.1/", 0 },
	{ "http://2130706433/", 0 },
	{ "http://127.0.0.1\\@evil.example/", 0 },
	{ "http://127.0.0.1 .evil.example/", 0 },
	{ "http://127.0.0.1:99999/", 0 },
	{ "http://127.0.0.1:/", 0 },
	{ "http://127.0.0.1:80x/", 0 },
	{ "http://psa.example.com", 0 },
	{ "http:///127.0.0.1", 0 },
	/* neither */
	{ "ftp://127.0.0.1/", 0 },
	{ "https://", 0 },
	{ "https:///api", 0 },
	{ "https://user@psa.example.com/", 0 },
	{ "https://psa..example.com/", 0 },
	{ "https://[2001:db8::1/", 0 },
	{ "psa.example.com", 0 },
	{ "", 0 },
};

int
main(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct err e = ERR_INIT;
		char name[160];
		int rc = url_check(cases[i].url, &e);

		snprintf(name, sizeof name, "%s %s", cases[i].ok ? "accepts" :
		    "refuses", cases[i].url);
		if (cases[i].ok)
			ok(rc == TP_OK, name);
		else
			ok(rc == TP_BADINPUT && e.msg[0] != '\0', name);
		if ((rc == TP_OK) != cases[i].ok)
			printf("#   %s\n", e.msg);
	}
	return tap_done();
}
