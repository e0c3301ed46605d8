#!/usr/bin/env bash
# conform.sh: how fast `finwait conform` checks a large capture, against tshark and a
# bare libpcap read loop, and how much memory it needs per connection (bench/README.md).
#
# Usage: bench/conform.sh [--quick] [--runs N] [--packets N] [--bad-every K] [--keep] [FINWAIT]
#   FINWAIT        finwait binary (default: build/finwait beside this directory)
#   --quick        100,000 packets instead of 1,000,000 (fast sanity run)
#   --packets N    packets in the generated capture
#   --runs N       rounds of timed runs, each tool's fastest is kept (default 3)
#   --bad-every K  the bad-path capture has a non-conforming connection every K
#                  connections (default 1000; 0 skips the bad-path run)
#   --keep         keep the temporary directory (captures, outputs)
# Environment: FINWAIT_BENCH_CAPTURE=FILE benchmarks FILE instead of a generated capture
# (it must conform under --profile linux; its expected counts are then the bare loop's
# packet count and tshark's conversation count).
#
# Exit status: 0 when everything ran and finwait's verdicts and counts are right, whether
# or not the speed targets are met; 1 when finwait ran but a verdict or count is wrong;
# 2 when something failed to run (build, generator, a tool's exit status).
set -u -o pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
finwait="$root/build/finwait"
packets=1000000
runs=3
bad_every=1000
keep=0
usage() { sed -n '4,19p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) packets=100000 ;;
        --packets) packets="$2"; shift ;;
        --runs) runs="$2"; shift ;;
        --bad-every) bad_every="$2"; shift ;;
        --keep) keep=1 ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "conform.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
        *) finwait="$1" ;;
    esac
    shift
done

fail() { echo "conform.sh: $*" >&2; exit 2; }
[ -x /usr/bin/time ] || fail "/usr/bin/time is missing (apt-get install -y time)"
command -v tshark >/dev/null || fail "tshark is missing (apt-get install -y tshark)"
# Debian's python3 first: a pyenv shim in PATH costs most of a second per call.
if [ -x /usr/bin/python3 ]; then py=/usr/bin/python3; else py=$(command -v python3) || fail "python3 is missing"; fi
command -v cc >/dev/null || fail "cc is missing"

tmp="$(mktemp -d /tmp/finwait-conform-bench.XXXXXX)" || fail "mktemp failed"
if [ "$keep" = 1 ]; then echo "temporary directory: $tmp"; else trap 'rm -rf "$tmp"' EXIT; fi

# The binary may be rebuilt by someone else while we run: wait for one that has the
# conform subcommand (up to 3 minutes), then benchmark a private copy of it.
for i in $(seq 1 18); do
    if [ -x "$finwait" ] && "$finwait" conform --help >/dev/null 2>&1; then break; fi
    [ "$i" = 18 ] && fail "$finwait is missing or has no conform subcommand"
    echo "waiting for $finwait (missing or without conform) ..." >&2
    sleep 10
done
cp "$finwait" "$tmp/finwait" || fail "cannot copy $finwait"
fw="$tmp/finwait"

cc -O2 -o "$tmp/pcap_read_loop" "$here/pcap_read_loop.c" -lpcap || fail "cannot build pcap_read_loop.c (apt-get install -y libpcap-dev)"

gen() {  # gen OUT META [generator options...]
    local out="$1" meta="$2"; shift 2
    "$py" "$here/make_big_capture.py" --out "$out" --meta "$meta" "$@" || fail "make_big_capture.py failed"
}

# run_once NAME OKCODES CMD...: one run of CMD under /usr/bin/time; its stdout goes to
# $tmp/NAME.out (and is appended to $tmp/NAME.allruns). Keeps in best[NAME] the fastest
# wall seconds so far (bash's EPOCHREALTIME, microseconds: /usr/bin/time's %e has only
# hundredths) and in rss[NAME] the largest peak RSS in KiB (%M).
declare -A best rss
run_once() {
    local name="$1" ok="$2"; shift 2
    local t0 t1 rc wall kib
    t0=$EPOCHREALTIME
    /usr/bin/time -f '%e %M' -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    rc=$?
    t1=$EPOCHREALTIME
    cat "$tmp/$name.out" >>"$tmp/$name.allruns"
    case " $ok " in *" $rc "*) ;; *)
        sed -n '1,20p' "$tmp/$name.err" >&2
        fail "$name: exit status $rc from: $*" ;;
    esac
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
    kib=$(tail -n 1 "$tmp/$name.time" | awk '{print $2}')
    if [ -z "${best[$name]:-}" ] || awk -v w="$wall" -v b="${best[$name]}" 'BEGIN { exit !(w < b) }'; then
        best[$name]=$wall
    fi
    if [ "$kib" -gt "${rss[$name]:-0}" ]; then rss[$name]=$kib; fi
}

checks_failed=0
wrong() { echo "WRONG: $*"; checks_failed=1; }
meta() { "$py" -c "import json,sys; v=json.load(open(sys.argv[1])).get(sys.argv[2]); print('' if v is None else v)" "$1" "$2"; }
# counts FILE.json: "conforming packets connections nonconforming first_bad_packet"
counts() { "$py" -c "
import json,sys; d=json.load(open(sys.argv[1]))
print(str(d.get('conforming')).lower(), d.get('packets'), d.get('connections'), d.get('nonconforming_connections'), d.get('first_bad_packet'))" "$1" || fail "cannot read finwait's JSON in $1"; }

load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# 1. the captures ---------------------------------------------------------------------
if [ -n "${FINWAIT_BENCH_CAPTURE:-}" ]; then
    cap="$FINWAIT_BENCH_CAPTURE"
    [ -r "$cap" ] || fail "FINWAIT_BENCH_CAPTURE=$cap is not readable"
    echo "capture: $cap (from FINWAIT_BENCH_CAPTURE)"
    echo '{}' >"$tmp/cap.meta"
else
    cap="$tmp/capture.pcap"
    gen "$cap" "$tmp/cap.meta" --packets "$packets" --seed 1
fi
# sizes for the other two captures (for a capture of one's own, from an untimed run)
size_pk=$(meta "$tmp/cap.meta" packets)
size_conn=$(meta "$tmp/cap.meta" connections)
if [ -z "$size_pk" ]; then
    run_once sizing "0 1" "$fw" conform "$cap" --profile linux --json
    read -r _ size_pk size_conn _ _ < <(counts "$tmp/sizing.out")
fi
few=$(( size_conn / 10 )); [ "$few" -ge 1 ] || few=1
echo
gen "$tmp/few.pcap" "$tmp/few.meta" --packets "$size_pk" --connections "$few" --seed 2
if [ "$bad_every" -gt 0 ]; then
    echo
    gen "$tmp/bad.pcap" "$tmp/bad.meta" --packets "$size_pk" --bad-every "$bad_every" --seed 3
fi

# 2. the timed runs: round after round, each tool once per round, so that a load that
# comes and goes on the machine falls on every tool alike ------------------------------
echo
echo "timing: fastest of $runs rounds (each round runs every tool once); peak RSS from /usr/bin/time"
for r in $(seq 1 "$runs"); do
    run_once bare 0 "$tmp/pcap_read_loop" "$cap"
    run_once finwait "0 1" "$fw" conform "$cap" --profile linux --json
    run_once startup "0 1" "$fw" conform "$root/tests/conform/fixtures/four_way_close.pcap" --profile linux --json
    run_once tshark 0 tshark -q -z conv,tcp -r "$cap"
    run_once few "0 1" "$fw" conform "$tmp/few.pcap" --profile linux --json
    [ "$bad_every" -gt 0 ] && run_once badrun "0 1" "$fw" conform "$tmp/bad.pcap" --profile linux --json
done

# 3. the checks ---------------------------------------------------------------------------
bare_pk=$(awk '{print $2}' "$tmp/bare.out")
bare_inner=$(awk 'NR == 1 || $6 < m { m = $6 } END { print m }' "$tmp/bare.allruns")
ts_conv=$(grep -c '<->' "$tmp/tshark.out")
exp_pk=$(meta "$tmp/cap.meta" packets); [ -n "$exp_pk" ] || exp_pk=$bare_pk
exp_conn=$(meta "$tmp/cap.meta" connections); [ -n "$exp_conn" ] || exp_conn=$ts_conv

read -r fw_conf fw_pk fw_conn fw_bad fw_first < <(counts "$tmp/finwait.out")
[ "$fw_conf" = true ] || wrong "finwait says the capture does not conform ($fw_bad non-conforming connections, first bad packet $fw_first)"
[ "$fw_pk" = "$exp_pk" ] || wrong "finwait counted $fw_pk packets, expected $exp_pk"
[ "$fw_conn" = "$exp_conn" ] || wrong "finwait counted $fw_conn connections, expected $exp_conn"
[ "$bare_pk" = "$exp_pk" ] || wrong "the bare loop read $bare_pk packets, expected $exp_pk"
[ "$ts_conv" = "$exp_conn" ] || wrong "tshark lists $ts_conv TCP conversations, expected $exp_conn"
if [ "$fw_conf" != true ]; then
    echo "finwait's first 'bad' entries:"
    "$py" -c "import json,sys; print(json.dumps(json.load(open(sys.argv[1]))['bad'][:5], indent=1))" "$tmp/finwait.out"
fi

few_pk=$(meta "$tmp/few.meta" packets)
read -r f_conf f_pk f_conn _ _ < <(counts "$tmp/few.out")
[ "$f_conf" = true ] || wrong "finwait says the few-connections capture does not conform"
[ "$f_pk" = "$few_pk" ] || wrong "finwait counted $f_pk packets in the few-connections capture, expected $few_pk"
[ "$f_conn" = "$few" ] || wrong "finwait counted $f_conn connections in the few-connections capture, expected $few"

if [ "$bad_every" -gt 0 ]; then
    bad_pk=$(meta "$tmp/bad.meta" packets)
    bad_conn=$(meta "$tmp/bad.meta" connections)
    exp_bad=$(meta "$tmp/bad.meta" bad_connections)
    exp_first=$(meta "$tmp/bad.meta" expected_first_bad_packet)
    read -r b_conf b_pk b_conn b_bad b_first < <(counts "$tmp/badrun.out")
    [ "$b_conf" = false ] || wrong "finwait says the bad-path capture conforms"
    [ "$b_pk" = "$bad_pk" ] || wrong "finwait counted $b_pk packets in the bad-path capture, expected $bad_pk"
    [ "$b_conn" = "$bad_conn" ] || wrong "finwait counted $b_conn connections in the bad-path capture, expected $bad_conn"
    [ "$b_bad" = "$exp_bad" ] || wrong "finwait found $b_bad non-conforming connections in the bad-path capture, expected $exp_bad"
    [ "$b_first" = "$exp_first" ] || wrong "finwait's first bad packet is $b_first, expected $exp_first"
    bad_s=${best[badrun]}; bad_kib=${rss[badrun]}
fi
fw_s=${best[finwait]}; fw_kib=${rss[finwait]}
ts_s=${best[tshark]}; ts_kib=${rss[tshark]}
bare_s=${best[bare]}; bare_kib=${rss[bare]}
few_s=${best[few]}; few_kib=${rss[few]}
start_s=${best[startup]}; start_kib=${rss[startup]}

# 5. report ------------------------------------------------------------------------------
echo
"$py" - "$exp_pk" "$exp_conn" "$fw_s" "$fw_kib" "$ts_s" "$ts_kib" "$bare_s" "$bare_kib" "$bare_inner" \
    "$few_pk" "$few" "$few_s" "$few_kib" "$start_s" "$start_kib" "${bad_pk:-}" "${bad_conn:-}" "${exp_bad:-}" "${bad_s:-}" "${bad_kib:-}" <<'EOF'
import sys
a = sys.argv[1:]
pk, conn = int(a[0]), int(a[1])
fw_s, fw_k, ts_s, ts_k, bare_s, bare_k, bare_in = float(a[2]), int(a[3]), float(a[4]), int(a[5]), float(a[6]), int(a[7]), float(a[8])
few_pk, few_c, few_s, few_k = int(a[9]), int(a[10]), float(a[11]), int(a[12])
start_s, start_k = float(a[13]), int(a[14])
a = a[:13] + a[15:]
rows = [
    ("finwait conform --profile linux", pk, conn, fw_s, fw_k),
    ("tshark -q -z conv,tcp", pk, conn, ts_s, ts_k),
    ("bare libpcap loop", pk, conn, bare_s, bare_k),
    ("finwait, 10x fewer connections", few_pk, few_c, few_s, few_k),
]
if a[13]:
    rows.append(("finwait, bad path (%s bad)" % a[15], int(a[13]), int(a[14]), float(a[16]), int(a[17])))
mib = lambda k: k / 1024.0
print("%-34s %10s %12s %9s %12s %13s" % ("tool", "packets", "connections", "seconds", "packets/s", "peak RSS MiB"))
for name, p, c, s, k in rows:
    print("%-34s %10s %12s %9.3f %12s %13.1f" % (name, f"{p:,}", f"{c:,}", s, f"{p / s:,.0f}", mib(k)))
print("(bare loop's own timer, open to close, without process start, fastest run: %.3f s;"
      " finwait on the 9-packet four_way_close fixture: %.3f s, %.1f MiB)" % (bare_in, start_s, mib(start_k)))
print()
r1 = ts_s / fw_s
r2 = fw_s / bare_s
print("speed:  finwait is %.1fx faster than tshark        (target >= 20x): %s" % (r1, "MET" if r1 >= 20 else "MISSED"))
print("speed:  finwait takes %.1fx the bare loop's time   (target <= 3x):  %s" % (r2, "MET" if r2 <= 3 else "MISSED"))
print("memory: finwait's peak RSS is %.1f%% of tshark's (%.1f MiB against %.1f MiB)" % (100.0 * fw_k / ts_k, mib(fw_k), mib(ts_k)))
if conn != few_c:
    per = (fw_k - few_k) * 1024.0 / (conn - few_c)
    print("memory: %s connections %.1f MiB, %s connections %.1f MiB, same packet count: %.0f bytes per connection"
          % (f"{conn:,}", mib(fw_k), f"{few_c:,}", mib(few_k), per))
    print("        (peak RSS difference / connection difference; tshark: %.0f bytes per packet overall)" % (ts_k * 1024.0 / pk))
EOF
echo "load average: $load_start at start, $(cut -d' ' -f1-3 /proc/loadavg) at the end ($(nproc) CPUs; anything else running slows every figure)"
[ "$checks_failed" = 0 ] || { echo "some of finwait's verdicts or counts are WRONG (see above)"; exit 1; }
echo "finwait's verdicts and counts: all as expected"
exit 0
