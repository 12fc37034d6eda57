#!/bin/sh
# fuzz.sh - `make fuzz`: build each libFuzzer target with clang
# (-fsanitize=fuzzer,address,undefined) and run it for a bounded time on its
# seed corpus; exit non-zero on any crash, leak, timeout or sanitizer report.
#
#   fuzz.sh TARGET... -- SOURCE...
#
# TARGET t is tests/fuzz/t_fuzz.c with its seeds in tests/fuzz/corpus/t/
# and an optional dictionary tests/fuzz/t.dict.  SOURCEs are the library
# files the targets link (.h ignored); each is looked for in the build
# folder first (generated files), then in $top_srcdir.  Run from the build
# folder.  Environment (make passes its variables of the same names):
#   top_srcdir     the source tree (required)
#   FUZZ_CC        the compiler, default clang
#   FUZZ_SECONDS   seconds per target, default 60
#   FUZZ_MAX_LEN   the largest input tried, default 4096
#   FUZZ_CFLAGS    extra compile flags (the libraries' -I)
#   FUZZ_LIBS      libraries to link (-lsqlite3 -lyaml ...)
# Everything built or found goes under tests/fuzz/ in the build folder:
# out/ (objects, binaries), work/TARGET/ (inputs the fuzzer found
# interesting, kept between runs), TARGET.log, and crash-* / leak-* /
# timeout-* files for anything that failed (replay one with
# `tests/fuzz/TARGET_replay.t FILE`).
set -u

: "${top_srcdir:?top_srcdir must be set}"
CC=${FUZZ_CC:-clang}
SECONDS_EACH=${FUZZ_SECONDS:-60}
MAX_LEN=${FUZZ_MAX_LEN:-4096}
CFLAGS="-g -O1 -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 \
-fno-omit-frame-pointer -fno-sanitize-recover=all \
-I$top_srcdir/src -I$top_srcdir -I$top_srcdir/tests -I$top_srcdir/tests/fuzz -Isrc ${FUZZ_CFLAGS:-}"
SAN=address,undefined

if ! command -v "$CC" >/dev/null 2>&1; then
	echo "make fuzz: $CC not found; the fuzz targets need clang with" \
	    "libFuzzer (Debian: apt-get install clang)" >&2
	exit 1
fi

targets=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	targets="$targets $1"
	shift
done
[ $# -gt 0 ] && shift
if [ -z "$targets" ]; then
	echo "usage: fuzz.sh TARGET... -- SOURCE..." >&2
	exit 64
fi

out=tests/fuzz/out
mkdir -p "$out/obj" || exit 1

# The newest header: an object older than it is rebuilt.
newest_h=$(ls -t "$top_srcdir"/src/*.h "$top_srcdir"/src/*/*.h "$top_srcdir"/ui/*.h \
    2>/dev/null | head -1)

# compile SRC OBJ FLAGS...: when OBJ is missing or older than SRC or the
# newest header.
compile() {
	src=$1 obj=$2
	shift 2
	if [ -f "$obj" ] && [ ! "$src" -nt "$obj" ] &&
	    { [ -z "$newest_h" ] || [ ! "$newest_h" -nt "$obj" ]; }; then
		return 0
	fi
	echo "  CC(fuzz) $src"
	# shellcheck disable=SC2086
	$CC $CFLAGS "$@" -c "$src" -o "$obj"
}

objs=
for s in "$@"; do
	case $s in *.c) ;; *) continue ;; esac
	if [ -f "$s" ]; then src=$s; else src=$top_srcdir/$s; fi
	obj=$out/obj/$(printf '%s' "$s" | tr / _ | sed 's/\.c$/.o/')
	compile "$src" "$obj" -fsanitize=fuzzer-no-link,$SAN || exit 1
	objs="$objs $obj"
done
# An archive, not a list of objects: a target pulls in only what it uses,
# so a source that needs a symbol only one harness provides (cli_config.c
# and the cli target's ui_check_binds) does not break the others' link.
lib=$out/libfuzz.a
rm -f "$lib"
# shellcheck disable=SC2086
ar rcs "$lib" $objs || exit 1

failed=
for t in $targets; do
	harness=$top_srcdir/tests/fuzz/${t}_fuzz.c
	seeds=$top_srcdir/tests/fuzz/corpus/$t
	bin=$out/${t}_fuzz
	log=tests/fuzz/$t.log
	if [ ! -f "$harness" ] || [ ! -d "$seeds" ]; then
		echo "make fuzz: no target $t ($harness and $seeds)" >&2
		exit 64
	fi
	compile "$harness" "$out/${t}_fuzz.o" -fsanitize=fuzzer,$SAN || exit 1
	echo "  LINK(fuzz) $bin"
	# shellcheck disable=SC2086
	$CC -fsanitize=fuzzer,$SAN -o "$bin" "$out/${t}_fuzz.o" "$lib" \
	    ${FUZZ_LIBS:-} || exit 1
	dict=
	[ -f "$top_srcdir/tests/fuzz/$t.dict" ] &&
	    dict=-dict=$top_srcdir/tests/fuzz/$t.dict
	mkdir -p "tests/fuzz/work/$t"
	echo "make fuzz: $t for ${SECONDS_EACH}s (log: $log)"
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	"$bin" -max_total_time="$SECONDS_EACH" -max_len="$MAX_LEN" \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="tests/fuzz/$t-" $dict \
	    "tests/fuzz/work/$t" "$seeds" >"$log" 2>&1
	rc=$?
	# A report that did not stop the run still counts.
	if [ $rc -ne 0 ] || grep -Eq 'runtime error:|ERROR: (Address|Leak|Undefined)Sanitizer|ERROR: libFuzzer' "$log"; then
		echo "make fuzz: $t FAILED (exit $rc); see $log:" >&2
		grep -E -m1 -A10 'runtime error:|==ERROR|ERROR: libFuzzer' \
		    "$log" >&2
		grep -E '^SUMMARY|Test unit written to' "$log" >&2
		failed="$failed $t"
	else
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		echo "make fuzz: $t ok, ${runs:-?} inputs, no crash"
	fi
done
if [ -n "$failed" ]; then
	echo "make fuzz: failed:$failed" >&2
	exit 1
fi
echo "make fuzz: all targets ran clean:$targets"
