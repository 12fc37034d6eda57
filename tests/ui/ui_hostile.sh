#!/bin/sh
# ui_hostile.sh - text from the database reaches the terminal only as
# harmless visible characters: ESC, CSI, OSC (title), DCS, C1 controls (as
# UTF-8 and as raw bytes), BEL, bidi overrides and a 10,000-character
# subject planted in every displayed field.  The screen shows them as
# ^[ ... and the raw bytes the program wrote (pipe-pane) hold no escape
# sequence but curses' own.  Wide (CJK, emoji) and combining characters
# keep the columns aligned.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more
# H: every kind of hostile text at once.
H="(char(27) || ']0;PWNED' || char(7) || char(27) || '[6n' || char(27) || '[2J' || char(155) || '31m' || char(157) || '0;C1' || char(7) || char(8238) || 'evil' || char(8294) || char(27) || 'P1\$q' || char(27) || '\\' || CAST(x'9b5b33316d' AS TEXT) || char(8) || char(13) || char(1) || char(127))"
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<EOF
UPDATE clients SET name = 'Acme' || $H, company_name = $H, email = $H, phone = $H WHERE id = 1;
INSERT INTO client_contacts(client_id, name, email, phone, title, is_primary, created_at, updated_at)
 VALUES (1, 'Ann' || $H, $H, $H, $H, 1, 1768000000, 1768000000);
INSERT INTO client_locations(client_id, name, address, city, zip, country, created_at, updated_at)
 VALUES (1, 'HQ' || $H, $H, $H, $H, $H, 1768000000, 1768000000);
UPDATE tickets SET subject = 'Printer' || $H, body = $H || char(10) || $H, category = $H WHERE id = 1;
UPDATE tickets SET subject = substr('Long' || $H || hex(zeroblob(5000)), 1, 10000) WHERE id = 7;
UPDATE users SET name = 'jane' || $H WHERE id = 2;
INSERT INTO ticket_notes(ticket_id, author_id, body, created_at, updated_at)
 VALUES (1, 2, 'Note' || $H, 1768400000, 1768400000);
UPDATE assets SET name = 'PC' || $H, type = $H, serial = $H, make = $H, model = $H, notes = $H WHERE id = 1;
UPDATE invoices SET number = 'INV' || $H, subject = $H WHERE id = 1;
INSERT INTO invoice_items(invoice_id, position, description, quantity, price_cents, total_cents)
 VALUES (1, 1, 'Item' || $H, 100, 50000, 50000);
INSERT INTO notifications(kind, message, created_at) VALUES ($H, 'Msg' || $H, 1768470100);
EOF
is "$(sql 'SELECT length(subject) FROM tickets WHERE id = 7')" 10000 \
    'a 10,000-character subject is planted'

ui_start
ui_see 'Printer\^\[\]0;PWNED\^G\^\[' 'the queue shows the subject with ESC as ^['
ui_see 'Acme\^\[' 'and the client name'
ui_see 'jane\^\[' 'and the assignee'
ui_aligned 'Long' 'Server disk' 'Printer' 'Email bounces'
ui_keys /
ui_type Printer
ui_keys Enter Enter
ui_see '^  Printer\^\[' 'the ticket detail shows the subject'
ui_see 'Note\^\[' 'and the note'
ui_keys Escape Escape /
ui_type Long
ui_keys Enter
ui_see '^ +7 low' 'the long ticket is found'
ui_keys Enter
ui_see '^  0{60}' 'its detail wraps the 10,000 characters'
ui_keys q 1
ui_see 'Client hub' 'hub'
ui_see '^  Acme\^\[' 'the hub lists the name'
ui_keys Enter
ui_see '^Client 1: Acme\^\[' 'the dashboard'
ui_keys G
ui_see 'Ann\^\[' 'the contacts'
ui_see 'HQ\^\[' 'the locations'
ui_keys q 3
ui_see '^! PC\^\[' 'the asset list'
ui_keys /
ui_type PC
ui_keys Enter Enter
ui_see '^Asset 1: PC\^\[' 'the asset detail'
ui_keys Escape Escape 4
ui_see 'INV\^\[' 'the invoice list'
ui_keys G Enter
ui_see 'Item\^\[' 'the invoice lines'
ui_keys q I
ui_see 'Msg\^\[' 'the notifications'
ui_keys Enter
ui_see 'Msg\^\[' 'a notification'
ui_keys q :
ui_type 'ticket show 1'
ui_keys Enter
ui_see 'Printer' ':ticket show 1 shows the CLI output'
ui_keys q
ui_quit
is "$UI_RC" 0 'quits cleanly'

# The bytes written: only curses' own sequences.
result=$("$PYTHON3" - "$UI_RAW" <<'PY'
import re, sys
raw = open(sys.argv[1], 'rb').read()
problems = []
# Sequences curses sends for TERM=screen: CSI with digits/;/? and the
# usual finals, charset designation, keypad modes, save/restore, index.
allowed = re.compile(rb'\x1b(\[[0-9;?]*[ABCDGHJKLMPSTXZ@`dhlmrs]|\([B0]|\)[B0]|[=>78MEc])')
i = 0
while True:
    i = raw.find(b'\x1b', i)
    if i < 0:
        break
    m = allowed.match(raw, i)
    if not m:
        problems.append('ESC sequence %r' % raw[i:i + 12])
    i += 1
try:
    text = raw.decode('utf-8')
except UnicodeDecodeError as e:
    problems.append('invalid UTF-8 (a raw C1 byte?) at %d: %r' % (e.start, raw[e.start - 10:e.start + 10]))
    text = raw.decode('utf-8', 'replace')
for ch in text:
    o = ord(ch)
    if 0x80 <= o <= 0x9f:
        problems.append('C1 control U+%04X' % o)
    if o in (0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f):
        problems.append('bidi control U+%04X' % o)
    if o < 0x20 and o not in (0x08, 0x09, 0x0a, 0x0d, 0x0e, 0x0f, 0x1b):
        problems.append('C0 control 0x%02x' % o)
if b']0;PWNED' not in raw:
    problems.append('the planted text never reached the screen')
for p in sorted(set(problems))[:20]:
    print('# ' + p)
print('ok' if not problems else 'bad')
PY
)
printf '%s\n' "$result" | grep '^#'
is "$(printf '%s\n' "$result" | tail -1)" ok \
    'the raw output holds no escape sequence, C1, bidi or stray control of the data'
done_testing
