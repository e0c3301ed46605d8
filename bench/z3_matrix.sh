#!/usr/bin/env bash
# z3_matrix.sh: `finwait prove` against `finwait check` on every configuration of the verdict
# matrix (docs/verdicts.md) for every library property: verdicts, engine, seconds, and a
# summary of agreements, unknowns and disagreements (see bench/README.md).
# Usage: bench/z3_matrix.sh [path-to-finwait-binary]   (default: build/finwait)
# Environment: Z3_MATRIX_TIMEOUT seconds per property (default 60); Z3_MATRIX_PROPERTIES
# (space-separated names; default: every library property).
# Exits 0 whatever the figures; 2 when the binary is missing or finwait fails with a usage error.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
finwait=${1:-$root/build/finwait}
timeout=${Z3_MATRIX_TIMEOUT:-60}
if [[ ! -x $finwait ]]; then
  echo "z3_matrix.sh: no finwait binary at $finwait (build it, or pass its path)" >&2
  exit 2
fi
read -r -a properties <<< "${Z3_MATRIX_PROPERTIES:-no-unexpected proper-termination graceful no-close-wait-hang no-close-wait-hang-lazy-app no-fin-wait-2-hang no-half-open quiescent simultaneous-close-reaches-closing terminates time-wait-before-closed}"
configs=("" "--variant rfc1337" "--time-wait none" "--time-wait any" "--retries 0" "--retries inf"
         "--fin-wait-2-timeout on" "--loss off" "--dup on" "--abort on" "--closers A")

# verdict_of TEXT NAME: the verdict word on NAME's report line.
verdict_of() { awk -v n="$2" '$1 == n { print $2; exit }' <<< "$1"; }

echo "finwait prove against check on the verdict matrix: $finwait"
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC'), --timeout $timeout"
echo
fmt='%-26s %-36s %-12s %-12s %-22s %8s\n'
# shellcheck disable=SC2059
printf "$fmt" config property check prove engine seconds
agree=0 unknown=0 differ=0 slowest=0
for c in "${configs[@]}"; do
  for p in "${properties[@]}"; do
    status=0
    # shellcheck disable=SC2086  # the flags are words
    want_text=$("$finwait" check $c --property "$p" 2>&1) || status=$?
    [[ $status -le 3 ]] || { echo "z3_matrix.sh: check $c --property $p failed ($status)" >&2; exit 2; }
    status=0
    # shellcheck disable=SC2086
    got_json=$("$finwait" prove $c --property "$p" --timeout "$timeout" --json) || status=$?
    [[ $status -le 3 ]] || { echo "z3_matrix.sh: prove $c --property $p failed ($status)" >&2; exit 2; }
    want=$(verdict_of "$want_text" "$p")
    read -r got engine seconds < <(python3 -c 'import json,sys; p=json.load(sys.stdin)["properties"][0]; print(p["verdict"], p["engine"], "%.2f" % p["seconds"])' <<< "$got_json")
    # shellcheck disable=SC2059
    printf "$fmt" "${c:-default}" "$p" "$want" "$got" "$engine" "$seconds"
    if [[ $got == "$want" ]]; then agree=$((agree + 1))
    elif [[ $got == unknown ]]; then unknown=$((unknown + 1))
    else differ=$((differ + 1)); fi
    slowest=$(awk -v a="$slowest" -v b="$seconds" 'BEGIN { print (b > a ? b : a) }')
  done
done
echo
echo "agree: $agree, unknown: $unknown, disagree: $differ; slowest prove: $slowest s"
