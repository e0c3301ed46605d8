#!/usr/bin/env bash
# z3.sh: what `finwait prove` decides, with which engine and how fast (see bench/README.md).
# Usage: bench/z3.sh [path-to-finwait-binary]      (default: build/finwait under the repo root)
# Environment: Z3_BENCH_TIMEOUT  seconds per property for the table (default 30).
# Prints a table and PASS/MISS against the targets; exits 0 whatever the figures are
# (2 only if the binary or a JSON reader is missing, or finwait fails with a usage error).
# shellcheck disable=SC2317  # the target checks are called through mark()
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
finwait=${1:-$root/build/finwait}
timeout=${Z3_BENCH_TIMEOUT:-30}

if [[ ! -x $finwait ]]; then
  echo "z3.sh: no finwait binary at $finwait (build it, or pass its path)" >&2
  exit 2
fi

# One JSON reader: python3 preferred, jq if that is all there is. Each prints, for the first
# property of a `finwait prove --json` object: verdict, engine, seconds and what was found (a
# trace's length, or the notes), tab-separated.
if command -v python3 >/dev/null 2>&1; then
  read_outcome() {
    python3 -c '
import json, sys
p = json.load(sys.stdin)["properties"][0]
if p["steps"] is None:
    what = " ".join(p["notes"])
elif p["cycle_start"] is not None:
    what = "lasso: %d steps, cycle from step %d" % (p["steps"], p["cycle_start"] + 1)
else:
    what = "%s: %d steps" % ("witness" if p["verdict"] == "reachable" else "counterexample", p["steps"])
print("\t".join([p["verdict"], p["engine"], "%.2f" % p["seconds"], what]))'
  }
  read_z3_version() { python3 -c 'import json, sys; print(json.load(sys.stdin)["z3"])'; }
elif command -v jq >/dev/null 2>&1; then
  read_outcome() {
    jq -r '.properties[0] as $p
      | (if $p.steps == null then ($p.notes | join(" "))
         elif $p.cycle_start != null
         then "lasso: \($p.steps) steps, cycle from step \($p.cycle_start + 1)"
         elif $p.verdict == "reachable" then "witness: \($p.steps) steps"
         else "counterexample: \($p.steps) steps" end) as $what
      | [$p.verdict, $p.engine, ($p.seconds * 100 | round / 100 | tostring), $what] | join("\t")'
  }
  read_z3_version() { jq -r '.z3'; }
else
  echo "z3.sh: needs python3 or jq to read finwait's JSON" >&2
  exit 2
fi

properties=(no-unexpected proper-termination graceful terminates quiescent no-fin-wait-2-hang
            no-close-wait-hang no-close-wait-hang-lazy-app time-wait-before-closed no-half-open
            simultaneous-close-reaches-closing)

# prove FLAGS...: runs `finwait prove --json FLAGS` and prints read_outcome's line. Exit 0, 1
# and 3 (holds, violated, unknown) are all results; anything else stops the benchmark.
prove() {
  local json status=0
  json=$("$finwait" prove --json "$@") || status=$?
  if [[ $status -ne 0 && $status -ne 1 && $status -ne 3 ]]; then
    echo "z3.sh: finwait prove $* exited with status $status" >&2
    exit 2
  fi
  printf '%s\n' "$json" | read_outcome
}

z3_version=$("$finwait" prove --json --property graceful --engine bmc --bound 1 --timeout 5 |
             read_z3_version) || true
echo "finwait prove benchmark: $finwait"
echo "Z3 $z3_version, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "engine auto, --timeout $timeout per property (one property per process)"
echo

fmt='%-20s %-36s %-11s %-20s %8s  %s\n'
# shellcheck disable=SC2059
printf "$fmt" config property verdict engine seconds note
declare -A verdict_of seconds_of
for config in default bag-inf; do
  flags=()
  [[ $config == bag-inf ]] && flags=(--channel bag --capacity inf)
  for p in "${properties[@]}"; do
    line=$(prove "${flags[@]}" --property "$p" --timeout "$timeout")
    IFS=$'\t' read -r verdict engine seconds note <<< "$line"
    # shellcheck disable=SC2059
    printf "$fmt" "$config" "$p" "$verdict" "$engine" "$seconds" "$note"
    verdict_of[$config/$p]=$verdict
    seconds_of[$config/$p]=$seconds
  done
done

echo
echo "BMC to depth 30 on the default configuration (prove --engine bmc --bound 30 --property no-unexpected --timeout 120):"
line=$(prove --engine bmc --bound 30 --property no-unexpected --timeout 120)
IFS=$'\t' read -r bmc_verdict bmc_engine bmc_seconds bmc_note <<< "$line"
reached=no
[[ $bmc_verdict == unknown && $bmc_note == "no violation within 30 steps"* ]] && reached=yes
echo "  $bmc_verdict ($bmc_engine) in $bmc_seconds s: $bmc_note; reached depth 30: $reached"

echo
echo "Temporal claims where check proves terminates (prove --property terminates --timeout 60):"
declare -A live_verdict live_seconds
for flags in "--fin-wait-2-timeout on" "--retries inf" \
             "--fin-wait-2-timeout on --channel bag --capacity inf" "--retries inf --channel bag --capacity inf"; do
  # shellcheck disable=SC2086  # the flags are words
  line=$(prove $flags --property terminates --timeout 60)
  IFS=$'\t' read -r verdict engine seconds note <<< "$line"
  printf '  %-52s %-8s %-22s %8s  %s\n' "$flags" "$verdict" "$engine" "$seconds" "$note"
  live_verdict[$flags]=$verdict
  live_seconds[$flags]=$seconds
done

# less_than A B: A < B for decimal numbers.
less_than() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
mark() { if "$@"; then echo PASS; else echo MISS; fi; }
terminates_decided_inf() { [[ ${verdict_of[bag-inf/$1]} != unknown ]]; }
decided_fast() { [[ ${verdict_of[bag-inf/$1]} != unknown ]] && less_than "${seconds_of[bag-inf/$1]}" 10; }
bmc_fast() { [[ $reached == yes ]] && less_than "$bmc_seconds" 5; }

echo
tfmt='%-68s %-36s %s\n'
# shellcheck disable=SC2059
printf "$tfmt" target measured result
for p in no-unexpected proper-termination; do
  # shellcheck disable=SC2059
  printf "$tfmt" "$p decided for every capacity (bag, inf) in < 10 s" \
    "${verdict_of[bag-inf/$p]} in ${seconds_of[bag-inf/$p]} s" "$(mark decided_fast "$p")"
done
if [[ $reached == yes ]]; then bmc_measured="depth 30 in $bmc_seconds s"
else bmc_measured="${bmc_note} (${bmc_seconds} s)"; fi
# shellcheck disable=SC2059
printf "$tfmt" "BMC to depth 30, default configuration, in < 5 s" "$bmc_measured" "$(mark bmc_fast)"
terminates_fast() { [[ ${live_verdict[$1]} == holds ]] && less_than "${live_seconds[$1]}" 10; }
terminates_decided() { [[ ${live_verdict[$1]} != unknown ]]; }
# shellcheck disable=SC2059
printf "$tfmt" "terminates proved with --fin-wait-2-timeout on in < 10 s" \
  "${live_verdict[--fin-wait-2-timeout on]} in ${live_seconds[--fin-wait-2-timeout on]} s" \
  "$(mark terminates_fast "--fin-wait-2-timeout on")"
for flags in "--fin-wait-2-timeout on --channel bag --capacity inf" "--retries inf --channel bag --capacity inf"; do
  # shellcheck disable=SC2059
  printf "$tfmt" "terminates decided with $flags" \
    "${live_verdict[$flags]} in ${live_seconds[$flags]} s" "$(mark terminates_decided "$flags")"
done
for p in no-close-wait-hang time-wait-before-closed; do
  # shellcheck disable=SC2059
  printf "$tfmt" "$p decided for every capacity (bag, inf)" \
    "${verdict_of[bag-inf/$p]} in ${seconds_of[bag-inf/$p]} s" "$(mark terminates_decided_inf "$p")"
done
exit 0
