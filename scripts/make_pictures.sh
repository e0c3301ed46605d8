#!/usr/bin/env bash
# Draws docs/pictures/ (the endpoint state diagrams of docs/pictures.md) with `finwait diagram`,
# so the committed pictures are the reflected table's, never drawn by hand.
#
#   scripts/make_pictures.sh [FINWAIT] [DIR]   write client.svg, server.svg, full.svg and
#                                              graceful-msc.svg into DIR
#                                              (default: build/finwait, docs/pictures)
#   scripts/make_pictures.sh --check FINWAIT   draw them into a scratch directory and fail if
#                                              they differ from those in docs/pictures (CTest)
#
# Graphviz's SVG is deterministic for the same input and Graphviz version, so a difference means
# the table, the model's defaults or the drawing changed: run the first form and commit.
set -euo pipefail
cd "$(dirname "$0")/.."

draw() {
  local finwait=$1 dir=$2
  mkdir -p "$dir"
  for view in client server full; do
    "$finwait" diagram --view "$view" -o "$dir/$view.svg"
  done
  # The sequence chart of graceful's counterexample (finwait's own SVG, no Graphviz). The
  # check exits 1 (graceful is violated); anything else is a failure.
  local status=0
  "$finwait" check --property graceful --msc "$dir/graceful-msc.svg" > /dev/null || status=$?
  [ "$status" -eq 1 ] || { echo "finwait check --msc failed ($status)" >&2; exit 1; }
}

if [ "${1:-}" = "--check" ]; then
  finwait=${2:?usage: scripts/make_pictures.sh --check FINWAIT}
  if ! command -v dot >/dev/null 2>&1; then
    echo "Graphviz's dot is not installed: docs/pictures not checked" >&2
    exit 77  # CTest's SKIP_RETURN_CODE
  fi
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  draw "$finwait" "$scratch"
  stale=()
  for picture in client server full graceful-msc; do
    cmp -s "$scratch/$picture.svg" "docs/pictures/$picture.svg" || stale+=("docs/pictures/$picture.svg")
  done
  if [ ${#stale[@]} -gt 0 ]; then
    echo "out of date: ${stale[*]}; run scripts/make_pictures.sh and commit the result" >&2
    exit 1
  fi
  echo "docs/pictures/{client,server,full,graceful-msc}.svg are up to date"
  exit 0
fi

draw "${1:-build/finwait}" "${2:-docs/pictures}"
