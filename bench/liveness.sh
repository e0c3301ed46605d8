#!/usr/bin/env bash
# Liveness checking cost against plain exploration, on the default model and a large one.
# Prints wall seconds and peak RSS of `check --property no-unexpected` (exploration only) and
# of `check --property terminates` (exploration + graph + Büchi product + fair SCC search).
set -euo pipefail
finwait=${1:-build/finwait}
printf '%-48s %12s %12s %8s %10s\n' config explore_s terminates_s ratio peak_MiB
for flags in "" "--channel bag --capacity 6 --dup on --abort on" "--capacity 4 --dup on"; do
  explore=$( { /usr/bin/time -f '%e' "$finwait" check $flags --property no-unexpected >/dev/null; } 2>&1 | tail -1)
  live=$( { /usr/bin/time -f '%e %M' "$finwait" check $flags --property terminates >/dev/null || true; } 2>&1 | tail -1)
  set -- $live
  ratio=$(python3 -c "print(f'{max($1,0.005)/max($explore,0.005):.1f}')")
  printf '%-48s %12s %12s %8s %10s\n' "${flags:-default}" "$explore" "$1" "$ratio" "$(( $2 / 1024 ))"
done
