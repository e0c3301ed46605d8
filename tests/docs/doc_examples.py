#!/usr/bin/env python3
"""Runs every `$ finwait ...` example shown in a Markdown file and compares its output with
what the page shows, so that the docs cannot drift from the program.

A fenced block holds examples as a terminal shows them: `$ COMMAND` lines, each followed by
its output (stdout and stderr together). Before comparing, both sides are normalised:
timings, rates, memory figures and the library path vary from run to run. An output line
`...` matches any number of lines; `...` inside a line matches any text there. A block right after `<!-- doc-test: skip REASON -->` is
not run (say why: it needs root, a network, or minutes). Commands run in a scratch
directory holding tests/docs/files/, links to the repository's folders and to the captures
of tests/conform/fixtures (the conformance guide runs there), in order, so one example may
use a file an earlier one wrote. Usage: doc_examples.py FINWAIT_BINARY SOURCE_DIR PAGE.md
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

TIMEOUT = 300  # seconds per command: a hung example is a failure, not a stuck CI

NORMALISE = [
    (re.compile(r"\d[\d,]*(\.\d+)? states/s"), "N states/s"),
    (re.compile(r"\d+(\.\d+)? ?(B|KiB|MiB|GiB|KB|MB|GB)\b"), "N MiB"),
    # Right-aligned seconds ("   0.24 s", "  12.50 s") keep their column whatever the digits.
    (re.compile(r" *\d+\.\d+ ?s\b"), " N s"),
    (re.compile(r"\b\d+ ms\b"), "N s"),
    (re.compile(r"Z3 \d+\.\d+\.\d+"), "Z3 X"),
]


def normalise(text, library):
    out = []
    for line in text.splitlines():
        line = line.replace(library, "<library>").rstrip()
        for pattern, replacement in NORMALISE:
            line = pattern.sub(replacement, line)
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def line_matches(expected, actual):
    """Equal, or with `...` inside an expected line standing for any text there."""
    if "..." not in expected:
        return expected == actual
    pattern = ".*".join(re.escape(part) for part in expected.split("..."))
    return re.fullmatch(pattern, actual) is not None


def matches(expected, actual):
    """Line lists equal, with a line `...` in expected standing for zero or more lines."""
    if not expected:
        return not actual
    if expected[0].strip() == "...":
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and line_matches(expected[0], actual[0]) and matches(expected[1:], actual[1:])


def examples(path):
    """(line number, command, expected output lines) for every `$ ` line in fenced blocks."""
    lines = open(path, encoding="utf-8").read().splitlines()
    in_block, skip, current, found = False, False, None, []
    for number, line in enumerate(lines, 1):
        if line.startswith("```"):
            if in_block and current and not skip:
                found.append(current)
            in_block = not in_block
            current = None
            if in_block:
                previous = [l for l in lines[: number - 1] if l.strip()][-1:]
                skip = bool(previous) and previous[0].startswith("<!-- doc-test: skip")
            continue
        if not in_block or skip:
            continue
        if line.startswith("$ "):
            if current:
                found.append(current)
            current = (number, line[2:], [])  # output: lines number .. number+len-1 (0-based)
        elif current:
            current[2].append(line)
    return found


def update(page, fixes):
    """--update: rewrites each differing example's output that has no `...` with what the
    program printed (review the diff: it is the new documentation)."""
    lines = open(page, encoding="utf-8").read().splitlines()
    for number, expected, actual in sorted(fixes, reverse=True):
        lines[number:number + len(expected)] = actual.rstrip("\n").splitlines()
    open(page, "w", encoding="utf-8").write("\n".join(lines) + "\n")


def main():
    args = [a for a in sys.argv[1:] if a != "--update"]
    binary, source, page = args[:3]
    fixes = []
    library = os.path.join(os.path.abspath(source), "properties", "library")
    scratch = tempfile.mkdtemp(prefix="finwait-doc-")
    files = os.path.join(source, "tests", "docs", "files")
    if os.path.isdir(files):
        shutil.copytree(files, scratch, dirs_exist_ok=True)
    # Examples name repository paths (tests/conform/fixtures/...): the scratch directory links
    # them, and files written by examples stay in the scratch directory.
    for top in ("tests", "properties", "docs", "bench", "model", "scripts"):
        if not os.path.exists(os.path.join(scratch, top)):
            os.symlink(os.path.join(os.path.abspath(source), top), os.path.join(scratch, top))
    # The conformance guide runs in tests/conform/fixtures, as a reader would after `cd`.
    fixtures = os.path.join(os.path.abspath(source), "tests", "conform", "fixtures")
    for name in os.listdir(fixtures):
        if name.endswith((".pcap", ".pcapng")) and not os.path.exists(os.path.join(scratch, name)):
            os.symlink(os.path.join(fixtures, name), os.path.join(scratch, name))
    # `build` is the build tree the binary comes from, as in a reader's checkout.
    os.symlink(os.path.dirname(os.path.abspath(binary)), os.path.join(scratch, "build"))
    bindir = os.path.join(scratch, ".bin")
    os.makedirs(bindir)
    os.symlink(os.path.abspath(binary), os.path.join(bindir, "finwait"))
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"], COLUMNS="100",
               FINWAIT_SOURCE=source)
    env.pop("FINWAIT_LIBRARY", None)
    failures = 0
    count = 0
    for number, command, expected in examples(page):
        count += 1
        try:
            run = subprocess.run(["bash", "-c", command], cwd=scratch, env=env, text=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=TIMEOUT)
            actual = run.stdout
        except subprocess.TimeoutExpired:
            actual = "(timed out after %d s)" % TIMEOUT
        want, got = normalise("\n".join(expected), library), normalise(actual, library)
        if not matches(want, got):
            failures += 1
            if not any("..." in l for l in expected):
                fixes.append((number, expected, actual))
            print("%s:%d: $ %s" % (page, number, command))
            print("  the page shows:")
            print("\n".join("    | " + l for l in want))
            print("  the program prints:")
            print("\n".join("    | " + l for l in got))
    shutil.rmtree(scratch, ignore_errors=True)
    if "--update" in sys.argv and fixes:
        update(page, fixes)
        print("%s: rewrote %d examples" % (page, len(fixes)))
    print("%s: %d examples, %d differ" % (os.path.basename(page), count, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
