# bash completion for finwait. The words come from the binary itself (subcommands and flags
# from its parser, property names from its library), so they never drift from the program.
_finwait_words() {
  # $1: the words to offer; $2: the word being completed
  local IFS=$'\n'
  COMPREPLY+=($(compgen -W "$1" -- "$2"))
}

_finwait() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local prev=${COMP_WORDS[COMP_CWORD-1]}
  COMPREPLY=()
  if [[ $COMP_CWORD -eq 1 ]]; then
    _finwait_words "$(finwait __complete 2>/dev/null)"$'\n--help\n--version' "$cur"
    return
  fi
  case "$prev" in
    --property)
      _finwait_words "$(finwait properties --names 2>/dev/null)" "$cur"
      COMPREPLY+=($(compgen -f -X '!*.prop' -- "$cur"))
      return ;;
    --channel) _finwait_words $'fifo\nbag' "$cur"; return ;;
    --engine) _finwait_words $'auto\nbmc\nkind\npdr\nranking' "$cur"; return ;;
    --trace-out|--output|--file|--itf|--pcap-out|--msc|--html|-o) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    _finwait_words "$(finwait __complete "${COMP_WORDS[1]}" 2>/dev/null)" "$cur"
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -F _finwait finwait
