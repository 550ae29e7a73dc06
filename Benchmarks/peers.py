#!/usr/bin/env python3
"""Runs race beside the peer programs of the bench (numpy, squigglepy, PySD, hand-written Swift
and C) on the same machine in the same run, and prints the ratios.

Usage (from the repository's root):
  python3 Benchmarks/peers.py [--peers DIR] [--samples S] [--runs N] [--python] [--slow] [--million]

  --peers DIR  the peer programs (default ../shared/bench, on the project's machines)
  --samples S  Monte Carlo samples for every program (default 10000)
  --runs N     rounds (default 5): each runs every program once; the table shows medians
  --python     also numpy and squigglepy (a venv in the copy, from PyPI)
  --slow       also PySD (samples as a subscript: about a minute a run) and squigglepy per sample
  --million    also 1,000,000 samples of race and of the Swift reference, one run each, for peak memory

race is measured twice: as the README builds it (for this machine's processor, -target-cpu native,
as the reference is built; the Swift runtime linked statically), and portable (for any x86-64, in
.build-portable).
The peers are copied to a temporary folder and built there (clang, swiftc); the folder given is
never written. Needs clang and /usr/bin/time (Debian: clang, time). Every program runs
the same model (../shared/bench/README.md), race as Benchmarks/bench-model.race; the first row,
the hand-written Swift built with -O -target-cpu native, is the reference of every ratio. The
programs run in interleaved rounds, so a drift in the machine's speed falls on all of them.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, **kw)


# race built twice: as the README builds it (for the machine at hand, the way the Swift reference
# is built), and portable (runs on any x86-64). Both link the Swift runtime in statically (a
# process that starts in ~5 ms instead of ~7: no shared-library lookups).
README_FLAGS = "--static-swift-stdlib -Xswiftc -target-cpu -Xswiftc native"
PORTABLE_FLAGS = "--static-swift-stdlib"


def build_race():
    sh(f"swift build -c release --product race {README_FLAGS}", cwd=ROOT, stdout=subprocess.DEVNULL)
    sh(f"swift build -c release --product race --build-path .build-portable {PORTABLE_FLAGS}", cwd=ROOT,
       stdout=subprocess.DEVNULL)
    return (os.path.join(ROOT, ".build", "release", "race"),
            os.path.join(ROOT, ".build-portable", "release", "race"))


def build_peers(src, python, slow):
    work = tempfile.mkdtemp(prefix="race-peers-")
    shutil.copytree(src, work, dirs_exist_ok=True)
    sh(f"chmod -R u+w {work}")
    sh(f"swiftc -O -target-cpu native {work}/swift/race.swift -o {work}/swift/race_native")
    sh(f"clang -O3 -march=native {work}/c/race.c -o {work}/c/race_clang -lm")
    if python or slow:
        packages = "numpy squigglepy" + (" pysd" if slow else "")
        sh(f"python3 -m venv {work}/venv && {work}/venv/bin/pip install -q {packages}")
        if slow:
            sh(f"cd {work}/pysd && ../venv/bin/python gen_mdl.py 10000 && "
               "../venv/bin/python -c \"import pysd; pysd.read_vensim('race_mc10000.mdl')\"")
    return work


def peak_rss_mib(cmd, cwd):
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "sh", "-c", cmd + " >/dev/null"], cwd=cwd,
                       capture_output=True, text=True, check=True)
    return int(p.stderr.strip().splitlines()[-1]) / 1024


def spawn_seconds(cmd, cwd):
    """Wall time of one run of `cmd` (split on spaces, no shell), its output discarded."""
    argv = cmd.split()
    exe = argv[0] if os.path.isabs(argv[0]) else os.path.join(cwd, argv[0])
    actions = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
    cwd_before = os.getcwd()
    os.chdir(cwd)
    try:
        start = time.perf_counter()
        pid = os.posix_spawn(exe, argv, os.environ, file_actions=actions)
        _, status = os.waitpid(pid, 0)
        elapsed = time.perf_counter() - start
    finally:
        os.chdir(cwd_before)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"peers.py: {cmd} failed")
    return elapsed


def interleaved(commands, cwd, runs):
    """Times every command `runs` times in rounds (each round runs each command once, the
    order turning from round to round), after one warm-up round. A machine whose speed
    drifts (a shared host, a busy neighbour) slows all programs of a round alike, so the
    ratio to the reference is taken round by round and its median reported.
    Returns, per command: (median, min, max, median of the per-round ratios to command 0)."""
    for cmd in commands:
        spawn_seconds(cmd, cwd)
    times = [[] for _ in commands]
    for r in range(runs):
        order = list(range(len(commands)))
        order = order[r % len(order):] + order[:r % len(order)]
        for i in order:
            times[i].append(spawn_seconds(commands[i], cwd))
    results = []
    for t in times:
        ratios = sorted(x / y for x, y in zip(t, times[0]))
        results.append((statistics.median(t), min(t), max(t), statistics.median(ratios)))
    return results


def fmt(s):
    return f"{s * 1e3:.0f} ms" if s < 1 else f"{s:.2f} s"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--peers", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--samples", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--python", action="store_true")
    ap.add_argument("--slow", action="store_true")
    ap.add_argument("--million", action="store_true")
    a = ap.parse_args()
    if not os.path.isdir(a.peers):
        # A clone has no peers: they are the bench's programs, kept beside the repository on
        # the project's machines. Say so and what to run instead, rather than fail in a build.
        print(f"peers.py: no peer programs at {os.path.normpath(a.peers)}.\n"
              "The peers (hand-written Swift and C, numpy, squigglepy) are not part of this repository; on the\n"
              "project's machines they are in ../shared/bench. Give their folder with --peers DIR.\n"
              "To measure race on its own, run: swift run -c release race-bench", file=sys.stderr)
        sys.exit(2)
    for tool in ("/usr/bin/time", "clang", "swiftc"):
        if not shutil.which(tool):
            sys.exit(f"peers.py: {tool} is missing (Debian: apt-get install -y time clang)")
    race, portable = build_race()
    work = build_peers(a.peers, a.python, a.slow)
    S = a.samples
    model = os.path.join(ROOT, "Benchmarks", "bench-model.race")
    cores = os.cpu_count()
    rows = [
        ("Swift -O -target-cpu native, SIMD4 (reference)", f"swift/race_native mc {S} 1"),
        ("C clang -O3 -march=native", f"c/race_clang mc {S} 1"),
        ("race as the README builds it, 1 thread", f"{race} run {model} --samples {S} --seed 1 --threads 1"),
        (f"race as the README builds it, {cores} threads", f"{race} run {model} --samples {S} --seed 1"),
        ("race portable, 1 thread", f"{portable} run {model} --samples {S} --seed 1 --threads 1"),
        (f"race portable, {cores} threads", f"{portable} run {model} --samples {S} --seed 1"),
    ]
    if a.python or a.slow:
        rows += [("numpy, vectorized", f"venv/bin/python numpy/race_numpy.py mc {S} 1"),
                 ("squigglepy, vectorized draws + numpy", f"venv/bin/python squigglepy/race_sq.py vec {S}")]
    if a.slow:
        rows += [("squigglepy, per-sample model function", f"venv/bin/python squigglepy/race_sq.py loop {S} 1"),
                 ("PySD, samples as a subscript", f"venv/bin/python pysd/bench_pysd.py vec {S}")]
    for name, cmd in rows:
        print(f"... {name}: {cmd}", file=sys.stderr, flush=True)
    timed = interleaved([cmd for _, cmd in rows], work, a.runs)
    results = [(name, S, wall, lo, hi, peak_rss_mib(cmd, work), ratio)
               for (name, cmd), (wall, lo, hi, ratio) in zip(rows, timed)]
    if a.million:
        for name, cmd in [("Swift reference", f"swift/race_native mc 1000000 1"),
                          (f"race as the README builds it, {cores} threads",
                           f"{race} run {model} --samples 1000000 --seed 1"),
                          (f"race portable, {cores} threads", f"{portable} run {model} --samples 1000000 --seed 1")]:
            print(f"... {name}, 1,000,000 samples: {cmd}", file=sys.stderr, flush=True)
            p = subprocess.run(["/usr/bin/time", "-f", "%M %e", "sh", "-c", cmd + " >/dev/null"], cwd=work,
                               capture_output=True, text=True, check=True)
            rss, wall = p.stderr.strip().splitlines()[-1].split()
            results.append((name, 1_000_000, float(wall), float(wall), float(wall), int(rss) / 1024, None))
    print(f"| program | samples | wall, median of {a.runs} [min–max] | peak memory | × the Swift reference |")
    print("|---|---:|---:|---:|---:|")
    for name, n, wall, lo, hi, rss, ratio in results:
        span = f"{fmt(wall)} [{fmt(lo)}–{fmt(hi)}]" if n == S else f"{fmt(wall)} (one run)"
        print(f"| {name} | {n:,} | {span} | {rss:.0f} MiB | {f'{ratio:.2f}×' if ratio else '—'} |")
    print(f"\nRatios: the median over the {a.runs} rounds of each round's time over the reference's.")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
