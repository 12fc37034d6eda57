/* ui.c - placeholder until the curses UI lands. */
#include <stdio.h>

#include "ui.h"

int
ui_main(struct app *app)
{
	(void)app;
	fprintf(stderr, "termpsa: the terminal UI is not built yet\n");
	return 70;
}
