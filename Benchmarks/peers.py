#!/usr/bin/env python3
"""Runs race beside the peer programs of the bench (numpy, squigglepy, PySD, hand-written Swift
and C) on the same machine in the same run, and prints the ratios.

Usage (from the repository's root):
  python3 Benchmarks/peers.py [--peers DIR] [--samples S] [--runs N] [--python] [--slow] [--million]

  --peers DIR  the peer programs (default ../shared/bench, on the project's machines)
  --samples S  Monte Carlo samples for every program (default 10000)
  --runs N     hyperfine runs per program (default 5); the table shows medians
  --python     also numpy and squigglepy (a venv in the copy, from PyPI)
  --slow       also PySD (samples as a subscript: about a minute a run) and squigglepy per sample
  --million    also 1,000,000 samples of race and of the Swift reference, one run each, for peak memory

race is measured twice: as the README builds it (portable, the Swift runtime linked statically),
and built for this machine as the reference is (-target-cpu native, in .build-native).
The peers are copied to a temporary folder and built there (clang, swiftc); the folder given is
never written. Needs hyperfine and /usr/bin/time (Debian: hyperfine, time). Every program runs
the same model (../shared/bench/README.md), race as Benchmarks/bench-model.race; the first row,
the hand-written Swift built with -O -target-cpu native, is the reference of every ratio.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, **kw)


# race built twice: as the README builds it (runs on any x86-64), and for this machine the way
# the Swift reference is built (-target-cpu native). Both link the Swift runtime in statically
# (a process that starts in ~4 ms instead of ~10: no shared-library lookups).
README_FLAGS = "--static-swift-stdlib"
NATIVE_FLAGS = "--static-swift-stdlib -Xswiftc -target-cpu -Xswiftc native"


def build_race():
    sh(f"swift build -c release --product race {README_FLAGS}", cwd=ROOT, stdout=subprocess.DEVNULL)
    sh(f"swift build -c release --product race --build-path .build-native {NATIVE_FLAGS}", cwd=ROOT,
       stdout=subprocess.DEVNULL)
    return (os.path.join(ROOT, ".build", "release", "race"),
            os.path.join(ROOT, ".build-native", "release", "race"))


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


def hyperfine(cmd, cwd, runs):
    out = tempfile.mktemp(suffix=".json")
    sh(f"hyperfine -N --warmup 1 --runs {runs} --export-json {out} {json.dumps(cmd)}", cwd=cwd,
       stdout=subprocess.DEVNULL)
    r = json.load(open(out))["results"][0]
    os.remove(out)
    return r["median"], r["min"], r["max"]


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
        sys.exit(f"peers.py: no peer programs at {a.peers} (they live in ../shared/bench on the project's machines); "
                 "give --peers DIR")
    for tool in ("hyperfine", "/usr/bin/time", "clang", "swiftc"):
        if not shutil.which(tool):
            sys.exit(f"peers.py: {tool} is missing (Debian: apt-get install -y hyperfine time)")
    race, native = build_race()
    work = build_peers(a.peers, a.python, a.slow)
    S = a.samples
    model = os.path.join(ROOT, "Benchmarks", "bench-model.race")
    cores = os.cpu_count()
    rows = [
        ("Swift -O -target-cpu native, SIMD4 (reference)", f"swift/race_native mc {S} 1"),
        ("C clang -O3 -march=native", f"c/race_clang mc {S} 1"),
        ("race, 1 thread", f"{race} run {model} --samples {S} --seed 1 --threads 1"),
        (f"race, {cores} threads", f"{race} run {model} --samples {S} --seed 1"),
        ("race -target-cpu native, 1 thread", f"{native} run {model} --samples {S} --seed 1 --threads 1"),
        (f"race -target-cpu native, {cores} threads", f"{native} run {model} --samples {S} --seed 1"),
    ]
    if a.python or a.slow:
        rows += [("numpy, vectorized", f"venv/bin/python numpy/race_numpy.py mc {S} 1"),
                 ("squigglepy, vectorized draws + numpy", f"venv/bin/python squigglepy/race_sq.py vec {S}")]
    if a.slow:
        rows += [("squigglepy, per-sample model function", f"venv/bin/python squigglepy/race_sq.py loop {S} 1"),
                 ("PySD, samples as a subscript", f"venv/bin/python pysd/bench_pysd.py vec {S}")]
    results = []
    for name, cmd in rows:
        print(f"... {name}: {cmd}", file=sys.stderr, flush=True)
        wall, lo, hi = hyperfine(cmd, work, a.runs)
        results.append((name, S, wall, lo, hi, peak_rss_mib(cmd, work)))
    if a.million:
        for name, cmd in [("Swift reference", f"swift/race_native mc 1000000 1"),
                          (f"race, {cores} threads", f"{race} run {model} --samples 1000000 --seed 1"),
                          (f"race -target-cpu native, {cores} threads",
                           f"{native} run {model} --samples 1000000 --seed 1")]:
            print(f"... {name}, 1,000,000 samples: {cmd}", file=sys.stderr, flush=True)
            p = subprocess.run(["/usr/bin/time", "-f", "%M %e", "sh", "-c", cmd + " >/dev/null"], cwd=work,
                               capture_output=True, text=True, check=True)
            rss, wall = p.stderr.strip().splitlines()[-1].split()
            results.append((name, 1_000_000, float(wall), float(wall), float(wall), int(rss) / 1024))
    reference = results[0][2]
    print(f"| program | samples | wall, median of {a.runs} [min–max] | peak memory | × the Swift reference |")
    print("|---|---:|---:|---:|---:|")
    for name, n, wall, lo, hi, rss in results:
        span = f"{fmt(wall)} [{fmt(lo)}–{fmt(hi)}]" if n == S else f"{fmt(wall)} (one run)"
        ratio = f"{wall / reference:.1f}×" if n == S else "—"
        print(f"| {name} | {n:,} | {span} | {rss:.0f} MiB | {ratio} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
