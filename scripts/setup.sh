#!/usr/bin/env bash
# One-command setup for a fresh Debian 12 machine (as root): install dependencies, build,
# then either run finwait on the default model (`run`) or run the whole test suite (`test`).
set -euo pipefail
mode=${1:-run}
case "$mode" in run|test) ;; *) echo "usage: scripts/setup.sh run|test" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."

packages=(g++ cmake make pkg-config libboost-dev libz3-dev catch2 libpcap-dev libcli11-dev
          nlohmann-json3-dev libfmt-dev libopenmpi-dev openmpi-bin spin python3 graphviz chromium
          tshark clang libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

build=${FINWAIT_BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DFINWAIT_WERROR=ON -DBUILD_TESTING=ON
cmake --build "$build" -j"$(nproc)"

if [ "$mode" = run ]; then
  # The main job: every built-in property on MODEL.md's default model, plus the textbook
  # reachability question. Violations are findings, not failures of this script.
  status=0
  "$build"/finwait check --property no-unexpected --property proper-termination --property graceful \
    --reach "A=TIME_WAIT and B=TIME_WAIT" || status=$?
  [ "$status" -le 1 ] || exit "$status"
else
  (cd "$build" && ctest --output-on-failure -j"$(nproc)")
fi
