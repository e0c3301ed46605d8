#!/usr/bin/env bash
# scale.sh: finwait's search on one thread and on every core, beside SPIN, and growth with
# capacity (see bench/README.md). Usage: bench/scale.sh [path-to-finwait] [--quick] [--no-spin]
exec python3 "$(dirname "$0")/scale.py" "$@"
