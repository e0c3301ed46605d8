#!/usr/bin/env bash
# Captures the conformance fixtures (tests/conform/fixtures/*.pcap) from real Linux TCP.
#
# Needs root; not run by CI. Two network namespaces (fwc-a: the client, 10.201.0.1/24;
# fwc-b: the server, 10.201.0.2/24) joined by one veth pair; nothing is configured outside
# them. For each scenario the namespaces are made afresh, tcpdump records the veth end in
# fwc-a ('tcp' only), peer.py runs the server in fwc-b and the client in fwc-a, losses are
# nftables rules on the input hook of the receiving namespace (so the capture still holds
# every segment that was sent), and everything is torn down again. A capture whose
# segments (letters.py --expect) differ from the shape described in fixtures/README.md is
# taken again, up to three times. Afterwards edit_pcap.py derives the bad_*.pcap fixtures.
# tcpdump runs with --immediate-mode (else the last packets may still sit in the kernel's
# ring buffer when it is stopped) and -Z root (it must write where we tell it).
#
#   sudo bash tests/conform/capture/make_captures.sh            # every scenario
#   sudo bash tests/conform/capture/make_captures.sh three_way_close rst_closed_port
#
# Every wait is bounded; the whole run takes about 35 s (at most 150 s with retries).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FIXTURES="$(mkdir -p "$HERE/../fixtures" && cd "$HERE/../fixtures" && pwd)"
NS_A=fwc-a NS_B=fwc-b
IF_A=fwc-va IF_B=fwc-vb
ADDR_A=10.201.0.1 ADDR_B=10.201.0.2
PORT=5000 CLOSED_PORT=5001 SPORT=41000
PY="$(python3 -c 'import sys; print(sys.executable)')"
WORK="$(mktemp -d /tmp/fwc-capture.XXXXXX)"
TCPDUMP_PID="" SERVER_PID=""

log() { printf '%s\n' "make_captures: $*" >&2; }
die() { log "error: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "needs root (network namespaces, nftables, tcpdump)"
for tool in ip nft tcpdump timeout; do
  command -v "$tool" >/dev/null || die "missing $tool"
done

in_a() { ip netns exec "$NS_A" "$@"; }
in_b() { ip netns exec "$NS_B" "$@"; }

# wait_for SECONDS COMMAND...: polls COMMAND every 50 ms until it succeeds.
wait_for() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.05
  done
}
link_up() { ip -n "$1" -o link show "$2" | grep -q 'state UP'; }
# A child that has exited is a zombie until waited for, and kill -0 still finds it.
pid_gone() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  [[ ${stat##*) } == Z* ]]
}

# stop_pid PID SIGNAL SECONDS: signals one process we started and waits for it (KILL after).
stop_pid() {
  local pid=$1
  [[ -n $pid ]] || return 0
  kill "-$2" "$pid" 2>/dev/null || true
  wait_for "$3" pid_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

teardown_ns() {
  local ns
  for ns in "$NS_A" "$NS_B"; do
    if ip netns list | grep -qw "$ns"; then ip netns del "$ns"; fi
  done
}

cleanup() {
  stop_pid "$SERVER_PID" TERM 2
  stop_pid "$TCPDUMP_PID" TERM 3
  teardown_ns
  rm -rf "$WORK"
}
trap cleanup EXIT

setup_ns() {
  teardown_ns
  ip netns add "$NS_A"
  ip netns add "$NS_B"
  ip -n "$NS_A" link add "$IF_A" address 02:00:0a:c9:00:01 type veth \
    peer name "$IF_B" address 02:00:0a:c9:00:02 netns "$NS_B"
  local ns
  for ns in "$NS_A" "$NS_B"; do
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
    ip -n "$ns" link set lo up
  done
  ip -n "$NS_A" addr add "$ADDR_A/24" dev "$IF_A"
  ip -n "$NS_B" addr add "$ADDR_B/24" dev "$IF_B"
  # Software checksums, so that the captured segments carry correct ones (with offload
  # the sender's copy has only a partial checksum).
  if command -v ethtool >/dev/null; then
    in_a ethtool -K "$IF_A" tx off >/dev/null
    in_b ethtool -K "$IF_B" tx off >/dev/null
  else
    log "warning: no ethtool (apt-get install ethtool): TCP checksums in the captures will be wrong"
  fi
  ip -n "$NS_A" link set "$IF_A" up
  ip -n "$NS_B" link set "$IF_B" up
  wait_for 5 link_up "$NS_A" "$IF_A" || die "veth does not come up"
  wait_for 5 link_up "$NS_B" "$IF_B" || die "veth does not come up"
}

# --- nftables rules, loaded into the server's namespace (input hook) ---

# Drops the first FIN each client flow sends; its retransmission passes.
NFT_DROP_FIRST_FIN="
table inet fwc {
  set dropped { type ipv4_addr . inet_service; flags dynamic; }
  chain input {
    type filter hook input priority filter; policy accept;
    ip saddr $ADDR_A tcp flags & (fin|syn|rst) == fin ip saddr . tcp sport != @dropped add @dropped { ip saddr . tcp sport } counter drop
  }
}"

# Drops the first pure ACK a client flow sends after its own FIN: the ACK of the server's FIN.
NFT_DROP_FINAL_ACK="
table inet fwc {
  set finseen { type ipv4_addr . inet_service; flags dynamic; }
  set dropped { type ipv4_addr . inet_service; flags dynamic; }
  chain input {
    type filter hook input priority filter; policy accept;
    ip saddr $ADDR_A tcp flags & (fin|syn|rst) == fin add @finseen { ip saddr . tcp sport }
    ip saddr $ADDR_A tcp flags == ack ip saddr . tcp sport @finseen ip saddr . tcp sport != @dropped add @dropped { ip saddr . tcp sport } counter drop
  }
}"

# --- scenarios ---
# Each sets: STYLES (peer.py CLIENT/SERVER scripts), EXPECT (the shape of each connection,
# '|' per style: SIDE:FLAGS[/PAYLOAD LENGTH][=LETTER] per segment, see letters.py),
# and optionally CONNS, STAGGER (ms), SETTLE (ms after both peers end), NFT_B,
# SYSCTL_A (sysctl assignments in the client's namespace), REFUSED=1 (no server).
OPEN="A:SYN B:SYN,ACK A:ACK A:PSH,ACK/6 B:ACK"  # handshake, "hello\n", its ACK
FOUR_WAY="send;close/recv:6;eof;sleep:200;close"
THREE_WAY="send;close/recv:6;eof;close"
SERVER_FIRST="send;eof;sleep:200;close/recv:6;close"
RST_LINGER="send;sleep:100;linger0;close/recv:6;eofrst;close"
RST_UNREAD="send;eofrst;close/sleep:100;close"
FOUR_WAY_SHAPE="$OPEN A:FIN,ACK=FIN B:ACK=ACK B:FIN,ACK=FINACK A:ACK=ACK"
THREE_WAY_SHAPE="$OPEN A:FIN,ACK=FIN B:FIN,ACK=FINACK A:ACK=ACK"
SERVER_FIRST_SHAPE="$OPEN B:FIN,ACK=FIN A:ACK=ACK A:FIN,ACK=FINACK B:ACK=ACK"
RST_LINGER_SHAPE="$OPEN A:RST,ACK=RST"
RST_UNREAD_SHAPE="$OPEN B:RST,ACK=RST"

scenario() {
  CONNS=1 STAGGER=10 SETTLE=300 NFT_B="" SYSCTL_A="" REFUSED=0
  case $1 in
    four_way_close)
      STYLES=$FOUR_WAY EXPECT=$FOUR_WAY_SHAPE ;;
    three_way_close)
      STYLES=$THREE_WAY EXPECT=$THREE_WAY_SHAPE ;;
    server_closes_first)
      STYLES=$SERVER_FIRST EXPECT=$SERVER_FIRST_SHAPE ;;
    simultaneous_close)
      # The client's first FIN is lost; the server closes 50 ms after reading the data,
      # long before the client's retransmission (RTO >= 200 ms): both are in FIN_WAIT_1.
      STYLES="send;close/recv:6;sleep:50;close" NFT_B=$NFT_DROP_FIRST_FIN SETTLE=800
      EXPECT="$OPEN A:FIN,ACK=FIN B:FIN,ACK=FIN A:ACK=ACK A:FIN,ACK=FINACK B:ACK=ACK" ;;
    lost_fin_retransmitted)
      STYLES=$FOUR_WAY NFT_B=$NFT_DROP_FIRST_FIN SETTLE=300
      EXPECT="$OPEN A:FIN,ACK=FIN A:FIN,ACK=FIN B:ACK=ACK B:FIN,ACK=FINACK A:ACK=ACK" ;;
    lost_final_ack)
      STYLES=$FOUR_WAY NFT_B=$NFT_DROP_FINAL_ACK SETTLE=1000
      EXPECT="$OPEN A:FIN,ACK=FIN B:ACK=ACK B:FIN,ACK=FINACK A:ACK=ACK B:FIN,ACK=FINACK A:ACK=ACK" ;;
    rst_linger_zero)
      STYLES=$RST_LINGER EXPECT=$RST_LINGER_SHAPE ;;
    rst_unread_data)
      STYLES=$RST_UNREAD EXPECT=$RST_UNREAD_SHAPE ;;
    rst_closed_port)
      STYLES="/" REFUSED=1 EXPECT="A:SYN B:RST,ACK=RST" ;;
    fin_wait_2_timeout)
      # The orphaned client's FIN_WAIT_2 lasts max(tcp_fin_timeout, 3.5 RTO) = 1 s; the
      # server closes after 3 s and its FIN meets no socket.
      STYLES="send;close/recv:6;eof;sleep:3000;close" SYSCTL_A="net.ipv4.tcp_fin_timeout=1"
      EXPECT="$OPEN A:FIN,ACK=FIN B:ACK=ACK B:FIN,ACK=FINACK A:RST=RST" ;;
    interleaved_100)
      # Connection i (client port 41000+i) uses style i mod 5; a new one every 4 ms, each
      # lasting 1-300 ms, so about 20 are open at once.
      STYLES="$FOUR_WAY|$THREE_WAY|$SERVER_FIRST|$RST_LINGER|$RST_UNREAD" CONNS=100 STAGGER=4 SETTLE=800
      EXPECT="$FOUR_WAY_SHAPE|$THREE_WAY_SHAPE|$SERVER_FIRST_SHAPE|$RST_LINGER_SHAPE|$RST_UNREAD_SHAPE" ;;
    *) die "unknown scenario $1" ;;
  esac
}
ALL_SCENARIOS="four_way_close three_way_close server_closes_first simultaneous_close
  lost_fin_retransmitted lost_final_ack rst_linger_zero rst_unread_data rst_closed_port
  fin_wait_2_timeout interleaved_100"

capture_once() {
  local name=$1 out=$2
  setup_ns
  local kv
  for kv in $SYSCTL_A; do in_a sysctl -qw "$kv"; done
  if [[ -n $NFT_B ]]; then in_b nft -f - <<<"$NFT_B"; fi

  rm -f "$WORK/tcpdump.err" "$WORK/ready" "$out"
  # Started without a shell function in between, so that $! is tcpdump's own process.
  ip netns exec "$NS_A" timeout 60 tcpdump -Z root --immediate-mode -i "$IF_A" -s 0 -U -w "$out" 'tcp' 2>"$WORK/tcpdump.err" &
  TCPDUMP_PID=$!
  wait_for 5 grep -qs "listening on" "$WORK/tcpdump.err" || die "tcpdump did not start: $(cat "$WORK/tcpdump.err")"

  local common=(--addr "$ADDR_B" --styles "$STYLES" --sport "$SPORT" --conns "$CONNS" --timeout 10 --deadline 20)
  local ok=1
  if ((REFUSED)); then
    in_a timeout 25 "$PY" "$HERE/peer.py" client "${common[@]}" --port "$CLOSED_PORT" --src "$ADDR_A" --expect-refused || ok=0
  else
    ip netns exec "$NS_B" timeout 25 "$PY" "$HERE/peer.py" server "${common[@]}" --port "$PORT" --ready-file "$WORK/ready" &
    SERVER_PID=$!
    wait_for 5 test -e "$WORK/ready" || die "server did not start"
    in_a timeout 25 "$PY" "$HERE/peer.py" client "${common[@]}" --port "$PORT" --src "$ADDR_A" --stagger "$STAGGER" || ok=0
    wait_for 25 pid_gone "$SERVER_PID" || ok=0
    wait "$SERVER_PID" || ok=0
    SERVER_PID=""
  fi
  sleep "$(awk "BEGIN { print $SETTLE / 1000 }")"
  if [[ -n $NFT_B ]]; then
    log "$name: nftables drops: $(in_b nft list ruleset | grep -o 'counter packets [0-9]*' | tr '\n' ' ')"
  fi
  stop_pid "$TCPDUMP_PID" TERM 5
  TCPDUMP_PID=""
  teardown_ns
  ((ok)) || { log "$name: a peer failed"; return 1; }
  if ! grep -q '^0 packets dropped by kernel' "$WORK/tcpdump.err"; then
    log "$name: tcpdump lost packets: $(tr '\n' ' ' <"$WORK/tcpdump.err")"
    return 1
  fi
  "$PY" "$HERE/letters.py" "$out" --expect "$EXPECT" --sport "$SPORT" --conns "$CONNS"
}

run_scenario() {
  local name=$1 attempt
  scenario "$name"
  for attempt in 1 2 3; do
    ((SECONDS - start < 150)) || die "over 150 s; giving up before $name (attempt $attempt)"
    if capture_once "$name" "$WORK/$name.pcap"; then
      cp "$WORK/$name.pcap" "$FIXTURES/$name.pcap"
      log "$name: ok ($(stat -c %s "$FIXTURES/$name.pcap") bytes, attempt $attempt)"
      return 0
    fi
    log "$name: attempt $attempt gave another shape; capturing again"
  done
  die "$name: no capture of the documented shape in 3 attempts"
}

start=$SECONDS
if (($# == 0)); then
  # shellcheck disable=SC2086 # a list of words
  set -- $ALL_SCENARIOS
fi
for name in "$@"; do
  run_scenario "$name"
done
"$PY" "$HERE/edit_pcap.py" all "$FIXTURES"
log "done in $((SECONDS - start)) s; fixtures in $FIXTURES"
