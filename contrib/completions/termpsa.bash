# termpsa.bash - bash completion for termpsa(1).
#
# Nothing here lists a command or an option: all is read from the program
# at completion time, so it follows the command table and never goes
# stale.  `termpsa --help` lists every command ("Commands:") and the global
# options; `termpsa WORDS --help` starts with the command's usage line,
# "usage: termpsa ticket list [--status S[,S..]] [--overdue] ...", from
# which come its options, whether each takes a value, the choices of a
# value or a positional written as "a|b|c", and FILE/PATH arguments.
#
# Install as $(datadir)/bash-completion/completions/termpsa (make install
# does), or source it from ~/.bashrc.

# _termpsa_commands PROG: every command, one per line ("ticket list").
_termpsa_commands()
{
	"$1" --help 2>/dev/null | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z0-9-]*\( [a-z][a-z0-9-]*\)*\)  .*/\1/p'
}

# _termpsa_usage PROG WORDS...: the command's usage line after its words.
_termpsa_usage()
{
	local prog=$1 line
	shift
	line=$("$prog" "$@" --help 2>/dev/null | sed -n '1s/^usage: [^ ]* //p')
	printf '%s\n' "${line#"$*"}"
}

# _termpsa_add_options TEXT: record each --option written in TEXT in the
# caller's optval: the placeholder of its value ("PATH", "a|b|N"), or ""
# for a flag.
_termpsa_add_options()
{
	local o
	while read -r o; do
		case $o in
		*' '*) optval[${o%% *}]=${o#* } ;;
		*) optval[$o]= ;;
		esac
	done < <(printf '%s\n' "$1" |
	    grep -oE -- '--[a-z][a-z0-9-]*( [^] -][^] ]*)?')
}

# _termpsa_starts WORDS [exactly]: WORDS are a command of the caller's
# commands, or the start of one (unless "exactly").
_termpsa_starts()
{
	local c
	for c in "${commands[@]}"; do
		[ "$c" = "$1" ] && return 0
		[ -z "${2-}" ] && [[ $c == "$1 "* ]] && return 0
	done
	return 1
}

# _termpsa_values PLACEHOLDER: the lower-case alternatives of "a|b|N" as
# COMPREPLY, or file names when it names a file.
_termpsa_values()
{
	case $1 in
	FILE | PATH | FILE... | PATH...)
		compopt -o filenames 2>/dev/null
		COMPREPLY+=($(compgen -f -- "$cur"))
		return
		;;
	esac
	COMPREPLY+=($(compgen -W "$(printf '%s\n' "$1" | tr '|' '\n' |
	    grep -E '^[a-z][a-z0-9_-]*$')" -- "$cur"))
}

_termpsa()
{
	local prog=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]} cmd= usage= w c i
	local -a commands=() pos=() words=()
	local -A optval=()

	COMPREPLY=()
	mapfile -t commands < <(_termpsa_commands "$prog")
	[ ${#commands[@]} -gt 0 ] || return 0
	_termpsa_add_options "$("$prog" --help 2>/dev/null |
	    sed -n '/^Global options/,/^$/p')"

	# The command words so far (while they are the start of a command),
	# then positionals; options and their values are skipped.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == -* ]]; then
			[ -n "${optval[$w]-}" ] && i=$((i + 1))
			continue
		fi
		if [ ${#pos[@]} -eq 0 ] &&
		    _termpsa_starts "${cmd:+$cmd }$w"; then
			cmd=${cmd:+$cmd }$w
			if _termpsa_starts "$cmd" exactly; then
				usage=$(_termpsa_usage "$prog" $cmd)
				_termpsa_add_options "$usage"
			fi
			continue
		fi
		pos+=("$w")
	done

	# The value of an option.
	if [ "$COMP_CWORD" -gt 1 ] && [[ $prev == -* ]] &&
	    [ -n "${optval[$prev]-}" ]; then
		_termpsa_values "${optval[$prev]}"
		return 0
	fi

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "${!optval[*]}" -- "$cur"))
		return 0
	fi

	# The next command word, while the words so far can still grow.
	if [ ${#pos[@]} -eq 0 ]; then
		for c in "${commands[@]}"; do
			if [ -z "$cmd" ]; then
				words+=("${c%% *}")
			elif [[ $c == "$cmd "* ]]; then
				c=${c#"$cmd "}
				words+=("${c%% *}")
			fi
		done
		COMPREPLY=($(compgen -W "$(printf '%s\n' "${words[@]}" |
		    sort -u)" -- "$cur"))
	fi

	# A positional: its choices, or file names.
	[ -n "$usage" ] || return 0
	w=$(printf '%s\n' "$usage" | sed -e ':a' -e 's/\[[^][]*\]//' -e 'ta' |
	    tr -s ' ' '\n' | grep -v '^$' | sed -n "$((${#pos[@]} + 1))p")
	_termpsa_values "$w"
	return 0
}

complete -F _termpsa termpsa
