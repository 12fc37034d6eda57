/* demo.c - placeholder. */
#include "demo.h"

int
demo_parse_scale(const char *s, int64_t *tickets, struct err *e)
{
	(void)s; (void)tickets;
	return err_set(e, TP_INTERNAL, "not yet");
}

int
demo_generate(struct db *db, int64_t tickets, uint64_t seed,
    void (*progress)(int64_t, int64_t, void *), void *arg, struct err *e)
{
	(void)db; (void)tickets; (void)seed; (void)progress; (void)arg;
	return err_set(e, TP_INTERNAL, "not yet");
}
