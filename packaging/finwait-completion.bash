# bash completion for finwait. The words come from the binary itself (subcommands and flags
# from its parser, property names from its library), so they never drift from the program.
_finwait() {
  local cur prev sub
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "$(finwait __complete 2>/dev/null) --help --version" -- "$cur"))
    return
  fi
  sub=${COMP_WORDS[1]}
  case "$prev" in
    --property) COMPREPLY=($(compgen -W "$(finwait properties --names 2>/dev/null)" -- "$cur")
                COMPREPLY+=($(compgen -f -X '!*.prop' -- "$cur")); return ;;
    --channel) COMPREPLY=($(compgen -W "fifo bag" -- "$cur")); return ;;
    --engine) COMPREPLY=($(compgen -W "auto bmc kind pdr ranking" -- "$cur")); return ;;
    --trace-out|--output|--html|--msc) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(finwait __complete "$sub" 2>/dev/null)" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -F _finwait finwait
