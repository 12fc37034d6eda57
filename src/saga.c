/* saga.c - placeholder. */
#include "saga.h"

int
saga_onboard_client(struct db *db, const struct client_new *c,
    struct onboard_result *r, struct err *e)
{
	(void)db; (void)c; (void)r;
	return err_set(e, TP_INTERNAL, "not yet");
}

int
saga_recover(struct db *db, int *n, struct err *e)
{
	(void)db; (void)e;
	*n = 0;
	return TP_OK;
}
