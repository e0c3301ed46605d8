#!/usr/bin/env bash
# ranking_sweep.sh: the fair ranking engine (`prove --engine ranking`) against `check` on
# every temporal library property, over the verdict matrix and a few larger configurations.
# Prints one line per run: ok (same answer, or unknown where check refutes), miss (check
# proves, ranking does not), UNSOUND (ranking says holds where check refutes), then counts.
# Usage: bench/ranking_sweep.sh [path-to-finwait-binary]   (default: build/finwait)
# Exits 1 if any run is UNSOUND, 2 when the binary is missing, else 0.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
finwait=${1:-$root/build/finwait}
if [[ ! -x $finwait ]]; then
  echo "ranking_sweep.sh: no finwait binary at $finwait (build it, or pass its path)" >&2
  exit 2
fi
configs=("" "--variant rfc1337" "--time-wait none" "--time-wait any" "--retries 0" "--retries inf"
         "--fin-wait-2-timeout on" "--loss off" "--dup on" "--abort on" "--closers A"
         "--channel bag --dup on --abort on" "--channel bag --capacity 3" "--capacity 1"
         "--capacity 3 --dup on --retries inf" "--time-wait any --retries inf"
         "--variant rfc1337 --fin-wait-2-timeout on --abort on")
properties=(terminates quiescent no-fin-wait-2-hang no-close-wait-hang no-close-wait-hang-lazy-app
            time-wait-before-closed)

# verdict_of TEXT NAME: the verdict word on NAME's report line; seconds_of: the seconds.
verdict_of() { awk -v n="$2" '$1 == n { print $2; exit }' <<< "$1"; }
seconds_of() { awk -v n="$2" '$1 == n { print $4; exit }' <<< "$1"; }

echo "fair ranking engine against check: $finwait"
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
ok=0 miss=0 unsound=0
for c in "${configs[@]}"; do
  for p in "${properties[@]}"; do
    # shellcheck disable=SC2086  # the flags are words
    want=$(verdict_of "$("$finwait" check $c --property "$p" 2>/dev/null || true)" "$p")
    # shellcheck disable=SC2086
    text=$("$finwait" prove $c --property "$p" --engine ranking --timeout 60 2>/dev/null || true)
    got=$(verdict_of "$text" "$p")
    flag=ok
    if [[ $got == holds && $want != holds ]]; then flag=UNSOUND; unsound=$((unsound + 1))
    elif [[ $got != holds && $want == holds ]]; then flag=miss; miss=$((miss + 1))
    else ok=$((ok + 1)); fi
    printf '%-8s %-58s %-28s check=%-9s ranking=%-8s %6s s\n' "$flag" "${c:-default}" "$p" "$want" "$got" "$(seconds_of "$text" "$p")"
  done
done
echo
echo "ok $ok, miss $miss, UNSOUND $unsound"
[[ $unsound -eq 0 ]]
