#!/usr/bin/env python3
"""spin_compare.py: cross-check finwait's reachable-state counts against an independent SPIN model, and time both.

Usage: bench/spin_compare.sh [path-to-finwait-binary] [--spin-only] [--only NAME ...] [--quick] [--repeat N]

For each configuration it runs `finwait check <options> --json` and the Promela
model bench/promela/finwait.pml under SPIN (full state storage, no reduction),
asserts that both report the same number of reachable states, and prints one
table row (with --repeat N, the fastest of N runs of each tool).  The speed
ratio is printed only when SPIN took at least MIN_RATIO_SECONDS: pan reports
time in hundredths of a second, so small configurations are a count check
only.  Exit status: 0 all counts equal, 1 some count differs (MISMATCH),
2 a tool failed or bad usage.
"""
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PML = os.path.join(HERE, "promela", "finwait.pml")
GNU_TIME = "/usr/bin/time"
MIN_RATIO_SECONDS = 0.1

# (name, finwait options); the first four are the benchmark proper, the rest
# are small configurations that exercise one parameter each as a cross-check.
CONFIGS = [
    ("default", []),
    ("bag-cap8-dup-abort", ["--channel", "bag", "--capacity", "8", "--dup", "on", "--abort", "on"]),
    ("cap5-dup", ["--capacity", "5", "--dup", "on"]),
    ("bag-cap10-dup-abort", ["--channel", "bag", "--capacity", "10", "--dup", "on", "--abort", "on"]),
    ("tiny", ["--capacity", "1", "--loss", "off", "--retries", "0"]),
    ("closers-A", ["--closers", "A"]),
    ("retries-inf", ["--retries", "inf"]),
    ("time-wait-none", ["--time-wait", "none"]),
    ("time-wait-any-dup", ["--time-wait", "any", "--dup", "on"]),
    ("rfc1337-abort", ["--variant", "rfc1337", "--abort", "on"]),
    ("fw2-timeout", ["--fin-wait-2-timeout", "on"]),
    ("fw2-timeout-loss-off", ["--fin-wait-2-timeout", "on", "--loss", "off"]),
    ("loss-off", ["--loss", "off"]),
    ("bag-cap3", ["--channel", "bag", "--capacity", "3"]),
    ("abort", ["--abort", "on"]),
    ("cap3-dup-noloss-r3", ["--capacity", "3", "--dup", "on", "--loss", "off", "--retries", "3"]),
    ("bag-cap4-all", ["--channel", "bag", "--capacity", "4", "--dup", "on", "--abort", "on",
                      "--time-wait", "any", "--fin-wait-2-timeout", "on", "--variant", "rfc1337"]),
    ("delayed-ack", ["--delayed-ack", "on"]),
    ("delayed-ack-loss-off", ["--delayed-ack", "on", "--loss", "off"]),
    ("linux", ["--abort", "on", "--retries", "inf", "--fin-wait-2-timeout", "on",
               "--delayed-ack", "on"]),
    ("delayed-ack-bag-cap3-dup", ["--delayed-ack", "on", "--channel", "bag", "--capacity", "3",
                                  "--dup", "on"]),
]
BIG = {"bag-cap8-dup-abort", "cap5-dup", "bag-cap10-dup-abort"}

# Reachable-state counts of the Promela model, also reproduced by a separate
# breadth-first search over MODEL.md's tuples (see README.md).  They size pan's
# hash table and, with --spin-only, catch an accidental change to the model.
KNOWN_STATES = {
    "default": 2962, "bag-cap8-dup-abort": 3625863, "cap5-dup": 8063988,
    "bag-cap10-dup-abort": 13356525, "tiny": 83,
    "closers-A": 588, "retries-inf": 673, "time-wait-none": 3182, "time-wait-any-dup": 6174,
    "rfc1337-abort": 4978, "fw2-timeout": 2962, "fw2-timeout-loss-off": 1982, "loss-off": 1936,
    "bag-cap3": 7590, "abort": 4980, "cap3-dup-noloss-r3": 57788, "bag-cap4-all": 158881,
    "delayed-ack": 2962, "delayed-ack-loss-off": 2024, "linux": 2131,
    "delayed-ack-bag-cap3-dup": 20017,
}

# finwait option -> (macro, {value: macro value}); None = the number itself
OPTION_MACROS = {
    "--closers": ("CLOSERS_BOTH", {"A": 0, "both": 1}),
    "--abort": ("ABORT", {"off": 0, "on": 1}),
    "--channel": ("BAG", {"fifo": 0, "bag": 1}),
    "--capacity": ("CAP", None),
    "--loss": ("LOSS", {"off": 0, "on": 1}),
    "--dup": ("DUP", {"off": 0, "on": 1}),
    "--retries": ("RETRIES", {"inf": -1}),
    "--time-wait": ("TW", {"drain": 0, "any": 1, "none": 2}),
    "--variant": ("RFC1337", {"rfc793": 0, "rfc1337": 1}),
    "--fin-wait-2-timeout": ("FW2TO", {"off": 0, "on": 1}),
    "--delayed-ack": ("DELAYACK", {"off": 0, "on": 1}),
}


class ToolError(Exception):
    pass


def macros_for(options):
    """Translate finwait options into -D flags for spin."""
    flags = []
    for opt, value in zip(options[0::2], options[1::2]):
        macro, table = OPTION_MACROS[opt]
        if table is not None and value in table:
            number = table[value]
        else:
            number = int(value)
        flags.append("-D%s=%d" % (macro, number))
    return flags


def run_finwait(binary, options, threads=1, ranks=1):
    """One `finwait check` run; one thread by default, as pan runs on one core. With ranks > 1,
    under `mpirun -np RANKS` (one thread per rank; peak_rss_bytes is then every rank's, added)."""
    cmd = [binary, "check"] + options + ["--threads", str(threads), "--json"]
    env = None
    if ranks > 1:
        cmd = ["mpirun", "-q", "--oversubscribe", "-np", str(ranks)] + cmd
        env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if proc.returncode not in (0, 1):
        raise ToolError("%s exited %d: %s" % (" ".join(cmd), proc.returncode, proc.stderr.strip()[-500:]))
    try:
        stats = json.loads(proc.stdout)["stats"]
        return {"states": int(stats["states"]), "seconds": float(stats["exploration_seconds"]),
                "rss": int(stats["peak_rss_bytes"]), "stats": stats}
    except (ValueError, KeyError, TypeError) as err:
        raise ToolError("cannot read finwait's JSON (%s): %r" % (err, proc.stdout[:300]))


def run_pan(workdir, states_hint, depth):
    """Run ./pan once; return (stdout, peak RSS bytes or None)."""
    # hash table: at least twice the expected number of states
    w = max(16, math.ceil(math.log2(max(2, 2 * states_hint))))
    cmd = ["./pan", "-w%d" % w, "-m%d" % depth]
    rss = None
    if os.access(GNU_TIME, os.X_OK):
        cmd = [GNU_TIME, "-v"] + cmd
    proc = subprocess.run(cmd, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    if m:
        rss = int(m.group(1)) * 1024
    return proc.stdout, rss


def run_spin(options, states_hint):
    workdir = tempfile.mkdtemp(prefix="finwait-spin-")
    try:
        shutil.copy(PML, workdir)
        # -o2: never hide write-only variables (the model has none, but be safe)
        for cmd in (["spin", "-o2"] + macros_for(options) + ["-a", "finwait.pml"],
                    ["gcc", "-O2", "-DNOREDUCE", "-DSAFETY", "-DMEMLIM=16000", "-w", "-o", "pan", "pan.c"]):
            proc = subprocess.run(cmd, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if proc.returncode != 0:
                raise ToolError("%s failed: %s" % (" ".join(cmd), proc.stdout[-500:]))
        # depth-first (faster than pan's BFS here); the depth bound can never
        # exceed the number of states, so retry with that if the first is short
        depth = min(max(10000, states_hint + 10), 1000000)
        out, rss = run_pan(workdir, states_hint, depth)
        if "max search depth too small" in out:
            out, rss = run_pan(workdir, states_hint, max(states_hint, depth) * 4 + 10)
        if "max search depth too small" in out:
            raise ToolError("pan: search depth too small even at -m%d" % (max(states_hint, depth) * 4 + 10))
        m_err = re.search(r"errors: (\d+)", out)
        m_states = re.search(r"^\s*(\d+) states, stored", out, re.M)
        m_time = re.search(r"pan: elapsed time ([0-9.e+]+) seconds", out)
        m_mem = re.search(r"([0-9.]+)\s+total actual memory usage", out)
        if not (m_err and m_states and m_time) or m_err.group(1) != "0":
            raise ToolError("unexpected pan output:\n" + out[-1500:])
        if rss is None and m_mem:
            rss = int(float(m_mem.group(1)) * 1024 * 1024)
        return {"states": int(m_states.group(1)), "seconds": float(m_time.group(1)), "rss": rss}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def best_of(n, run):
    """The fastest of n runs (all must report the same count)."""
    runs = [run() for _ in range(n)]
    if len({r["states"] for r in runs}) != 1:
        raise ToolError("state count differs between repeated runs: %s" % [r["states"] for r in runs])
    return min(runs, key=lambda r: r["seconds"])


def rate(states, seconds):
    return states / seconds if seconds > 0 else float("inf")


def fmt_rate(r):
    return "-" if math.isinf(r) else "%.3g" % r


def main(argv):
    binary = os.path.join(ROOT, "build", "finwait")
    spin_only, quick, only, repeat = False, False, [], 1
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--spin-only":
            spin_only = True
        elif a == "--quick":
            quick = True
        elif a == "--repeat" and args:
            repeat = max(1, int(args.pop(0)))
        elif a == "--only" and args:
            only.append(args.pop(0))
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        elif not a.startswith("-"):
            binary = a
        else:
            print("unknown argument: %s" % a, file=sys.stderr)
            return 2
    for tool in ("spin", "gcc"):
        if shutil.which(tool) is None:
            print("error: %s not found" % tool, file=sys.stderr)
            return 2
    if not spin_only and not os.access(binary, os.X_OK):
        print("error: finwait binary not found at %s (build it, or pass --spin-only)" % binary, file=sys.stderr)
        return 2

    configs = [c for c in CONFIGS if (not only or c[0] in only) and not (quick and c[0] in BIG)]
    header = ("config", "states", "fw s", "fw st/s", "fw B/st", "spin s", "spin st/s", "spin B/st", "speed x")
    row_fmt = "%-22s %10s %8s %9s %8s %8s %9s %9s %8s"
    print(row_fmt % header)
    mismatches, failures = 0, 0
    for name, options in configs:
        try:
            fw = None if spin_only else best_of(repeat, lambda: run_finwait(binary, options))
            hint = fw["states"] if fw else KNOWN_STATES.get(name, 1000000)
            sp = best_of(repeat, lambda: run_spin(options, hint))
        except ToolError as err:
            print("%-22s FAILED: %s" % (name, err))
            failures += 1
            continue
        if fw is None:
            if name in KNOWN_STATES and KNOWN_STATES[name] != sp["states"]:
                mismatches += 1
                print("%-22s MISMATCH: spin %d states, recorded %d" % (name, sp["states"], KNOWN_STATES[name]))
                continue
            print(row_fmt % (name, sp["states"], "", "", "", "%.2f" % sp["seconds"],
                             fmt_rate(rate(sp["states"], sp["seconds"])),
                             "%.0f" % (sp["rss"] / sp["states"]) if sp["rss"] else "-", ""))
            continue
        if fw["states"] != sp["states"]:
            mismatches += 1
            print("%-22s MISMATCH: finwait %d states, spin %d states  (finwait %s)"
                  % (name, fw["states"], sp["states"], " ".join(options) or "(defaults)"))
            continue
        fw_rate, sp_rate = rate(fw["states"], fw["seconds"]), rate(sp["states"], sp["seconds"])
        timed = sp["seconds"] >= MIN_RATIO_SECONDS and fw["seconds"] > 0
        ratio = "%.2f" % (fw_rate / sp_rate) if timed else "-"
        print(row_fmt % (name, fw["states"], "%.3f" % fw["seconds"], fmt_rate(fw_rate),
                         "%.0f" % (fw["rss"] / fw["states"]), "%.2f" % sp["seconds"], fmt_rate(sp_rate),
                         "%.0f" % (sp["rss"] / sp["states"]) if sp["rss"] else "-", ratio))
        sys.stdout.flush()
    if mismatches:
        print("MISMATCH in %d configuration(s)" % mismatches)
        return 1
    if failures:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
