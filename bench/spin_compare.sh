#!/usr/bin/env bash
# spin_compare.sh: run the finwait-vs-SPIN state-count cross-check and benchmark (see bench/README.md).
# Usage: bench/spin_compare.sh [path-to-finwait-binary] [--spin-only] [--quick] [--only NAME]...
exec python3 "$(dirname "$0")/spin_compare.py" "$@"
