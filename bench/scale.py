#!/usr/bin/env python3
"""scale.py: how finwait's explicit search scales, beside SPIN on the same model.

Usage: bench/scale.sh [path-to-finwait] [--quick] [--no-spin] [--repeat N]

Table 1, for each benchmark row (bench/spin_compare.py's big configurations): states,
seconds, states/s and bytes per state (peak RSS / states) for finwait on one thread, on
every core, with --compress (one thread) and under `mpirun -np 2` (one thread per rank; skipped
when mpirun is not installed), and for SPIN's pan (bench/promela/finwait.pml, full state storage,
one core), with finwait's speed-up over SPIN and of all cores and of 2 ranks over one thread.
Table 2, growth: states, transitions and seconds against channel capacity for the bag
(dup, abort) and fifo (dup) families, so that a user can predict a run.
Exit 0; 1 if a state count differs between finwait's runs or from SPIN's; 2 on a failure.
"""
import argparse
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spin_compare as sc  # noqa: E402  (shares the SPIN runner and the configurations)

ROWS = ["bag-cap8-dup-abort", "cap5-dup", "bag-cap10-dup-abort"]
GROWTH = [("bag dup abort", ["--channel", "bag", "--dup", "on", "--abort", "on"], range(2, 11)),
          ("fifo dup", ["--dup", "on"], range(1, 6))]


def cores():
    return os.cpu_count() or 1


def per_state(run):
    return "%.1f" % (run["rss"] / run["states"])


def benchmark_table(binary, configs, repeat, with_spin):
    print("finwait on 1 thread and on %d (every core); SPIN's pan on one core" % cores())
    with_mpi = shutil.which("mpirun") is not None
    fmt = "%-20s %10s %7s %9s %5s %7s %9s %5s %7s %5s %7s %5s %7s %9s %5s %7s %6s %6s"
    print(fmt % ("config", "states", "1t s", "1t st/s", "B/st", "%dt s" % cores(), "st/s", "B/st",
                 "cmp s", "B/st", "np2 s", "B/st", "spin s", "spin st/s", "B/st", "1t/spin", "Nt/1t",
                 "np2/1t"))
    status = 0
    for name, options in configs:
        one = sc.best_of(repeat, lambda: sc.run_finwait(binary, options, 1))
        many = sc.best_of(repeat, lambda: sc.run_finwait(binary, options, cores()))
        packed = sc.best_of(repeat, lambda: sc.run_finwait(binary, options + ["--compress"], 1))
        mpi = sc.best_of(repeat, lambda: sc.run_finwait(binary, options, 1, ranks=2)) if with_mpi else None
        spin = sc.best_of(repeat, lambda: sc.run_spin(options, one["states"])) if with_spin else None
        counts = {one["states"], many["states"], packed["states"]} | ({spin["states"]} if spin else set()) | \
            ({mpi["states"]} if mpi else set())
        if len(counts) != 1:
            print("%-20s MISMATCH: %s" % (name, sorted(counts)))
            status = 1
            continue
        r1, rn = sc.rate(one["states"], one["seconds"]), sc.rate(many["states"], many["seconds"])
        spin_cols = ("-", "-", "-", "-")
        if spin:
            rs = sc.rate(spin["states"], spin["seconds"])
            spin_cols = ("%.2f" % spin["seconds"], sc.fmt_rate(rs),
                         per_state(spin) if spin["rss"] else "-", "%.2f" % (r1 / rs))
        print(fmt % ((name, one["states"], "%.2f" % one["seconds"], sc.fmt_rate(r1), per_state(one),
                      "%.2f" % many["seconds"], sc.fmt_rate(rn), per_state(many),
                      "%.2f" % packed["seconds"], per_state(packed)) +
                     (("%.2f" % mpi["seconds"], per_state(mpi)) if mpi else ("-", "-")) + spin_cols[:3] +
                     (spin_cols[3], "%.2f" % (rn / r1),
                      "%.2f" % (sc.rate(mpi["states"], mpi["seconds"]) / r1) if mpi else "-")))
        sys.stdout.flush()
    return status


def growth_table(binary, quick):
    print()
    print("growth: states and time against capacity (finwait, %d threads)" % cores())
    fmt = "%-14s %4s %12s %13s %6s %8s %6s"
    print(fmt % ("family", "cap", "states", "transitions", "depth", "seconds", "B/st"))
    for family, options, capacities in GROWTH:
        for cap in capacities:
            if quick and cap > 6:
                break
            cmd_options = options + ["--capacity", str(cap)]
            run = sc.run_finwait(binary, cmd_options, cores())
            stats = run["stats"]
            print(fmt % (family, cap, stats["states"], stats["transitions"], stats["depth"],
                         "%.2f" % run["seconds"], per_state(run)))
            sys.stdout.flush()


def main(argv):
    parser = argparse.ArgumentParser(description="finwait's search on one thread, every core, "
                                     "--compress and mpirun -np 2, beside SPIN, and growth with capacity")
    parser.add_argument("binary", nargs="?", default=os.path.join(sc.ROOT, "build", "finwait"))
    parser.add_argument("--quick", action="store_true", help="skip bag capacity 10 and the largest growth rows")
    parser.add_argument("--no-spin", dest="with_spin", action="store_false", help="finwait only")
    parser.add_argument("--repeat", type=int, default=1, help="keep the fastest of N runs")
    args = parser.parse_args(argv)
    binary, quick, with_spin, repeat = args.binary, args.quick, args.with_spin, max(1, args.repeat)
    if not os.access(binary, os.X_OK):
        print("error: finwait binary not found at %s" % binary, file=sys.stderr)
        return 2
    configs = [c for c in sc.CONFIGS if c[0] in ROWS and not (quick and c[0] == "bag-cap10-dup-abort")]
    try:
        status = benchmark_table(binary, configs, repeat, with_spin)
        growth_table(binary, quick)
    except sc.ToolError as err:
        print("FAILED: %s" % err)
        return 2
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
