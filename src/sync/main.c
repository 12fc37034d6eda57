/* termpsa-sync: placeholder until the sync worker lands. */
#include <stdio.h>

int
main(void)
{
	fprintf(stderr, "termpsa-sync: not built yet\n");
	return 70;
}
