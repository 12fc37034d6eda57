#!/bin/sh
# completion.sh - the shell completions in contrib/completions complete
# what the program's own help lists: command words, each command's options,
# option values and positionals written as "a|b|c", and file names; bash
# always (when installed), zsh when installed (its completion functions are
# called with compadd and _files stubbed, since zsh completes only in a
# line editor).
. "$top_srcdir/tests/lib.sh"

command -v bash >/dev/null 2>&1 || skip_all "bash not installed"
BASHCOMP="$top_srcdir/contrib/completions/termpsa.bash"
ZSHCOMP="$top_srcdir/contrib/completions/_termpsa"

# The completion runs "termpsa" from PATH, as in a user's shell.
mkdir -p "$TMPD/bin"
ln -s "$TERMPSA" "$TMPD/bin/termpsa"
PATH="$TMPD/bin:$PATH"
export PATH
: >"$TMPD/data.csv"
: >"$TMPD/dates.txt"

# cb WORD...: what bash offers for the last word (sorted, one line).
cb() {
	bash -c '. "$1"; shift
	COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
	_termpsa termpsa "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " " | sed "s/ \$//"' \
	    cb "$BASHCOMP" "$@"
}

is "$(cb termpsa tic)" "ticket" "bash: termpsa tic -> ticket"
is "$(cb termpsa ticket l)" "list" "bash: termpsa ticket l -> list"
is "$(cb termpsa ticket list --st)" "--status" \
    "bash: termpsa ticket list --st -> --status"
is "$(cb termpsa invoice bill)" "bill-project bill-tickets" \
    "bash: both invoice bill- commands"
is "$(cb termpsa ticket list --sort '')" "client due newest priority sla updated" \
    "bash: an option's choices from its usage (--sort updated|priority|due|newest|client|sla)"
is "$(cb termpsa --db x.db ticket list --status open --sort p)" "priority" \
    "bash: global and command options' values are not taken for words"
is "$(cb termpsa ticket list --overdue --li)" "--limit" \
    "bash: a flag takes no value"
is "$(cb termpsa --js)" "--json" "bash: global options before the command"
is "$(cb termpsa ticket show 3 --js)" "--json" \
    "bash: global options after the command"
is "$(cb termpsa notifications '')" "read" \
    "bash: a command that is also the start of another"
is "$(cb termpsa project status 3 '')" "active completed on_hold" \
    "bash: a positional's choices (ID active|on_hold|completed)"
is "$(cb termpsa ticket assign 7 n)" "none" \
    "bash: only the lower-case choices of USER|me|none"
is "$(cb termpsa ticket show '')" "" \
    "bash: nothing (not file names) for an ID"
is "$(cb termpsa import csv clients "$TMPD/da")" "$TMPD/data.csv $TMPD/dates.txt" \
    "bash: file names for FILE"
is "$(cb termpsa --config "$TMPD/dat")" "$TMPD/data.csv $TMPD/dates.txt" \
    "bash: file names for --config PATH"
is "$(cb termpsa demo --scale '')" "large medium small" \
    "bash: --scale small|medium|large|N"
is "$(cb /nonexistent/termpsa tic)" "" \
    "bash: no program, no completion (and no error)"

# Every command of --help is reached word by word, and every option of
# its usage line is offered after it: nothing is listed in the completion.
out=$(bash -c '. "$1"
	fail=0 n=0
	comp() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
		_termpsa; }
	while read -r cmd; do
		set -- $cmd
		n=$((n + 1))
		typed=(termpsa)
		for w in "$@"; do
			comp "${typed[@]}" "${w%?}"
			case " ${COMPREPLY[*]} " in
			*" $w "*) ;;
			*) echo "word $w of $cmd not offered: ${COMPREPLY[*]}"
			   fail=1 ;;
			esac
			typed+=("$w")
		done
		opts=$(termpsa "$@" --help | head -1 |
		    grep -oE -- "--[a-z][a-z0-9-]*" | sort -u)
		comp "${typed[@]}" --
		for o in $opts; do
			case " ${COMPREPLY[*]} " in
			*" $o "*) ;;
			*) echo "$o of $cmd not offered"; fail=1 ;;
			esac
		done
	done < <(termpsa --help | sed -n "/^Commands:/,/^\$/p" | sed "1d;\$d" |
	    sed "s/^  //; s/  .*//")
	echo "commands: $n"
	exit $fail' all "$BASHCOMP" 2>&1)
is "$?" 0 "bash: every command and every option of --help is offered"
like "$out" '^commands: [0-9]{2,}$' "bash: the check saw the command table"
printf '%s\n' "$out" | grep -v '^commands:' | head -20 | sed 's/^/#   /'

if command -v zsh >/dev/null 2>&1; then
	# cz WORD...: what zsh offers for the last word.
	cz() {
		zsh -f -c '
		compadd() {
			while [[ $1 == -* && $1 != -- ]]; do shift; done
			[[ $1 == -- ]] && shift
			local a
			for a; do [[ $a == ${words[CURRENT]}* ]] && print -r -- $a; done
			return 0
		}
		_files() { print -r -- "(files)"; }
		words=(); source "$1"; shift
		words=("$@"); CURRENT=$#
		_termpsa | sort | tr "\n" " " | sed "s/ \$//"' cz "$ZSHCOMP" "$@"
	}
	is "$(cz termpsa tic)" "ticket" "zsh: termpsa tic -> ticket"
	is "$(cz termpsa ticket l)" "list" "zsh: termpsa ticket l -> list"
	is "$(cz termpsa ticket list --st)" "--status" \
	    "zsh: termpsa ticket list --st -> --status"
	is "$(cz termpsa --db x.db ticket list --status open --sort p)" \
	    "priority" "zsh: option values skipped, a value's choices"
	is "$(cz termpsa project status 3 '')" "active completed on_hold" \
	    "zsh: a positional's choices"
	is "$(cz termpsa import csv clients x)" "(files)" "zsh: files for FILE"
	is "$(cz termpsa ticket show '')" "" "zsh: nothing for an ID"
else
	ok 0 "# SKIP zsh not installed"
fi

done_testing
