#!/bin/sh
# ui_width.sh - UTF-8 widths: CJK and emoji client names (two columns a
# character) and combining marks (none) keep the columns aligned; a long
# wide name is cut on a character boundary.  Where the locale is not
# UTF-8 the screen falls back to plain ASCII.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF2'
UPDATE clients SET name = '株式会社テスト商事ホールディングス' WHERE id = 1;
UPDATE clients SET name = 'Cafe' || char(769) || ' Ünïcode' || char(769) WHERE id = 2;
UPDATE clients SET name = '🚀 Rocket 🚀 Labs' WHERE id = 3;
EOF2

ui_start
ui_see 'Ticket queue' 'starts'
ui_see '株式会社テス' 'a CJK name shows'
ui_see "Cafe$(printf '\314\201') " 'a combining accent joins its letter'
ui_see '🚀 Rocket' 'an emoji name shows'
ui_aligned 'Server disk' 'Scanner driver' 'Monitor flickers' 'Email bounces' \
    'Printer jams' 'VPN drops' 'Wifi slow'
ui_aligned '-  ' 'omar' 'jane'
# the 34-column CJK name is cut to its 14 columns: 6 characters (12),
# the ellipsis (1) and a space, never half a character
ui_see '株式会社テス…  Monitor' 'a wide name is cut on a character boundary'
ui_keys 1
ui_see 'Client hub' 'hub'
ui_aligned ' active '
ui_keys 3
ui_see 'Assets' 'assets'
ui_aligned 'Workstati' 'Network' 'Server '
ui_quit

# No UTF-8 locale: ASCII only.
export LANG=C LC_ALL=C
ui_start
ui_see 'Ticket queue' 'starts in the C locale'
ui_see '\?\?\?\?\?' 'non-ASCII names become ?'
ui_aligned 'Server disk' 'Scanner driver' 'Monitor flickers' 'Email bounces'
ui_keys 4
ui_see '^  31-60 +#+ ' 'the aging bars are #'
ui_quit
export LANG=C.UTF-8 LC_ALL=C.UTF-8
is "$(LC_ALL=C grep -c "$(printf '[\200-\377]')" "$UI_RAW")" 0 \
    'no byte above ASCII was written'
done_testing
