#!/usr/bin/env python3
"""The distributed search (mpirun -np K finwait check) against the single-process search.

For every configuration of the verdict matrix (tests/data/golden_counts.tsv), run by CTest:
  - mpirun -np 2 and -np 4 give the single-process figures (states, transitions, depth,
    deadlocks, full-channel sends) and verdicts, and counterexamples of the same length;
  - -np 2 and -np 4 print the same traces (the distributed search picks its hit canonically);
  - every trace they write replays (`finwait replay`).
Then what users meet at the edges: --compress, a limit, refusals, a rank that fails.

usage: mpi_test.py FINWAIT MPIEXEC DATA_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

FINWAIT, MPIEXEC, DATA = sys.argv[1], sys.argv[2], sys.argv[3]
ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           OMPI_MCA_rmaps_base_oversubscribe="1")
# Under scripts/sanitize.sh: Open MPI leaks its plugins' and hwloc's allocations at
# MPI_Finalize (LeakSanitizer shows libmpi, libopen-pal, libhwloc and unloaded modules, no
# finwait frame), so leak detection is off for MPI runs only; ASan and UBSan stay on.
ENV["ASAN_OPTIONS"] = ":".join(filter(None, [ENV.get("ASAN_OPTIONS", ""), "detect_leaks=0"]))
PROPERTIES = ["no-unexpected", "proper-termination", "graceful", "no-half-open"]
QUERIES = ["A=TIME_WAIT and B=TIME_WAIT", "A=CLOSING", "step = giveup(B)",
           'step = "A->B drop FIN" and B=LAST_ACK', "A=CLOSED and B=CLOSED"]
TIMEOUT = 120  # a hang is a failure, not a stuck CI
failures = []


def run(ranks, args, check_json=True):
    cmd = ([MPIEXEC, "-q", "--oversubscribe", "-np", str(ranks)] if ranks > 1 else []) + [FINWAIT] + args
    p = subprocess.run(cmd, env=ENV, capture_output=True, text=True, timeout=TIMEOUT)
    return p


def fail(what):
    failures.append(what)
    print("FAIL:", what)


def check_args(flags, extra=()):
    args = ["check", "--json"] + flags.split() + list(extra)
    for p in PROPERTIES:
        args += ["--property", p]
    for q in QUERIES:
        args += ["--reach", q]
    return args


def outcome(doc):
    stats = doc["stats"]
    figures = {k: stats[k] for k in ("states", "transitions", "depth", "deadlocks", "full_channel_sends")}
    verdicts = [(o["name"], o["verdict"], o["steps"]) for o in doc["properties"] + doc["queries"]]
    return figures, verdicts


def traces(doc):
    return [[s["label"] for s in o["trace"] or []] for o in doc["properties"] + doc["queries"]]


def matrix():
    rows = []
    with open(os.path.join(DATA, "golden_counts.tsv")) as f:
        for line in f:
            if line.startswith("#") or line.startswith("flags"):
                continue
            flags = line.split("\t")[0]
            rows.append("" if flags == "-" else flags)
    assert len(rows) >= 11, rows
    for flags in rows:
        one = run(1, check_args(flags, ["--threads", "1"]))
        if one.returncode not in (0, 1):
            fail(f"'{flags}': single process exit {one.returncode}: {one.stderr}")
            continue
        base = outcome(json.loads(one.stdout))
        printed = {}
        for ranks in (2, 4):
            with tempfile.TemporaryDirectory() as tmp:
                trace_file = os.path.join(tmp, "t.json")
                p = run(ranks, check_args(flags, ["--trace-out", trace_file]))
                if p.returncode != one.returncode:
                    fail(f"'{flags}' -np {ranks}: exit {p.returncode}, single process {one.returncode}: {p.stderr}")
                    continue
                doc = json.loads(p.stdout)
                if doc["stats"]["ranks"] != ranks:
                    fail(f"'{flags}' -np {ranks}: stats say {doc['stats']['ranks']} ranks")
                got = outcome(doc)
                if got != base:
                    fail(f"'{flags}' -np {ranks}: {got} != single process {base}")
                printed[ranks] = traces(doc)
                if os.path.exists(trace_file):
                    r = subprocess.run([FINWAIT, "replay", trace_file], capture_output=True, text=True,
                                       timeout=TIMEOUT)
                    if r.returncode != 0:
                        fail(f"'{flags}' -np {ranks}: the traces written do not replay: {r.stdout}{r.stderr}")
                elif any(printed[ranks]):
                    fail(f"'{flags}' -np {ranks}: --trace-out wrote nothing")
        if len(printed) == 2 and printed[2] != printed[4]:
            fail(f"'{flags}': -np 2 and -np 4 print different traces")
    print(f"matrix: {len(rows)} configurations on 2 and 4 ranks")


def edges():
    # 158,881 states: many rounds, and more than one 65,536-state block per rank to spill.
    flags = "--channel bag --capacity 4 --dup on --abort on --time-wait any --fin-wait-2-timeout on --variant rfc1337"
    one = json.loads(run(1, check_args(flags, ["--threads", "1"])).stdout)
    p = run(2, check_args(flags, ["--compress"]))
    if outcome(json.loads(p.stdout)) != outcome(one) or json.loads(p.stdout)["stats"]["spilled_bytes"] == 0:
        fail(f"--compress on 2 ranks: {p.stdout[:200]} {p.stderr}")

    p = run(2, ["check", "--json", "--max-states", "20000", "--property", "no-unexpected"] + flags.split())
    doc = json.loads(p.stdout) if p.stdout else {}
    if p.returncode != 3 or doc.get("stats", {}).get("complete") is not False:
        fail(f"--max-states on 2 ranks: exit {p.returncode}, {p.stdout[:300]}")

    def refused(args, words, code=2):
        p = run(2, args)
        lines = p.stderr.strip().splitlines()
        if p.returncode != code or len(lines) != 1 or words not in p.stderr:
            fail(f"{args}: exit {p.returncode}, stderr {p.stderr!r}; wanted exit {code} and one line with '{words}'")

    refused(["check", "--property", "terminates"], "mpirun: temporal properties need the whole state graph")
    refused(["prove", "--property", "graceful"], "under mpirun only `finwait check` runs")
    refused(["check", "--threads", "2"], "under mpirun each rank searches on one thread")
    refused(["check", "--bitstate", "1M"], "run --bitstate without mpirun")
    refused(["check", "--capacity", "12"], "the distributed search serves states of at most 44 bits")
    # Only rank 1 cannot spill (mpirun's MPMD form; `env` so that mpirun's own session
    # directory is not moved): every rank stops, and rank 0 says why, once.
    cmd = [MPIEXEC, "-q", "--oversubscribe", "-np", "1", FINWAIT, "check", "--compress"] + flags.split() + \
          [":", "-np", "1", "env", "TMPDIR=/nonexistent/finwait", FINWAIT, "check", "--compress"] + flags.split()
    p = subprocess.run(cmd, env=ENV, capture_output=True, text=True, timeout=TIMEOUT)
    if p.returncode != 2 or p.stderr.strip() != "finwait: error: --compress: cannot create a temporary file in /nonexistent/finwait":
        fail(f"a failing rank: exit {p.returncode}, stderr {p.stderr!r}")
    print("edges: --compress, --max-states and 6 refusals")


matrix()
edges()
if failures:
    print(f"{len(failures)} failures")
    sys.exit(1)
print("all distributed runs agree with the single-process search")
