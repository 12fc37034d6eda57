/* yamldepth.c - see yamldepth.h. */
#include <yaml.h>

#include "core/yamldepth.h"

int
yamldepth_check(const char *path, const char *data, size_t len,
    struct err *e)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int depth = 0, rc = TP_OK, done = 0;

	if (!yaml_parser_initialize(&parser))
		return err_set(e, TP_INTERNAL, "%s: out of memory", path);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done && rc == TP_OK && yaml_parser_parse(&parser, &ev)) {
		if (ev.type == YAML_SEQUENCE_START_EVENT ||
		    ev.type == YAML_MAPPING_START_EVENT) {
			if (++depth > YAMLDEPTH_MAX)
				rc = err_set(e, TP_BADINPUT, "%s:%zu:%zu: nested "
				    "deeper than %d levels", path,
				    ev.start_mark.line + 1, ev.start_mark.column + 1,
				    YAMLDEPTH_MAX);
		} else if (ev.type == YAML_SEQUENCE_END_EVENT ||
		    ev.type == YAML_MAPPING_END_EVENT) {
			depth--;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return rc;
}
